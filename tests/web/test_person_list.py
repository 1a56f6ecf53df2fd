"""The documenter's person list: custody now, region, detention date and recognising
organisations per row, from the records the viewer may see, in a fixed number of queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_custody, make_person
from vigil.dates import PartialDate
from vigil.registry import models as m

pytestmark = pytest.mark.django_db


@pytest.fixture
def documenter(client, documenter_a):
    client.force_login(documenter_a)
    return client


def row_of(client, name, **params):
    page = client.get("/", params).context["page"]
    return next(person for person in page if person.display_name == name)


def recognise(person, organisation, **fields):
    return m.Recognition.objects.create(
        person=person, organisation=organisation, status="recognised",
        since=dt.date(2021, 8, 1), **fields)


def test_a_held_person_shows_custody_region_detention_and_recognition(documenter, org_a):
    region = m.Region.objects.get_or_create(slug="hrodna", defaults={"name_en": "Hrodna"})[0]
    held = make_person(org_a, name="Held Now", region=region)
    make_custody(held, "2021-07", "2022-03-04", end_reason="sentenced")
    make_custody(held, "2022-03-04", kind="sentence")
    recognise(held, org_a)
    text = documenter.get("/").text
    assert "held (serving a sentence)" in text
    assert "Hrodna" in text
    assert "July 2021" in text  # the stretch began with pre-trial detention, a month known
    assert "Organisation A" in text


def test_a_released_person_shows_how_custody_ended(documenter, org_a):
    freed = make_person(org_a, name="Freed")
    make_custody(freed, "2021-01-01", "2021-06-01", end_reason="pardoned")
    person = row_of(documenter, "Freed")
    assert person.custody_now is None and person.detained_from is None
    assert "released (pardoned)" in documenter.get("/").text


def test_records_of_another_organisation_the_viewer_may_not_see_stay_out(documenter, org_a,
                                                                         org_b):
    shared = make_person(org_a, name="Shared Person", visibility=m.Visibility.PUBLIC)
    hidden = m.CustodyPeriod(person=shared, organisation=org_b, kind="pretrial",
                             visibility=m.Visibility.ORGANISATION)
    hidden.set_partial("started", PartialDate.parse("2023-05-09"))
    hidden.save()
    recognise(shared, org_b, visibility=m.Visibility.ORGANISATION)
    person = row_of(documenter, "Shared Person")
    assert person.custody_now is None and person.recognised_by == []
    text = documenter.get("/").text
    assert "Organisation B" not in text.split("<tbody>")[1]
    assert "no custody recorded" in text


def test_a_withdrawn_or_ended_recognition_is_not_listed(documenter, org_a):
    person = make_person(org_a, name="Once Recognised")
    recognise(person, org_a, until=dt.date(2022, 1, 1))
    assert row_of(documenter, "Once Recognised").recognised_by == []


def queries_for_list(client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/", {"size": "100"}).status_code == 200
    return len(captured)


def test_the_number_of_queries_does_not_grow_with_the_rows(documenter, org_a):
    def add_persons(count, start):
        for n in range(start, start + count):
            person = make_person(org_a, name=f"Person {n}")
            make_custody(person, "2021-07-14")
            recognise(person, org_a)

    add_persons(3, 0)
    few = queries_for_list(documenter)
    add_persons(12, 3)
    assert queries_for_list(documenter) == few


def test_the_page_size_is_chosen_and_a_bad_one_is_refused_clearly(documenter, org_a):
    for n in range(30):
        make_person(org_a, name=f"Person {n}")
    assert len(documenter.get("/", {"size": "25"}).context["page"]) == 25
    assert len(documenter.get("/").context["page"]) == 30
    response = documenter.get("/", {"size": "7"})
    assert response.context["size"] == 50
    assert "Page size “7” is not one of 25, 50 or 100; showing 50." in response.text


def test_a_page_is_reached_by_number_and_a_bad_number_is_named(documenter, org_a):
    for n in range(60):
        make_person(org_a, name=f"Person {n:02d}")
    response = documenter.get("/", {"size": "25", "page": "3"})
    assert response.context["page"].number == 3 and len(response.context["page"]) == 10
    assert '<form method="get" class="page-jump">' in response.text
    assert '<input type="hidden" name="size" value="25">' in response.text  # kept on a jump
    for asked, shown in [("9", 3), ("0", 3), ("two", 1)]:
        response = documenter.get("/", {"size": "25", "page": asked})
        assert response.context["page"].number == shown
        assert (f"There is no page “{asked}”: pages go from 1 to 3. Showing page {shown}."
                in response.text)
    assert "There is no page" not in documenter.get("/", {"page": "2"}).text


def test_in_custody_now_is_explained_against_the_figure_for_today(documenter, org_a,
                                                                  documenter_a):
    """The list and the stock figure of today (vigil.figures, through the publishing
    service) differ exactly by the held persons whose status the figure reports apart."""
    from vigil.accounts.actors import actor_for
    from vigil.figures import FigureDefinition
    from vigil.publishing.population import Scope, forget_loaded_populations
    from vigil.publishing.service import compute
    from vigil.web.custody_note import figures_today

    held = [make_person(org_a, name=f"Held {n}") for n in range(3)]
    missing = make_person(org_a, name="Held Missing", tracking_status="missing")
    unknown = make_person(org_a, name="Held Unknown", tracking_status="unknown")
    free_missing = make_person(org_a, name="Free Missing", tracking_status="missing")
    for person in [*held, missing, unknown]:
        make_custody(person, "2021-07-14")
    make_custody(free_missing, "2021-01-01", "2021-06-01", end_reason="served")
    forget_loaded_populations()
    response = documenter.get("/", {"in_custody": "1"})
    listed = response.context["page"].paginator.count
    figure = compute(Scope.for_actor(actor_for(documenter_a)),
                     FigureDefinition.stock(figures_today())).figure
    assert (listed, figure.count) == (5, 3)
    assert sum(len(ids) for ids in figure.reported_apart.values()) == 3  # free_missing too
    note = response.context["custody_note"]
    assert (note.listed, note.counted, note.other) == (listed, figure.count, 0)
    assert dict(note.apart) == {"missing": 1, "status unknown": 1}
    assert note.counted + sum(dict(note.apart).values()) == listed
    text = response.text
    assert "counts 3 of these 5" in text and "missing 1, status unknown 1" in text
    assert f'/figures/?kind=stock&amp;as_of={figures_today().isoformat()}' in text
