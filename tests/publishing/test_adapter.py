"""The registry adapter gives the pure core's answers: issue 4's hand-computed scenarios,
recorded through the registry, counted both ways."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_custody, make_person
from tests.publishing.helpers import recognise
from vigil.figures import CustodyPeriod, FigureDefinition, Person, Recognition, count
from vigil.publishing.population import Scope, load_persons
from vigil.publishing.service import compute
from vigil.registry import models as m

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def timelines(org_a):
    """The scenarios, each one person of organisation A, recognised by A."""
    people = {}
    released = people["released_30_nov"] = make_person(org_a, name="Released")
    make_custody(released, "2021-01-01", "2021-11-30", end_reason="served")
    recognise(released, since="2021-01-01")
    died = people["died_10_may"] = make_person(org_a, name="Died")
    make_custody(died, "2023-01-01", "2023-05-10", end_reason="died")
    recognise(died, since="2023-01-01")
    rearrested = people["rearrested"] = make_person(org_a, name="Rearrested")
    make_custody(rearrested, "2021-01-01", "2021-06-01", end_reason="released")
    make_custody(rearrested, "2021-06-01")
    recognise(rearrested, since="2021-01-01")
    withdrawn = people["withdrawn"] = make_person(org_a, name="Withdrawn")
    make_custody(withdrawn, "2021-01-01")
    recognise(withdrawn, since="2021-01-17")
    recognise(withdrawn, since="2021-02-23", status="withdrawn")
    month = people["month_only"] = make_person(org_a, name="Month only")
    make_custody(month, "2021-02")
    recognise(month, since="2021-02")
    return people


def core_persons():
    """The same timelines written directly for the core (ids filled in by the test)."""
    R = "recognised"
    return {
        "released_30_nov": dict(custody=[CustodyPeriod("2021-01-01", "2021-11-30", "served")],
                                recognitions=[Recognition("org-a", R, "2021-01-01")]),
        "died_10_may": dict(custody=[CustodyPeriod("2023-01-01", "2023-05-10", "died")],
                            recognitions=[Recognition("org-a", R, "2023-01-01")]),
        "rearrested": dict(custody=[CustodyPeriod("2021-01-01", "2021-06-01", "other"),
                                    CustodyPeriod("2021-06-01")],
                           recognitions=[Recognition("org-a", R, "2021-01-01")]),
        "withdrawn": dict(custody=[CustodyPeriod("2021-01-01")],
                          recognitions=[Recognition("org-a", R, "2021-01-17"),
                                        Recognition("org-a", "withdrawn", "2021-02-23")]),
        "month_only": dict(custody=[CustodyPeriod("2021-02")],
                           recognitions=[Recognition("org-a", R, "2021-02")]),
    }


DEFINITIONS = [
    FigureDefinition.stock(D(2021, 11, 29), recognised_by=("org-a",)),
    FigureDefinition.stock(D(2021, 11, 30), recognised_by=("org-a",)),
    FigureDefinition.stock(D(2021, 12, 1), recognised_by=("org-a",)),
    FigureDefinition.stock(D(2023, 5, 9), recognised_by=("org-a",)),
    FigureDefinition.stock(D(2023, 5, 10), recognised_by=("org-a",)),
    FigureDefinition.stock(D(2021, 2, 22), recognised_by=("org-a",)),
    FigureDefinition.stock(D(2021, 2, 23), recognised_by=("org-a",)),
    FigureDefinition.stock(D(2021, 1, 31), recognised_by=("org-a",)),
    FigureDefinition.cumulative(D(2023, 12, 31), recognised_by=("org-a",)),
    FigureDefinition.during(D(2021, 1, 1), D(2021, 12, 31), recognised_by=("org-a",)),
    FigureDefinition.during(D(2021, 6, 1), D(2021, 6, 1)),
    FigureDefinition.cumulative(D(2021, 12, 31)),
]


def ids(timelines, *names):
    return tuple(sorted(timelines[n].pk for n in names))


def answer(definition):
    return compute(Scope.whole_registry(), definition).figure


def test_the_adapter_gives_the_same_answers_as_the_core_on_hand_built_records(timelines):
    core = [Person(timelines[name].pk, gender="unknown", **spec)
            for name, spec in core_persons().items()]
    for definition in DEFINITIONS:
        expected = count(core, definition, {"org-a": "Organisation A"})
        got = answer(definition)
        assert got.person_ids == expected.person_ids, definition
        assert got.citation == expected.citation


def test_the_hand_computed_answers(timelines):
    stock = lambda day: answer(FigureDefinition.stock(day, recognised_by=("org-a",)))  # noqa: E731
    # released on 30 November: in the stock of 29 November only, in the year's during count
    assert timelines["released_30_nov"].pk in stock(D(2021, 11, 29)).person_ids
    assert timelines["released_30_nov"].pk not in stock(D(2021, 11, 30)).person_ids
    assert timelines["released_30_nov"].pk not in stock(D(2021, 12, 1)).person_ids
    during = answer(FigureDefinition.during(D(2021, 1, 1), D(2021, 12, 31),
                                            recognised_by=("org-a",)))
    assert timelines["released_30_nov"].pk in during.person_ids
    # died in custody on 10 May: in the stock of 9 May, not of 10 May, still cumulative
    assert timelines["died_10_may"].pk in stock(D(2023, 5, 9)).person_ids
    assert timelines["died_10_may"].pk not in stock(D(2023, 5, 10)).person_ids
    cumulative = answer(FigureDefinition.cumulative(D(2023, 12, 31), recognised_by=("org-a",)))
    assert cumulative.count == 5
    # re-arrest counted once; withdrawal ends the recognition on its day
    assert stock(D(2021, 12, 1)).person_ids == ids(timelines, "rearrested", "month_only")
    assert timelines["withdrawn"].pk in stock(D(2021, 2, 22)).person_ids
    assert timelines["withdrawn"].pk not in stock(D(2021, 2, 23)).person_ids
    assert during.count == 4  # the one who died in 2023 was not held in 2021


def test_same_day_recognitions_are_taken_in_recorded_order(org_a):
    person = make_person(org_a)
    make_custody(person, "2021-01-01")
    recognise(person, since="2021-03-01")
    recognise(person, since="2021-03-01", status="withdrawn")  # recorded after: wins
    assert answer(FigureDefinition.stock(D(2021, 3, 1), recognised_by=("org-a",))).count == 0


def test_deleted_records_are_not_counted(org_a, admin_a):
    person = make_person(org_a)
    period = make_custody(person, "2021-01-01")
    recognise(person)
    definition = FigureDefinition.stock(D(2021, 5, 1), recognised_by=("org-a",))
    assert answer(definition).count == 1
    period.soft_delete(admin_a)
    assert answer(definition).count == 0
    period.restore()
    person.soft_delete(admin_a)
    assert answer(definition).count == 0


def test_the_web_scope_counts_only_what_the_viewer_sees(org_a, org_b, documenter_b):
    from vigil.accounts.actors import actor_for

    hidden = make_person(org_a)  # organisation only
    make_custody(hidden, "2021-01-01")
    shared = make_person(org_b, visibility=m.Visibility.PUBLIC)
    make_custody(shared, "2021-01-01")
    definition = FigureDefinition.stock(D(2021, 5, 1))
    assert answer(definition).count == 2
    seen = compute(Scope.for_actor(actor_for(documenter_b)), definition).figure
    assert seen.person_ids == (shared.pk,)


def test_attributes_come_from_the_registry_as_of_the_day(org_a):
    journalist = m.Occupation.objects.get(slug="journalist")
    writer = m.Occupation.objects.get(slug="writer")
    article = m.Article.objects.filter(article="342").first()
    facility = m.Facility.objects.create(slug="test-sizo", name_en="Test SIZO", kind="pretrial")
    person = make_person(org_a, gender="female", region=m.Region.objects.get(slug="hrodna"))
    person.occupations.add(journalist, writer)
    case = m.Case.objects.create(person=person, organisation=org_a, verdict="convicted",
                                 opened=D(2021, 1, 1), verdict_date=D(2021, 6, 1),
                                 sentence_kind="imprisonment")
    case.charges.add(article)
    period = make_custody(person, "2021-01-01")
    m.Placement.objects.create(custody=period, organisation=org_a, facility=facility,
                               since=D(2021, 1, 1))
    (before,) = load_persons(Scope.whole_registry(), D(2021, 5, 1))
    (after,) = load_persons(Scope.whole_registry(), D(2021, 7, 1))
    assert before.case_status == "pending" and after.case_status == "convicted"
    assert after.sentence_kind == "imprisonment" and before.sentence_kind is None
    assert after.occupations == {"journalist", "writer"}
    assert after.occupation_groups == {"media", "culture"}
    assert after.articles == {"342"} and after.facility == "test-sizo"
    assert (after.gender, after.region) == ("female", "hrodna")


def test_the_adapter_needs_a_few_queries_whatever_the_number_of_persons(org_a):
    """One query per table and one per vocabulary (load_columns), however many persons."""
    counts = []
    for batch in range(2):
        for i in range(30):
            person = make_person(org_a, name=f"Person {batch}-{i}")
            make_custody(person, "2021-01-01")
            recognise(person)
        with CaptureQueriesContext(connection) as queries:
            load_persons(Scope.whole_registry(), D(2021, 5, 1))
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 16
