"""Writing an import's plan (`vigil.lists.planning`) in one transaction: all or nothing.

In order: the version and its source; the new persons (rows created, and rows sent to
review); the claims of every row that changed (names, cited facts, cases, custody,
recognitions); then the version's entries and the review pairs.
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone

from vigil.linkage import region_id
from vigil.linkage.fields import NAME_ONLY_RULES
from vigil.lists.bulk import insert, insert_with_history
from vigil.lists.casework import Casework
from vigil.lists.models import (
    NAME_COLUMNS,
    ColumnMapping,
    ListEntry,
    ListVersion,
    Outcome,
    ReviewPair,
)
from vigil.lists.planning import Plan, PlannedRow
from vigil.lists.reading import Row
from vigil.names import detect, search_index
from vigil.registry import models as m

GENDER_OF = {"m": m.Gender.MALE, "f": m.Gender.FEMALE}
NEW_PERSON = (Outcome.CREATED, Outcome.REVIEW)
# (column of the file, field of the person it is a claim about)
PERSON_CLAIMS = (("birth_date", "birth_date"), ("birth_year", "birth_date"),
                 ("gender", "gender"), ("region", "region"))


class ConcurrentImport(Exception):
    """Another import of the same list committed first; nothing of this one was written."""


class Writer:
    """Collects the records of an import and creates them in bulk, with history."""

    def __init__(self, plan: Plan, user, version: ListVersion, source: m.Source, progress=None):
        self.plan, self.user, self.version, self.source = plan, user, version, source
        self.progress = progress
        self.org = plan.organisation
        self.citations: list[tuple[object, str, str, str]] = []  # record, field, value, locator
        self.now = timezone.now()

    def common(self) -> dict:
        return {"organisation": self.org, "created_by": self.user, "created_at": self.now}

    def bulk(self, objs, model):
        if not objs:
            return objs
        return insert_with_history(model, objs, self.user, self.now, self.progress)

    def cite(self, record, field_name: str, value: str, row: Row) -> None:
        locator = f"row {row.number}, id {row.id}"
        if row.values.get("source_url"):
            locator += f" — {row.values['source_url']}"
        self.citations.append((record, field_name, value[:300], locator[:500]))

    def flush_citations(self) -> None:
        types: dict[type, ContentType] = {}
        objs = []
        for record, field_name, value, locator in self.citations:
            model = type(record)
            if model not in types:
                types[model] = ContentType.objects.get_for_model(model)
            objs.append(m.Citation(source=self.source, content_type=types[model],
                                   object_id=record.pk, field=field_name,
                                   claimed_value=value, locator=locator, **self.common()))
        self.bulk(objs, m.Citation)


def apply_import(plan: Plan, user, progress=None) -> ListVersion:
    """Write the plan in one transaction (all or nothing) and return the new version."""
    try:
        with transaction.atomic():
            version = _new_version(plan, user)
            writer = Writer(plan, user, version, version.source, progress)
            _create_persons(writer)
            _write_claims(writer)
            _write_entries(writer, progress)
            if plan.mapping:
                ColumnMapping.objects.update_or_create(
                    organisation=plan.organisation,
                    defaults={"mapping": plan.mapping, "updated_by": user})
        return version
    except IntegrityError as exc:
        # PostgreSQL names the constraint, SQLite its columns
        if "unique_list_version" in str(exc) or "lists_listversion.number" in str(exc):
            raise ConcurrentImport(
                f"another import of the list “{plan.list_name}” finished while this one ran; "
                "nothing of this one was written: run it again") from exc
        raise


def _new_version(plan: Plan, user) -> ListVersion:
    org = plan.organisation
    number = (ListVersion.objects.filter(organisation=org, list_name=plan.list_name)
              .aggregate(n=Max("number"))["n"] or 0) + 1
    source = m.Source.objects.create(
        organisation=org, kind=m.SourceKind.ORGANISATION_LIST,
        title=f"{org.name_en}: list “{plan.list_name}”, version {number} "
              f"({plan.file_name})"[:500],
        publisher=org.name_en, sha256=plan.sha256, captured_at=timezone.now(),
        captured_by=user, created_by=user,
        # the list's own date dates the version (vigil.lists.snapshots.version_date)
        published_on=plan.as_of,
    )
    return ListVersion.objects.create(
        organisation=org, list_name=plan.list_name, number=number, imported_by=user,
        file_name=plan.file_name[:300], sha256=plan.sha256, mapping=plan.mapping,
        row_count=len(plan.rows), counts=plan.counts, source=source,
        weights=plan.weights,
    )


def _create_persons(w: Writer) -> None:
    """A person for each row created or sent to review, with its cited facts."""
    new_rows = [p for p in w.plan.rows if p.outcome in NEW_PERSON]
    regions = {r.slug: r for r in m.Region.objects.all()}
    persons = [_new_person(p.row, regions, w.common()) for p in new_rows]
    w.bulk(persons, m.Person)
    occupations: dict = {}
    held = m.Person.occupations.through
    holds = []  # one insert for all the new persons' occupations, not a query a person
    for p, person in zip(new_rows, persons, strict=True):
        p.person_id = person.pk
        row = p.row
        if row.birth:
            w.cite(person, "birth_date", str(row.birth), row)
        if row.gender:
            w.cite(person, "gender", row.values["gender"], row)
        if person.region_id:
            w.cite(person, "region", row.values["region"], row)
        if row.values.get("occupation"):
            occupation = _occupation(row.values["occupation"], occupations)
            if occupation:
                holds.append(held(person_id=person.pk, occupation_id=occupation.pk))
    held.objects.bulk_create(holds, batch_size=5000)


def _new_person(row: Row, regions: dict[str, m.Region], common: dict) -> m.Person:
    person = m.Person(**common)
    if row.gender:
        person.gender = GENDER_OF[row.gender]
    if row.birth:
        person.set_partial("birth_date", row.birth)
    slug, known = region_id(row.values.get("region"))
    if known and slug in regions:
        person.region = regions[slug]
    return person


def _occupation(text: str, cache: dict) -> m.Occupation | None:
    key = text.casefold()
    if key not in cache:
        cache[key] = m.Occupation.objects.filter(
            Q(slug__iexact=text) | Q(name_en__iexact=text) | Q(name_be__iexact=text)
            | Q(name_ru__iexact=text)).first()
    return cache[key]


class _Claims:
    """What the rows that changed say about their persons, gathered for bulk writing."""

    def __init__(self, w: Writer):
        self.w = w
        touched = [p.person_id for p in w.plan.rows
                   if p.outcome in (Outcome.MATCHED, Outcome.UPDATED)]
        self.known_names: dict[int, set[str]] = defaultdict(set)
        for pid, text in m.NameVariant.objects.filter(
                person_id__in=touched, deleted_at__isnull=True).values_list("person_id", "text"):
            self.known_names[pid].add(text.casefold())
        self.recognised = set(m.Recognition.objects.filter(
            person_id__in=touched, organisation=w.org, deleted_at__isnull=True,
            status=m.RecognitionStatus.RECOGNISED, until__isnull=True,
        ).values_list("person_id", flat=True))
        self.existing = m.Person.objects.in_bulk(touched)
        self.casework = Casework(w, touched)
        self.names: list[tuple[m.NameVariant, Row]] = []
        self.recognitions: list[tuple[m.Recognition, Row]] = []

    def add(self, p: PlannedRow) -> None:
        fresh = p.outcome in NEW_PERSON
        self._names(p, fresh)
        if not fresh:
            self._person_facts(p)
        self.casework.add(p.person_id, p.row)
        self._recognition(p)

    def _names(self, p: PlannedRow, fresh: bool) -> None:
        seen = self.known_names[p.person_id]
        for column in NAME_COLUMNS:
            text = p.row.values.get(column)
            if text and text.casefold() not in seen:
                seen.add(text.casefold())
                self.names.append((_name_variant(p.person_id, text, column,
                                                 fresh and len(seen) == 1, self.w.common()),
                                   p.row))

    def _person_facts(self, p: PlannedRow) -> None:
        """An existing person's facts the row states anew are cited (never overwritten)."""
        person, row, before = self.existing[p.person_id], p.row, p.previous or {}
        for column, field_name in PERSON_CLAIMS:
            if row.values.get(column) and row.values.get(column) != before.get(column):
                self.w.cite(person, field_name, row.values[column], row)

    def _recognition(self, p: PlannedRow) -> None:
        if "recognised_on" not in p.row.dates or p.person_id in self.recognised:
            return
        self.recognised.add(p.person_id)
        rec = m.Recognition(person_id=p.person_id, status=m.RecognitionStatus.RECOGNISED,
                            **self.w.common())
        rec.set_partial("since", p.row.dates["recognised_on"])
        rec.set_partial("until", None)
        self.recognitions.append((rec, p.row))

    def write(self) -> None:
        for objs, model in ((self.names, m.NameVariant), (self.recognitions, m.Recognition)):
            self.w.bulk([o for o, _ in objs], model)
            for o, row in objs:
                self.w.cite(o, "", "", row)
        self.casework.write()
        self.w.flush_citations()


def _write_claims(w: Writer) -> None:
    claims = _Claims(w)
    for p in w.plan.rows:
        if p.outcome != Outcome.UNCHANGED:
            claims.add(p)
    claims.write()


def _name_variant(person_id: int, text: str, column: str, primary: bool, common: dict):
    guess = detect(text)
    script = m.Script.LATIN if guess.script == "latin" else m.Script.CYRILLIC
    language = {"name_be": "be", "name_ru": "ru", "name_en": "en"}.get(column) or (
        guess.language if guess.language in ("be", "ru", "uk", "pl") else
        ("en" if script == m.Script.LATIN else "other"))
    if guess.lacinka:
        kind = m.NameKind.LACINKA
    elif script == m.Script.LATIN:
        kind = m.NameKind.LATIN
    else:
        kind = {"be": m.NameKind.BELARUSIAN, "ru": m.NameKind.RUSSIAN}.get(
            language, m.NameKind.OFFICIAL)
    return m.NameVariant(person_id=person_id, text=text[:300], language=language,
                         script=script, kind=kind, is_primary=primary,
                         search_keys=search_index(text), **common)


def _kept_explanation(p: PlannedRow) -> list[str]:
    """A match the name carried alone keeps its explanation, for the reviewer who confirms it
    (`/lists/name-only/`); other rows keep none (a large list matches most of its rows)."""
    return p.explanation if p.rule in NAME_ONLY_RULES else []


def _write_entries(w: Writer, progress=None) -> None:
    """The version's entries (one a row), and a review pair for each row sent to review."""
    rows = w.plan.rows
    entries = [ListEntry(version=w.version, row=p.row.number, external_id=p.row.id,
                         values=p.row.values, person_id=p.person_id, outcome=p.outcome,
                         match_rule=p.rule, explanation=_kept_explanation(p))
               for p in rows]
    insert(ListEntry, entries, progress=progress)
    by_id = {e.external_id: e for e in entries}
    ReviewPair.objects.bulk_create([
        ReviewPair(organisation=w.org, person_a_id=p.person_id, person_b_id=p.candidate_id,
                   entry=by_id[p.row.id], score=p.score or 0.0, reason=p.reason[:300],
                   explanation=p.explanation)
        for p in rows if p.outcome == Outcome.REVIEW])
