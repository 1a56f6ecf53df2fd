"""The figures pages: choose a definition, see the count and who is behind it, publish it as
a frozen release. Every figure on these pages is counted over the records the viewer may see
(`Scope.for_actor`); a release was counted over its publisher's records, and its persons are
shown only where the viewer may see them, with the number of the others stated."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vigil.accounts.access import actor_of, require
from vigil.audit.log import note_export
from vigil.figures import Kind
from vigil.publishing.forms import FigureForm
from vigil.publishing.labels import labelled_breakdown, reader_citation
from vigil.publishing.models import Release
from vigil.publishing.output import (
    breakdown_svg,
    chart_bars,
    chart_png,
    chart_svg,
    zip_of_tables,
)
from vigil.publishing.population import Scope
from vigil.publishing.service import changes_since, compute, identical_release, publish
from vigil.publishing.suppression import suppressed_breakdown
from vigil.registry import models as m
from vigil.web.views import visible_names

PERSONS_PER_PAGE = 100


def visible_split(actor, ids) -> tuple[list[int], int]:
    """The ids the viewer may see (sorted), and how many of the others there are."""
    wanted = set(ids)
    seen = sorted(wanted & set(m.Person.objects.for_actor(actor).values_list("pk", flat=True)))
    return seen, len(wanted) - len(seen)


def persons_named(actor, ids) -> list:
    """Persons by id, with only the name variants the viewer may see."""
    persons = m.Person.objects.for_actor(actor).filter(pk__in=list(ids)).prefetch_related(
        visible_names(actor))
    order = {pk: i for i, pk in enumerate(ids)}
    return sorted(persons, key=lambda p: order[p.pk])


def person_page(request, actor, ids):
    seen, hidden = visible_split(actor, ids)
    page = Paginator(seen, PERSONS_PER_PAGE).get_page(request.GET.get("page"))
    return {"page": page, "persons": persons_named(actor, list(page.object_list)),
            "hidden": hidden, "seen": len(seen)}


def _figure(request, actor, data):
    result = compute(Scope.for_actor(actor), data["definition"], data.get("by") or None)
    first, last = FigureForm.series_span(data)
    series = result.population.series(data["definition"], first, last, data["frequency"])
    return result, series


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
def figures_page(request):
    actor = actor_of(request)
    form = FigureForm(request.GET if request.GET else None)
    context = {"form": form, "may_publish": actor.may_publish,
               "query": _query_without_page(request)}
    if not form.is_valid():
        return render(request, "publishing/figures.html", context, status=400)
    result, series = _figure(request, actor, form.cleaned_data)
    breakdown = labelled_breakdown(result.breakdown.as_dict() if result.breakdown else None)
    context.update({
        "result": result, "figure": result.figure, "breakdown": breakdown,
        "citation": (citation := reader_citation(result.definition)),
        "series": series, "chart": chart_svg(series, citation),
        "breakdown_chart": breakdown_svg(citation,
                                         chart_bars(breakdown, result.figure.count))
        if breakdown else "",
        "points": list(zip(series.periods, series.counts, series.reported_apart, strict=True)),
        "definition_json": json.dumps(result.figure.definition, indent=2, ensure_ascii=False),
        "organisation_only": organisation_only(result.figure.person_ids),
        **person_page(request, actor, result.figure.person_ids),
    })
    return render(request, "publishing/figures.html", context)


def organisation_only(person_ids) -> int:
    """How many of the persons counted are recorded as organisation only: a release shows its
    number to every organisation, so its publisher is told first."""
    return m.Person.objects.filter(pk__in=list(person_ids),
                                   visibility=m.Visibility.ORGANISATION).count()


def _bad_request(form) -> HttpResponse:
    errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
    return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")


@login_required
def figures_chart(request):
    actor = actor_of(request)
    form = FigureForm(request.GET if request.GET else None)
    if not form.is_valid():
        return _bad_request(form)
    result, series = _figure(request, actor, form.cleaned_data)
    breakdown = labelled_breakdown(result.breakdown.as_dict() if result.breakdown else None)
    bars = chart_bars(breakdown, result.figure.count) if breakdown else []
    response = HttpResponse(chart_png(series, reader_citation(result.definition), bars),
                            content_type="image/png")
    response["Content-Disposition"] = 'attachment; filename="vigil-figure.png"'
    return response


def figure_tables(actor, figure: dict, breakdown: dict | None, ids, series=None,
                  heading="Vigil figure") -> bytes:
    """A figure as a zip of tables: the figure itself, its breakdown, its series and the
    persons the viewer may see (with the number of the others), plus its definition as
    JSON. One table per file, each with a header row, so each opens as a table."""
    seen, hidden = visible_split(actor, ids)
    about = [["item", "value"], ["title", heading], ["citation", figure["citation"]],
             ["count", figure["count"]],
             ["as_of", figure["definition"].get("as_of") or figure["definition"].get("to")],
             ["timezone", figure["definition"]["timezone"]],
             ["persons not shown (records you may not see)", hidden]]
    about += [[f"reported apart: {status}", len(apart)]
              for status, apart in figure.get("reported_apart", {}).items()]
    about += [["note", note] for note in figure.get("notes", [])]
    tables = {"figure": about}
    breakdown = labelled_breakdown(breakdown)
    if breakdown:
        about += [["breakdown", breakdown["field_label"]]]
        if breakdown["overlap_note"]:
            about.append(["note", _("Rows overlap.") + " " + breakdown["overlap_note"]])
        suppressed_note = _("suppressed (fewer than %(k)s persons you may not see)") % {
            "k": breakdown.get("k")}
        tables["breakdown"] = [["label", "value", "persons", "note"]] + [
            [r["label"], r["value"] or "", "" if r.get("suppressed") else r["count"],
             suppressed_note if r.get("suppressed") else ""]
            for r in breakdown["rows"]]
    if series is not None:
        tables["series"] = [["from", "to", "count", "reported_apart"]] + [
            [a.isoformat(), b.isoformat(), c, r] for (a, b), c, r in
            zip(series.periods, series.counts, series.reported_apart, strict=True)]
    persons = [["person_id", "name"]]
    for start in range(0, len(seen), 500):
        persons += [[p.pk, p.display_name] for p in persons_named(actor, seen[start:start + 500])]
    tables["persons"] = persons
    return zip_of_tables(tables, {"definition.json": json.dumps(
        figure["definition"], indent=2, ensure_ascii=False, sort_keys=True) + "\n"})


def zip_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def figures_csv(request):
    actor = actor_of(request)
    form = FigureForm(request.GET if request.GET else None)
    if not form.is_valid():
        return _bad_request(form)
    result, series = _figure(request, actor, form.cleaned_data)
    breakdown = result.breakdown.as_dict() if result.breakdown else None
    content = figure_tables(actor, result.figure.as_dict(), breakdown,
                            result.figure.person_ids, series)
    note_export(actor, "vigil-figure.zip")
    return zip_response(content, "vigil-figure.zip")


@login_required
@require_POST
def figures_publish(request):
    """Publishing takes two steps: the first post shows what would be frozen and asks for
    confirmation; the second (`confirmed`) publishes. A definition the organisation already
    released (same definition, same day, same breakdown) is refused, naming that release."""
    actor = actor_of(request)
    require(actor, "may_publish")
    form = FigureForm(request.POST)
    if not form.is_valid():
        return _bad_request(form)
    result = compute(Scope.for_actor(actor), form.cleaned_data["definition"],
                     form.cleaned_data.get("by") or None)
    organisation = request.user.membership.organisation
    context = {"form": form, "figure": result.figure, "title": request.POST.get("title", ""),
               "citation": reader_citation(result.definition),
               "breakdown": labelled_breakdown(
                   result.breakdown.as_dict() if result.breakdown else None),
               "organisation_only": organisation_only(result.figure.person_ids),
               "existing": identical_release(result, organisation)}
    if context["existing"] is not None:
        return render(request, "publishing/publish_confirm.html", context, status=409)
    if not request.POST.get("confirmed"):
        return render(request, "publishing/publish_confirm.html", context)
    if context["organisation_only"] and not request.POST.get("confirm_organisation_only"):
        context["error"] = _("Tick the box to publish a figure that counts persons recorded "
                             "as organisation only. Nothing was published.")
        return render(request, "publishing/publish_confirm.html", context, status=400)
    release = publish(result, organisation, request.user,
                      title=context["title"].strip()[:300])
    messages.success(request, _("Published as release %(slug)s. It will not change.")
                     % {"slug": release.slug})
    return redirect("release-detail", slug=release.slug)


@login_required
def release_list(request):
    releases = Release.objects.select_related("organisation")
    page = Paginator(releases, 50).get_page(request.GET.get("page"))
    return render(request, "publishing/release_list.html", {"page": page})


def _release_figure(release) -> dict:
    return {"citation": release.full_citation, "count": release.count,
            "definition": release.definition, "reported_apart": release.reported_apart,
            "notes": release.notes}


@login_required
def release_detail(request, slug):
    actor = actor_of(request)
    release = get_object_or_404(Release.objects.select_related("organisation", "created_by"),
                                slug=slug)
    context = {
        "release": release, "definition_json": json.dumps(release.definition, indent=2,
                                                          ensure_ascii=False),
        "kind_is_during": release.definition["kind"] == Kind.DURING,
        **release_chart(actor, release),
        **person_page(request, actor, release.person_ids),
    }
    if actor.organisation_id == release.organisation_id:
        context.update(_changes_context(actor, changes_since(release)))
    return render(request, "publishing/release_detail.html", context)


def release_chart(actor, release) -> dict:
    """The release's breakdown in words and its chart: the breakdown's bars, or one bar for
    the count of a release without a breakdown."""
    breakdown = labelled_breakdown(release_breakdown(actor, release))
    return {"breakdown": breakdown,
            "chart": breakdown_svg(release.full_reader_citation,
                                   chart_bars(breakdown, release.count))}


def release_breakdown(actor, release) -> dict | None:
    """The release's breakdown with the rows that would tell this reader too much about
    persons they may not see suppressed."""
    seen, _hidden = visible_split(actor, release.person_ids)
    return suppressed_breakdown(release.breakdown, set(seen))


def _changes_context(actor, changes) -> dict:
    """What the release's definition counts today over its publisher's records: shown only
    to the publisher's members, since it is a live count over their private records."""
    added, added_hidden = visible_split(actor, changes.added)
    removed, removed_hidden = visible_split(actor, changes.removed)
    return {
        "changes": changes,
        "added": persons_named(actor, added[:200]), "added_hidden": added_hidden,
        "added_more": max(0, len(added) - 200),
        "removed": persons_named(actor, removed[:200]), "removed_hidden": removed_hidden,
        "removed_more": max(0, len(removed) - 200),
    }


@login_required
def release_csv(request, slug):
    actor = actor_of(request)
    release = get_object_or_404(Release, slug=slug)
    content = figure_tables(actor, _release_figure(release), release_breakdown(actor, release),
                            release.person_ids, heading=f"Vigil release {release.slug}")
    filename = f"vigil-release-{release.slug.replace('/', '-')}.zip"
    note_export(actor, filename)
    return zip_response(content, filename)
