"""Judges and prosecutors are court officials, typed by name in the case form (issue 14)."""

import json

import pytest

from tests.factories import make_person
from vigil.accounts.models import Organisation
from vigil.registry import models as m

pytestmark = pytest.mark.django_db


@pytest.fixture
def documenter(client, documenter_a):
    client.force_login(documenter_a)
    return client


@pytest.fixture
def court(db):
    return Organisation.objects.create(slug="minsk-court", name_en="Minsk City Court",
                                       kind="court")


def official(org, name, role="judge", court=None, visibility="organisation"):
    return m.CourtOfficial.objects.create(organisation=org, name=name, role=role, court=court,
                                          visibility=visibility)


def case_form(**fields):
    return {"verdict": "pending", "visibility": "organisation", **fields}


def test_the_case_form_offers_no_person_as_a_judge(documenter, person_a, org_a):
    make_person(org_a, "Марына Золатава")
    page = documenter.get(f"/persons/{person_a.pk}/case/new/").text
    assert '<select name="judge"' not in page
    assert 'data-official-search="judge"' in page
    assert "Марына Золатава" not in page
    assert "vigil/picker" in page  # the script that suggests recorded officials


def test_a_judge_typed_by_name_is_recorded_once_and_reused(documenter, person_a, court):
    url = f"/persons/{person_a.pk}/case/new/"
    for _ in range(2):
        response = documenter.post(url, case_form(judge="Іван Іваноў", court=court.pk,
                                                  prosecutor="Pyotr Petrov"))
        assert response.status_code == 302, response.text
    judge = m.CourtOfficial.objects.get(role="judge")
    assert (judge.name, judge.court, judge.organisation) == ("Іван Іваноў", court,
                                                            person_a.organisation)
    assert m.CourtOfficial.objects.get(role="prosecutor").court is None
    assert m.Case.objects.filter(judge=judge).count() == 2
    assert not m.Person.objects.exclude(pk=person_a.pk).exists()  # no person was made


def test_two_judges_of_one_name_are_told_apart_by_court(documenter, person_a, org_a, court):
    other = Organisation.objects.create(slug="brest", name_en="Brest Court", kind="court")
    official(org_a, "Ivan Ivanou", court=court)
    wanted = official(org_a, "Ivan Ivanou", court=other)
    url = f"/persons/{person_a.pk}/case/new/"
    response = documenter.post(url, case_form(judge="Ivan Ivanou"))
    assert response.status_code == 400
    assert "Ivan Ivanou (Minsk City Court); Ivan Ivanou (Brest Court)" in response.text
    assert not m.Case.objects.exists()
    response = documenter.post(url, case_form(judge="Ivan Ivanou (Brest Court)"))
    assert response.status_code == 302
    assert m.Case.objects.get().judge == wanted


def test_the_edit_form_shows_the_judge_by_label(documenter, person_a, org_a, court):
    judge = official(org_a, "Ivan Ivanou", court=court)
    case = m.Case.objects.create(person=person_a, organisation=org_a, judge=judge)
    page = documenter.get(f"/persons/{person_a.pk}/case/{case.pk}/edit/").text
    assert 'value="Ivan Ivanou (Minsk City Court)"' in page


def test_another_organisations_private_official_is_neither_found_nor_reused(
        client, documenter_b, person_a, org_a, org_b):
    official(org_a, "Ivan Ivanou")
    client.force_login(documenter_b)
    found = json.loads(client.get("/officials/?format=json&q=Ivanou").content)
    assert found == {"results": []}
    person_b = make_person(org_b, "Мікалай Клімовіч")
    response = client.post(f"/persons/{person_b.pk}/case/new/", case_form(judge="Ivan Ivanou"))
    assert response.status_code == 302
    assert m.Case.objects.get().judge.organisation == org_b


def test_the_search_finds_an_official_from_another_spelling(documenter, org_a, court):
    official(org_a, "Іван Іваноў", court=court)
    official(org_a, "Іван Іваноў", role="prosecutor")
    found = json.loads(documenter.get("/officials/?format=json&role=judge&q=Иванов").content)
    assert [r["label"] for r in found["results"]] == ["Іван Іваноў (Minsk City Court)"]
    page = documenter.get("/officials/?q=Ivanou").text  # the page that needs no script
    assert page.count("Іван Іваноў") == 2
