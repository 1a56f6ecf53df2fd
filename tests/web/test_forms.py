"""Bad input on the pages: a message naming the field, what was typed shown again, nothing
written."""

import pytest

from tests.factories import make_custody
from vigil.registry import models as m

pytestmark = pytest.mark.django_db


@pytest.fixture
def documenter(client, documenter_a):
    client.force_login(documenter_a)
    return client


def custody_form(**fields):
    return {"kind": "pretrial", "visibility": "organisation", **fields}


def test_a_release_before_the_detention_is_refused(documenter, person_a):
    response = documenter.post(f"/persons/{person_a.pk}/custody/new/", custody_form(
        started="2021-07-14", ended="2021-07-01", end_reason="released"))
    assert response.status_code == 400
    assert "before the start" in response.text
    assert 'value="2021-07-01"' in response.text  # what was typed is still there
    assert not m.CustodyPeriod.objects.exists()


def test_an_overlapping_custody_period_is_refused(documenter, person_a):
    make_custody(person_a, "2021-07-14")
    response = documenter.post(f"/persons/{person_a.pk}/custody/new/",
                               custody_form(started="2022-01-01"))
    assert response.status_code == 400
    assert "overlaps another custody period" in response.text
    assert m.CustodyPeriod.objects.count() == 1


def test_an_impossible_date_is_refused_naming_it(documenter, person_a):
    response = documenter.post(f"/persons/{person_a.pk}/custody/new/",
                               custody_form(started="2023-02-30"))
    assert response.status_code == 400
    assert "February 2023 has 28 days" in response.text
    assert 'value="2023-02-30"' in response.text
    assert not m.CustodyPeriod.objects.exists()


def test_an_unknown_article_is_refused(documenter, person_a):
    response = documenter.post(f"/persons/{person_a.pk}/case/new/", {
        "charges": ["999999"], "verdict": "pending", "visibility": "organisation"})
    assert response.status_code == 400
    assert "999999 is not one of the available choices" in response.text
    assert not m.Case.objects.exists()


def test_a_partial_date_is_kept_with_its_precision(documenter, person_a):
    response = documenter.post(f"/persons/{person_a.pk}/custody/new/",
                               custody_form(started="2021-07"))
    assert response.status_code == 302
    period = m.CustodyPeriod.objects.get()
    assert str(period.partial("started")) == "2021-07"
    assert period.organisation == person_a.organisation


def test_two_editors_the_second_save_is_refused_and_keeps_what_was_typed(
    client, documenter_a, person_a
):
    client.force_login(documenter_a)
    edit = f"/persons/{person_a.pk}/edit/"
    form = client.get(edit).context["form"]
    loaded = {name: form[name].value() for name in form.fields}
    loaded = {k: v for k, v in loaded.items() if v is not None}
    first = {**loaded, "summary": "first editor's summary", "occupations": []}
    second = {**loaded, "summary": "second editor's summary", "occupations": []}
    assert client.post(edit, first).status_code == 302
    response = client.post(edit, second)
    assert response.status_code == 400
    assert response.text.count("Someone else saved this record") == 1
    assert response.text.count("Nothing was saved") == 1  # not the banner for wrong fields too
    assert "second editor&#x27;s summary" in response.text
    person_a.refresh_from_db()
    assert person_a.summary == "first editor's summary"


def test_a_refused_save_of_a_record_about_the_person_says_so_once(client, documenter_a,
                                                                  person_a):
    period = make_custody(person_a, "2021-07-14")
    client.force_login(documenter_a)
    edit = f"/persons/{person_a.pk}/custody/{period.pk}/edit/"
    form = client.get(edit).context["form"]
    loaded = {k: v for k in form.fields if (v := form[k].value()) is not None}
    assert client.post(edit, {**loaded, "notes": "first"}).status_code == 302
    response = client.post(edit, {**loaded, "notes": "second", "started": "2021-07"})
    assert response.status_code == 400
    assert response.text.count("Nothing was saved") == 1
    assert response.text.count("Someone else saved this record") == 1
    assert 'value="2021-07"' in response.text and "second" in response.text
    wrong = client.post(edit, {**loaded, "version": period.version + 1, "started": "2021-13"})
    assert wrong.text.count("Nothing was saved") == 1  # the banner for a wrong field
    assert "Someone else saved" not in wrong.text


def test_a_condition_report_cites_its_source_on_the_timeline(
    documenter, person_a, condition_type, source_a
):
    response = documenter.post(f"/persons/{person_a.pk}/condition/new/", {
        "condition": condition_type.pk, "started": "2023-04", "description": "refused",
        "description_sensitivity": "restricted", "visibility": "organisation",
        "cite_sources": [source_a.pk], "citation_locator": "paragraph 7",
    })
    assert response.status_code == 302
    page = documenter.get(f"/persons/{person_a.pk}/").text
    assert "medical care denied" in page
    assert "Statement of 21 May</a><blockquote>paragraph 7</blockquote>" in page


def test_conflicting_claims_of_two_sources_are_shown_side_by_side(
    documenter, person_a, source_a, org_a
):
    from django.contrib.contenttypes.models import ContentType

    other = m.Source.objects.create(organisation=org_a, kind="list", title="BAJ list")
    for source, year in [(source_a, "1962"), (other, "1963")]:
        m.Citation.objects.create(organisation=org_a, source=source, object_id=person_a.pk,
                                  content_type=ContentType.objects.get_for_model(person_a),
                                  field="birth_date", claimed_value=year)
    page = documenter.get(f"/persons/{person_a.pk}/").text
    assert "(birth date: “1962”)" in page and "(birth date: “1963”)" in page


def test_a_new_person_gets_its_name_as_first_spelling(documenter):
    response = documenter.post("/persons/new/", {
        "primary_name": "Мікалай Клімовіч", "gender": "male", "tracking_status": "known",
        "visibility": "organisation", "birth_date": "1962"})
    assert response.status_code == 302
    person = m.Person.objects.get()
    name = person.names.get()
    assert (name.text, name.language, name.script, name.is_primary) == (
        "Мікалай Клімовіч", "be", "Cyrl", True)
    assert str(person.partial("birth_date")) == "1962"


def test_a_fact_can_be_cited_with_the_value_its_source_gives(documenter, person_a, source_a):
    response = documenter.post(f"/persons/{person_a.pk}/custody/new/", custody_form(
        started="2021-07-14", cite_sources=[source_a.pk], citation_field="started",
        citation_claim="14 July 2021"))
    assert response.status_code == 302
    citation = m.Citation.objects.get()
    assert (citation.field, citation.claimed_value) == ("started", "14 July 2021")


def test_a_claim_without_a_source_is_refused(documenter, person_a):
    response = documenter.post(f"/persons/{person_a.pk}/custody/new/", custody_form(
        started="2021-07-14", citation_field="started", citation_claim="14 July 2021"))
    assert response.status_code == 400
    assert "Choose the source that gives this fact" in response.text
    assert not m.CustodyPeriod.objects.exists()
