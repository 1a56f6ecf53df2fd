"""Issue 14, forms and records: future dates, end reason "sentenced", the person page."""

import pytest

from tests.factories import make_person
from vigil.registry import models as m

pytestmark = pytest.mark.django_db


@pytest.fixture
def documenter(client, documenter_a):
    client.force_login(documenter_a)
    return client


def test_a_future_detention_date_is_refused_naming_the_field(documenter, person_a):
    response = documenter.post(f"/persons/{person_a.pk}/custody/new/", {
        "kind": "pretrial", "visibility": "organisation", "started": "2030-01-01"})
    assert response.status_code == 400
    assert "From: 2030-01-01 is in the future" in response.text
    assert not m.CustodyPeriod.objects.exists()


def test_a_scheduled_trial_may_lie_ahead(documenter, person_a):
    response = documenter.post(f"/persons/{person_a.pk}/case/new/", {
        "verdict": "pending", "visibility": "organisation", "trial_started": "2030-01"})
    assert response.status_code == 302
    assert m.Case.objects.get().trial_started.year == 2030


def test_a_pretrial_period_can_end_with_sentencing(documenter, person_a):
    response = documenter.post(f"/persons/{person_a.pk}/custody/new/", {
        "kind": "pretrial", "visibility": "organisation", "started": "2021-07-14",
        "ended": "2022-03-03", "end_reason": "sentenced"})
    assert response.status_code == 302
    page = documenter.get(f"/persons/{person_a.pk}/").text
    assert "Custody ended: sentenced" in page


def test_the_person_page_labels_latin_names_and_undated_affiliations(
        documenter, org_a, person_a):
    m.NameVariant.objects.create(person=person_a, organisation=org_a, text="Ales Bialiatski",
                                 language="en", script="Latn", kind="latin")
    m.Affiliation.objects.create(person=person_a, organisation=org_a, affiliated_with=org_a)
    page = documenter.get(f"/persons/{person_a.pk}/").text
    assert "<td>Latin</td>" in page and "<td>English</td>" not in page
    assert "undated" in page and "<time>?</time>" not in page


def test_a_case_is_headed_by_its_articles_court_and_verdict(documenter, org_a):
    person = make_person(org_a)
    article = m.Article.objects.get_or_create(article="342", part="", defaults={
        "title_en": "gross violation of public order"})[0]
    case = m.Case.objects.create(person=person, organisation=org_a, court=org_a,
                                 verdict="convicted")
    case.charges.add(article)
    page = documenter.get(f"/persons/{person.pk}/").text
    assert f"BY CC 342 · {org_a} · convicted" in page
