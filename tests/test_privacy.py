"""Private stays private: canary values planted in every non-public field must never reach
someone who may not see them — not on a page, not in the API, not in a log line."""

import json
import logging
import re
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from tests.factories import make_custody, make_person
from vigil.accounts.models import ApiToken
from vigil.registry import models as m

pytestmark = pytest.mark.django_db


def canary(model, field):
    return f"CANARY-{model._meta.model_name}-{field}"


def free_text_fields(model, sensitivity):
    """Fields a documenter types freely, of one sensitivity class (by the model's default)."""
    return [
        field.name for field in model._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField)) and not field.choices
        and field.editable and model.sensitivity_of(field.name) == sensitivity
    ]


def plant(record):
    """Fill every non-public free-text field of the record with its canary."""
    for sensitivity in (m.Sensitivity.INTERNAL, m.Sensitivity.RESTRICTED):
        for name in free_text_fields(type(record), sensitivity):
            setattr(record, name, canary(type(record), name))
    record.save()
    return record


@pytest.fixture
def shared_world(org_a, org_b, coalition, condition_type):
    """Everything A records about one person, shared with the coalition (B is a partner)."""
    shared = m.Visibility.COALITION
    person = plant(make_person(org_a, visibility=shared))
    custody = make_custody(person, "2021-07-14")
    plant(custody)
    facility = m.Facility.objects.create(slug="sizo-1", name_en="SIZO-1", kind="pretrial")
    placement = m.Placement(custody=custody, facility=facility, organisation=org_a,
                            visibility=shared)
    plant(placement)
    case = plant(m.Case(person=person, organisation=org_a, visibility=shared))
    report = plant(m.ConditionReport(
        person=person, organisation=org_a, visibility=shared, condition=condition_type,
        started=custody.started, description_sensitivity=m.Sensitivity.RESTRICTED))
    source = plant(m.Source(organisation=org_a, visibility=shared, kind="testimony",
                            title="Testimony"))
    plant(m.Citation(organisation=org_a, visibility=shared, source=source,
                     content_type=ContentType.objects.get_for_model(report),
                     object_id=report.pk))
    plant(m.Recognition(person=person, organisation=org_a, visibility=shared,
                        status="recognised", since=custody.started))
    plant(m.Affiliation(person=person, organisation=org_a, visibility=shared,
                        affiliated_with=org_a))
    report.description = canary(m.ConditionReport, "description")
    report.save()
    person.summary = "public summary"
    person.save()
    return {"person": person, "custody": custody, "case": case, "source": source,
            "report": report}


def canaries(sensitivity):
    return {canary(model, name) for model in RECORD_MODELS_PLANTED
            for name in free_text_fields(model, sensitivity)}


def restricted_canaries():
    return canaries(m.Sensitivity.RESTRICTED)


def internal_canaries():
    return canaries(m.Sensitivity.INTERNAL)


# The statement is a public text: it has no private field to plant.
RECORD_MODELS_PLANTED = [model for model in m.RECORD_MODELS if model is not m.Statement]


def pages_of(world):
    person, custody, case = world["person"], world["custody"], world["case"]
    return [
        "/", f"/?q={person.display_name}", f"/persons/{person.pk}/",
        f"/persons/{person.pk}/history/", "/sources/", f"/sources/{world['source'].pk}/",
        f"/persons/{person.pk}/custody/{custody.pk}/edit/",
        f"/persons/{person.pk}/case/{case.pk}/edit/", f"/persons/{person.pk}/edit/",
    ]


def api_paths_of(world):
    person = world["person"]
    kinds = ["names", "affiliations", "cases", "custody", "placements", "recognitions",
             "conditions"]
    return ["/api/v1/persons", f"/api/v1/persons/{person.pk}", "/api/v1/sources",
            f"/api/v1/sources/{world['source'].pk}",
            *[f"/api/v1/persons/{person.pk}/{kind}" for kind in kinds],
            f"/api/v1/persons/{person.pk}/conditions/{world['report'].pk}",
            f"/api/v1/persons/{person.pk}/cases/{world['case'].pk}"]


def everything_seen(client, user, world, caplog):
    client.force_login(user)
    _record, token = ApiToken.issue(user, "canary")
    seen = []
    with caplog.at_level(logging.DEBUG):
        for path in pages_of(world):
            response = client.get(path)
            seen.append(response.content.decode())
        for path in api_paths_of(world):
            response = client.get(path, HTTP_AUTHORIZATION=f"Bearer {token}")
            assert response.status_code == 200, path
            seen.append(response.content.decode())
    seen.append(caplog.text)
    return "\n".join(seen)


def test_the_canaries_are_planted_where_the_owner_sees_them(
    client, documenter_a, shared_world, caplog
):
    seen = everything_seen(client, documenter_a, shared_world, caplog)
    missing = {c for c in restricted_canaries() | internal_canaries() if c not in seen}
    # A's documenter sees every private value (so the other tests are not vacuous) ...
    assert not missing
    # ... but none of them reaches the log.
    assert "CANARY-" not in caplog.text


def test_a_viewer_of_the_owner_sees_internal_but_never_restricted_values(
    client, viewer_a, shared_world, caplog
):
    seen = everything_seen(client, viewer_a, shared_world, caplog)
    assert not {c for c in restricted_canaries() if c in seen}
    assert canary(m.Person, "notes") in seen


def test_a_coalition_partner_never_sees_restricted_values(
    client, documenter_b, shared_world, caplog
):
    seen = everything_seen(client, documenter_b, shared_world, caplog)
    assert "public summary" in seen  # B does see the shared record
    assert not {c for c in restricted_canaries() if c in seen}


def test_a_restricted_description_can_be_opened_up_by_its_documenter(
    client, documenter_b, shared_world, caplog
):
    report = shared_world["report"]
    report.description_sensitivity = m.Sensitivity.INTERNAL
    report.save()
    seen = everything_seen(client, documenter_b, shared_world, caplog)
    assert canary(m.ConditionReport, "description") in seen


def test_api_answers_name_the_fields_withheld(client, viewer_a, shared_world):
    _record, token = ApiToken.issue(viewer_a, "t")
    response = client.get(f"/api/v1/persons/{shared_world['person'].pk}",
                          HTTP_AUTHORIZATION=f"Bearer {token}")
    body = json.loads(response.content)
    assert {"health", "relatives"} <= set(body["withheld"])
    assert "health" not in body


def test_every_field_of_every_record_has_a_sensitivity_class():
    for model in m.RECORD_MODELS:
        for field in model._meta.concrete_fields + model._meta.many_to_many:
            assert model.sensitivity_of(field.name) in m.Sensitivity.values, (
                f"{model.__name__}.{field.name}")


TEMPLATES = Path(__file__).parents[1] / "src" / "vigil" / "web" / "templates"


def test_templates_read_private_fields_only_through_disclose():
    private = {field.name for model in m.RECORD_MODELS for field in model._meta.concrete_fields
               if model.sensitivity_of(field.name) != m.Sensitivity.PUBLIC}
    private -= {"visibility", "organisation", "version", "created_at", "updated_at",
                "created_by", "deleted_at", "deleted_by", "archived_file", "captured_by"}
    offenders = []
    for template in TEMPLATES.rglob("*.html"):
        for line in template.read_text().splitlines():
            for name in private:
                if re.search(rf"\.{name}\b", line):
                    offenders.append(f"{template.name}: {line.strip()[:80]}")
    assert not offenders


def test_healthz_tells_anonymous_monitors_nothing_of_the_records(client, shared_world):
    from vigil.lists.models import WorkerHeartbeat

    WorkerHeartbeat.objects.create(worker_id="w", host="h", pid=1, started_at=timezone.now(),
                                   beat_at=timezone.now())
    text = client.get("/healthz").content.decode()
    assert '"status": "ok"' in text
    assert "CANARY-" not in text and shared_world["person"].display_name not in text
