"""Open data: a Frictionless data package that validates (types, keys, foreign keys), the
same files in every format, a SQLite file with its Datasette metadata, the same bytes from
the same registry, and nothing of a withheld person or of a record that is not public."""

import csv
import hashlib
import json
import sqlite3
import subprocess
import sys

import pytest
from frictionless import Package

from tests.factories import make_custody
from tests.public.helpers import PUBLIC, public_person, publish
from vigil.public.opendata import RESOURCES, export_open_data
from vigil.public.registry import today
from vigil.registry import models as m

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(org_a):
    person = public_person(org_a, name="Алесь Бяляцкі", latin="Ales Bialiatski",
                           notes="CANARY-person-notes", health="CANARY-person-health")
    custody = make_custody(person, "2021-07")
    case = m.Case.objects.create(person=person, organisation=org_a, visibility=PUBLIC,
                                 verdict="convicted", sentence_kind="imprisonment",
                                 sentence_months=120, lawyer="CANARY-case-lawyer")
    case.charges.add(m.Article.objects.get(article="342", part=""))
    custody.case = case
    custody.save()
    m.Case.objects.create(person=person, organisation=org_a, visibility=m.Visibility.COALITION,
                          verdict="pending")
    publish(person)
    hidden = public_person(org_a, name="Наста Лойка", latin="Nasta Loika")
    make_custody(hidden, "2022-01-01")
    publish(hidden, withheld=True)
    return person


def test_the_data_package_validates(tmp_path, registry):
    export_open_data(tmp_path, today())
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = json.loads((tmp_path / "datapackage.json").read_text())
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert "1 further persons whose names are withheld" in package["description"]


def test_every_format_holds_the_same_rows(tmp_path, registry):
    export_open_data(tmp_path, today())
    db = sqlite3.connect(tmp_path / "vigil.sqlite")
    for resource in RESOURCES:
        with (tmp_path / f"{resource.name}.csv").open(encoding="utf-8") as f:
            from_csv = list(csv.DictReader(f))
        lines = (tmp_path / f"{resource.name}.jsonl").read_text(encoding="utf-8").splitlines()
        count = db.execute(f'SELECT count(*) FROM "{resource.name}"').fetchone()[0]  # noqa: S608
        assert len(from_csv) == len(lines) == count, resource.name
    persons = list(csv.DictReader((tmp_path / "persons.csv").open(encoding="utf-8")))
    assert [(p["name_be"], p["name_latin"], p["status"]) for p in persons] == [
        ("Алесь Бяляцкі", "Ales Bialiatski", "held")]
    charges = list(csv.DictReader((tmp_path / "charges.csv").open(encoding="utf-8")))
    assert [c["article"] for c in charges] == ["BY CC 342"]
    assert len(list(csv.DictReader((tmp_path / "cases.csv").open()))) == 1  # not the coalition's
    metadata = json.loads((tmp_path / "metadata.json").read_text())
    reconcile = metadata["databases"]["vigil"]["tables"]["persons"]["plugins"]
    assert reconcile["datasette-reconcile"]["id_field"] == "id"
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_nothing_private_or_withheld_is_in_any_file(tmp_path, registry):
    export_open_data(tmp_path, today())
    everything = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    for secret in ("CANARY-person-notes", "CANARY-person-health", "CANARY-case-lawyer",
                   "Лойка", "Loika"):
        assert secret.encode() not in everything


def test_the_sums_match_and_the_same_registry_gives_the_same_bytes(tmp_path, registry):
    first, second = tmp_path / "a", tmp_path / "b"
    export_open_data(first, today())
    export_open_data(second, today())
    for line in (first / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ")
        assert hashlib.sha256((first / name).read_bytes()).hexdigest() == digest
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_the_data_page_serves_the_latest_dump(client, registry, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    assert "No open data has been exported yet" in client.get("/en/data/").content.decode()
    export_open_data(tmp_path / "open-data" / today().isoformat(), today())
    page = client.get("/en/data/").content.decode()
    assert "persons.csv" in page and "vigil.sqlite" in page
    response = client.get("/data/persons.csv")
    assert response.status_code == 200 and b"Ales Bialiatski" in b"".join(response)
    assert client.get("/data/..%2Fsecret_key").status_code == 404
    assert client.get("/data/nothing.csv").status_code == 404


def test_the_command_writes_a_dump(tmp_path, registry):
    from django.core.management import call_command

    call_command("export_open_data", str(tmp_path / "out"), "--as-of", "2023-04-30")
    assert (tmp_path / "out" / "datapackage.json").exists()
    assert json.loads((tmp_path / "out" / "datapackage.json").read_text())["version"] == \
        "2023-04-30"


def test_the_sqlite_file_does_not_depend_on_the_hash_seed(tmp_path):
    """Writing the SQLite file from the same rows under two hash seeds gives the same bytes."""
    script = (
        "import sys, pathlib, django; django.setup();"
        "from vigil.public.opendata import write_sqlite, RESOURCES;"
        "rows = {r.name: [] for r in RESOURCES};"
        "rows['persons'] = [dict.fromkeys([c.name for c in RESOURCES[0].columns], 'x')];"
        "write_sqlite(pathlib.Path(sys.argv[1]), rows)"
    )
    outputs = []
    for seed in ("1", "2"):
        path = tmp_path / f"{seed}.sqlite"
        subprocess.run([sys.executable, "-c", script, str(path)], check=True,  # noqa: S603
                       env={"PYTHONHASHSEED": seed, "DJANGO_SETTINGS_MODULE": "vigil.settings",
                            "VIGIL_VAR_DIR": str(tmp_path), "PATH": "/usr/bin"})
        outputs.append(path.read_bytes())
    assert outputs[0] == outputs[1]
