"""The plan of an import (its dry run): what each row of the file would do.

`plan_import` reads nothing but the database and the file and writes nothing: for each row it
decides *created* (a new person), *matched* (an existing person the row is linked to),
*updated* / *unchanged* (a row this list already had, with changed / the same values) or
*review* (a new person is created and the uncertain pair goes to the review queue).
`vigil.lists.applying` writes a plan.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch

from vigil.accounts.actors import Actor
from vigil.accounts.models import Organisation
from vigil.linkage import Decision, Model, Policy, link
from vigil.linkage import Record as LinkRecord
from vigil.lists.merging import survivors
from vigil.lists.models import ListEntry, ListVersion, MatchDecision, Outcome
from vigil.lists.reading import Row
from vigil.registry import models as m

# The two lists of an import's linkage run; linkage quotes them in its reasons ("two records
# of the registry").
NEW, REGISTRY = "the imported list", "the registry"
# An import of fewer rows is scored with the weights learnt by the organisation's latest
# import of at least this many (EM needs data); a larger one learns its own and stores them.
LEARN_FROM_ROWS = 1000
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
    rule: str = ""  # the linkage rule that carried a match (`vigil.linkage.Rule`)
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
    # learnt by this run from enough rows (LEARN_FROM_ROWS), stored with the version
    weights: dict = field(default_factory=dict)
    weights_from: ListVersion | None = None  # or the version whose weights were reused
    as_of: dt.date | None = None  # the list's own date, when given (the version's date)

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(Outcome.values, 0)
        for p in self.rows:
            counts[p.outcome] += 1
        return counts


def latest_entries(organisation_id: int, list_name: str) -> dict[str, ListEntry]:
    """The most recent entry of each id this list has ever had."""
    entries = ListEntry.objects.filter(
        version__organisation_id=organisation_id, version__list_name=list_name
    ).order_by("version__number").only("external_id", "values", "person_id", "version_id")
    return {e.external_id: e for e in entries.iterator(chunk_size=5000)}


def visible_names(actor: Actor) -> Prefetch:
    """Only the spellings the actor may see take part (explanations quote them)."""
    return Prefetch("names", queryset=m.NameVariant.objects.for_actor(actor))


def registry_record(person: m.Person) -> LinkRecord | None:
    """The person as the linker sees them (None for a person with no name left)."""
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


class _Run:
    """One linkage run of an import: the registry's records first, then the file's rows."""

    def __init__(self, plan: Plan, rows: list[Row], actor: Actor):
        self.plan, self.rows, self.actor = plan, rows, actor
        self.merged_into = survivors()
        self.previous = latest_entries(plan.organisation.pk, plan.list_name)
        self.records: list[LinkRecord] = []
        persons = (m.Person.objects.for_actor(actor).select_related("region")
                   .prefetch_related(visible_names(actor)).order_by("pk"))
        for person in persons.iterator(chunk_size=2000):
            record = registry_record(person)
            if record is not None:
                self.records.append(record)
            plan.person_names[person.pk] = record.name if record else f"#{person.pk}"
        self.registry_ids = {int(r.id) for r in self.records}
        self.first_row = len(self.records)
        self.records.extend(_row_record(row) for row in rows)
        self.file_ids = {row.id for row in rows}

    def person_of(self, pk: int | None) -> int | None:
        return self.merged_into.get(pk, pk) if pk is not None else None

    def _key_of(self, list_: str, id_: str, person_id: int | None) -> tuple[str, str] | None:
        if list_ == self.plan.list_name and id_ in self.file_ids:
            return (NEW, id_)
        person = self.person_of(person_id)
        if person in self.registry_ids:
            return (REGISTRY, str(person))
        return None

    def decisions(self) -> list[Decision]:
        """The reviewers' decisions about these records, and each row this list had before
        kept with its person."""
        decisions = []
        for d in MatchDecision.objects.for_actor(self.actor).filter(withdrawn_at__isnull=True):
            a = self._key_of(d.a_list, d.a_id, d.a_person_id)
            b = self._key_of(d.b_list, d.b_id, d.b_person_id)
            if a and b and a != b:
                decisions.append(Decision(a, b, d.same, who=str(d.decided_by_id or ""),
                                          when=d.decided_at.date().isoformat()))
        for row in self.rows:
            entry = self.previous.get(row.id)
            person = self.person_of(entry.person_id) if entry else None
            if person in self.registry_ids:
                decisions.append(Decision((NEW, row.id), (REGISTRY, str(person)), True,
                                          who="earlier version of this list"))
        return decisions


def _reused_model(plan: Plan, row_count: int) -> Model | None:
    """A large import's weights for an import too small to learn from (None: learn)."""
    if row_count >= LEARN_FROM_ROWS:
        return None
    plan.weights_from = (ListVersion.objects.filter(
        organisation=plan.organisation, row_count__gte=LEARN_FROM_ROWS).exclude(weights={})
        .order_by("-imported_at").first())
    if plan.weights_from is None:
        return None
    try:
        return Model.from_dict(plan.weights_from.weights)
    except (KeyError, TypeError, ValueError):
        plan.weights_from = None
        return None


def plan_import(rows: list[Row], organisation: Organisation, actor: Actor, list_name: str,
                file_name: str, content: bytes, mapping: dict[str, str],
                progress=None, as_of: dt.date | None = None) -> Plan:
    sha = hashlib.sha256(content).hexdigest()
    plan = Plan(organisation, list_name, file_name, sha, mapping, [], as_of=as_of)
    last = ListVersion.objects.filter(organisation=organisation, list_name=list_name).first()
    if last is not None and last.sha256 == sha:
        plan.already_imported = last  # nothing to do: no need to link
        return plan
    run = _Run(plan, rows, actor)
    model = _reused_model(plan, len(rows))
    result = link(run.records, run.decisions(), Policy(), progress=progress, model=model)
    plan.stats = dict(result.stats)
    if model is None and len(rows) >= LEARN_FROM_ROWS:
        plan.weights = result.model.to_dict()
    plan.rows = _Outcomes(run, result).rows()
    return plan


class _Outcomes:
    """What the linkage result means for each row of the file."""

    def __init__(self, run: _Run, result):
        self.run, self.result = run, result
        first_row = run.first_row
        self.registry_in_cluster = {result.cluster_of[i]: int(run.records[i].id)
                                    for i in range(first_row)}
        self.best_review: dict[int, tuple] = {}
        for p in result.review:
            a, b = sorted((p.a, p.b))
            # a registry person and a row of this file
            if a < first_row <= b and (b not in self.best_review
                                       or self.best_review[b][0].probability < p.probability):
                self.best_review[b] = (p, int(run.records[a].id))
        self.links_of: dict[int, list] = defaultdict(list)
        for p in result.links:
            self.links_of[p.a].append(p)
            self.links_of[p.b].append(p)

    def rows(self) -> list[PlannedRow]:
        return [self._planned(self.run.first_row + n, row) for n, row in enumerate(self.run.rows)]

    def _planned(self, i: int, row: Row) -> PlannedRow:
        run = self.run
        entry = run.previous.get(row.id)
        person = self.registry_in_cluster.get(self.result.cluster_of[i])
        planned = PlannedRow(row, Outcome.CREATED, previous=entry.values if entry else None)
        if person is not None:
            planned.person_id = person
            if entry is not None and run.person_of(entry.person_id) == person:
                planned.outcome = (Outcome.UNCHANGED if entry.values == row.values
                                   else Outcome.UPDATED)
            else:
                planned.outcome = Outcome.MATCHED
                why = [p for p in self.links_of[i] if run.first_row > min(p.a, p.b)]
                if why:
                    _explain(planned, why[0])
                    planned.rule = str(why[0].rule or "")
                else:
                    planned.reason = "linked through another record"
        elif i in self.best_review:
            pair, planned.candidate_id = self.best_review[i]
            planned.outcome = Outcome.REVIEW
            _explain(planned, pair)
        return planned


def _explain(planned: PlannedRow, pair) -> None:
    planned.score = pair.probability
    planned.reason = _readable(pair.reason)
    planned.explanation = [_readable(e) for e in pair.explanation]


def _readable(text: str) -> str:
    """The linker's words with the file's and the registry's names in place of their tags
    (which hold a NUL, and PostgreSQL stores no NUL in text)."""
    return text.replace(NEW, "this file").replace(REGISTRY, "the registry")
