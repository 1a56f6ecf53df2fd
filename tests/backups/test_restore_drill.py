"""The restore drill (DESIGN §7): backup → empty database → restore gives back every table's
rows and every archived file byte for byte, and the backup file shows nothing in clear."""

import shutil
import stat
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.registry.test_encryption import planted, raw_database_text
from vigil.backups.archive import (
    BackupError,
    archived_files,
    backup,
    make_identity,
    restore,
    table_counts,
)
from vigil.env import SettingError
from vigil.registry import models as m

FILE_CANARY = b"CANARY-archived-testimony"


@pytest.fixture
def backup_key(settings, tmp_path):
    """A backup key pair: the public half in the settings, the private half in a file."""
    identity = tmp_path / "keys" / "backup-identity.txt"
    identity.parent.mkdir()
    settings.VIGIL_BACKUP_RECIPIENTS = [make_identity(identity)]
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return identity


def world(org, condition_type, user):
    person = planted(org, condition_type)
    source = m.Source(organisation=org, kind="testimony", title="Archived testimony")
    source.archive(SimpleUploadedFile("testimony.txt", FILE_CANARY), user)
    source.save()
    return person


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_then_restore_into_an_empty_database_gives_everything_back(
        backup_key, tmp_path, org_a, condition_type, admin_a, client, settings):
    person = world(org_a, condition_type, admin_a)
    client.force_login(admin_a)
    client.get(f"/persons/{person.pk}/")  # a read audit row and a session, backed up too
    tables = table_counts()
    files = {name: digest for name, (_path, digest) in archived_files().items()}
    assert sum(tables.values()) > 100 and len(files) == 1
    made = backup(tmp_path / "vigil.backup")

    raw = made.path.read_bytes()
    assert raw.startswith(b"age-encryption.org/v1")
    assert b"CANARY" not in raw and "Бяляцкі".encode() not in raw
    assert stat.S_IMODE(made.path.stat().st_mode) == 0o600

    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)
    assert not m.Person.objects.exists()

    done = restore(made.path, backup_key)
    assert table_counts() == tables == done.tables
    assert {name: digest for name, (_p, digest) in archived_files().items()} == files
    restored = m.Person.objects.get(pk=person.pk)
    assert restored.health == "CANARY-health-2"
    assert restored.history.order_by("history_date").first().health == "CANARY-health-1"
    assert "CANARY" not in raw_database_text()  # re-encrypted under this server's key
    source = m.Source.objects.get(title="Archived testimony")
    assert Path(source.archived_file.path).read_bytes() == FILE_CANARY


@pytest.mark.django_db
def test_restore_refuses_a_database_that_is_not_empty_and_changes_nothing(
        backup_key, tmp_path, org_a, condition_type, admin_a):
    world(org_a, condition_type, admin_a)
    made = backup(tmp_path / "vigil.backup")
    before = table_counts()
    with pytest.raises(BackupError, match="the database is not empty"):
        restore(made.path, backup_key)
    assert table_counts() == before


@pytest.mark.django_db
def test_a_backup_opens_only_with_its_identity(backup_key, tmp_path, org_a):
    made = backup(tmp_path / "vigil.backup")
    other = tmp_path / "other-identity.txt"
    make_identity(other)
    with pytest.raises(BackupError, match="does not open with the identity"):
        restore(made.path, other)
    with pytest.raises(CommandError, match="holds no age identity"):
        call_command("restore", str(made.path), "--identity", str(made.path))


@pytest.mark.django_db
def test_backup_needs_a_recipient_and_a_new_file(settings, backup_key, tmp_path):
    settings.VIGIL_BACKUP_RECIPIENTS = []
    with pytest.raises(SettingError, match="VIGIL_BACKUP_RECIPIENTS is empty"):
        backup(tmp_path / "a.backup")
    settings.VIGIL_BACKUP_RECIPIENTS = ["not-a-key"]
    with pytest.raises(SettingError, match="age public key"):
        backup(tmp_path / "a.backup")
    assert not (tmp_path / "a.backup").exists()
    (tmp_path / "b.backup").write_text("keep me")
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", "--to", str(tmp_path / "b.backup"))
    assert (tmp_path / "b.backup").read_text() == "keep me"


def test_keygen_writes_a_private_key_for_its_owner_only_and_never_overwrites(tmp_path, capsys):
    key = tmp_path / "identity.txt"
    call_command("backup_keygen", "--out", str(key))
    public = capsys.readouterr().out.strip().splitlines()[-1]
    assert public.startswith("age1") and f"# public key: {public}" in key.read_text()
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup_keygen", "--out", str(key))
