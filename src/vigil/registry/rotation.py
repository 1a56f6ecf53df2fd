"""Re-encrypting the stored values: under a new key (`vigil rotate-keys`), or for the first
time (the migration that made the fields encrypted).

Rows are read and written as stored, in primary-key order, a batch per transaction, and each
is written back only if it still holds the token that was read: a server saving the same row
meanwhile wins, and its value is already under the newest key. A run that stops half-way is
resumed by running it again: rows already under the newest key are skipped.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from cryptography.fernet import Fernet
from django.apps import apps as installed_apps
from django.db import connection, transaction

from vigil.registry.encryption import (
    EncryptedMixin,
    FieldKeys,
    UnreadableValue,
    field_keys,
    keys_file,
    read_keys_file,
    write_keys_file,
)

BATCH = 500
# A server re-reads the key file at its next encryption; a write that was already under way
# with the old key gets this long to commit before the rows are walked.
SETTLE_SECONDS = 2.0


@dataclass
class Rewritten:
    columns: dict[str, int] = field(default_factory=dict)  # "table.column" → rows rewritten

    @property
    def total(self) -> int:
        return sum(self.columns.values())


def encrypted_columns(apps=installed_apps) -> list[tuple[type, object]]:
    """(model, field) of every encrypted column, history tables included."""
    return sorted(
        ((model, f) for model in apps.get_models() for f in model._meta.concrete_fields
         if isinstance(f, EncryptedMixin)),
        key=lambda pair: (pair[0]._meta.db_table, pair[1].column),
    )


def rewrite_all(keys: FieldKeys, *, plaintext: bool = False, apps=installed_apps,
                progress: Callable[[str, int], None] | None = None) -> Rewritten:
    """Bring every encrypted column under the newest key. `plaintext` also encrypts values
    that are not tokens yet (only the migration that introduced encryption may say so)."""
    return _rewrite(lambda stored, where: _under_newest_key(keys, stored, plaintext, where),
                    apps, progress)


def decrypt_all(keys: FieldKeys, *, apps=installed_apps) -> Rewritten:
    """Store every value in clear again: only for unapplying the encryption migration."""
    return _rewrite(lambda stored, where: keys.decrypt(stored) if looks_like_token(stored)
                    else None, apps, None)


def _rewrite(transform, apps, progress) -> Rewritten:
    done = Rewritten()
    for model, f in encrypted_columns(apps):
        name = f"{model._meta.db_table}.{f.column}"
        done.columns[name] = _rewrite_column(model, f, transform)
        if progress:
            progress(name, done.columns[name])
    return done


def _rewrite_column(model, f, transform) -> int:
    quote = connection.ops.quote_name
    table, column, pk = quote(model._meta.db_table), quote(f.column), quote(model._meta.pk.column)
    select = (f"SELECT {pk}, {column} FROM {table} WHERE {pk} > %s AND {column} IS NOT NULL "  # noqa: S608 (quoted names)
              f"ORDER BY {pk} LIMIT {BATCH}")
    update = f"UPDATE {table} SET {column} = %s WHERE {pk} = %s AND {column} = %s"  # noqa: S608
    rewritten, last = 0, -1  # every encrypted model has an integer key
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(select, [last])
            rows = cursor.fetchall()
            for row_pk, stored in rows:
                fresh = transform(stored, f"{model._meta.db_table}.{f.column} #{row_pk}")
                if fresh is not None:
                    cursor.execute(update, [fresh, row_pk, stored])
                    rewritten += cursor.rowcount
        if len(rows) < BATCH:
            return rewritten
        last = rows[-1][0]


def _under_newest_key(keys: FieldKeys, stored: str, plaintext: bool, where: str) -> str | None:
    """The value to write back, or None when the stored one is already right."""
    if keys.is_current(stored):
        return None
    try:
        return keys.rotate(stored)
    except UnreadableValue:
        if plaintext and not looks_like_token(stored):
            return keys.encrypt(stored)
        raise UnreadableValue(f"{where} does not open with the keys of {keys.source}; "
                              "the rows before it are done, run again once the keys are "
                              "right") from None


def looks_like_token(value: str) -> bool:
    """Fernet tokens are url-safe base64 starting with version byte 0x80 ("gAAAAA")."""
    return value.startswith("gAAAAA") and len(value) >= 100


@dataclass
class Rotation:
    rewritten: Rewritten
    new_key: bool  # False when an interrupted rotation was finished
    retired: int  # old keys removed from the key file
    env_keys: bool  # keys come from VIGIL_FIELD_KEYS, which only its owner can change


def rotate_keys(*, settle_seconds: float = SETTLE_SECONDS,
                progress: Callable[[str, int], None] | None = None) -> Rotation:
    """Put a new key first, re-encrypt every value under it, then drop the older keys.

    With a key file holding more than one key (a rotation that was stopped), no new key is
    made: the stopped rotation is finished. Keys given in VIGIL_FIELD_KEYS cannot be
    rewritten here: the values are brought under the first of them, and the owner of the
    variable drops the others.
    """
    path = keys_file()
    started = False
    if path is not None:
        current = list(read_keys_file(path)) if path.exists() else list(field_keys().keys)
        if len(current) == 1:
            write_keys_file(path, [Fernet.generate_key(), *current])
            started = True
            time.sleep(settle_seconds)
    keys = field_keys()
    rewritten = rewrite_all(keys, progress=progress)
    leftover = rewrite_all(keys)  # rows a server wrote with an old key during the first pass
    rewritten.columns = {name: n + leftover.columns[name] for name, n in rewritten.columns.items()}
    retired = 0
    if path is not None:
        retired = len(keys.keys) - 1
        write_keys_file(path, [keys.keys[0]])
    return Rotation(rewritten, started, retired, path is None)
