"""Restricted values, their history rows and citation claims are stored encrypted: the raw
database (SQLite file bytes, PostgreSQL rows) holds no planted canary, the keys live outside
the database, and `vigil rotate-keys` moves every value to a new key."""

import sqlite3
import stat
from io import StringIO

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection

from tests.factories import make_person
from vigil.env import SettingError
from vigil.registry import models as m
from vigil.registry.encryption import FieldKeys, UnreadableValue, field_keys, read_keys_file
from vigil.registry.rotation import encrypted_columns, rewrite_all, rotate_keys

RESTRICTED_FIELDS = {
    "registry_person": {"health", "relatives"},
    "registry_case": {"lawyer"},
    "registry_source": {"witness_contact"},
    "registry_conditionreport": {"description"},
    "registry_citation": {"claimed_value", "locator"},
}


def planted(org, condition_type, tag="CANARY"):
    """One record of each kind with a canary in every encrypted field, each saved twice so
    that history holds an older value too."""
    person = make_person(org, health=f"{tag}-health-1", relatives=f"{tag}-relatives-1")
    case = m.Case.objects.create(person=person, organisation=org, lawyer=f"{tag}-lawyer-1")
    source = m.Source.objects.create(organisation=org, kind="testimony", title="Testimony",
                                     witness_contact=f"{tag}-witness-1")
    report = m.ConditionReport.objects.create(
        person=person, organisation=org, condition=condition_type, started="2022-01-01",
        description=f"{tag}-description-1", description_sensitivity="public")
    citation = m.Citation.objects.create(
        organisation=org, source=source, content_type=ContentType.objects.get_for_model(person),
        object_id=person.pk, field="health", claimed_value=f"{tag}-claim-1",
        locator=f"{tag}-locator-1")
    for record, fields in [(person, ["health", "relatives"]), (case, ["lawyer"]),
                           (source, ["witness_contact"]), (report, ["description"]),
                           (citation, ["claimed_value", "locator"])]:
        for name in fields:
            setattr(record, name, getattr(record, name).replace("-1", "-2"))
        record.save()
    return person


def raw_database_text() -> str:
    """Everything the database holds, as an attacker with the disk would read it."""
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(":memory:")
        connection.ensure_connection()
        connection.connection.backup(copy)
        return copy.serialize().decode("utf-8", errors="replace")
    with connection.cursor() as cursor:
        texts = []
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT t::text FROM {connection.ops.quote_name(table)} t")  # noqa: S608
            texts.extend(row[0] for row in cursor.fetchall())
        return "\n".join(texts)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_raw_database_holds_no_restricted_value_nor_its_history(org_a, condition_type):
    person = planted(org_a, condition_type)
    raw = raw_database_text()
    assert "Бяляцкі" in raw  # the reader does see what is stored in clear
    assert "CANARY" not in raw
    person.refresh_from_db()
    assert person.health == "CANARY-health-2"
    oldest = person.history.order_by("history_date").first()
    assert oldest.health == "CANARY-health-1"
    claim = m.Citation.objects.get(object_id=person.pk)
    assert (claim.claimed_value, claim.locator) == ("CANARY-claim-2", "CANARY-locator-2")


def test_every_restricted_field_and_its_history_is_encrypted():
    columns = {(model._meta.db_table, f.column) for model, f in encrypted_columns()}
    expected = {(table, column) for table, names in RESTRICTED_FIELDS.items() for column in names}
    history = {(table.replace("registry_", "registry_historical"), column)
               for table, column in expected}
    assert columns == expected | history
    restricted = {(model._meta.db_table, name) for model in m.RECORD_MODELS
                  for name in model.sensitivity if model.sensitivity_of(name) == "restricted"}
    assert restricted <= columns


@pytest.mark.django_db
def test_an_encrypted_field_cannot_be_filtered_on_in_sql(org_a):
    make_person(org_a, health="diabetes")
    with pytest.raises(FieldError, match="Person.health is stored encrypted"):
        list(m.Person.objects.filter(health="diabetes"))
    assert m.Person.objects.filter(health__isnull=False).count() == 1


@pytest.mark.django_db
def test_values_stored_before_encryption_are_encrypted_by_the_migration_step(org_a):
    person = make_person(org_a, health="placeholder")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE registry_person SET health = %s WHERE id = %s",
                       ["CANARY-old-plain", person.pk])
    done = rewrite_all(field_keys(), plaintext=True)
    assert done.columns["registry_person.health"] == 1
    person.refresh_from_db()
    assert person.health == "CANARY-old-plain"
    assert rewrite_all(field_keys(), plaintext=True).total == 0  # idempotent


@pytest.mark.django_db
def test_a_value_under_an_unknown_key_stops_with_the_row_named_not_its_value(org_a):
    person = make_person(org_a)
    foreign = Fernet(Fernet.generate_key()).encrypt(b"CANARY-foreign").decode()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE registry_person SET health = %s WHERE id = %s",
                       [foreign, person.pk])
    with pytest.raises(UnreadableValue) as raised:
        rewrite_all(field_keys(), plaintext=True)
    assert f"registry_person.health #{person.pk}" in str(raised.value)
    assert "CANARY" not in str(raised.value)
    with pytest.raises(UnreadableValue):
        person.refresh_from_db()


@pytest.fixture
def key_file(settings, tmp_path):
    """Keys in a file (as in production), holding the key the suite has written with."""
    path = tmp_path / "keys" / "field_keys"
    path.parent.mkdir()
    path.write_text(settings.VIGIL_FIELD_KEYS + "\n")
    settings.VIGIL_FIELD_KEYS = ""
    settings.VIGIL_FIELD_KEYS_FILE = str(path)
    return path


def tokens_of_every_encrypted_column() -> list[str]:
    found = []
    with connection.cursor() as cursor:
        for model, f in encrypted_columns():
            cursor.execute(f"SELECT {f.column} FROM {model._meta.db_table}")  # noqa: S608
            found.extend(value for (value,) in cursor.fetchall() if value is not None)
    return found


@pytest.mark.django_db
def test_rotation_moves_every_value_and_history_row_to_a_new_key_and_drops_the_old(
        key_file, org_a, condition_type):
    old_key = read_keys_file(key_file)[0]
    person = planted(org_a, condition_type)
    out = StringIO()
    call_command("rotate_keys", "--settle", "0", stdout=out)
    keys = read_keys_file(key_file)
    assert len(keys) == 1 and keys[0] != old_key
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    tokens = tokens_of_every_encrypted_column()
    assert len(tokens) == 7 + 7 * 2  # 7 fields; history: created + changed per record
    assert f"{len(tokens)} values re-encrypted under new key" in out.getvalue()
    new, old = Fernet(keys[0]), Fernet(old_key)
    for token in tokens:
        new.decrypt(token.encode())
        with pytest.raises(InvalidToken):
            old.decrypt(token.encode())
    person.refresh_from_db()
    assert person.history.order_by("history_date").first().relatives == "CANARY-relatives-1"


@pytest.mark.django_db
def test_a_stopped_rotation_is_finished_without_a_second_new_key(key_file, org_a):
    old_key = read_keys_file(key_file)[0]
    person = make_person(org_a, health="CANARY-health")
    new_key = Fernet.generate_key()
    key_file.write_text(f"{new_key.decode()}\n{old_key.decode()}\n")  # as a stopped run left it
    done = rotate_keys(settle_seconds=0)
    assert not done.new_key and done.retired == 1
    assert read_keys_file(key_file) == (new_key,)
    assert done.rewritten.columns["registry_person.health"] == 1
    person.refresh_from_db()
    assert person.health == "CANARY-health"
    again = rewrite_all(field_keys())
    assert again.total == 0


@pytest.mark.django_db
def test_keys_given_in_the_environment_are_used_first_key_first(settings, org_a):
    first, second = Fernet.generate_key(), Fernet(settings.VIGIL_FIELD_KEYS.encode())
    person = make_person(org_a, health="CANARY-health")
    settings.VIGIL_FIELD_KEYS = f"{first.decode()},{settings.VIGIL_FIELD_KEYS}"
    done = rotate_keys(settle_seconds=0)
    assert done.env_keys and done.retired == 0
    stored = tokens_of_every_encrypted_column()
    assert Fernet(first).decrypt(stored[0].encode())
    with pytest.raises(InvalidToken):
        second.decrypt(stored[0].encode())
    person.refresh_from_db()
    assert person.health == "CANARY-health"


def test_the_default_key_file_is_created_for_its_owner_only(settings, tmp_path):
    settings.VIGIL_FIELD_KEYS = ""
    settings.VIGIL_FIELD_KEYS_FILE = ""
    settings.VAR_DIR = tmp_path / "var"
    keys = field_keys()
    path = tmp_path / "var" / "field_keys"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert read_keys_file(path) == keys.keys
    assert field_keys().keys == keys.keys  # made once, then read


def test_a_configured_key_file_that_is_missing_is_a_setting_error(settings, tmp_path):
    settings.VIGIL_FIELD_KEYS = ""
    settings.VIGIL_FIELD_KEYS_FILE = str(tmp_path / "absent")
    with pytest.raises(SettingError, match="VIGIL_FIELD_KEYS_FILE"):
        field_keys()
    assert not (tmp_path / "absent").exists()


def test_a_key_that_is_not_a_fernet_key_is_a_setting_error():
    with pytest.raises(SettingError, match="VIGIL_FIELD_KEYS: a key is not a Fernet key"):
        FieldKeys((b"not-a-key",), "VIGIL_FIELD_KEYS")
