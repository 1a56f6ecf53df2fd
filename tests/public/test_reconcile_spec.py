"""The reconciliation service's manifest and answers checked field by field against the W3C
Reconciliation Service API 0.2 (Final Community Group Report, 10 April 2023,
https://reconciliation-api.github.io/specs/0.2/). Each test cites the section it checks; the
checks are written from the section's text and its JSON schemas (appendix "JSON Schemas"),
not from our own code."""

import json
from urllib.parse import quote, urlsplit

import pytest

from tests.public.test_reconcile import query, registry  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

# § "Service Manifest": every field a manifest may have
MANIFEST_FIELDS = {"versions", "name", "identifierSpace", "schemaSpace", "defaultTypes",
                   "documentation", "logo", "serviceVersion", "view", "feature_view",
                   "preview", "suggest", "extend", "batchSize", "authentication"}
# § "Data Extension Response Schema": the forms a property value takes
VALUE_FORMS = [set(), {"id", "name"}, {"id", "name", "description"}, {"str"}, {"float"},
               {"int"}, {"date"}]


def is_uri(text) -> bool:
    parts = urlsplit(text) if isinstance(text, str) else None
    return bool(parts and parts.scheme in ("http", "https") and parts.netloc)


def is_type(value) -> bool:
    """§ "Types": an id and a name, both non-empty strings (a bare string is an id)."""
    if isinstance(value, str):
        return bool(value)
    return isinstance(value, dict) and isinstance(value.get("id"), str) and value["id"] != "" \
        and isinstance(value.get("name", "x"), str)


def local(url: str) -> str:
    """The path and query of one of the service's own URLs, for the test client."""
    parts = urlsplit(url)
    assert parts.netloc == "testserver", url
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.fixture
def manifest(client):
    response = client.get("/reconcile/")
    assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == "*"
    return response.json()


def test_the_manifest_fields(manifest):
    """§ "Service Manifest" (and its schema): `versions` an array of strings holding "0.2";
    `name` a human-readable string; `identifierSpace` and `schemaSpace` URIs (§ "Identifier
    and Schema Spaces": MUST be defined); `defaultTypes` an array of unique types;
    `documentation` a URL; no field the section does not define."""
    assert set(manifest) <= MANIFEST_FIELDS
    assert isinstance(manifest["versions"], list) and "0.2" in manifest["versions"]
    assert all(isinstance(v, str) for v in manifest["versions"])
    assert isinstance(manifest["name"], str) and manifest["name"].strip()
    assert is_uri(manifest["identifierSpace"]) and is_uri(manifest["schemaSpace"])
    types = manifest["defaultTypes"]
    assert types and all(is_type(t) for t in types)
    assert len({json.dumps(t, sort_keys=True) for t in types}) == len(types)
    assert is_uri(manifest["documentation"])


def test_the_view_template_gives_each_candidate_its_page(client, manifest, registry):  # noqa: F811
    """§ "Entities": a view template holds "{{id}}", and putting an entity's identifier
    (percent-encoded as a URI component) in its place MUST give a valid URI; the manifest's
    `view` is an object with a single field `url`."""
    assert set(manifest["view"]) == {"url"} and "{{id}}" in manifest["view"]["url"]
    slug = registry["bialiatski"]
    url = manifest["view"]["url"].replace("{{id}}", quote(slug, safe=""))
    assert is_uri(url) and client.get(local(url)).status_code == 200


def test_the_preview_metadata_and_page(client, manifest, registry):  # noqa: F811
    """§ "Preview Metadata": `url`, `width` and `height`, all mandatory; the url holds
    "{{id}}" and resolves, with the identifier put in, to an HTML page; width and height are
    whole numbers of pixels. § "Cross-Origin Access": CORS on this endpoint too."""
    preview = manifest["preview"]
    assert set(preview) == {"url", "width", "height"}
    assert isinstance(preview["width"], int) and isinstance(preview["height"], int)
    assert preview["width"] > 0 and preview["height"] > 0
    url = preview["url"].replace("{{id}}", quote(registry["bialiatski"], safe=""))
    page = client.get(local(url))
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    assert page["Access-Control-Allow-Origin"] == "*"


def test_the_suggest_metadata_and_answers(client, manifest, registry):  # noqa: F811
    """§ "Suggest Metadata": `service_url` + `service_path` is the suggest service; a
    `flyout_service_path`, if given, holds "${id}". § "Suggest Queries": GET with `prefix` and
    an optional `cursor` (suggestions to skip). § "Suggest Responses" (and the entities
    schema): `result`, an array of items with `id` and `name` (required), an optional
    `description` string and `notable` types. § "General Expectations about Suggest
    Services": an entity's name as prefix returns that entity."""
    entity = manifest["suggest"]["entity"]
    assert set(entity) <= {"service_url", "service_path", "flyout_service_url",
                           "flyout_service_path"}
    assert "${id}" in entity.get("flyout_service_path", "${id}")
    url = local(entity["service_url"] + entity["service_path"])
    answer = client.get(url, {"prefix": "Mikalai Klimovich"})
    assert answer["Access-Control-Allow-Origin"] == "*"
    result = answer.json()["result"]
    assert {r["id"] for r in result} == {registry["klimovich-1"], registry["klimovich-2"]}
    for item in result:
        assert isinstance(item["id"], str) and item["id"]
        assert isinstance(item["name"], str) and item["name"]
        assert isinstance(item.get("description", ""), str)
        assert all(is_type(t) for t in item.get("notable", []))
    skipped = client.get(url, {"prefix": "Mikalai Klimovich", "cursor": 1}).json()["result"]
    assert [r["id"] for r in skipped] == [r["id"] for r in result[1:]]


def candidate_checks(candidate) -> None:
    """§ "Reconciliation Query Responses" (and the result batch schema): a candidate has an
    `id` and a `name` (non-empty strings, § "Entities"), a numeric `score`, a boolean
    `match`, `type` an array of types, an optional `description` string and optional
    `features`, each an `id` string with a boolean or numeric `value`."""
    assert isinstance(candidate["id"], str) and candidate["id"]
    assert isinstance(candidate["name"], str) and candidate["name"]
    assert isinstance(candidate["score"], int | float) and not isinstance(candidate["score"],
                                                                          bool)
    assert isinstance(candidate["match"], bool)
    assert isinstance(candidate["type"], list) and all(is_type(t) for t in candidate["type"])
    assert isinstance(candidate.get("description", ""), str)
    for feature in candidate.get("features", []):
        assert isinstance(feature["id"], str)
        assert isinstance(feature["value"], bool | int | float)


@pytest.mark.parametrize("method", ["post", "get"])
def test_a_query_batch_and_its_result_batch(client, registry, method):  # noqa: F811
    """§ "Sending Reconciliation Queries to a Service": POST (MUST) and GET (SHOULD) with a
    batch in `queries`; § "Reconciliation Query Responses": the answer is a result batch
    keyed by the batch's ids, each a `result` array sorted by decreasing score (SHOULD)."""
    batch = {"q0": {"query": "Mikalai Klimovich"}, "row 2": {"query": "Марина Золотова"},
             "q2": {"query": "Nobody Atall Unknown"}}
    answer = query(client, batch, method)
    assert set(answer) == set(batch)
    for key in batch:
        result = answer[key]["result"]
        assert isinstance(result, list)
        for candidate in result:
            candidate_checks(candidate)
        scores = [c["score"] for c in result]
        assert scores == sorted(scores, reverse=True)
    assert answer["row 2"]["result"][0]["id"] == registry["zolatava"]
    assert answer["q2"]["result"] == []


def test_each_query_of_a_batch_is_answered_on_its_own(client, registry):  # noqa: F811
    """§ "A Note on Candidate Retrieval and Scoring": the queries of a batch are retrieved and
    scored independently of one another."""
    alone = query(client, {"q0": {"query": "Ales Bialiatski"}})["q0"]
    together = query(client, {"x": {"query": "Mikalai Klimovich"},
                              "q0": {"query": "Ales Bialiatski"}})["q0"]
    assert alone == together


@pytest.mark.parametrize("values", [1990, "1990", [1990], ["1990-05-01", 1962], 1990.0])
def test_a_property_value_may_be_one_value_or_an_array(client, registry, values):  # noqa: F811
    """§ "Structure of a Reconciliation Query": `properties` maps a `pid` to one or more
    property values in `v` (§ "Property Values": a string, a number, …); "for a single
    property it is possible to provide multiple values as an array"."""
    batch = {"q0": {"query": "Mikalai Klimovich",
                    "properties": [{"pid": "birth_year", "v": values}]}}
    best = query(client, batch)["q0"]["result"][0]
    assert best["id"] == registry["klimovich-2"] and best["match"] is True


def test_properties_alone_make_a_query(client, registry):  # noqa: F811
    """§ "Structure of a Reconciliation Query": at least one of `query` or `properties`."""
    batch = {"q0": {"properties": [{"pid": "birth_year", "v": "1977"}]}}
    assert query(client, batch)["q0"]["result"][0]["id"] == registry["zolatava"]


@pytest.mark.parametrize("limit", [True, 0, -1, 1.5, "2"])
def test_a_limit_must_be_a_positive_integer(client, limit):
    """§ "Structure of a Reconciliation Query": `limit` "must be a positive integer"
    (a JSON `true` is not one); § "Error Handling": errors get an HTTP status, with CORS."""
    response = client.post("/reconcile/", {"queries": json.dumps(
        {"q0": {"query": "Ales", "limit": limit}})})
    assert response.status_code == 400 and response["Access-Control-Allow-Origin"] == "*"


def test_property_proposals(client, manifest):
    """§ "Data Extension Metadata": `propose_properties` is a `service_url` and a
    `service_path`; `property_settings` an array. § "Data Extension Property Proposals": GET
    with `type` (MUST) and `limit` (SHOULD); the answer has `properties` (each an `id` and a
    `name`, § "Properties"), the `type` asked for and, optionally, the limit asked for."""
    extend = manifest["extend"]
    assert set(extend) <= {"propose_properties", "property_settings"}
    assert isinstance(extend.get("property_settings", []), list)
    for setting in extend.get("property_settings", []):
        assert {"type", "label", "name"} <= set(setting)
    url = local(extend["propose_properties"]["service_url"]
                + extend["propose_properties"]["service_path"])
    answer = client.get(url, {"type": "person"}).json()
    assert answer["type"] == "person" and answer["properties"]
    for prop in answer["properties"]:
        assert set(prop) == {"id", "name"} and prop["id"] and prop["name"]
    limited = client.get(url, {"type": "person", "limit": 2}).json()
    assert limited["limit"] == 2 and limited["properties"] == answer["properties"][:2]


@pytest.mark.parametrize("method", ["post", "get"])
def test_a_data_extension_answer(client, registry, method):  # noqa: F811
    """§ "Data Extension Query Requests": POST (MUST) and GET (SHOULD) with `extend`, an
    array of identifiers and an array of properties. § "Data Extension Responses" (and its
    schema): `meta` lists the properties asked for, each an `id` and a `name`; `rows` has,
    for each identifier asked for and each property of `meta`, an array of property values,
    each one of the schema's forms (no other field)."""
    ids = [registry["bialiatski"], registry["zolatava"], "no-such-person"]
    properties = ["birth_year", "status", "facility", "articles", "recognised_by"]
    asked = {"ids": ids, "properties": [{"id": p} for p in properties]}
    response = getattr(client, method)("/reconcile/", {"extend": json.dumps(asked)})
    assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == "*"
    answer = response.json()
    assert set(answer) == {"meta", "rows"}
    assert [p["id"] for p in answer["meta"]] == properties
    assert all(isinstance(p["name"], str) and p["name"] for p in answer["meta"])
    assert set(answer["rows"]) == set(ids)
    for row in answer["rows"].values():
        assert set(row) == set(properties)
        for values in row.values():
            assert isinstance(values, list)
            for value in values:
                assert set(value) in VALUE_FORMS
                assert all(isinstance(value[k], str) for k in value.keys() & {"str", "id",
                                                                                "name"})
    assert answer["rows"][registry["zolatava"]]["birth_year"] == [{"str": "1977"}]


def test_every_endpoint_answers_cross_origin_errors_included(client):
    """§ "Cross-Origin Access": all endpoints MUST enable CORS, "in a uniform way"."""
    for path in ("/reconcile/", "/reconcile/suggest/entity?prefix=x",
                 "/reconcile/extend/propose?type=person", "/reconcile/preview?id=nobody"):
        assert client.get(path)["Access-Control-Allow-Origin"] == "*", path
    assert client.get("/reconcile/preview?id=nobody").status_code == 404
