"""An import's bulk writes (vigil.lists.bulk): each record's history row ("+") holds the same
values as the record, encrypted ones included, and no encrypted column holds plain text."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.lists.helpers import HEADER, VIASNA, csv_bytes, run_import
from tests.lists.helpers import plan as plan_rows
from vigil.lists.applying import apply_import
from vigil.registry import models as m
from vigil.registry.encryption import field_keys

WRITTEN = (m.Person, m.NameVariant, m.Case, m.CustodyPeriod, m.Citation)


def raw(table: str, column: str, id_column: str, pk) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE {id_column} = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_every_imported_record_has_a_history_row_with_its_values(org_a, documenter_a):
    run_import(csv_bytes(VIASNA), org_a, documenter_a)
    checked = 0
    for model in WRITTEN:
        fields = [f.attname for f in model._meta.concrete_fields]
        assert model.objects.exists(), model
        for obj in model.objects.all():
            (history,) = model.history.filter(id=obj.pk)
            assert history.history_type == "+" and history.history_user_id == documenter_a.pk
            assert [getattr(history, f) for f in fields] == [getattr(obj, f) for f in fields]
            checked += 1
    assert checked >= 4 + 4 + 3 + 4  # persons, names, cases, custody periods at least


@pytest.mark.django_db
def test_imported_citations_are_stored_encrypted_in_record_and_history(org_a, documenter_a):
    run_import(csv_bytes(VIASNA), org_a, documenter_a)
    citation = next(c for c in m.Citation.objects.all() if c.claimed_value)
    history_table = m.Citation.history.model._meta.db_table
    for table, id_column in (("registry_citation", "id"), (history_table, "id")):
        for column in ("claimed_value", "locator"):
            token = raw(table, column, id_column, citation.pk)
            assert token.startswith("gAAAA")  # a Fernet token, not the text
            assert field_keys().decrypt(token) == getattr(citation, column)


@pytest.mark.django_db
def test_new_persons_get_their_occupation_in_one_insert(org_a, documenter_a):
    journalist = m.Occupation.objects.create(slug="journalist-t", name_en="Journalist T")
    rows = [{**row, "occupation": "journalist t" if n % 2 else "no such job"}
            for n, row in enumerate(VIASNA)]
    header = [*HEADER, "occupation"]
    run_import(csv_bytes(rows, header), org_a, documenter_a)
    held = {p.occupations.get() if p.occupations.exists() else None
            for p in m.Person.objects.all()}
    assert held == {journalist, None}
    assert m.Person.objects.filter(occupations=journalist).count() == 2  # rows 1 and 3
    many = [{**row, "id": f"{n}-{row['id']}", "name": f"{row['name']} {n}",
             "occupation": "journalist t"} for n in range(10) for row in VIASNA]
    plan = plan_rows(csv_bytes(many, header), org_a, documenter_a)
    through = m.Person.occupations.through._meta.db_table
    with CaptureQueriesContext(connection) as queries:
        apply_import(plan, documenter_a)
    assert len([q for q in queries if through in q["sql"]]) == 1  # not one a person
    assert m.Person.objects.filter(occupations=journalist).count() == 2 + 40
