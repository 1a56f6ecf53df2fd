"""Dates typed as text (year, year-month or day; never the browser's mm/dd/yyyy), refused
in the future wherever a date must have passed, each error naming the field."""

import json

import pytest

from vigil.accounts.actors import actor_for
from vigil.accounts.models import ApiToken
from vigil.registry import forms as f
from vigil.registry import models as m

pytestmark = pytest.mark.django_db

RECORD_FORMS = [f.PersonForm, f.SourceForm, *f.PERSON_RECORD_FORMS.values()]
AHEAD = {(f.CaseForm, "trial_started")}  # a trial is scheduled before it begins


def bound(form_class, person, actor, data):
    if form_class in (f.PersonForm, f.SourceForm):
        return form_class(data, actor=actor)
    return form_class(data, actor=actor, person=person)


@pytest.mark.parametrize("form_class", RECORD_FORMS, ids=lambda c: c.__name__)
def test_every_date_that_must_have_passed_refuses_the_future_naming_the_field(
        form_class, person_a, documenter_a):
    actor = actor_for(documenter_a)
    for name in form_class.partial_dates:
        form = bound(form_class, person_a, actor, {name: "2030-01-01"})
        errors = " ".join(form.errors.get(name, []))
        if (form_class, name) in AHEAD:
            assert "future" not in errors
        else:
            label = form.fields[name].label
            assert f"{label}: 2030-01-01 is in the future" in errors, (form_class, name)


def test_the_api_refuses_a_future_detention_date_naming_the_field(client, documenter_a,
                                                                  person_a):
    _record, token = ApiToken.issue(documenter_a, "test")
    response = client.post(f"/api/v1/persons/{person_a.pk}/custody", json.dumps({
        "kind": "pretrial", "started": "2030-01-01", "visibility": "organisation"}),
        content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 422
    assert "From: 2030-01-01 is in the future" in " ".join(response.json()["errors"]["started"])
    assert not m.CustodyPeriod.objects.exists()


def test_date_fields_are_text_with_a_hint_and_take_partial_dates(client, documenter_a,
                                                                 person_a):
    client.force_login(documenter_a)
    page = client.get(f"/persons/{person_a.pk}/custody/new/").text
    assert 'type="date"' not in page
    assert '<input type="text" name="started"' in page and "YYYY, YYYY-MM or YYYY-MM-DD" in page
    for typed in ["2021", "2021-07", "2021-07-14"]:
        m.CustodyPeriod.objects.all().delete()
        response = client.post(f"/persons/{person_a.pk}/custody/new/", {
            "kind": "pretrial", "started": typed, "visibility": "organisation"})
        assert response.status_code == 302
        assert str(m.CustodyPeriod.objects.get().partial("started")) == typed


@pytest.mark.parametrize(("typed", "message"), [
    ("14.07.2021", "From: “14.07.2021” is not a date. Write a year (2021), a month (2021-02) "
                   "or a day (2021-02-14)."),
    ("2021-13", "From: “2021-13” is not a date: there is no month 13."),
])
def test_a_bad_date_is_shown_again_as_typed_with_the_field_named(client, documenter_a,
                                                                 person_a, typed, message):
    client.force_login(documenter_a)
    response = client.post(f"/persons/{person_a.pk}/custody/new/", {
        "kind": "pretrial", "started": typed, "visibility": "organisation"})
    assert response.status_code == 400
    assert f'value="{typed}"' in response.text
    assert message in response.text.replace("&#x27;", "'").replace("&quot;", '"')
    assert not m.CustodyPeriod.objects.exists()


def test_the_figures_page_takes_a_typed_day_and_names_a_bad_one(client, documenter_a):
    client.force_login(documenter_a)
    page = client.get("/figures/").text
    assert 'type="date"' not in page and "YYYY-MM-DD, e.g. 2023-04-30" in page
    response = client.get("/figures/", {"kind": "stock", "as_of": "30.04.2023"})
    assert response.status_code == 400
    assert 'value="30.04.2023"' in response.text
    assert ("As of the end of: “30.04.2023” is not a day. Write it as YYYY-MM-DD"
            in response.text)
    assert client.get("/figures/", {"kind": "stock", "as_of": "2023-04-30"}).status_code == 200
