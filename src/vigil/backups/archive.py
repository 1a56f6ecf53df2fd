"""Making and restoring a backup. Plain functions, so a command or a queued task can call them.

A backup is a gzipped tar, encrypted with age to the recipients of `VIGIL_BACKUP_RECIPIENTS`
(the server holds only their public keys, so it cannot read its own backups), holding:

- `manifest.json`: when, from which database engine, the applied migrations, every table's
  row count and every archived file's SHA-256;
- `database.jsonl`: every row of every model, through Django's serialisation (JSON lines),
  so a PostgreSQL backup restores into SQLite and the other way round. Encrypted fields are
  written decrypted *inside* the encrypted file and re-encrypted under the restoring
  server's own field key, so the age identity alone recovers everything;
- `files/…`: the archived source copies under MEDIA_ROOT.

The archive is built in memory before it is encrypted: no clear copy touches the disk.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import tarfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pyrage
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from vigil import changelog
from vigil.env import SettingError

FORMAT = "vigil-backup/1"


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why, nothing was changed."""


@dataclass
class Made:
    path: Path
    tables: dict[str, int]
    files: dict[str, str]


def recipients() -> list:
    keys = settings.VIGIL_BACKUP_RECIPIENTS
    if not keys:
        raise SettingError("VIGIL_BACKUP_RECIPIENTS is empty: set it to the public key "
                           "(age1…) that `vigil backup-keygen` printed")
    try:
        return [pyrage.x25519.Recipient.from_str(key) for key in keys]
    except pyrage.RecipientError:
        raise SettingError("VIGIL_BACKUP_RECIPIENTS: every key must be an age public key "
                           "(age1…)") from None


def make_identity(path: Path) -> str:
    """Write a new age identity (the private key) to `path`, mode 0600; return its public
    key, the recipient for VIGIL_BACKUP_RECIPIENTS."""
    identity = pyrage.x25519.Identity.generate()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise BackupError(f"{path} exists already; choose another file") from None
    public = str(identity.to_public())
    with os.fdopen(fd, "w") as out:
        out.write(f"# public key: {public}\n{identity}\n")
    return public


def backup(to: Path) -> Made:
    to = Path(to)
    if to.exists():
        raise BackupError(f"{to} exists already; choose a new file name")
    keys = recipients()
    files = archived_files()
    with snapshot():
        manifest = {
            "format": FORMAT, "made_at": timezone.now().isoformat(),
            "engine": connection.vendor, "migrations": applied_migrations(),
            "tables": table_counts(),
            "files": {name: digest for name, (_path, digest) in files.items()},
        }
        database = dump_database()
    plain = io.BytesIO()
    with tarfile.open(fileobj=plain, mode="w:gz") as tar:
        _add(tar, "database.jsonl", database)
        for name, (path, _digest) in files.items():
            _add(tar, f"files/{name}", path.read_bytes())
        _add(tar, "manifest.json", json.dumps(manifest, indent=1, sort_keys=True).encode())
    plain.seek(0)
    fresh = to.with_name(f".{to.name}.part")
    with open(fresh, "wb") as out:
        os.chmod(fresh, 0o600)
        pyrage.encrypt_io(plain, out, keys)
    os.replace(fresh, to)
    return Made(to, manifest["tables"], manifest["files"])


@contextmanager
def snapshot():
    """One consistent view of every table while the server goes on writing: a repeatable
    read transaction on PostgreSQL, a deferred (reading) transaction on SQLite, which in WAL
    mode neither waits for writers nor blocks them."""
    if connection.in_atomic_block:  # already one transaction (a caller's, or a test's)
        yield
        return
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield
        return
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("BEGIN DEFERRED")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ROLLBACK")


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = 0
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


def archived_files() -> dict[str, tuple[Path, str]]:
    """Every file under MEDIA_ROOT (the archived copies), by relative POSIX path."""
    root = Path(settings.MEDIA_ROOT)
    found = {}
    for path in sorted(root.rglob("*")) if root.exists() else []:
        if path.is_file():
            name = path.relative_to(root).as_posix()
            found[name] = (path, hashlib.sha256(path.read_bytes()).hexdigest())
    return found


def backed_up_models() -> list[type]:
    return [model for model in apps.get_models()
            if model._meta.managed and not model._meta.proxy]


def dump_database() -> bytes:
    out = io.StringIO()
    serializer = serializers.get_serializer("jsonl")()
    for model in backed_up_models():
        related = [f.name for f in model._meta.local_many_to_many]  # else a query per row
        rows = (model._base_manager.order_by(model._meta.pk.name).prefetch_related(*related)
                .iterator(chunk_size=2000))
        serializer.serialize(rows, stream=out)
    return out.getvalue().encode()


def table_counts() -> dict[str, int]:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        counts = {}
        for table in sorted(connection.introspection.table_names(cursor)):
            if table in changelog.TABLES:
                continue  # derived state: the triggers fill it as a restore loads the rows
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 (quoted name)
            counts[table] = cursor.fetchone()[0]
    return counts


def applied_migrations() -> list[str]:
    applied = MigrationRecorder(connection).applied_migrations()
    return sorted(f"{app}.{name}" for app, name in applied)


# Tables a fresh `vigil migrate` fills by itself; a database with rows anywhere else is not
# empty, and restoring into it is refused.
def seeded_models() -> set[type]:
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    from vigil.publishing.models import RegistryChange

    vocabulary = {model for model in apps.get_app_config("registry").get_models()
                  if model.__module__.endswith(".vocabulary")}
    return {ContentType, Permission, RegistryChange, *vocabulary}


def non_empty_tables() -> list[str]:
    seeded = seeded_models()
    return [model._meta.db_table for model in backed_up_models()
            if model not in seeded and model._base_manager.exists()]


@dataclass
class Restored:
    tables: dict[str, int]
    files: dict[str, str]
    made_at: str


def restore(backup_file: Path, identity_file: Path) -> Restored:
    """Restore a backup into an empty database (migrated here first): all rows or none."""
    archive = _open(Path(backup_file), Path(identity_file))
    manifest = json.loads(archive.pop("manifest.json"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{backup_file} is not a Vigil backup of format {FORMAT}")
    files = _checked_files(archive, manifest)
    call_command("migrate", interactive=False, verbosity=0)
    if applied_migrations() != manifest["migrations"]:
        raise BackupError("the backup was made with another version of Vigil (its migrations "
                          "differ from this one's); restore it with the version that made it")
    occupied = non_empty_tables()
    if occupied:
        raise BackupError("the database is not empty (rows in " + ", ".join(occupied[:5]) +
                          "); restore only into a new, empty database")
    _load(archive["database.jsonl"])
    _write_files(files)
    return Restored(table_counts(), manifest["files"], manifest["made_at"])


def _open(backup_file: Path, identity_file: Path) -> dict[str, bytes]:
    try:
        identities = [pyrage.x25519.Identity.from_str(line.strip())
                      for line in identity_file.read_text(errors="replace").splitlines()
                      if line.strip().startswith("AGE-SECRET-KEY-")]
    except OSError as exc:
        raise BackupError(f"--identity {identity_file}: cannot read it ({exc.strerror})") from None
    except pyrage.IdentityError:
        identities = []
    if not identities:
        raise BackupError(f"--identity {identity_file}: holds no age identity (AGE-SECRET-KEY-…)")
    plain = io.BytesIO()
    try:
        with open(backup_file, "rb") as encrypted:
            pyrage.decrypt_io(encrypted, plain, identities)
    except OSError as exc:
        raise BackupError(f"{backup_file}: cannot read it ({exc.strerror})") from None
    except pyrage.DecryptError:
        raise BackupError(f"{backup_file} does not open with the identity in {identity_file} "
                          "(another key, or not an age file)") from None
    plain.seek(0)
    try:
        with tarfile.open(fileobj=plain, mode="r:gz") as tar:
            return {member.name: tar.extractfile(member).read()
                    for member in tar.getmembers() if member.isfile()}
    except (tarfile.TarError, gzip.BadGzipFile, EOFError):
        raise BackupError(f"{backup_file} is damaged: its contents do not unpack") from None


def _checked_files(archive: dict[str, bytes], manifest: dict) -> dict[str, bytes]:
    files = {}
    for name, digest in manifest["files"].items():
        relative = PurePosixPath(name)
        data = archive.get(f"files/{name}")
        if relative.is_absolute() or ".." in relative.parts or data is None:
            raise BackupError(f"the backup's file {name!r} is missing or unsafe")
        if hashlib.sha256(data).hexdigest() != digest:
            raise BackupError(f"the backup's file {name!r} does not match its SHA-256")
        files[name] = data
    return files


def _load(jsonl: bytes) -> None:
    from vigil.publishing.models import RegistryChange

    models = backed_up_models()
    quote = connection.ops.quote_name
    with transaction.atomic():
        with connection.cursor() as cursor:
            for model in seeded_models():
                for table in _tables_of(model):
                    cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608 (quoted name)
        batch: list = []
        for row in serializers.deserialize("jsonl", io.StringIO(jsonl.decode())):
            if isinstance(row.object, RegistryChange):
                continue  # the database's triggers give it a fresh token as the rows load
            if batch and (type(row.object) is not type(batch[0].object) or len(batch) >= 1000):
                _insert(batch)
                batch = []
            batch.append(row)
        if batch:
            _insert(batch)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)


def _insert(rows: list) -> None:
    """Insert one model's rows as they were stored: `raw` keeps every value (no `auto_now`
    stamping, no history row, no custom `save()`), the many-to-many rows follow."""
    model = type(rows[0].object)
    model._base_manager._insert([row.object for row in rows],
                                fields=model._meta.local_concrete_fields, raw=True)
    for f in model._meta.local_many_to_many:
        through = f.remote_field.through
        source, target = f"{f.m2m_field_name()}_id", f"{f.m2m_reverse_field_name()}_id"
        through._base_manager.bulk_create([
            through(**{source: row.object.pk, target: pk})
            for row in rows for pk in row.m2m_data.get(f.name, [])])


def _tables_of(model) -> list[str]:
    through = [f.remote_field.through._meta.db_table for f in model._meta.local_many_to_many
               if f.remote_field.through._meta.auto_created]
    return [*through, model._meta.db_table]


def _write_files(files: dict[str, bytes]) -> None:
    root = Path(settings.MEDIA_ROOT)
    for name, data in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
