"""The reconciliation service driven as OpenRefine drives it (manifest → batch query →
preview → suggest → extend), each answer checked against the 0.2 specification's required
fields; spreadsheets in Belarusian, Russian and Latin reconcile to the right persons, and
namesakes are never `match: true` without a property that tells them apart."""

import datetime as dt
import json

import pytest

from tests.factories import make_custody
from tests.public.helpers import PUBLIC, public_person, publish
from vigil.registry import models as m

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(org_a):
    people = {}
    for key, be, ru, latin, born in [
        ("bialiatski", "Алесь Бяляцкі", "Алесь Беляцкий", "Ales Bialiatski", 1962),
        ("zolatava", "Марына Золатава", "Марина Золотова", "Maryna Zolatava", 1977),
        ("klimovich-1", "Мікалай Клімовіч", "Николай Климович", "Mikalai Klimovich", 1958),
        ("klimovich-2", "Мікалай Клімовіч", "Николай Климович", "Mikalai Klimovich", 1990),
    ]:
        person = public_person(org_a, name=be, latin=latin, birth_date=dt.date(born, 1, 1),
                               birth_date_precision="Y")
        m.NameVariant.objects.create(person=person, organisation=org_a, visibility=PUBLIC,
                                     text=ru, language="ru", script="Cyrl", kind="russian")
        make_custody(person, "2021-07-14")
        people[key] = publish(person).slug
    withheld = public_person(org_a, name="Наста Лойка", latin="Nasta Loika")
    publish(withheld, withheld=True)
    return people


def query(client, batch, method="post"):
    data = {"queries": json.dumps(batch)}
    response = getattr(client, method)("/reconcile/", data)
    assert response.status_code == 200, response.content
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()


def test_the_manifest_has_what_version_0_2_requires(client):
    manifest = client.get("/reconcile/").json()
    assert "0.2" in manifest["versions"]
    for key in ("name", "identifierSpace", "schemaSpace"):
        assert isinstance(manifest[key], str) and manifest[key]
    assert "{{id}}" in manifest["view"]["url"] and "{{id}}" in manifest["preview"]["url"]
    assert {"url", "width", "height"} <= set(manifest["preview"])
    assert {"service_url", "service_path"} <= set(manifest["suggest"]["entity"])
    assert {"service_url", "service_path"} <= set(manifest["extend"]["propose_properties"])


@pytest.mark.parametrize("spelling", ["Алесь Бяляцкі", "Алесь Беляцкий", "Ales Bialiatski",
                                      "Бяляцкі Алесь", "Aliaksandr Bialiatski"])
def test_any_spelling_reconciles_to_the_right_person(client, registry, spelling):
    answer = query(client, {"q0": {"query": spelling, "type": "person"}})
    best = answer["q0"]["result"][0]
    assert {"id", "name", "score", "match"} <= set(best)
    assert best["id"] == registry["bialiatski"] and best["match"] is True
    assert 0 <= best["score"] <= 100


def test_a_batch_answers_each_query_by_its_id(client, registry):
    answer = query(client, {"q0": {"query": "Марина Золотова"},
                            "q1": {"query": "Ales Bialiatski", "limit": 1}}, method="get")
    assert answer["q0"]["result"][0]["id"] == registry["zolatava"]
    assert [r["id"] for r in answer["q1"]["result"]] == [registry["bialiatski"]]


def test_namesakes_are_not_matched_on_the_name_alone(client, registry):
    results = query(client, {"q0": {"query": "Николай Климович"}})["q0"]["result"]
    assert {r["id"] for r in results[:2]} == {registry["klimovich-1"], registry["klimovich-2"]}
    assert not any(r["match"] for r in results)


def test_a_birth_year_tells_namesakes_apart(client, registry):
    batch = {"q0": {"query": "Mikalai Klimovich",
                    "properties": [{"pid": "birth_year", "v": "1990"}]}}
    best = query(client, batch)["q0"]["result"][0]
    assert best["id"] == registry["klimovich-2"] and best["match"] is True


def test_a_disagreeing_birth_year_is_never_a_match(client, registry):
    batch = {"q0": {"query": "Ales Bialiatski",
                    "properties": [{"pid": "birth_year", "v": 1990}]}}
    best = query(client, batch)["q0"]["result"][0]
    assert best["id"] == registry["bialiatski"] and best["match"] is False


def test_a_withheld_person_is_never_a_candidate(client, registry):
    assert query(client, {"q0": {"query": "Nasta Loika"}})["q0"]["result"] == []
    assert client.get("/reconcile/suggest/entity", {"prefix": "Лойка"}).json()["result"] == []


def test_suggest_preview_and_extend(client, registry):
    suggested = client.get("/reconcile/suggest/entity", {"prefix": "Бяляц"}).json()["result"]
    assert suggested[0]["id"] == registry["bialiatski"] and suggested[0]["name"]
    card = client.get("/reconcile/preview", {"id": registry["bialiatski"]})
    assert card.status_code == 200 and "Ales Bialiatski" in card.content.decode()
    assert "frame-ancestors *" in card["Content-Security-Policy"]
    proposed = client.get("/reconcile/extend/propose", {"type": "person"}).json()
    assert {"birth_year", "status"} <= {p["id"] for p in proposed["properties"]}
    extend = {"ids": [registry["bialiatski"], "no-such-person"],
              "properties": [{"id": "birth_year"}, {"id": "status"}]}
    answer = client.post("/reconcile/", {"extend": json.dumps(extend)}).json()
    assert [p["id"] for p in answer["meta"]] == ["birth_year", "status"]
    assert answer["rows"][registry["bialiatski"]] == {"birth_year": [{"str": "1962"}],
                                                      "status": [{"str": "held"}]}
    assert answer["rows"]["no-such-person"] == {"birth_year": [], "status": []}


@pytest.mark.parametrize("data, parameter", [
    ({"queries": "{not json"}, "queries"),
    ({"queries": json.dumps(["Ales"])}, "queries"),
    ({"queries": json.dumps({"q0": {"query": "Ales", "limit": 0}})}, "queries.q0.limit"),
    ({"queries": json.dumps({"q0": {}})}, "queries.q0"),
    ({"extend": json.dumps({"ids": ["x"], "properties": ["health"]})}, "extend.properties"),
    ({"queries": "[" * 100_000}, "queries"),
])
def test_bad_requests_get_a_400_naming_the_parameter(client, registry, data, parameter):
    response = client.post("/reconcile/", data)
    assert response.status_code == 400
    assert response.json()["error"].startswith(parameter + ":")


def test_a_preflight_request_is_answered(client):
    response = client.options("/reconcile/")
    assert response.status_code == 204 and response["Access-Control-Allow-Origin"] == "*"
