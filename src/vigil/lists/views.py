"""Pages of list imports, the review queue and merges. Every object is reached through its
model's `for_actor` (the actor's own organisation); outsiders get 404, members whose role may
not do the thing get 403."""

from __future__ import annotations

import datetime as dt
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from vigil.accounts.access import actor_of, require, visible_or_404
from vigil.accounts.actors import Actor
from vigil.accounts.models import Organisation
from vigil.audit.log import note_export
from vigil.csv_cells import SafeWriter
from vigil.dates import Precision
from vigil.figures import FlowKind
from vigil.linkage import parse_date
from vigil.lists import jobs, name_only
from vigil.lists.comparing import compare_versions
from vigil.lists.duplicates import find_duplicates
from vigil.lists.forms import STATED_KINDS, StatedFlowsForm
from vigil.lists.list_names import check_list_name
from vigil.lists.list_template import TEMPLATE_ROW, XLSX_TYPE, template_xlsx
from vigil.lists.mapping import initial_choices, mapping_of, saved_mapping
from vigil.lists.merging import decide, decide_cluster, decisions_csv_rows, undo_merge
from vigil.lists.models import (
    DEFAULT_COLUMNS,
    ImportJob,
    JobState,
    ListEntry,
    ListVersion,
    NameOnlyConfirmation,
    PairStatus,
    PendingImport,
    PersonMerge,
    ReviewPair,
)
from vigil.lists.planning import visible_names
from vigil.lists.proposing import ProposalError, may_confirm, propose_merge, registry_pairs
from vigil.lists.reading import MAX_BYTES, MAX_CELL, ListError, format_of, preview
from vigil.lists.reconciling import reconcile_versions
from vigil.lists.review_clusters import Cluster, OpenPair, review_clusters
from vigil.lists.snapshots import version_date
from vigil.lists.uploads import keep_pending
from vigil.publishing.population import Scope
from vigil.registry import models as m
from vigil.registry.models.base import visible_q

SHOWN_PER_OUTCOME = jobs.SHOWN_PER_OUTCOME  # rows, or persons, listed per kind
REFRESH_SECONDS = 2  # how often the page of a dry run or import under way reloads itself
RECENT_JOBS = 5
CLUSTERS_SHOWN = 10  # clusters on one page of the review queue
NAME_ONLY_SHOWN = 200  # name-only matches on one page
CONFIRMATIONS_SHOWN = 20


@login_required
def list_index(request):
    actor = actor_of(request)
    require(actor, "is_member")
    versions = ListVersion.objects.for_actor(actor).select_related("imported_by")
    return render(request, "lists/index.html", {
        "versions": versions, "may_import": actor.may_import, "may_review": actor.may_review,
        "open_pairs": ReviewPair.objects.for_actor(actor).filter(status=PairStatus.OPEN).count(),
        "jobs": ImportJob.objects.for_actor(actor)[:RECENT_JOBS],
    })


@login_required
def list_import(request):
    actor = actor_of(request)
    require(actor, "may_import")
    error = None
    list_name = request.POST.get("list_name", "").strip()
    as_of_text = request.POST.get("as_of", "").strip()
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            _check_upload(upload)
            list_name = check_list_name(list_name or upload.name.rsplit(".", 1)[0])
            as_of = _list_date(as_of_text)
        except ListError as exc:
            error = str(exc)
        else:
            # only stored here: the mapping page reads its first rows, the dry run's job all
            PendingImport.objects.filter(
                organisation_id=actor.organisation_id,
                uploaded_at__lt=timezone.now() - timedelta(days=1)).delete()
            organisation = Organisation.objects.get(pk=actor.organisation_id)
            pending = keep_pending(
                organisation_id=actor.organisation_id, uploaded_by=request.user,
                list_name=list_name, file_name=upload.name[:300], chunks=upload.chunks(),
                mapping=saved_mapping(organisation), as_of=as_of)
            return redirect("list-import-mapping", pk=pending.pk)
    return render(request, "lists/import.html", {
        "error": error, "list_name": list_name, "as_of": as_of_text,
        "columns": DEFAULT_COLUMNS, "max_mb": MAX_BYTES // 10**6,
    }, status=400 if error else 200)


def _check_upload(upload) -> None:
    if upload is None:
        raise ListError(_("Choose a file."))
    if upload.size > MAX_BYTES:
        raise ListError(_("%(name)s is %(size).1f MB; the limit is %(max)d MB. Split "
                          "the list into several files.") % {
            "name": upload.name, "size": upload.size / 1e6, "max": MAX_BYTES // 10**6})
    format_of(upload.name)


def _list_date(text: str) -> dt.date | None:
    """The list's own date typed on the upload page (None when left empty)."""
    if not text:
        return None
    try:
        day = parse_date(text)
    except ValueError:
        day = None
    if day is None or day.precision is not Precision.DAY:
        raise ListError(_("The list's date “%(text)s” is not a day: write it as 2023-04-30 "
                          "or 30.04.2023.") % {"text": text})
    if day.first_day > timezone.localdate():
        raise ListError(_("The list's date %(day)s is in the future: give the day the list "
                          "stands for.") % {"day": day.first_day.isoformat()})
    return day.first_day


MAPPING_PREVIEW_ROWS = 5


@login_required
def list_import_mapping(request, pk):
    """One choice of Vigil's column per column of the uploaded file, its first rows shown;
    the dry run starts once the mapping is chosen."""
    actor = actor_of(request)
    pending = visible_or_404(PendingImport.objects, actor, pk)
    require(actor, "may_import")
    try:
        header, rows = preview(pending.content, pending.file_name, MAPPING_PREVIEW_ROWS)
    except ListError as exc:
        return render(request, "lists/import.html", {
            "error": str(exc), "list_name": pending.list_name, "columns": DEFAULT_COLUMNS,
            "max_mb": MAX_BYTES // 10**6}, status=400)
    choices = initial_choices(header, pending.mapping)
    error = None
    if request.method == "POST":
        choices = [request.POST.get(f"column-{i}", "") for i in range(len(header))]
        try:
            pending.mapping = mapping_of(header, choices)
        except ListError as exc:
            error = str(exc)
        else:
            pending.corrections = {}
            pending.save(update_fields=["mapping", "corrections"])
            _forget_dry_runs(pending)  # a new mapping, a new dry run
            return redirect("list-import-confirm", pk=pending.pk)
    return render(request, "lists/mapping.html", {
        "pending": pending, "error": error, "columns": DEFAULT_COLUMNS,
        "file_columns": list(zip(range(len(header)), header, choices, strict=True)),
        "rows": [raw + [""] * (len(header) - len(raw)) for raw in rows],
    }, status=400 if error else 200)


@login_required
def list_import_template(request, fmt):
    """An empty list with Vigil's columns and one example row, as CSV or XLSX."""
    actor = actor_of(request)
    require(actor, "is_member")
    if fmt not in ("csv", "xlsx"):
        raise Http404
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        SafeWriter(response).writerows([list(DEFAULT_COLUMNS), list(TEMPLATE_ROW)])
    else:
        response = HttpResponse(template_xlsx(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="vigil-list.{fmt}"'
    return response


@login_required
def list_import_confirm(request, pk):
    actor = actor_of(request)
    pending = visible_or_404(PendingImport.objects, actor, pk)
    require(actor, "may_import")
    if request.method == "POST":
        return redirect("list-import-job", pk=_import_job_for(pending, request.user).pk)
    # the dry run is a job too (linking a large file takes minutes): this page shows its
    # progress, reloading itself, until its result can be shown
    dry_run = pending.jobs.filter(dry_run=True).first()
    if dry_run is None:
        dry_run = jobs.start(pending, request.user, dry_run=True)
    if dry_run.state == JobState.FAILED and dry_run.summary.get("problems"):
        return _problems_page(request, pending, dry_run)
    if dry_run.state != JobState.DONE:
        return _job_page(request, dry_run)
    summary = dry_run.summary
    groups = []
    for outcome, label in (("created", _("New persons")),
                           ("matched", _("Matched to existing persons")),
                           ("review", _("Sent to review (a new person, and a pair to decide)")),
                           ("updated", _("Updated (rows this list had, with changes)")),
                           ("unchanged", _("Unchanged"))):
        group = summary["groups"][outcome]
        groups.append((outcome, label, group["count"], group["rows"]))
    return render(request, "lists/confirm.html", {
        "pending": pending, "already_imported": summary["already_imported"],
        "groups": groups, "shown": SHOWN_PER_OUTCOME,
    })


def _problems_page(request, pending: PendingImport, dry_run: ImportJob):
    problems = dry_run.summary["problems"]
    return render(request, "lists/problems.html", {
        "pending": pending, "problems": problems, "total": dry_run.summary["total"],
        "more": dry_run.summary["total"] - len(problems),
    }, status=400)


@login_required
@require_POST
def list_import_fix(request, pk):
    """Values typed in place of the bad cells the dry run listed: kept with the uploaded
    file (`fix-<row>-<column>`), and the dry run started again."""
    actor = actor_of(request)
    pending = visible_or_404(PendingImport.objects, actor, pk)
    require(actor, "may_import")
    corrections = dict(pending.corrections)
    for key, value in request.POST.items():
        parts = key.split("-", 2)
        if len(parts) == 3 and parts[0] == "fix" and parts[1].isdigit() \
                and parts[2] in DEFAULT_COLUMNS:
            corrections.setdefault(parts[1], {})[parts[2]] = value[:MAX_CELL]
    pending.corrections = corrections
    pending.save(update_fields=["corrections"])
    _forget_dry_runs(pending)
    return redirect("list-import-confirm", pk=pending.pk)


def _forget_dry_runs(pending: PendingImport) -> None:
    """The finished dry runs of an upload whose mapping or corrections changed: the
    confirm page starts a new one (one under way finishes and is shown first)."""
    pending.jobs.filter(dry_run=True, finished_at__isnull=False).delete()


def _import_job_for(pending: PendingImport, user) -> ImportJob:
    """The pending upload's import still under way (a second click joins it), or a new one."""
    under_way = pending.jobs.filter(dry_run=False,
                                    state__in=(JobState.WAITING, JobState.RUNNING)).first()
    return under_way or jobs.start(pending, user)


@login_required
def list_import_job(request, pk):
    actor = actor_of(request)
    require(actor, "is_member")
    return _job_page(request, visible_or_404(ImportJob.objects, actor, pk))


def _job_page(request, job: ImportJob):
    progress = jobs.live_progress(job)
    response = render(request, "lists/job.html", {
        "job": job, "refresh": REFRESH_SECONDS, "progress": progress or job,
        "pending": job.pending_id is not None,  # kept until its import is done
        "max_attempts": jobs.MAX_ATTEMPTS,
        "no_worker": not job.finished and not jobs.worker_alive(),
        "silent_since": progress.beat_at if progress and progress.beat_at
        < jobs.stale_before() else None,
    })
    if not job.finished:
        response["Refresh"] = str(REFRESH_SECONDS)  # no script: the CSP allows none inline
    return response


@login_required
def list_version(request, pk):
    actor = actor_of(request)
    version = visible_or_404(ListVersion.objects, actor, pk)
    others = ListVersion.objects.for_actor(actor).filter(
        list_name=version.list_name).exclude(pk=version.pk)
    entries = version.entries.all()[:2000]
    return render(request, "lists/version.html", {
        "version": version, "entries": entries, "others": others,
        "columns": [c for c in DEFAULT_COLUMNS if c != "id"],
    })


@login_required
def list_compare(request, pk, other):
    actor = actor_of(request)
    old = visible_or_404(ListVersion.objects, actor, pk)
    new = visible_or_404(ListVersion.objects, actor, other)
    if (version_date(old), old.number) > (version_date(new), new.number):
        old, new = new, old  # by the lists' own dates
    stated = StatedFlowsForm(request.GET or None)
    done = reconcile_versions(old, new, Scope.for_actor(actor), stated.flows())
    return render(request, "lists/compare.html", {
        "old": old, "new": new, "diff": compare_versions(old, new), "stated": stated,
        "reconciliation": done, "flows": _flow_rows(done, actor),
        "unexplained": _shown(done.result.unexplained_removals, actor),
    }, status=400 if stated.errors else 200)


def _flow_rows(done, actor: Actor) -> list[tuple[str, str, int, dict]]:
    """(sign, label, number, persons shown) for each flow the registry records."""
    by_kind = {c.kind: c for c in done.result.checks}
    return [(("+" if kind is FlowKind.ADDED else "−"), label, by_kind[kind].observed,
             _shown(by_kind[kind].person_ids, actor))
            for kind, label in STATED_KINDS.items()]


def _shown(person_ids, actor: Actor) -> dict:
    """The persons among `person_ids` the viewer may see (the first SHOWN_PER_OUTCOME, with
    the names the viewer may see), and how many others there are."""
    visible = m.Person.objects.for_actor(actor).filter(pk__in=person_ids).order_by("pk")
    seen = visible.count()
    shown = list(visible.prefetch_related(visible_names(actor))[:SHOWN_PER_OUTCOME])
    return {"persons": shown, "more": seen - len(shown), "hidden": len(person_ids) - seen}


def _side(person: m.Person, actor: Actor) -> dict:
    return {
        "person": person,
        "names": [n for n in person.names.all()],
        "custody": m.CustodyPeriod.objects.for_actor(actor).filter(person=person),
        "recognitions": m.Recognition.objects.for_actor(actor).filter(person=person),
        "entries": person_entries(person, actor),
    }


def person_entries(person, actor):
    from vigil.lists.models import ListEntry

    return (ListEntry.objects.filter(person=person, version__organisation_id=actor.organisation_id)
            .select_related("version").order_by("-version__imported_at")[:5])


def _open_pairs(actor: Actor):
    """The open review pairs of the actor's organisation between persons the actor sees."""
    visible = m.Person.objects.for_actor(actor)
    return ReviewPair.objects.for_actor(actor).filter(
        status=PairStatus.OPEN, person_a__in=visible, person_b__in=visible)


@login_required
def review_queue(request):
    actor = actor_of(request)
    require(actor, "may_review")
    open_pairs = _open_pairs(actor)
    clusters = review_clusters(OpenPair(*row) for row in open_pairs.values_list(
        "pk", "person_a_id", "person_b_id", "score"))
    shown = clusters[:CLUSTERS_SHOWN]
    wanted = [p.pk for c in shown for p in c.pairs]
    names = Prefetch("names", queryset=m.NameVariant.objects.for_actor(actor))
    pairs = {p.pk: p for p in open_pairs.filter(pk__in=wanted).select_related("entry__version")}
    persons = {p.pk: p for p in m.Person.objects.for_actor(actor).filter(
        pk__in={x for c in shown for x in c.persons}).prefetch_related(names)}
    return render(request, "lists/review.html", {
        "clusters": [_cluster_view(c, pairs, persons, actor) for c in shown],
        "total": sum(c.settles for c in clusters), "cluster_count": len(clusters),
    })


def _cluster_view(cluster: Cluster, pairs: dict, persons: dict, actor: Actor) -> dict:
    """What the queue page shows of a cluster: each person side by side (numbered as the
    reviewer's group choices are), and each pair with its score and explanation."""
    sides = [_side(persons[pk], actor) for pk in cluster.persons]
    number = {pk: n for n, pk in enumerate(cluster.persons, 1)}
    return {
        "sides": sides, "groups": range(1, len(sides) + 1),
        "pairs": [(pairs[p.pk], number[p.a], number[p.b]) for p in cluster.pairs],
        "pair_ids": ",".join(str(p.pk) for p in cluster.pairs),
        "single": pairs[cluster.pairs[0].pk] if cluster.settles == 1 else None,
    }


@login_required
@require_POST
def review_decide(request, pk):
    actor = actor_of(request)
    pair = visible_or_404(ReviewPair.objects, actor, pk)
    require(actor, "may_review")
    status = request.POST.get("decision", "")
    if status not in (PairStatus.SAME, PairStatus.NOT_SAME, PairStatus.SKIPPED):
        messages.error(request, _("Choose: the same, not the same, or skip."))
        return redirect("list-review")
    visible = m.Person.objects.for_actor(actor)
    if not (visible.filter(pk=pair.person_a_id).exists()
            and visible.filter(pk=pair.person_b_id).exists()):
        raise Http404
    if pair.status != PairStatus.OPEN:
        messages.error(request, _("Someone already decided this pair."))
        return redirect("list-review")
    if status == PairStatus.SAME and not may_confirm(pair, request.user):
        messages.error(request, _own_proposal())
        return redirect("list-review")
    merge = decide(pair, status, request.user, actor)
    if merge is not None:
        messages.success(request, _("Merged. The merge can be undone from Merges."))
    elif status == PairStatus.SAME:
        messages.success(request, _("Decision kept; the persons belong to another "
                                    "organisation, so they were not merged."))
    else:
        messages.success(request, _("Decision kept."))
    return redirect("list-review")


CLUSTER_DECISIONS = ("same", "not_same", "groups", "skipped")


def _own_proposal() -> str:
    return _("You proposed this merge yourself: another reviewer or administrator confirms "
             "it. Nothing was changed.")


@login_required
@require_POST
def review_decide_cluster(request):
    """One decision on a whole cluster: all the same person, none of them the same, as the
    reviewer grouped them (`group-<person id>` = 1, 2, …), or skip every pair."""
    actor = actor_of(request)
    pairs = _posted_pairs(request.POST.get("pairs", ""), actor)
    require(actor, "may_review")
    if any(p.status != PairStatus.OPEN for p in pairs):
        messages.error(request, _("Someone already decided part of this cluster; nothing "
                                  "was changed."))
        return redirect("list-review")
    choice = request.POST.get("decision", "")
    if choice not in CLUSTER_DECISIONS:
        messages.error(request, _("Choose: all the same person, none of them the same, as "
                                  "grouped, or skip."))
        return redirect("list-review")
    visible = m.Person.objects.for_actor(actor)
    persons = sorted({x for p in pairs for x in (p.person_a_id, p.person_b_id)})
    if visible.filter(pk__in=persons).count() != len(persons):
        raise Http404
    if choice == "skipped":
        for pair in pairs:
            decide(pair, PairStatus.SKIPPED, request.user, actor)
        messages.success(request, _("Skipped."))
        return redirect("list-review")
    group_of = _groups(request.POST, choice, persons)
    if group_of is None:
        messages.error(request, _("Give every person of the cluster a group number "
                                  "(1 to %(n)d); nothing was changed.") % {"n": len(persons)})
        return redirect("list-review")
    if any(group_of[p.person_a_id] == group_of[p.person_b_id] and not may_confirm(
            p, request.user) for p in pairs):
        messages.error(request, _own_proposal())
        return redirect("list-review")
    merges = decide_cluster(pairs, group_of, request.user, actor)
    messages.success(request, ngettext(
        "Decision kept for %(pairs)d pair; merges made: %(merges)d (each can be undone "
        "from Merges).",
        "Decision kept for %(pairs)d pairs; merges made: %(merges)d (each can be undone "
        "from Merges).", len(pairs)) % {"pairs": len(pairs), "merges": len(merges)})
    return redirect("list-review")


def _posted_pairs(text: str, actor: Actor) -> list[ReviewPair]:
    """The review pairs of comma-separated ids, each the actor's organisation's (else 404)."""
    try:
        ids = sorted({int(x) for x in text.split(",") if x.strip()})
    except ValueError:
        ids = []
    if not ids:
        raise Http404
    return [visible_or_404(ReviewPair.objects.select_related("entry__version"), actor, pk)
            for pk in ids]


def _groups(post, choice: str, persons: list[int]) -> dict[int, int] | None:
    """person id → group: one group for "same", one each for "not_same", else as posted
    (None when a person's group is missing or not a number from 1 to the cluster's size)."""
    if choice == "same":
        return dict.fromkeys(persons, 1)
    if choice == "not_same":
        return {pk: n for n, pk in enumerate(persons, 1)}
    group_of = {}
    for pk in persons:
        value = post.get(f"group-{pk}", "")
        if not value.isdigit() or not 1 <= int(value) <= len(persons):
            return None
        group_of[pk] = int(value)
    return group_of


@login_required
def duplicates(request):
    """Likely duplicates among the persons the user sees, and merges proposed by hand."""
    actor = actor_of(request)
    require(actor, "may_create")
    pairs = list(registry_pairs(actor)[:DUPLICATES_SHOWN])
    names = Prefetch("names", queryset=m.NameVariant.objects.for_actor(actor))
    persons = m.Person.objects.for_actor(actor).filter(
        pk__in={x for p in pairs for x in (p.person_a_id, p.person_b_id)}
    ).select_related("region").prefetch_related(names).in_bulk()
    return render(request, "lists/duplicates.html", {
        "pairs": [(p, [persons[p.person_a_id], persons[p.person_b_id]]) for p in pairs],
        "may_review": actor.may_review, "actor": actor,
    })


DUPLICATES_SHOWN = 200


@login_required
@require_POST
def duplicates_search(request):
    """Link the persons the user sees with each other; new likely pairs join the queue."""
    actor = actor_of(request)
    require(actor, "may_create")
    opened = find_duplicates(actor)
    messages.success(request, ngettext(
        "%(n)d new pair of likely duplicates sent to the review queue.",
        "%(n)d new pairs of likely duplicates sent to the review queue.", opened)
        % {"n": opened})
    return redirect("list-duplicates")


@login_required
@require_POST
def merge_propose(request):
    """Propose merging person `merged` into person `kept` (numbers as on the person pages);
    a reviewer or administrator other than the proposer confirms it in the review queue."""
    actor = actor_of(request)
    require(actor, "may_create")
    try:
        merged = _posted_person(request.POST, "merged", _("Person to merge away"), actor)
        kept = _posted_person(request.POST, "kept", _("Person to keep"), actor)
        propose_merge(merged, kept, request.user, actor, request.POST.get("note", ""))
    except ProposalError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Proposed: person #%(a)d into person #%(b)d. A reviewer or "
                                    "administrator other than you confirms it in the review "
                                    "queue.") % {"a": merged.pk, "b": kept.pk})
    return redirect("list-duplicates")


def _posted_person(post, field: str, label: str, actor: Actor) -> m.Person:
    """The visible person whose number was posted in `field` (404 when not visible)."""
    value = post.get(field, "").strip().lstrip("#")
    if not value.isdigit():
        raise ProposalError(_("%(field)s: give the person's number, as on the person's page "
                              "(#123).") % {"field": label})
    return visible_or_404(m.Person.objects, actor, int(value))


@login_required
def merge_list(request):
    actor = actor_of(request)
    require(actor, "may_review")
    merges = PersonMerge.objects.for_actor(actor).select_related("merged_by", "undone_by")
    rows = []
    for merge in merges[:500]:
        moved = None if merge.undone_at else merge.moved.get("registry.namevariant:person", [])
        rows.append((merge, _person_label(merge.survivor_id, actor),
                     _person_label(merge.merged_id, actor, moved)))
    return render(request, "lists/merges.html", {"rows": rows})


def _person_label(pk: int, actor: Actor, moved: list[int] | None = None) -> str:
    """A person's first spelling the actor may see; for a merged person (soft-deleted, its
    names moved to the survivor) the first of the names the merge moved."""
    names = m.NameVariant.objects.filter(visible_q(actor, ""))
    names = names.filter(pk__in=moved) if moved is not None else names.filter(person_id=pk)
    name = names.order_by("-is_primary", "pk").values_list("text", flat=True).first()
    return f"{name or ''} (#{pk})"


@login_required
@require_POST
def merge_undo(request, pk):
    actor = actor_of(request)
    merge = visible_or_404(PersonMerge.objects, actor, pk)
    require(actor, "may_review")
    if merge.undone_at is None:
        undo_merge(merge, request.user)
        messages.success(request, _("The merge was undone: both persons are back."))
    return redirect("list-merges")


@login_required
def decisions_export(request):
    actor = actor_of(request)
    require(actor, "may_review")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="decisions.csv"'
    note_export(actor, "decisions.csv")
    SafeWriter(response).writerows(decisions_csv_rows(actor))
    return response


@login_required
def name_only_list(request):
    """The rows an import matched on the name alone, to confirm in bulk, and the latest
    confirmations with their Undo."""
    actor = actor_of(request)
    require(actor, "may_review")
    entries = name_only.name_only_entries(actor)
    shown = list(entries[:NAME_ONLY_SHOWN])
    return render(request, "lists/name_only.html", {
        "rows": [(e, _person_label(e.person_id, actor)) for e in shown],
        "total": entries.count(),
        "confirmations": NameOnlyConfirmation.objects.for_actor(actor).select_related(
            "confirmed_by", "undone_by")[:CONFIRMATIONS_SHOWN],
    })


def _posted_selection(post, actor: Actor) -> dict[int, int]:
    """entry id → the person id the page showed it with; 404 for an entry that is not the
    actor's organisation's."""
    try:
        shown = {int(pk): int(post.get(f"person-{pk}", "")) for pk in post.getlist("entry")}
    except ValueError:
        raise Http404 from None
    own = ListEntry.objects.filter(pk__in=list(shown),
                                   version__organisation_id=actor.organisation_id)
    if own.count() != len(shown):
        raise Http404
    return shown


@login_required
@require_POST
def name_only_confirm(request):
    actor = actor_of(request)
    shown = _posted_selection(request.POST, actor)
    require(actor, "may_review")
    if not shown:
        messages.error(request, _("Select the matches to confirm."))
        return redirect("list-name-only")
    try:
        confirmation = name_only.confirm(actor, request.user, shown)
    except name_only.StaleSelection:
        messages.error(request, _("Some of these matches changed since the page was shown "
                                  "(confirmed, merged or undone); nothing was confirmed. "
                                  "Look at the list again."))
        return redirect("list-name-only")
    n = confirmation.decisions.count()
    messages.success(request, ngettext(
        "%(n)d match confirmed as the same person; it can be undone below.",
        "%(n)d matches confirmed as the same person; they can be undone below.", n) % {"n": n})
    return redirect("list-name-only")


@login_required
@require_POST
def name_only_undo(request, pk):
    actor = actor_of(request)
    confirmation = visible_or_404(NameOnlyConfirmation.objects, actor, pk)
    require(actor, "may_review")
    name_only.undo(confirmation, request.user)
    messages.success(request, _("The confirmation was undone: its matches are listed again."))
    return redirect("list-name-only")
