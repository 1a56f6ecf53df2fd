"""Pages of the documenter interface. Views stay thin: access in accounts.access, queries in
registry models' scoped helpers, rules in the models and forms."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vigil.accounts.access import actor_of, require, visible_or_404
from vigil.accounts.models import ApiToken, Organisation
from vigil.lists.merging import survivor_of
from vigil.registry import forms as f
from vigil.registry import models as m
from vigil.registry.disclosure import note_restricted_in_form
from vigil.registry.history import person_history
from vigil.registry.models.base import visible_q
from vigil.registry.search import matching_officials, matching_persons
from vigil.registry.timeline import PersonRecords
from vigil.web.custody_note import custody_note, figures_today

PAGE_SIZE = 50
PAGE_SIZES = (25, 50, 100)


def person_list(request):
    if not request.user.is_authenticated:  # an anonymous visitor's first page is the public one
        return redirect("public-home", permanent=False)
    actor = actor_of(request)
    persons = m.Person.objects.for_actor(actor)
    query = request.GET.get("q", "").strip()
    if query:
        persons = matching_persons(persons, actor, query)
    persons = filter_persons(persons, actor, request.GET)
    persons = persons.order_by("synthetic", "pk").select_related("region").prefetch_related(
        visible_names(actor), "occupations", visible_custody(actor), current_recognitions(actor)
    )
    size = page_size(request)
    page = requested_page(request, Paginator(persons, size))
    page.object_list = [with_custody_now(person) for person in page.object_list]
    return render(request, "vigil/person_list.html", {
        "page": page,
        "custody_note": custody_note(actor, persons.values_list("pk", flat=True))
        if request.GET.get("in_custody") else None,
        "size": size,
        "sizes": PAGE_SIZES,
        "query": query,
        "filters": request.GET,
        "organisations": Organisation.objects.filter(kind__in=["documenting", "media",
                                                               "signatory"]),
        "occupations": m.Occupation.objects.all(),
        "articles": m.Article.objects.all(),
        "statuses": m.RecognitionStatus.choices,
        "may_add": actor.may_create,
    })


def visible_names(actor):
    return Prefetch("names", queryset=m.NameVariant.objects.for_actor(actor))


def visible_custody(actor):
    return Prefetch("custody_periods", queryset=m.CustodyPeriod.objects.for_actor(actor),
                    to_attr="visible_custody")


def current_recognitions(actor):
    """The organisations that recognise the person as a political prisoner now, among the
    recognitions the actor may see."""
    current = m.Recognition.objects.for_actor(actor).filter(
        status=m.RecognitionStatus.RECOGNISED, until__isnull=True
    ).select_related("organisation")
    return Prefetch("recognitions", queryset=current, to_attr="recognised_by")


def with_custody_now(person):
    """Sets, from the prefetched periods, `custody_now` (the open period, as the "in custody
    now" filter reads it), `detained_from` (the first period of its stretch: pre-trial
    detention ending on the verdict day, then the sentence, are one detention) and
    `last_custody` (the latest period begun)."""
    today = figures_today()
    started = [p for p in person.visible_custody if p.started <= today]
    person.custody_now = next(
        (p for p in reversed(started) if p.ended is None or p.ended > today), None)
    person.detained_from = stretch_start(started, person.custody_now)
    person.last_custody = started[-1] if started else None
    return person


def stretch_start(periods, period):
    """The earliest of `periods` (in order) that `period` continues without a day free."""
    if period is None:
        return None
    earlier = periods[:periods.index(period)]
    for before in reversed(earlier):
        if before.ended is None or before.ended < period.started:
            break
        period = before
    return period


def page_size(request) -> int:
    """`?size=` 25, 50 or 100; anything else shows 50 and says so."""
    asked = request.GET.get("size", "")
    if not asked:
        return PAGE_SIZE
    if asked.isdigit() and int(asked) in PAGE_SIZES:
        return int(asked)
    messages.warning(request, _(
        "Page size “%(size)s” is not one of 25, 50 or 100; showing %(default)s."
    ) % {"size": asked, "default": PAGE_SIZE})
    return PAGE_SIZE


def requested_page(request, paginator):
    """`?page=N`; a number that is not a page shows the nearest page and says so."""
    asked = request.GET.get("page", "").strip()
    page = paginator.get_page(asked)
    if asked and asked != str(page.number):
        messages.warning(request, _(
            "There is no page “%(asked)s”: pages go from 1 to %(last)s. Showing page %(shown)s."
        ) % {"asked": asked, "last": paginator.num_pages, "shown": page.number})
    return page


def filter_persons(persons, actor, params):
    """The list filters; every related record consulted is itself scoped to the actor."""
    if params.get("in_custody"):
        today = figures_today()
        held = m.CustodyPeriod.objects.for_actor(actor).filter(
            Q(ended__isnull=True) | Q(ended__gt=today), person=OuterRef("pk"), started__lte=today
        )
        persons = persons.filter(Exists(held))
    if params.get("organisation", "").isdigit():
        persons = persons.filter(organisation_id=int(params["organisation"]))
    if params.get("occupation", "").isdigit():
        persons = persons.filter(occupations=int(params["occupation"]))
    if params.get("article", "").isdigit():
        charged = m.Case.objects.for_actor(actor).filter(
            person=OuterRef("pk"), charges=int(params["article"])
        )
        persons = persons.filter(Exists(charged))
    if params.get("recognition") in m.RecognitionStatus.values:
        current = m.Recognition.objects.for_actor(actor).filter(
            person=OuterRef("pk"), status=params["recognition"], until__isnull=True
        )
        persons = persons.filter(Exists(current))
    return persons.distinct()


def absorbed_redirect(actor, pk, page):
    """A person absorbed by a merge answers with the kept person's same page, for an actor
    who could see the absorbed person and may see the kept one; the same 404 as any hidden
    person otherwise, so that no one learns where a record they never saw went."""
    kept = survivor_of(pk)
    could_see = m.Person.objects.filter(visible_q(actor, deleted_too=True), pk=pk).exists()
    if kept is None or not could_see:
        raise Http404
    visible_or_404(m.Person, actor, kept)
    return redirect(page, pk=kept)


@login_required
def person_detail(request, pk):
    actor = actor_of(request)
    try:
        person = visible_or_404(m.Person, actor, pk)
    except Http404:
        return absorbed_redirect(actor, pk, "person-detail")
    records = PersonRecords.load(person, actor)
    return render(request, "vigil/person_detail.html", {
        "person": person,
        "actor": actor,
        "records": records,
        "timeline": records.timeline(),
        "person_citations": records.cited(person),
        "sources": records.sources(),
        "unsourced": records.unsourced(person),
        "may_edit": actor.may_edit(person.organisation_id),
        "may_add": actor.may_create,
    })


@login_required
def person_history_page(request, pk):
    actor = actor_of(request)
    try:
        person = visible_or_404(m.Person, actor, pk)
    except Http404:
        return absorbed_redirect(actor, pk, "person-history")
    return render(request, "vigil/person_history.html", {
        "person": person, "changes": person_history(person, actor),
    })


@login_required
def person_create(request):
    actor = actor_of(request)
    require(actor, "may_create")
    form = f.PersonForm(request.POST or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        person = form.save_record(request.user, actor.organisation_id)
        messages.success(request, _("Person created."))
        return redirect("person-detail", pk=person.pk)
    return render(request, "vigil/record_form.html", {
        "form": form, "title": _("New person"), "fields_in_error": fields_in_error(form),
    }, status=400 if form.errors else 200)


@login_required
def person_edit(request, pk):
    actor = actor_of(request)
    person = visible_or_404(m.Person, actor, pk)
    require(actor, "may_edit", person.organisation_id)
    form = f.PersonForm(request.POST or None, instance=person, actor=actor)
    return save_or_show(request, form, person, _("Edit person"), person)


@login_required
def record_create(request, pk, kind):
    actor = actor_of(request)
    person = visible_or_404(m.Person, actor, pk)
    require(actor, "may_create")
    form_class = form_for_kind(kind)
    form = form_class(request.POST or None, actor=actor, person=person)
    title = _("Add a %(kind)s to %(person)s") % {
        "kind": form_class.Meta.model._meta.verbose_name, "person": person.display_name}
    if kind == "case":
        return case_with_custody(request, form, person, title)
    return save_or_show(request, form, person, title, None)


def case_with_custody(request, form, person, title):
    """A new case and, when its fields are filled, the custody period it led to: one page,
    one transaction, nothing saved unless both are valid."""
    actor = actor_of(request)
    custody = f.CaseCustodyForm(request.POST or None, actor=actor, person=person)
    if custody.is_empty():
        custody = f.CaseCustodyForm(actor=actor, person=person)  # nothing typed: no period
    if request.method == "POST" and form.is_valid() and (not custody.is_bound
                                                         or custody.is_valid()):
        with transaction.atomic():
            case = form.save_record(request.user, actor.organisation_id)
            if custody.is_bound:
                custody.save_for(case, request.user)
        messages.success(request, _("Saved."))
        return redirect("person-detail", pk=person.pk)
    invalid = request.method == "POST" and (form.errors or custody.errors)
    return render(request, "vigil/record_form.html", {
        "form": form, "title": title, "person": person, "custody_form": custody,
        "fields_in_error": fields_in_error(form, custody),
    }, status=400 if invalid else 200)


def fields_in_error(*forms) -> bool:
    """Whether a field is wrong: the page then says nothing was saved and to fix the fields.
    A form-wide error (a save refused because someone else saved first) says so itself."""
    return any(name != NON_FIELD_ERRORS for form in forms for name in form.errors)


@login_required
def record_edit(request, pk, kind, record_pk):
    actor = actor_of(request)
    person = visible_or_404(m.Person, actor, pk)
    form_class = form_for_kind(kind)
    record = visible_or_404(form_class.Meta.model, actor, record_pk, **person_filter(kind, pk))
    require(actor, "may_edit", record.organisation_id)
    form = form_class(request.POST or None, instance=record, actor=actor, person=person)
    return save_or_show(request, form, person, _("Edit"), record)


def save_or_show(request, form, person, title, record, *, multipart=False):
    """Save a valid form and go to the record's page, or show the form again with what was
    typed and why nothing was saved."""
    if request.method == "POST" and form.is_valid():
        actor = actor_of(request)
        owner = record.organisation_id if record else actor.organisation_id
        try:
            saved = form.save_record(request.user, owner)
        except m.VersionConflict:
            form.add_error(None, _(
                "Someone else saved this record after you opened it. Nothing was saved: "
                "your changes are still below. Open the record again in a new tab to see "
                "theirs, then apply yours."
            ))
        else:
            messages.success(request, _("Saved."))
            if person is None:
                return redirect("source-detail", pk=saved.pk)
            return redirect("person-detail", pk=person.pk)
    if record is not None:
        note_restricted_in_form(actor_of(request), form, record)
    return render(request, "vigil/record_form.html", {
        "form": form, "title": title, "person": person, "multipart": multipart,
        "fields_in_error": fields_in_error(form),
    }, status=400 if form.errors else 200)


def form_for_kind(kind):
    try:
        return f.PERSON_RECORD_FORMS[kind]
    except KeyError:
        raise Http404 from None


def person_filter(kind, person_pk):
    return {"custody__person": person_pk} if kind == "placement" else {"person": person_pk}


@login_required
def record_delete(request, pk, kind, record_pk):
    actor = actor_of(request)
    person = visible_or_404(m.Person, actor, pk)
    model = form_for_kind(kind).Meta.model
    record = visible_or_404(model, actor, record_pk, **person_filter(kind, pk))
    require(actor, "may_edit", record.organisation_id)
    if request.method == "POST":
        record.soft_delete(request.user)
        messages.success(request, _("Deleted. An administrator of your organisation can "
                                    "restore it."))
        return redirect("person-detail", pk=person.pk)
    return render(request, "vigil/confirm_delete.html", {"record": record, "person": person})


@login_required
def person_delete(request, pk):
    actor = actor_of(request)
    person = visible_or_404(m.Person, actor, pk)
    require(actor, "may_edit", person.organisation_id)
    if request.method == "POST":
        person.soft_delete(request.user)
        messages.success(request, _("Deleted. An administrator of your organisation can "
                                    "restore it."))
        return redirect("person-list")
    return render(request, "vigil/confirm_delete.html", {"record": person, "person": person})


RESTORABLE = {model._meta.model_name: model for model in m.RECORD_MODELS}


@login_required
def deleted_records(request):
    actor = actor_of(request)
    require(actor, "may_restore")
    groups = [
        (model._meta.verbose_name_plural, model._meta.model_name,
         model.objects.deleted_for_admin(actor).order_by("-deleted_at")[:200])
        for model in m.RECORD_MODELS
    ]
    return render(request, "vigil/deleted_records.html", {"groups": groups})


@login_required
@require_POST
def record_restore(request, model_name, record_pk):
    actor = actor_of(request)
    require(actor, "may_restore")
    model = RESTORABLE.get(model_name)
    record = model and model.objects.deleted_for_admin(actor).filter(pk=record_pk).first()
    if record is None:
        raise Http404
    record.restore()
    messages.success(request, _("Restored."))
    return redirect("deleted-records")


@login_required
def source_list(request):
    actor = actor_of(request)
    sources = m.Source.objects.for_actor(actor)
    query = request.GET.get("q", "").strip()
    if query:
        sources = sources.filter(Q(title__icontains=query) | Q(publisher__icontains=query))
    page = requested_page(request, Paginator(sources, PAGE_SIZE))
    return render(request, "vigil/source_list.html", {"page": page, "query": query})


@login_required
def source_detail(request, pk):
    actor = actor_of(request)
    source = visible_or_404(m.Source, actor, pk)
    citations = list(
        m.Citation.objects.for_actor(actor).filter(source=source).select_related("content_type")
    )
    return render(request, "vigil/source_detail.html", {
        "source": source, "actor": actor, "citations": with_visible_records(citations, actor),
        "may_edit": actor.may_edit(source.organisation_id),
    })


def with_visible_records(citations, actor) -> list:
    """The citations whose cited record the actor may see: one query per kind of record."""
    wanted = defaultdict(set)
    for citation in citations:
        wanted[citation.content_type].add(citation.object_id)
    visible = {
        (content_type.pk, pk)
        for content_type, ids in wanted.items()
        for pk in content_type.model_class().objects.for_actor(actor)
        .filter(pk__in=ids).values_list("pk", flat=True)
    }
    return [c for c in citations if (c.content_type_id, c.object_id) in visible]


@login_required
def source_create(request):
    actor = actor_of(request)
    require(actor, "may_create")
    form = f.SourceForm(request.POST or None, request.FILES or None, actor=actor)
    return save_or_show(request, form, None, _("New source"), None, multipart=True)


@login_required
def source_edit(request, pk):
    actor = actor_of(request)
    source = visible_or_404(m.Source, actor, pk)
    require(actor, "may_edit", source.organisation_id)
    form = f.SourceForm(request.POST or None, request.FILES or None, instance=source,
                        actor=actor)
    return save_or_show(request, form, None, _("Edit source"), source, multipart=True)


UNSOURCED_KINDS = [m.Person, m.CustodyPeriod, m.Case, m.Recognition, m.ConditionReport,
                   m.Placement, m.Affiliation]
UNSOURCED_SHOWN = 100


@login_required
def unsourced_records(request):
    """The organisation's records that cite no source, kind by kind, for documenters to fix."""
    actor = actor_of(request)
    require(actor, "is_member")
    groups = []
    for model in UNSOURCED_KINDS:
        cited = m.Citation.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=OuterRef("pk"),
            deleted_at__isnull=True)
        records = model.objects.for_actor(actor).filter(
            organisation_id=actor.organisation_id).exclude(Exists(cited)).order_by("pk")
        shown = [(record, person_of(record)) for record in records[:UNSOURCED_SHOWN]]
        groups.append((model._meta.verbose_name_plural, records.count(), shown))
    return render(request, "vigil/unsourced_records.html", {"groups": groups})


def person_of(record) -> int:
    if isinstance(record, m.Person):
        return record.pk
    if isinstance(record, m.Placement):
        return record.custody.person_id
    return record.person_id


OFFICIALS_SHOWN = 20


@login_required
def official_search(request):
    """Court officials by name: a page without JavaScript, JSON for the case form's picker."""
    actor = actor_of(request)
    officials = m.CourtOfficial.objects.for_actor(actor).select_related("court")
    role = request.GET.get("role", "")
    if role in m.OfficialRole.values:
        officials = officials.filter(role=role)
    query = request.GET.get("q", "").strip()
    found = list(matching_officials(officials, query)[:OFFICIALS_SHOWN]) if query else []
    if request.GET.get("format") == "json":
        return JsonResponse({"results": [
            {"id": o.pk, "label": o.label, "role": o.role} for o in found]})
    return render(request, "vigil/official_search.html", {
        "found": found, "query": query, "role": role, "roles": m.OfficialRole.choices,
    })


@login_required
def api_tokens(request):
    new_token = None
    if request.method == "POST":
        label = request.POST.get("label", "").strip()[:100] or _("API token")
        _record, new_token = ApiToken.issue(request.user, label)
    return render(request, "vigil/api_tokens.html", {
        "tokens": request.user.tokens.order_by("-created_at"), "new_token": new_token,
    })


@login_required
@require_POST
def api_token_revoke(request, token_pk):
    request.user.tokens.filter(pk=token_pk).delete()
    return redirect("api-tokens")
