"""Regression tests of the leaks closed in issue #8, one section each (docs/security.md,
"Leaks closed and how they are tested"). Each failed on the main branch before its fix."""

import json

import pytest
from django.contrib.contenttypes.models import ContentType

from tests.factories import make_custody, make_person
from vigil.accounts.models import ApiToken
from vigil.registry import models as m

pytestmark = pytest.mark.django_db
SHARED = m.Visibility.COALITION


def seen_by(client, user, path, api=False):
    client.force_login(user)
    if api:
        _record, token = ApiToken.issue(user, "leak test")
        response = client.get(path, HTTP_AUTHORIZATION=f"Bearer {token}")
    else:
        response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


# 1. A citation's claim and locator carry the class of the field they cite -----------------


@pytest.fixture
def health_claim(org_a, coalition, source_a):
    person = make_person(org_a, visibility=SHARED, health="HEALTH-VALUE")
    source_a.visibility = SHARED
    source_a.save()
    m.Citation.objects.create(
        organisation=org_a, visibility=SHARED, source=source_a,
        content_type=ContentType.objects.get_for_model(person), object_id=person.pk,
        field="health", claimed_value="CLAIM-OF-HEALTH", locator="QUOTE-OF-HEALTH")
    m.Citation.objects.create(
        organisation=org_a, visibility=SHARED, source=source_a,
        content_type=ContentType.objects.get_for_model(person), object_id=person.pk,
        field="gender", claimed_value="CLAIM-OF-GENDER", locator="page 4")
    return person, source_a


@pytest.mark.parametrize("reader", ["viewer_a", "documenter_b"])
def test_a_claim_about_a_restricted_field_is_withheld_with_the_field(
        client, health_claim, reader, request):
    person, source = health_claim
    user = request.getfixturevalue(reader)
    pages = seen_by(client, user, f"/persons/{person.pk}/") + seen_by(
        client, user, f"/sources/{source.pk}/")
    assert "CLAIM-OF-HEALTH" not in pages and "QUOTE-OF-HEALTH" not in pages
    assert "CLAIM-OF-GENDER" in pages  # a claim about a public field stays visible


def test_the_owner_sees_the_claim_about_a_restricted_field(client, health_claim, documenter_a):
    person, source = health_claim
    page = seen_by(client, documenter_a, f"/persons/{person.pk}/")
    assert "CLAIM-OF-HEALTH" in page and "QUOTE-OF-HEALTH" in page


# 2. History judges a past value by the strictest class its field has had -----------------


@pytest.fixture
def reclassified_report(org_a, coalition, condition_type, documenter_a):
    person = make_person(org_a, visibility=SHARED)
    report = m.ConditionReport.objects.create(
        person=person, organisation=org_a, visibility=SHARED, condition=condition_type,
        started=m.ConditionReport._meta.get_field("started").to_python("2022-03-01"),
        description="TEXT-ONCE-PUBLIC", description_sensitivity=m.Sensitivity.PUBLIC)
    report.description_sensitivity = m.Sensitivity.RESTRICTED
    report.save()
    return person, report


@pytest.mark.parametrize("reader", ["viewer_a", "documenter_b"])
def test_history_withholds_a_description_made_restricted_later(
        client, reclassified_report, reader, request):
    person, report = reclassified_report
    user = request.getfixturevalue(reader)
    assert "TEXT-ONCE-PUBLIC" not in seen_by(client, user, f"/persons/{person.pk}/history/")
    assert "TEXT-ONCE-PUBLIC" not in seen_by(
        client, user, f"/api/v1/persons/{person.pk}/conditions/{report.pk}", api=True)


def test_history_still_shows_the_owner_the_old_text(client, reclassified_report, documenter_a):
    person, _report = reclassified_report
    assert "TEXT-ONCE-PUBLIC" in seen_by(client, documenter_a, f"/persons/{person.pk}/history/")


def test_history_shows_a_description_that_was_always_public(
        client, org_a, coalition, condition_type, documenter_b):
    person = make_person(org_a, visibility=SHARED)
    m.ConditionReport.objects.create(
        person=person, organisation=org_a, visibility=SHARED, condition=condition_type,
        started=m.ConditionReport._meta.get_field("started").to_python("2022-03-01"),
        description="TEXT-ALWAYS-PUBLIC", description_sensitivity=m.Sensitivity.PUBLIC)
    assert "TEXT-ALWAYS-PUBLIC" in seen_by(client, documenter_b,
                                           f"/persons/{person.pk}/history/")
