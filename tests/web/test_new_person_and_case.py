"""A new person with all spellings at once, and a case with its custody period on one page
(issue 14)."""

import pytest

from vigil.registry import models as m

pytestmark = pytest.mark.django_db


@pytest.fixture
def documenter(client, documenter_a):
    client.force_login(documenter_a)
    return client


def person_form(**fields):
    return {"gender": "male", "tracking_status": "known", "visibility": "organisation",
            **fields}


def test_a_new_person_takes_three_spellings_at_once(documenter):
    response = documenter.post("/persons/new/", person_form(
        name_be="Мікалай Клімовіч", name_ru="Николай Климович", name_latin="Mikalay Klimovich"))
    assert response.status_code == 302
    person = m.Person.objects.get()
    names = [(n.text, n.language, n.script, n.kind, n.is_primary) for n in person.names.all()]
    assert names == [
        ("Мікалай Клімовіч", "be", "Cyrl", "belarusian", True),
        ("Николай Климович", "ru", "Cyrl", "russian", False),
        ("Mikalay Klimovich", "en", "Latn", "latin", False),
    ]
    page = documenter.get(f"/persons/{person.pk}/").text
    main = page.split("<main", 1)[1]  # the header's language switch names English
    assert "Latin" in main and "English" not in main


def test_the_first_spelling_given_is_shown_first_and_lacinka_is_told(documenter):
    documenter.post("/persons/new/", person_form(name_latin="Aleś Bialacki"))
    name = m.NameVariant.objects.get()
    assert (name.is_primary, name.kind) == (True, "lacinka")


def test_a_spelling_in_the_wrong_script_is_refused_naming_the_field(documenter):
    response = documenter.post("/persons/new/", person_form(name_be="Ales Bialiatski"))
    assert response.status_code == 400
    assert "Name in Belarusian (Cyrillic): “Ales Bialiatski” is not in that script." in (
        response.content.decode())
    assert not m.Person.objects.exists()


def test_a_person_needs_one_spelling(documenter):
    response = documenter.post("/persons/new/", person_form())
    assert response.status_code == 400
    assert "at least one spelling" in response.text
    assert not m.Person.objects.exists()


def case_form(**fields):
    return {"verdict": "pending", "visibility": "coalition", **fields}


def test_one_page_creates_a_case_with_its_custody_period(documenter, person_a, source_a):
    response = documenter.post(f"/persons/{person_a.pk}/case/new/", case_form(
        cite_sources=[source_a.pk], **{"custody-kind": "pretrial", "custody-started": "2021-07",
                                       "custody-ended": ""}))
    assert response.status_code == 302, response.text
    case = m.Case.objects.get()
    custody = m.CustodyPeriod.objects.get()
    assert (custody.case, custody.visibility, str(custody.partial("started"))) == (
        case, "coalition", "2021-07")
    cited = m.Citation.objects.filter(object_id=custody.pk, source=source_a,
                                      content_type__model="custodyperiod")
    assert cited.count() == 1  # sourced as the case is


def test_a_case_alone_is_still_a_case(documenter, person_a):
    assert documenter.post(f"/persons/{person_a.pk}/case/new/", case_form()).status_code == 302
    assert m.Case.objects.count() == 1 and not m.CustodyPeriod.objects.exists()


def test_a_bad_custody_date_saves_neither(documenter, person_a):
    response = documenter.post(f"/persons/{person_a.pk}/case/new/", case_form(
        **{"custody-kind": "pretrial", "custody-started": "2023-02-30"}))
    assert response.status_code == 400
    assert "February 2023 has 28 days" in response.text
    assert not m.Case.objects.exists() and not m.CustodyPeriod.objects.exists()
