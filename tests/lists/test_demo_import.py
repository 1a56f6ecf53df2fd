"""The issue-10 walk-through: a documenter imports a small list naming three of the statement's
people in other spellings, without birth data; each matches the registry's own person and no
duplicate is created (DESIGN §5, revised)."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from tests.lists.helpers import csv_bytes, plan, run_import
from vigil.accounts.models import Organisation
from vigil.registry.models import NameVariant, Person

SMALL_LIST = [
    {"id": "1", "name": "Мікалай Клімовіч"},
    {"id": "2", "name": "Алесь Беляцкий", "detained_on": "14.07.2021"},
    {"id": "3", "name": "Nasta Loika"},
]
REGISTRY_NAME = {"1": "Мікалай Клімовіч", "2": "Алесь Бяляцкі", "3": "Наста Лойка"}


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo", "--synthetic", "200", "--seed", "7", stdout=io.StringIO())
    user = get_user_model().objects.get(username="viasna-documenter")
    return Organisation.objects.get(slug="viasna"), user


def person_named(text: str) -> Person:
    return NameVariant.objects.get(text=text, deleted_at__isnull=True).person


@pytest.mark.django_db
def test_the_statements_people_imported_in_other_spellings_match_their_records(demo):
    org, user = demo
    persons_before = Person.objects.count()
    dry = plan(csv_bytes(SMALL_LIST), org, user, list_name="small", file_name="small.csv")
    by_id = {r.row.id: r for r in dry.rows}
    for row_id, registry_name in REGISTRY_NAME.items():
        assert by_id[row_id].outcome == "matched", (row_id, by_id[row_id].reason)
        assert by_id[row_id].person_id == person_named(registry_name).pk
        assert "rule: unambiguous full name" in by_id[row_id].reason
    version, _ = run_import(csv_bytes(SMALL_LIST), org, user, list_name="small",
                            file_name="small.csv")
    assert Person.objects.count() == persons_before  # no duplicate
    for entry in version.entries.all():
        assert entry.person == person_named(REGISTRY_NAME[entry.external_id])
