"""Importing a list: a plan (the dry run) and its atomic application.

`plan_import` reads nothing but the database and the file and writes nothing: for each row it
decides *created* (a new person), *matched* (an existing person the row is linked to),
*updated* / *unchanged* (a row this list already had, with changed / the same values) or
*review* (a new person is created and the uncertain pair goes to the review queue).
`apply_import` writes the plan in one transaction: all or nothing.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Max, Prefetch, Q
from django.utils import timezone

from vigil.accounts.actors import Actor, acting_for
from vigil.accounts.models import Organisation, Role
from vigil.dates import PartialDate, periods_certainly_overlap
from vigil.linkage import Decision, Model, Policy, link, region_id
from vigil.linkage import Record as LinkRecord
from vigil.lists.bulk import insert, insert_with_history
from vigil.lists.models import (
    ColumnMapping,
    ListEntry,
    ListVersion,
    MatchDecision,
    Outcome,
    PersonMerge,
    ReviewPair,
)
from vigil.lists.reading import Row
from vigil.lists.terms import Articles, Facilities
from vigil.lists.values import CUSTODIAL, Sentence
from vigil.names import detect, search_index
from vigil.registry import models as m

# The two lists of an import's linkage run; linkage quotes them in its reasons ("two records
# of the registry").
NEW, REGISTRY = "the imported list", "the registry"
# An import of fewer rows is scored with the weights learnt by the organisation's latest
# import of at least this many (EM needs data); a larger one learns its own and stores them.
LEARN_FROM_ROWS = 1000
GENDER_OF = {"m": m.Gender.MALE, "f": m.Gender.FEMALE}
LINK_GENDER = {m.Gender.MALE: "m", m.Gender.FEMALE: "f"}


@dataclass
class PlannedRow:
    row: Row
    outcome: str
    person_id: int | None = None  # the existing person (matched, updated, unchanged)
    candidate_id: int | None = None  # the person a review pair is opened with
    score: float | None = None
    reason: str = ""
    explanation: list[str] = field(default_factory=list)
    previous: dict | None = None  # the values of the list's earlier entry for this id


@dataclass
class Plan:
    organisation: Organisation
    list_name: str
    file_name: str
    sha256: str
    mapping: dict[str, str]
    rows: list[PlannedRow]
    already_imported: ListVersion | None = None  # the same file was the last version
    person_names: dict[int, str] = field(default_factory=dict)
    stats: dict[str, int] = field(default_factory=dict)
    weights: dict = field(default_factory=dict)  # learnt by this run, stored with the version
    weights_from: ListVersion | None = None  # or the version whose weights were reused

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(Outcome.values, 0)
        for p in self.rows:
            counts[p.outcome] += 1
        return counts


def survivors() -> dict[int, int]:
    """merged person → the person it now lives in (following chains of merges)."""
    merges = PersonMerge.objects.filter(undone_at__isnull=True)
    direct = dict(merges.values_list("merged_id", "survivor_id"))
    out = {}
    for merged in direct:
        target, hops = direct[merged], 0
        while target in direct and hops < 100:
            target, hops = direct[target], hops + 1
        out[merged] = target
    return out


def latest_entries(organisation_id: int, list_name: str) -> dict[str, ListEntry]:
    """The most recent entry of each id this list has ever had."""
    entries = ListEntry.objects.filter(
        version__organisation_id=organisation_id, version__list_name=list_name
    ).order_by("version__number").only("external_id", "values", "person_id", "version_id")
    return {e.external_id: e for e in entries.iterator(chunk_size=5000)}


def visible_names(actor: Actor) -> Prefetch:
    """Only the spellings the actor may see take part (explanations quote them)."""
    return Prefetch("names", queryset=m.NameVariant.objects.for_actor(actor))


def _registry_record(person: m.Person) -> LinkRecord | None:
    names = sorted((n for n in person.names.all() if n.deleted_at is None),
                   key=lambda n: (not n.is_primary, n.pk))
    if not names:
        return None
    birth = person.partial("birth_date")
    return LinkRecord(
        REGISTRY, str(person.pk), names[0].text,
        birth_date=birth if birth and birth.precision.value != "Y" else None,
        birth_year=birth.first_day.year if birth else None,
        gender=LINK_GENDER.get(person.gender),
        region=person.region.slug if person.region_id and person.region.slug != "unknown"
        else None,
    )


def _row_record(row: Row) -> LinkRecord:
    birth = row.dates.get("birth_date")
    return LinkRecord(
        NEW, row.id, row.names[0],
        birth_date=birth if birth and birth.precision.value != "Y" else None,
        birth_year=row.birth_year or (birth.first_day.year if birth else None),
        gender=row.gender, region=row.values.get("region"),
        detained_on=row.dates.get("detained_on"),
    )


def plan_import(rows: list[Row], organisation: Organisation, actor: Actor, list_name: str,
                file_name: str, content: bytes, mapping: dict[str, str],
                progress=None) -> Plan:
    sha = hashlib.sha256(content).hexdigest()
    plan = Plan(organisation, list_name, file_name, sha, mapping, [])
    last = ListVersion.objects.filter(organisation=organisation, list_name=list_name).first()
    if last is not None and last.sha256 == sha:
        plan.already_imported = last  # nothing to do: no need to link
        return plan
    merged_into = survivors()
    previous = latest_entries(organisation.pk, list_name)

    persons = (m.Person.objects.for_actor(actor).select_related("region")
               .prefetch_related(visible_names(actor)).order_by("pk"))
    records: list[LinkRecord] = []
    for person in persons.iterator(chunk_size=2000):
        record = _registry_record(person)
        if record is not None:
            records.append(record)
        plan.person_names[person.pk] = records[-1].name if record else f"#{person.pk}"
    registry_ids = {int(r.id) for r in records}
    first_row = len(records)
    records.extend(_row_record(row) for row in rows)
    file_ids = {row.id for row in rows}

    def person_of(pk: int | None) -> int | None:
        return merged_into.get(pk, pk) if pk is not None else None

    def key_of(list_: str, id_: str, person_id: int | None) -> tuple[str, str] | None:
        if list_ == list_name and id_ in file_ids:
            return (NEW, id_)
        person = person_of(person_id)
        if person in registry_ids:
            return (REGISTRY, str(person))
        return None

    decisions = []
    for d in MatchDecision.objects.for_actor(actor).filter(withdrawn_at__isnull=True):
        a = key_of(d.a_list, d.a_id, d.a_person_id)
        b = key_of(d.b_list, d.b_id, d.b_person_id)
        if a and b and a != b:
            decisions.append(Decision(a, b, d.same, who=str(d.decided_by_id or ""),
                                      when=d.decided_at.date().isoformat()))
    for row in rows:  # a row this list had before stays with its person
        entry = previous.get(row.id)
        person = person_of(entry.person_id) if entry else None
        if person in registry_ids:
            decisions.append(Decision((NEW, row.id), (REGISTRY, str(person)), True,
                                      who="earlier version of this list"))

    model = None
    if len(rows) < LEARN_FROM_ROWS:  # too few to learn from: reuse a large import's weights
        plan.weights_from = (ListVersion.objects.filter(
            organisation=organisation, row_count__gte=LEARN_FROM_ROWS).exclude(weights={})
            .order_by("-imported_at").first())
        if plan.weights_from is not None:
            try:
                model = Model.from_dict(plan.weights_from.weights)
            except (KeyError, TypeError, ValueError):
                plan.weights_from = None
    result = link(records, decisions, Policy(), progress=progress, model=model)
    plan.stats = dict(result.stats)
    if model is None:
        plan.weights = result.model.to_dict()
    registry_in_cluster: dict[int, int] = {}
    for i in range(first_row):
        registry_in_cluster[result.cluster_of[i]] = int(records[i].id)
    best_review: dict[int, tuple] = {}
    for p in result.review:
        a, b = sorted((p.a, p.b))
        # a registry person and a row of this file
        if a < first_row <= b and (b not in best_review
                                   or best_review[b][0].probability < p.probability):
            best_review[b] = (p, int(records[a].id))
    links_of: dict[int, list] = defaultdict(list)
    for p in result.links:
        links_of[p.a].append(p)
        links_of[p.b].append(p)

    for n, row in enumerate(rows):
        i = first_row + n
        entry = previous.get(row.id)
        person = registry_in_cluster.get(result.cluster_of[i])
        planned = PlannedRow(row, Outcome.CREATED, previous=entry.values if entry else None)
        if person is not None:
            planned.person_id = person
            if entry is not None and person_of(entry.person_id) == person:
                planned.outcome = (Outcome.UNCHANGED if entry.values == row.values
                                   else Outcome.UPDATED)
            else:
                planned.outcome = Outcome.MATCHED
                why = [p for p in links_of[i] if first_row > min(p.a, p.b)]
                if why:
                    planned.score = why[0].probability
                    planned.reason = _readable(why[0].reason)
                    planned.explanation = [_readable(e) for e in why[0].explanation]
                else:
                    planned.reason = "linked through another record"
        elif i in best_review:
            p, candidate = best_review[i]
            planned.outcome = Outcome.REVIEW
            planned.candidate_id = candidate
            planned.score, planned.reason = p.probability, _readable(p.reason)
            planned.explanation = [_readable(e) for e in p.explanation]
        plan.rows.append(planned)
    return plan


def _readable(text: str) -> str:
    """The linker's words with the file's and the registry's names in place of their tags
    (which hold a NUL, and PostgreSQL stores no NUL in text)."""
    return text.replace(NEW, "this file").replace(REGISTRY, "the registry")


# --- writing ---------------------------------------------------------------------------------


class _Writer:
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


def _regions() -> dict[str, m.Region]:
    return {r.slug: r for r in m.Region.objects.all()}


def _occupation(text: str, cache: dict) -> m.Occupation | None:
    key = text.casefold()
    if key not in cache:
        cache[key] = m.Occupation.objects.filter(
            Q(slug__iexact=text) | Q(name_en__iexact=text) | Q(name_be__iexact=text)
            | Q(name_ru__iexact=text)).first()
    return cache[key]


def _custody(row: Row, person_id: int, common: dict) -> m.CustodyPeriod | None:
    started = row.dates.get("detained_on")
    if started is None:
        return None
    serving = row.sentence is not None and row.sentence.kind in CUSTODIAL
    period = m.CustodyPeriod(
        person_id=person_id, kind=m.CustodyKind.SENTENCE if serving else m.CustodyKind.PRETRIAL,
        **common)
    period.set_partial("started", started)
    if "died_on" in row.dates:
        period.set_partial("ended", row.dates["died_on"])
        period.end_reason = m.EndReason.DIED
    elif "released_on" in row.dates:
        period.set_partial("ended", row.dates["released_on"])
        period.end_reason = m.EndReason.OTHER
    else:
        period.set_partial("ended", None)
    return period


class _Casework:
    """The cases, custody periods and placements rows claim, each matched to what the person
    already has (then cited, never changed) or made new (and cited)."""

    def __init__(self, writer: _Writer, person_ids: list[int]):
        self.w = writer
        # A row is matched to the cases and periods the importing organisation may see, never
        # to another's hidden record: that would cite it unseen and leave the importer
        # without its own account of the detention.
        seen = acting_for(writer.org.pk, Role.VIEWER)
        self.articles, self.facilities = Articles(), Facilities()
        numbers_of: dict[int, set[str]] = defaultdict(set)
        for case_id, number in m.Case.charges.through.objects.filter(
                case__person_id__in=person_ids).values_list("case_id", "article__article"):
            numbers_of[case_id].add(number)
        self.cases_of: dict[int, list[tuple[m.Case, set[str]]]] = defaultdict(list)
        for case in m.Case.objects.for_actor(seen).filter(person_id__in=person_ids):
            self.cases_of[case.person_id].append((case, numbers_of[case.pk]))
        self.custody_of: dict[int, list[m.CustodyPeriod]] = defaultdict(list)
        for c in m.CustodyPeriod.objects.for_actor(seen).filter(person_id__in=person_ids):
            self.custody_of[c.person_id].append(c)
        self.placements = {(("saved", pl.custody_id), pl.facility_id): pl
                           for pl in m.Placement.objects.for_actor(seen).filter(
                               custody__person_id__in=person_ids)}
        self.new_cases: list[tuple[m.Case, list[m.Article]]] = []
        self.new_periods: list[tuple[m.CustodyPeriod, Row, m.Case | None]] = []
        self.new_placements: list[tuple[m.Placement, m.CustodyPeriod, Row]] = []

    def add(self, person_id: int, row: Row) -> None:
        case = self._case(person_id, row)
        period = self._custody(person_id, row, case)
        if period is not None and row.values.get("facility"):
            self._placement(period, row)

    def _case(self, person_id: int, row: Row) -> m.Case | None:
        """The case the row's charges and sentence are about; sentence alone finds a case
        with the same sentence."""
        if not row.articles and row.sentence is None:
            return None
        charges = [a for a in map(self.articles.find_or_create, row.articles) if a]
        numbers = {a.article for a in charges}
        for case, has in self.cases_of[person_id]:
            if (numbers & has) if numbers else _same_sentence(case, row.sentence):
                self._cite(case, row)
                return case
        if not charges and row.sentence is None:
            return None  # only articles the vocabulary lacks: nothing to charge
        case = m.Case(person_id=person_id, **self.w.common())
        if row.sentence is not None:
            case.verdict = m.Verdict.CONVICTED
            case.sentence_kind, case.sentence_months = row.sentence.kind, row.sentence.months
            case.regime = row.sentence.regime
        self.cases_of[person_id].append((case, numbers))
        self.new_cases.append((case, charges))
        self._cite(case, row)
        return case

    def _cite(self, case: m.Case, row: Row) -> None:
        if row.values.get("articles"):
            self.w.cite(case, "charges", row.values["articles"], row)
        if row.sentence is not None:
            self.w.cite(case, "sentence_kind", row.values["sentence"], row)

    def _custody(self, person_id: int, row: Row, case: m.Case | None
                 ) -> m.CustodyPeriod | None:
        period = _custody(row, person_id, self.w.common())
        if period is None:
            return None
        for c in self.custody_of[person_id]:
            if c.partial("started") == period.partial("started") or periods_certainly_overlap(
                    c.partial("started"), c.partial("ended"),
                    period.partial("started"), period.partial("ended")):
                self.w.cite(c, "started", row.values["detained_on"], row)
                return c
        self.custody_of[person_id].append(period)
        self.new_periods.append((period, row, case))
        self.w.cite(period, "", "", row)
        return period

    def _placement(self, period: m.CustodyPeriod, row: Row) -> None:
        facility = self.facilities.find_or_create(row.values["facility"])
        key = (("saved", period.pk) if period.pk else ("new", id(period)), facility.pk)
        if key in self.placements:
            self.w.cite(self.placements[key], "facility", row.values["facility"], row)
            return
        placement = m.Placement(facility=facility, **self.w.common())
        self.placements[key] = placement
        self.new_placements.append((placement, period, row))
        self.w.cite(placement, "facility", row.values["facility"], row)

    def write(self) -> None:
        self.w.bulk([case for case, _ in self.new_cases], m.Case)
        through = m.Case.charges.through
        through.objects.bulk_create([through(case_id=case.pk, article_id=article.pk)
                                     for case, charges in self.new_cases for article in charges])
        for period, _, case in self.new_periods:
            period.case_id = case.pk if case is not None else None
        self.w.bulk([period for period, _, _ in self.new_periods], m.CustodyPeriod)
        for placement, period, _ in self.new_placements:
            placement.custody_id = period.pk
        self.w.bulk([placement for placement, _, _ in self.new_placements], m.Placement)


def _same_sentence(case: m.Case, sentence: Sentence | None) -> bool:
    return sentence is not None and (case.sentence_kind, case.sentence_months) == (
        sentence.kind, sentence.months)


class ConcurrentImport(Exception):
    """Another import of the same list committed first; nothing of this one was written."""


def apply_import(plan: Plan, user, progress=None) -> ListVersion:
    """Write the plan in one transaction (all or nothing) and return the new version."""
    try:
        return _apply(plan, user, progress)
    except IntegrityError as exc:
        # PostgreSQL names the constraint, SQLite its columns
        if "unique_list_version" in str(exc) or "lists_listversion.number" in str(exc):
            raise ConcurrentImport(
                f"another import of the list “{plan.list_name}” finished while this one ran; "
                "nothing of this one was written: run it again") from exc
        raise


def _apply(plan: Plan, user, progress=None) -> ListVersion:
    org = plan.organisation
    with transaction.atomic():
        number = (ListVersion.objects.filter(organisation=org, list_name=plan.list_name)
                  .aggregate(n=Max("number"))["n"] or 0) + 1
        source = m.Source.objects.create(
            organisation=org, kind=m.SourceKind.ORGANISATION_LIST,
            title=f"{org.name_en}: list “{plan.list_name}”, version {number} "
                  f"({plan.file_name})"[:500],
            publisher=org.name_en, sha256=plan.sha256, captured_at=timezone.now(),
            captured_by=user, created_by=user,
        )
        version = ListVersion.objects.create(
            organisation=org, list_name=plan.list_name, number=number, imported_by=user,
            file_name=plan.file_name[:300], sha256=plan.sha256, mapping=plan.mapping,
            row_count=len(plan.rows), counts=plan.counts, source=source,
            weights=plan.weights if len(plan.rows) >= LEARN_FROM_ROWS else {},
        )
        w = _Writer(plan, user, version, source, progress)
        common = w.common()
        regions = _regions()
        occupations: dict = {}

        # 1. new persons (created, and those sent to review)
        new_rows = [p for p in plan.rows if p.outcome in (Outcome.CREATED, Outcome.REVIEW)]
        persons = []
        for p in new_rows:
            person = m.Person(**common)
            row = p.row
            if row.gender:
                person.gender = GENDER_OF[row.gender]
            birth = row.birth
            if birth:
                person.set_partial("birth_date", birth)
            slug, known = region_id(row.values.get("region"))
            if known and slug in regions:
                person.region = regions[slug]
            persons.append(person)
        w.bulk(persons, m.Person)
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
                    person.occupations.add(occupation)

        # 2. claims of rows about existing persons
        touched = [p for p in plan.rows if p.outcome in (Outcome.MATCHED, Outcome.UPDATED)]
        existing_ids = [p.person_id for p in touched]
        known_names: dict[int, set[str]] = defaultdict(set)
        for pid, text in m.NameVariant.objects.filter(
                person_id__in=existing_ids, deleted_at__isnull=True
        ).values_list("person_id", "text"):
            known_names[pid].add(text.casefold())
        recognised = set(m.Recognition.objects.filter(
            person_id__in=existing_ids, organisation=org, deleted_at__isnull=True,
            status=m.RecognitionStatus.RECOGNISED, until__isnull=True,
        ).values_list("person_id", flat=True))
        existing = m.Person.objects.in_bulk(existing_ids)
        casework = _Casework(w, existing_ids)

        names, recognitions = [], []
        for p in plan.rows:
            if p.outcome == Outcome.UNCHANGED:
                continue
            row, fresh = p.row, p.outcome in (Outcome.CREATED, Outcome.REVIEW)
            seen = known_names[p.person_id]
            for column in ("name", "name_be", "name_ru", "name_en"):
                text = row.values.get(column)
                if text and text.casefold() not in seen:
                    seen.add(text.casefold())
                    names.append((_name_variant(p.person_id, text, column,
                                                fresh and len(seen) == 1, common), row))
            if not fresh:
                person = existing[p.person_id]
                before = p.previous or {}
                for col, fld in (("birth_date", "birth_date"), ("birth_year", "birth_date"),
                                 ("gender", "gender"), ("region", "region")):
                    if row.values.get(col) and row.values.get(col) != before.get(col):
                        w.cite(person, fld, row.values[col], row)
            casework.add(p.person_id, row)
            if "recognised_on" in row.dates:
                if p.person_id in recognised:
                    continue
                recognised.add(p.person_id)
                rec = m.Recognition(person_id=p.person_id,
                                    status=m.RecognitionStatus.RECOGNISED, **common)
                rec.set_partial("since", row.dates["recognised_on"])
                rec.set_partial("until", None)
                recognitions.append((rec, row))
        for objs, model in ((names, m.NameVariant), (recognitions, m.Recognition)):
            w.bulk([o for o, _ in objs], model)
            for o, row in objs:
                w.cite(o, "", "", row)
        casework.write()
        w.flush_citations()

        # 3. the version's entries, and the review pairs
        entries = [ListEntry(version=version, row=p.row.number, external_id=p.row.id,
                             values=p.row.values, person_id=p.person_id, outcome=p.outcome)
                   for p in plan.rows]
        insert(ListEntry, entries, progress=progress)
        by_id = {e.external_id: e for e in entries}
        ReviewPair.objects.bulk_create([
            ReviewPair(organisation=org, person_a_id=p.person_id, person_b_id=p.candidate_id,
                       entry=by_id[p.row.id], score=p.score or 0.0, reason=p.reason[:300],
                       explanation=p.explanation)
            for p in plan.rows if p.outcome == Outcome.REVIEW])
        if plan.mapping:
            ColumnMapping.objects.update_or_create(
                organisation=org, defaults={"mapping": plan.mapping, "updated_by": user})
    return version


def saved_mapping(organisation: Organisation) -> dict[str, str]:
    saved = ColumnMapping.objects.filter(organisation=organisation).first()
    return dict(saved.mapping) if saved else {}


def compare_versions(old: ListVersion, new: ListVersion) -> dict[str, list]:
    """Rows added, removed and changed (column by column) between two versions."""
    before = {e.external_id: e for e in old.entries.all()}
    after = {e.external_id: e for e in new.entries.all()}
    changed = []
    for key in after.keys() & before.keys():
        a, b = before[key].values, after[key].values
        diffs = [(c, a.get(c, ""), b.get(c, "")) for c in sorted(a.keys() | b.keys())
                 if a.get(c) != b.get(c)]
        if diffs:
            changed.append((after[key], diffs))
    return {
        "added": sorted((after[k] for k in after.keys() - before.keys()), key=lambda e: e.row),
        "removed": sorted((before[k] for k in before.keys() - after.keys()),
                          key=lambda e: e.row),
        "changed": sorted(changed, key=lambda c: c[0].row),
    }


def partial_text(value: PartialDate | None) -> str:
    return str(value) if value else ""
