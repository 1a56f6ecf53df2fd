"""The column-wise load (`load_columns`) reads the same persons as a plain person-by-person
reading of the registry's records (the loader Vigil had before, kept here as the oracle):
the same `Person`s and the same figures, on random registries and writes (hypothesis), in
every kind of scope.

These tests commit (transaction=True), as the kept-registry tests do.
"""

import datetime as dt
from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.publishing.test_incremental_figures import DAYS, WRITES, apply, definitions
from vigil.accounts.actors import acting_for
from vigil.accounts.models import Role
from vigil.dates import PartialDate
from vigil.figures import CustodyPeriod as CorePeriod
from vigil.figures import Person as CorePerson
from vigil.figures import Population, breakdown, count
from vigil.figures import Recognition as CoreRecognition
from vigil.publishing.population import (
    CUSTODY_KINDS,
    END_REASONS,
    TRACKING,
    Scope,
    load_columns,
)
from vigil.registry import models as m

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
AS_OF = [dt.date(2022, 2, 1), dt.date(2023, 4, 30)]


def _partial(day: dt.date | None, precision: str | None) -> PartialDate | None:
    return PartialDate.from_parts(day, precision or "D")


def _standing(day: dt.date | None, precision: str | None, as_of: dt.date) -> bool:
    """Whether a dated fact had happened by the end of `as_of` (first-day rule)."""
    return day is None or _partial(day, precision).first_day <= as_of


def reference_persons(scope: Scope, as_of: dt.date) -> list[CorePerson]:
    """Every person in the scope as the core's `Person`, read record by record (values()
    dicts, one `Person` at a time): the oracle."""

    def of(model: type[m.Record], person: str = "person_id"):
        return scope.of(model)

    persons = of(m.Person, "pk")
    person_ids = persons.values("pk")
    rows = list(persons.values("id", "gender", "region__slug", "tracking_status"))

    occupations: dict[int, set[str]] = defaultdict(set)
    groups: dict[int, set[str]] = defaultdict(set)
    through = m.Person.occupations.through.objects.filter(person_id__in=person_ids)
    for pid, slug, group in through.values_list("person_id", "occupation__slug",
                                                 "occupation__group"):
        occupations[pid].add(slug)
        groups[pid].add(group)

    custody: dict[int, list[CorePeriod]] = defaultdict(list)
    for r in of(m.CustodyPeriod).values(
        "person_id", "kind", "started", "started_precision", "ended", "ended_precision",
        "end_reason",
    ).order_by("started", "pk"):
        ended = _partial(r["ended"], r["ended_precision"])
        custody[r["person_id"]].append(CorePeriod(
            start=_partial(r["started"], r["started_precision"]),
            end=ended,
            end_reason=END_REASONS.get(r["end_reason"], "other") if ended else None,
            kind=CUSTODY_KINDS.get(r["kind"], "other"),
        ))

    recognitions: dict[int, list[CoreRecognition]] = defaultdict(list)
    # Same-day records in (date, pk) order: the core lets the last one win (DESIGN §3.5).
    for r in of(m.Recognition).values(
        "person_id", "organisation__slug", "status", "since", "since_precision", "until",
        "until_precision",
    ).order_by("since", "pk"):
        recognitions[r["person_id"]].append(CoreRecognition(
            organisation=r["organisation__slug"], status=r["status"],
            start=_partial(r["since"], r["since_precision"]),
            end=_partial(r["until"], r["until_precision"]),
        ))

    cases = of(m.Case)
    articles: dict[int, set[str]] = defaultdict(set)
    case_person = dict(cases.values_list("pk", "person_id"))
    charges = m.Case.charges.through.objects.filter(case_id__in=cases.values("pk"))
    for case_id, article in charges.values_list("case_id", "article__article"):
        articles[case_person[case_id]].add(article)
    case_status: dict[int, str] = {}
    sentence_kind: dict[int, str] = {}
    for r in cases.values(
        "person_id", "opened", "opened_precision", "verdict", "verdict_date",
        "verdict_date_precision", "sentence_kind",
    ).order_by("opened", "pk"):
        if not _standing(r["opened"], r["opened_precision"], as_of):
            continue
        decided = r["verdict"] != m.Verdict.PENDING and r["verdict_date"] is not None and \
            _standing(r["verdict_date"], r["verdict_date_precision"], as_of)
        case_status[r["person_id"]] = r["verdict"] if decided else m.Verdict.PENDING
        if decided and r["verdict"] == m.Verdict.CONVICTED and r["sentence_kind"]:
            sentence_kind[r["person_id"]] = r["sentence_kind"]

    facility: dict[int, str] = {}
    for r in of(m.Placement, "custody__person_id").values(
        "custody__person_id", "facility__slug", "since", "since_precision", "until",
        "until_precision",
    ).order_by("since", "pk"):
        began = r["since"] is None or _standing(r["since"], r["since_precision"], as_of)
        over = r["until"] is not None and _standing(r["until"], r["until_precision"], as_of)
        if began and not over:
            facility[r["custody__person_id"]] = r["facility__slug"]

    return [
        CorePerson(
            id=r["id"],
            gender=r["gender"] or None,
            region=r["region__slug"],
            occupations=occupations.get(r["id"], ()),
            occupation_groups=groups.get(r["id"], ()),
            articles=articles.get(r["id"], ()),
            facility=facility.get(r["id"]),
            sentence_kind=sentence_kind.get(r["id"]),
            case_status=case_status.get(r["id"]),
            status=TRACKING.get(r["tracking_status"], "unknown"),
            custody=custody.get(r["id"], ()),
            recognitions=recognitions.get(r["id"], ()),
        )
        for r in rows
    ]


RECORDS = ["case", "verdict", "placement", "moved", "partial"]


def add_record(write: str, person, pick: int, day: str) -> None:
    """Records the kept-registry writes do not make: cases with charges and verdicts,
    placements, dates known only to the month or year."""
    org = person.organisation
    start = PartialDate.parse(day)
    period = person.custody_periods.first()
    if write == "case":
        case = m.Case(person=person, organisation=org, visibility=person.visibility)
        case.set_partial("opened", start)
        case.save()
        case.charges.add(*m.Article.objects.order_by("pk")[pick % 5:pick % 5 + 1 + pick % 2])
    elif write == "verdict":
        verdict = [m.Verdict.CONVICTED, m.Verdict.ACQUITTED, m.Verdict.PENDING][pick % 3]
        m.Case.objects.filter(person=person).update(
            verdict=verdict, verdict_date=start.first_day, verdict_date_precision="D",
            sentence_kind="imprisonment" if pick % 2 else "")
    elif write in ("placement", "moved") and period is not None:
        facility = m.Facility.objects.order_by("pk")[pick % 3]
        until = start.first_day if write == "moved" else None
        m.Placement.objects.create(custody=period, organisation=org, facility=facility,
                                   visibility=period.visibility, since=period.started,
                                   until=until)
    elif write == "partial" and period is not None:
        precision = "M" if pick % 2 else "Y"
        m.CustodyPeriod.objects.filter(pk=period.pk).update(
            started=period.started.replace(day=1), started_precision=precision)


def scopes(org_a, org_b):
    return [Scope.whole_registry(), Scope.public(),
            Scope.for_actor(acting_for(org_a.pk, Role.VIEWER)),
            Scope.for_actor(acting_for(org_b.pk, Role.DOCUMENTER))]


def by_id(persons) -> list:
    return sorted(persons, key=lambda p: p.id)


def check_same(scope: Scope, as_of: dt.date) -> None:
    expected = reference_persons(scope, as_of)
    columns = load_columns(scope, as_of)
    assert by_id(columns.persons()) == by_id(expected), scope.description
    population = Population(columns)
    for definition in definitions():
        assert population.count(definition) == count(expected, definition)
        for by in ("article", "facility", "case_status", "sentence_kind", "custody",
                   "occupation_group"):
            assert population.breakdown(definition, by) == breakdown(expected, definition, by)


@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(WRITES + RECORDS), st.integers(0, 99),
                          st.sampled_from(DAYS)), min_size=1, max_size=12))
def test_the_column_wise_load_reads_the_persons_the_records_say(org_a, org_b, writes):
    persons = list(m.Person.objects.filter(deleted_at__isnull=True)[:20])
    for write, pick, day in writes:
        if write in RECORDS and persons:
            add_record(write, persons[pick % len(persons)], pick, day)
        else:
            apply(write, persons, pick, day, org_a, org_b)
    for scope in scopes(org_a, org_b):
        for as_of in AS_OF:
            check_same(scope, as_of)
