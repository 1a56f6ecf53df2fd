import json

import pytest

from tests.factories import make_custody
from vigil.accounts.models import ApiToken
from vigil.registry import models as m

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, documenter_a):
    _record, token = ApiToken.issue(documenter_a, "test")

    def call(method, path, body=None):
        kwargs = {"content_type": "application/json", "data": json.dumps(body)} if body else {}
        response = getattr(client, method)(f"/api/v1{path}", HTTP_AUTHORIZATION=f"Bearer {token}",
                                           **kwargs)
        return response.status_code, json.loads(response.content or b"null")

    return call


def test_a_wrong_token_is_refused(client, person_a):
    response = client.get("/api/v1/persons", HTTP_AUTHORIZATION="Bearer vgl_nonsense")
    assert response.status_code == 401


def test_search_by_any_spelling(api, person_a):
    for query in ["Бяляцкі", "Беляцкий", "Bialiatski"]:
        status, body = api("get", f"/persons?q={query}")
        assert status == 200 and [p["id"] for p in body["results"]] == [person_a.pk], query


def test_create_then_read_a_person_with_a_partial_birth_date(api):
    status, created = api("post", "/persons", {
        "primary_name": "Ksenia Lutskina", "gender": "female", "birth_date": "1990",
        "tracking_status": "known", "visibility": "organisation"})
    assert status == 201 and created["birth_date"] == "1990"
    status, read = api("get", f"/persons/{created['id']}")
    assert [n["text"] for n in read["names"]] == ["Ksenia Lutskina"]


def test_a_bad_value_answers_422_naming_the_field_and_writes_nothing(api, person_a):
    status, body = api("post", f"/persons/{person_a.pk}/custody", {
        "kind": "pretrial", "started": "2021-07-14", "ended": "2021-07-01",
        "end_reason": "released", "visibility": "organisation"})
    assert status == 422
    assert "ended" in body["errors"] and "ended" in body["detail"]
    assert not m.CustodyPeriod.objects.exists()


@pytest.mark.parametrize(("field", "value", "message"), [
    ("started", "2023-02-30", "From: “2023-02-30” is not a date: February 2023 has 28 days"),
    ("kind", "holiday", "not one of the available choices"),
])
def test_impossible_values_are_named(api, person_a, field, value, message):
    body = {"kind": "pretrial", "started": "2021-01-01", "visibility": "organisation",
            field: value}
    status, answer = api("post", f"/persons/{person_a.pk}/custody", body)
    assert status == 422 and message in " ".join(answer["errors"][field])


def test_an_unknown_article_is_refused(api, person_a):
    status, body = api("post", f"/persons/{person_a.pk}/cases",
                       {"charges": [987654], "verdict": "pending", "visibility": "organisation"})
    assert status == 422 and "charges" in body["errors"]


def test_patch_needs_the_version_and_a_stale_one_is_refused(api, person_a):
    period = make_custody(person_a, "2021-07-14")
    path = f"/persons/{person_a.pk}/custody/{period.pk}"
    status, body = api("patch", path, {"notes": "no version"})
    assert status == 422 and "version" in body["errors"]
    status, first = api("patch", path, {"notes": "first", "version": period.version})
    assert status == 200 and first["version"] == period.version + 1
    status, body = api("patch", path, {"notes": "second", "version": period.version})
    assert status == 409
    period.refresh_from_db()
    assert period.notes == "first"


def test_patch_keeps_the_fields_it_does_not_mention(api, person_a):
    period = make_custody(person_a, "2021-07", kind="sentence")
    status, body = api("patch", f"/persons/{person_a.pk}/custody/{period.pk}",
                       {"ended": "2023-05-10", "end_reason": "died", "version": period.version})
    assert status == 200
    assert (body["started"], body["kind"], body["ended"]) == ("2021-07", "sentence", "2023-05-10")


def test_an_unknown_kind_is_a_404_with_the_known_kinds(api, person_a):
    status, body = api("get", f"/persons/{person_a.pk}/friends")
    assert status == 404 and "custody" in body["detail"]


def test_paging_limits_are_enforced(api):
    status, body = api("get", "/persons?limit=100000")
    assert status == 422 and "limit" in body["detail"]


def test_the_schema_describes_the_routes(client):
    schema = json.loads(client.get("/api/v1/openapi.json").content)
    assert "/api/v1/persons/{person_id}/{kind}/{record_id}" in schema["paths"]
    assert schema["components"]["securitySchemes"]


@pytest.mark.parametrize("path", ["/persons/abc", "/persons/1/custody/x", "/nothing/here",
                                  "/persons/-5"])
def test_every_path_under_the_api_answers_json(api, path):
    status, body = api("get", path)
    assert status == 404 and body["detail"]


def test_a_post_to_a_wrong_path_answers_json_without_a_csrf_page(client):
    response = client.post("/api/v1/persons/abc", data="{}", content_type="application/json")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"


def test_refused_parameters_are_named_in_the_documented_shape(api):
    status, body = api("get", "/persons?limit=9999&offset=-1")
    assert status == 422
    assert isinstance(body["detail"], str) and "limit" in body["detail"]
    assert set(body["errors"]) == {"limit", "offset"}
    assert all(isinstance(message, str) for messages in body["errors"].values()
               for message in messages)


def test_a_misspelt_parameter_is_refused_not_ignored(api, person_a):
    status, body = api("get", "/sources?limt=5")
    assert status == 422 and set(body["errors"]) == {"limt"} and "limt" in body["detail"]


def test_a_body_that_is_not_an_object_is_refused_in_the_documented_shape(api):
    status, body = api("post", "/persons", [1, 2])
    assert status == 422 and set(body["errors"]) == {"body"} and isinstance(body["detail"], str)


def test_a_bug_answers_json_and_keeps_the_traceback_in_the_log(api, person_a, monkeypatch,
                                                               caplog):
    def broken(*args):
        raise RuntimeError("CANARY-traceback")

    monkeypatch.setattr("vigil.api.routes.to_json", broken)
    status, body = api("get", "/persons")
    assert status == 500 and "CANARY" not in body["detail"]
    assert "CANARY-traceback" in caplog.text
