"""Pages of the public site: anonymous, server-rendered, no JavaScript. Every record they show
comes from the public projection (`vigil.publishing.projection`); every fact is a public field
of a public record of a published person."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Max, Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from vigil.accounts.actors import ANONYMOUS
from vigil.accounts.models import Organisation
from vigil.figures import FigureDefinition
from vigil.lists.models import PersonMerge
from vigil.public.context import export_cache, static_data_dir, static_export
from vigil.public.events import public_events
from vigil.public.listing import PageRows, find, kept_per_state
from vigil.public.names import names_for, site_romanisation
from vigil.public.opendata import RESOURCES, latest_dump
from vigil.public.registry import PublicDay, facility_now, today
from vigil.publishing.labels import field_label, reader_citation, value_labels
from vigil.publishing.models import PersonPublication, Release
from vigil.publishing.output import breakdown_svg, chart_png, csv_text
from vigil.publishing.population import organisation_names
from vigil.publishing.projection import named_persons, public_records, published_persons
from vigil.registry import models as m
from vigil.registry.disclosure import may_see_field
from vigil.registry.timeline import PersonRecords

PAGE_SIZES = (25, 50, 100)
EXPORT_BATCH = 500  # persons whose records the static export loads at once
PRIVATE_PERSON_FIELDS = [name for name, sensitivity in m.Person.sensitivity.items()
                         if sensitivity != m.Sensitivity.PUBLIC]
PUBLIC_MAX_AGE = 300  # seconds a browser or proxy may keep a public page


def public_page(view):
    """Cache headers for a public page: Last-Modified is when the public projection last
    changed, so a conditional request (with ConditionalGetMiddleware's ETag) is answered 304
    when nothing changed; pages stay fresh for PUBLIC_MAX_AGE seconds."""
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.has_header("Last-Modified"):
            changed = last_updated()
            if changed is not None:
                response["Last-Modified"] = http_date(changed.timestamp())
            patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        return response
    return wrapped
SORTS = ("name", "detained", "-detained")
LATEST_EVENTS = 10


def requested_day(request) -> dt.date:
    """The day the page is about: today, or `?as_of=YYYY-MM-DD` (a past day)."""
    text = request.GET.get("as_of", "")
    if not text:
        return today()
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise Http404(_("as_of: give a date as YYYY-MM-DD.")) from None
    return min(day, today())


# --- home -------------------------------------------------------------------------------


@dataclass
class Counter:
    organisation: Organisation
    held: object  # a Figure
    recognised: object
    released: int
    died: int
    release: Release | None
    held_citation: str  # in the reader's language

    @property
    def published_held(self) -> int:
        """The organisation's own frozen figure when it released one for this day (it
        counted every record, including those not published here), else the public count."""
        return self.release.count if self.release else self.held.count


def counted_organisations() -> list[Organisation]:
    """The organisations whose figures the home page shows: the operator's choice
    (VIGIL_PUBLIC_ORGANISATIONS), else every organisation with a published person."""
    slugs = settings.VIGIL_PUBLIC_ORGANISATIONS
    if slugs:
        found = {o.slug: o for o in Organisation.objects.filter(slug__in=slugs)}
        return [found[s] for s in slugs if s in found]
    owners = published_persons().values("organisation_id")
    return list(Organisation.objects.filter(pk__in=owners).order_by("name_en"))


def release_behind(definition: FigureDefinition, organisation: Organisation) -> Release | None:
    """The latest frozen release of the same definition, if the organisation made one."""
    wanted = definition.as_dict()
    for release in organisation.releases.order_by("-created_at", "-pk"):
        if release.definition.get("kind") == wanted["kind"] and \
                release.definition.get("as_of") == wanted["as_of"] and \
                list(release.definition.get("recognised_by", [])) == wanted["recognised_by"] \
                and not release.definition.get("where"):
            return release
    return None


def counter(day: PublicDay, organisation: Organisation, names) -> Counter:
    held_definition = FigureDefinition.stock(day.day, recognised_by=(organisation.slug,))
    ever = FigureDefinition.cumulative(day.day, recognised_by=(organisation.slug,))
    rows = {row.value: row.count
            for row in day.population.breakdown(ever, "custody", names).rows}
    return Counter(
        organisation=organisation,
        held=day.population.count(held_definition, names),
        recognised=day.population.count(ever, names),
        released=rows.get("released", 0),
        died=rows.get("died_in_custody", 0),
        release=release_behind(held_definition, organisation),
        held_citation=reader_citation(held_definition),
    )


def latest_events(day: dt.date, limit: int = LATEST_EVENTS) -> list[tuple]:
    """The newest public events (`public.events`) on or before `day`, with their names."""
    return named_events(public_events(limit=limit, until=day))


def named_events(events) -> list[tuple]:
    """Each event of a named person as (event, the name to show in the page's language, the
    person's public address); events of persons no longer shown are left out."""
    persons = shown_persons({e.person_id for e in events})
    language = get_language() or "en"
    romanisation = site_romanisation()
    shown = []
    for event in events:
        person = persons.get(event.person_id)
        if person is not None:
            name, _others = names_for(list(person.names.all()), language, romanisation)
            shown.append((event, name, person.publication.slug))
    return shown


def last_updated():
    """When the public projection last changed: a record of a published person, or a
    publication. Kept per registry state (every table it reads renews the change token),
    and asked once per static export, which renders thousands of pages."""
    cache = export_cache.get()
    if cache is not None:
        if "last_updated" not in cache:
            cache["last_updated"] = _last_updated()
        return cache["last_updated"]
    return kept_per_state("last updated", _last_updated)


def _last_updated():
    candidates = [
        published_persons().aggregate(at=Max("updated_at"))["at"],
        public_records(m.CustodyPeriod, named=False).aggregate(at=Max("updated_at"))["at"],
        public_records(m.Recognition, named=False).aggregate(at=Max("updated_at"))["at"],
        PersonPublication.objects.aggregate(at=Max("confirmed_at"))["at"],
    ]
    return max((c for c in candidates if c is not None), default=None)


@public_page
def home(request):
    day = PublicDay.of(requested_day(request))
    names = organisation_names()
    return render(request, "public/home.html", {
        "day": day.day,
        "is_today": day.day == today(),
        "counters": [counter(day, org, names) for org in counted_organisations()],
        "withheld": published_persons().filter(publication__name_withheld=True).count(),
        "events": latest_events(day.day),
        "updated": last_updated(),
    })


# --- lists ------------------------------------------------------------------------------


@dataclass
class Listed:
    person: m.Person
    name: object
    others: list
    slug: str
    facility: m.Facility | None
    since: dt.date | None


def shown_persons(ids) -> dict[int, m.Person]:
    """Named persons by id, with their public names and publication; their fields that
    are never public (internal notes, the encrypted restricted ones) are not even read."""
    public_names = Prefetch("names", queryset=public_records(m.NameVariant))
    found = named_persons().filter(pk__in=list(ids)).defer(*PRIVATE_PERSON_FIELDS) \
        .select_related("publication").prefetch_related(public_names)
    return {p.pk: p for p in found}


def page_size(request) -> int:
    size = request.GET.get("size", "")
    return int(size) if size.isdigit() and int(size) in PAGE_SIZES else PAGE_SIZES[0]


@public_page
def person_list(request, state: str):
    day = PublicDay.of(requested_day(request))
    language = get_language() or "en"
    found = find(day, state, request.GET, language)
    size = max(len(found.ids), 1) if static_export.get() else page_size(request)
    page = Paginator(found.ids, size).get_page(request.GET.get("page"))
    page.object_list = PageRows(list(page.object_list),
                                lambda ids: listed_rows(ids, day, language))
    return render(request, "public/person_list.html", {
        "state": state,
        "day": day.day,
        "page": page,
        "total": len(found.ids),
        "withheld": found.withheld,
        "query": request.GET.get("q", "").strip(),
        "filters": request.GET,
        "choices": filter_choices(),
        "sorts": SORTS,
        "sizes": PAGE_SIZES,
    })


def listed_rows(ids: list[int], day: PublicDay, language: str) -> list[Listed]:
    """The rows of the persons `ids`, in that order: one query per kind of record."""
    persons = shown_persons(ids)
    romanisation = site_romanisation()
    since = day.since_by_person()
    held_at = {pid: day.person(pid).facility for pid in persons if day.person(pid)}
    facilities = {f.slug: f for f in m.Facility.objects.filter(
        slug__in=sorted({slug for slug in held_at.values() if slug}))}
    rows = []
    for pid in ids:
        person = persons.get(pid)
        if person is not None:
            name, others = names_for(list(person.names.all()), language, romanisation)
            rows.append(Listed(person, name, others, person.publication.slug,
                               facilities.get(held_at.get(pid)), since.get(pid)))
    return rows


def filter_choices() -> dict:
    return {
        "region": [(r.slug, str(r)) for r in m.Region.objects.all()],
        "facility": [(f.slug, str(f)) for f in m.Facility.objects.all()],
        "article": sorted({(a.article, a.article) for a in m.Article.objects.filter(
            country="BY", code="CC")}, key=lambda a: a[0]),
        "group": list(m.OccupationGroup.choices),
        "gender": [c for c in m.Gender.choices if c[0] != m.Gender.UNKNOWN],
        "sentence": list(m.SentenceKind.choices),
        "recognised_by": [(o.slug, str(o)) for o in counted_organisations()],
    }


# --- a person's page --------------------------------------------------------------------


@public_page
def person_page(request, slug: str):
    publication = PersonPublication.objects.filter(slug=slug).select_related("person").first()
    if publication is None:
        raise Http404
    person = named_persons().filter(pk=publication.person_id).first()
    if person is None:
        survivor = merged_into(publication.person_id)
        if survivor is not None:
            return redirect("public-person", slug=survivor.publication.slug, permanent=True)
        raise Http404
    records = person_records(person, publication.slug)
    language = get_language() or "en"
    romanisation = site_romanisation()
    name, others = names_for(records.names, language, romanisation)
    day = PublicDay.of(today())
    core = day.person(person.pk)
    facility = facility_now(core.facility if core else None)
    return render(request, "public/person_detail.html", {
        "person": person,
        "slug": publication.slug,
        "name": name,
        "other_names": others,
        "state": day.states().get(person.pk),
        "facility": facility,
        "address": facility.address if facility and facility.address_is_public else "",
        "cases": records.cases,
        "recognitions": records.recognitions,
        "timeline": public_timeline(records),
        "birth_year": person.birth_date.year if person.birth_date else None,
    })


def person_records(person: m.Person, slug: str) -> PersonRecords:
    """The person's public records. The static export, which renders every person's page
    in the order of its `person slugs`, loads them EXPORT_BATCH persons at a time (one
    query per kind of record for a batch, one batch kept at a time)."""
    cache = export_cache.get()
    order = cache.get("person slugs") if cache is not None else None
    if order is None or slug not in order.index:
        return PersonRecords.load(person, ANONYMOUS)
    batch = cache.get("person records", {})
    if person.pk not in batch:
        at = order.index[slug]
        persons = list(named_persons().filter(
            publication__slug__in=order.slugs[at:at + EXPORT_BATCH]))
        batch = cache["person records"] = PersonRecords.load_many(persons, ANONYMOUS)
    return batch.get(person.pk) or PersonRecords.load(person, ANONYMOUS)


def merged_into(person_id: int) -> m.Person | None:
    """The published survivor a merged person was folded into, following chains of merges."""
    seen = set()
    while person_id not in seen:
        seen.add(person_id)
        merge = PersonMerge.objects.filter(merged_id=person_id).order_by("-merged_at").first()
        if merge is None:
            return None
        survivor = named_persons().filter(pk=merge.survivor_id).select_related(
            "publication").first()
        if survivor is not None:
            return survivor
        person_id = merge.survivor_id
    return None


@dataclass
class PublicEntry:
    when: object
    title: str
    sources: list


def public_timeline(records: PersonRecords) -> list[PublicEntry]:
    """The timeline's entries with the public sources that cite a public fact of each; the
    claimed value and locator of a citation are never shown here."""
    entries = []
    for entry in records.timeline():
        sources, seen = [], set()
        for citation in entry.citations:
            if citation.field and not may_see_field(ANONYMOUS, entry.record, citation.field):
                continue
            if citation.source_id not in seen:
                seen.add(citation.source_id)
                sources.append(citation.source)
        entries.append(PublicEntry(entry.when, entry.title, sources))
    return entries



# --- birthdays and facilities -----------------------------------------------------------


@dataclass
class Birthday:
    day: dt.date  # this year's (or next year's) birthday
    name: object
    slug: str
    facility: m.Facility | None
    address: str


def next_months(day: dt.date) -> tuple[tuple[int, int], tuple[int, int]]:
    """(year, month) of this month and the next."""
    following = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return (day.year, day.month), following


@public_page
def birthdays(request):
    """Birthdays this month and next of those held now (full birth dates only), with where
    to write: the letter campaigns of PEN Belarus and Viasna."""
    day = PublicDay.of(today())
    states = day.states()
    held = [pid for pid, state in states.items() if state == "held"]
    months = next_months(day.day)
    core = {p.id: p for p in day.population if p.id in set(held)}
    persons = shown_persons(named_persons().filter(
        pk__in=held, birth_date_precision="D", birth_date__month__in=[m_ for _y, m_ in months])
        .values_list("pk", flat=True))
    facilities = {f.slug: f for f in m.Facility.objects.filter(
        slug__in=[core[pid].facility for pid in persons if core[pid].facility])}
    language = get_language() or "en"
    romanisation = site_romanisation()
    groups = {month: [] for month in months}
    for pid, person in persons.items():
        year, month = next(ym for ym in months if ym[1] == person.birth_date.month)
        name, _others = names_for(list(person.names.all()), language, romanisation)
        facility = facilities.get(core[pid].facility)
        address = facility.address if facility and facility.address_is_public else ""
        groups[(year, month)].append(Birthday(
            safe_birthday(person.birth_date, year), name, person.publication.slug, facility,
            address))
    return render(request, "public/birthdays.html", {
        "months": [(dt.date(y, mo, 1), sorted(rows, key=lambda b: (b.day, b.slug)))
                   for (y, mo), rows in groups.items()],
    })


def safe_birthday(born: dt.date, year: int) -> dt.date:
    """The birthday in `year` (29 February is celebrated on 28 February in other years)."""
    try:
        return born.replace(year=year)
    except ValueError:
        return dt.date(year, 2, 28)


@dataclass
class FacilityRow:
    facility: m.Facility | None
    count: int | None  # None: too few to show (fewer than VIGIL_SUPPRESS_CELLS_BELOW)


@public_page
def facilities(request):
    """How many are held where now, withheld persons included; a facility holding fewer
    than k published persons is not named with its count, so that no one is singled out."""
    day = PublicDay.of(requested_day(request))
    held = [p for p in day.population if day.states().get(p.id) == "held"]
    counts: dict[str | None, int] = {}
    for person in held:
        counts[person.facility] = counts.get(person.facility, 0) + 1
    known = {f.slug: f for f in m.Facility.objects.filter(slug__in=[s for s in counts if s])}
    k = settings.VIGIL_SUPPRESS_CELLS_BELOW
    rows = [FacilityRow(known.get(slug), count if count >= k else None)
            for slug, count in counts.items() if slug is not None]
    shown = sorted((r for r in rows if r.count), key=lambda r: (-r.count, str(r.facility)))
    return render(request, "public/facilities.html", {
        "day": day.day,
        "rows": shown,
        "suppressed": sum(counts[s] for s in counts if s and counts[s] < k),
        "suppressed_facilities": sum(1 for s in counts if s and counts[s] < k),
        "unknown": counts.get(None, 0),
        "total": len(held),
        "k": k,
    })


# --- open data --------------------------------------------------------------------------


@public_page
def open_data(request):
    """The latest dump `vigil export-open-data` wrote (or the static copy's), listed with its
    checksums."""
    dump = static_data_dir.get() or latest_dump()
    files = []
    if dump is not None:
        for line in (dump / "SHA256SUMS").read_text().splitlines():
            digest, name = line.split("  ", 1)
            files.append((name, (dump / name).stat().st_size, digest))
    return render(request, "public/open_data.html", {
        "dump": dump, "files": files, "resources": RESOURCES,
        "licence": settings.VIGIL_OPEN_DATA_LICENCE,
    })


def open_data_file(request, name: str):
    """One file of the latest dump; only the names its SHA256SUMS lists are served."""
    dump = static_data_dir.get() or latest_dump()
    if dump is None:
        raise Http404
    listed = {line.split("  ", 1)[1] for line in (dump / "SHA256SUMS").read_text().splitlines()}
    if name != "SHA256SUMS" and name not in listed:
        raise Http404
    return FileResponse((dump / name).open("rb"), filename=name, as_attachment=True,
                        content_type=OPEN_DATA_TYPES.get(Path(name).suffix, "text/plain"))


OPEN_DATA_TYPES = {".csv": "text/csv; charset=utf-8", ".jsonl": "application/jsonl",
                   ".json": "application/json", ".sqlite": "application/vnd.sqlite3"}


# --- published figures ------------------------------------------------------------------


def figures(request):
    """Every frozen release: the figures organisations have published."""
    releases = Release.objects.select_related("organisation").order_by("-created_at", "-pk")
    size = max(releases.count(), 1) if static_export.get() else 50
    page = Paginator(releases, size).get_page(request.GET.get("page"))
    return render(request, "public/figures.html", {"page": page})


def public_breakdown(release: Release) -> tuple[list[tuple], int]:
    """The release's breakdown rows as (value, count), without the rows of fewer than
    VIGIL_SUPPRESS_CELLS_BELOW persons (a small cell can single someone out); and how many
    persons those rows held together."""
    k = settings.VIGIL_SUPPRESS_CELLS_BELOW
    rows, hidden = [], 0
    stored = (release.breakdown or {}).get("rows", [])
    labels = value_labels(release.breakdown_field or "", [r["value"] for r in stored])
    for row in stored:
        if row["count"] >= k:
            rows.append((labels[row["value"]], row["count"]))
        else:
            hidden += row["count"]
    return rows, hidden


def public_bars(release: Release, rows: list[tuple]) -> list[tuple]:
    """What the public chart draws: the shown rows, or one bar for the release's count when
    it has no breakdown or every row of it is suppressed."""
    return rows if release.breakdown and rows else [(_("total"), release.count)]


def release_named(slug: str) -> Release:
    release = Release.objects.select_related("organisation").filter(slug=slug).first()
    if release is None:
        raise Http404
    return release


@public_page
def figure(request, slug: str):
    release = release_named(slug)
    rows, hidden = public_breakdown(release)
    named = shown_persons(release.person_ids)
    language = get_language() or "en"
    romanisation = site_romanisation()
    listed = sorted(((names_for(list(p.names.all()), language, romanisation)[0], p.publication.slug)
                     for p in named.values()), key=lambda n: (n[0].text if n[0] else "", n[1]))
    return render(request, "public/figure.html", {
        "release": release, "rows": rows, "hidden": hidden,
        "chart": breakdown_svg(release.title or release.reader_citation,
                               public_bars(release, rows)),
        "field": field_label(release.breakdown_field),
        "listed": listed, "unlisted": release.count - len(listed),
    })


def figure_png(request, slug: str):
    """The public figure's chart as PNG, the same bars as its SVG."""
    release = release_named(slug)
    rows, _hidden = public_breakdown(release)
    png = chart_png(None, release.title or release.full_reader_citation, public_bars(release, rows))
    response = HttpResponse(png, content_type="image/png")
    name = f"vigil-{release.slug.replace('/', '-')}.png"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def figure_csv(request, slug: str):
    release = release_named(slug)
    rows, hidden = public_breakdown(release)
    table = [["release", "count", "citation"], [release.slug, release.count, release.citation]]
    if release.breakdown:
        table += [[], [field_label(release.breakdown_field), "persons"], *rows]
        if hidden:
            table.append([_("fewer than %(k)s each") % {"k": settings.VIGIL_SUPPRESS_CELLS_BELOW},
                          hidden])
    response = HttpResponse(csv_text(table), content_type="text/csv; charset=utf-8")
    name = f"vigil-{release.slug.replace('/', '-')}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
