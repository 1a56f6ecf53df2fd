"""Restricted values are stored encrypted, with keys kept outside the database.

The keys are Fernet keys (`cryptography`), newest first: the first encrypts, every one of them
decrypts, so a key rotation can re-encrypt the rows while the server keeps reading them. They
come from `VIGIL_FIELD_KEYS` (comma-separated) or from the file `VIGIL_FIELD_KEYS_FILE` (one key
a line; by default `var/field_keys`, created with mode 0600 on first use). The file is read
again whenever it changes, so a running server picks up a rotation's new key by itself.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import FieldError
from django.db import models

from vigil.env import SettingError


class UnreadableValue(Exception):
    """A stored value that none of the configured keys opens (wrong or missing key)."""


class FieldKeys:
    def __init__(self, keys: tuple[bytes, ...], source: str):
        self.keys = keys
        self.source = source  # the setting the keys came from, for messages
        if not keys:
            raise SettingError(f"{source}: holds no key")
        try:
            fernets = [Fernet(key) for key in keys]
        except ValueError:
            raise SettingError(f"{source}: a key is not a Fernet key (32 url-safe base64 "
                               "bytes, as `vigil rotate-keys` writes)") from None
        self._primary = fernets[0]
        self._all = MultiFernet(fernets)

    def encrypt(self, text: str) -> str:
        return self._primary.encrypt(text.encode()).decode("ascii")

    def decrypt(self, token: str) -> str:
        try:
            return self._all.decrypt(token.encode("ascii")).decode()
        except (InvalidToken, UnicodeEncodeError):
            raise self._unreadable() from None

    def is_current(self, token: str) -> bool:
        """Whether the newest key encrypted this token (so a rotation can skip it)."""
        try:
            self._primary.decrypt(token.encode("ascii"))
        except (InvalidToken, UnicodeEncodeError):
            return False
        return True

    def _unreadable(self) -> UnreadableValue:
        return UnreadableValue(f"a stored value does not open with the keys of {self.source}")

    def rotate(self, token: str) -> str:
        try:
            return self._all.rotate(token.encode("ascii")).decode("ascii")
        except (InvalidToken, UnicodeEncodeError):
            raise self._unreadable() from None


def default_keys_file() -> Path:
    return Path(settings.VAR_DIR) / "field_keys"


def keys_file() -> Path | None:
    """The file holding the keys, or None when they come from the environment."""
    if settings.VIGIL_FIELD_KEYS:
        return None
    return Path(settings.VIGIL_FIELD_KEYS_FILE) if settings.VIGIL_FIELD_KEYS_FILE else (
        default_keys_file()
    )


_cache: dict[object, FieldKeys] = {}
_held: ContextVar[FieldKeys | None] = ContextVar("held_field_keys", default=None)


@contextmanager
def keys_held():
    """Within the block, the keys are looked up once, not at every value: a bulk write of
    many encrypted values (an import) would otherwise look at the keys file for each."""
    token = _held.set(field_keys())
    try:
        yield
    finally:
        _held.reset(token)


def field_keys() -> FieldKeys:
    held = _held.get()
    if held is not None:
        return held
    inline = settings.VIGIL_FIELD_KEYS
    if inline:
        return _cached(("env", inline), lambda: FieldKeys(
            tuple(k.strip().encode() for k in inline.split(",") if k.strip()),
            "VIGIL_FIELD_KEYS"))
    path = keys_file()
    if not path.exists() and path == default_keys_file():
        write_keys_file(path, [Fernet.generate_key()])
    try:
        stat = path.stat()
    except OSError as exc:
        raise SettingError(f"VIGIL_FIELD_KEYS_FILE={str(path)!r}: cannot read it "
                           f"({exc.strerror})") from None
    return _cached(("file", str(path), stat.st_mtime_ns, stat.st_size, stat.st_ino),
                   lambda: FieldKeys(read_keys_file(path), f"VIGIL_FIELD_KEYS_FILE={path}"))


def _cached(key, load) -> FieldKeys:
    if key not in _cache:
        _cache.clear()
        _cache[key] = load()
    return _cache[key]


def read_keys_file(path: Path) -> tuple[bytes, ...]:
    lines = path.read_text().splitlines()
    return tuple(line.strip().encode() for line in lines
                 if line.strip() and not line.startswith("#"))


def write_keys_file(path: Path, keys: list[bytes]) -> None:
    """Replace the file in one step, readable by its owner only, so no reader sees half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fresh = path.with_name(f".{path.name}.new")
    fd = os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write("# Vigil field keys, newest first; keep a copy apart from the backups.\n")
        out.writelines(f"{key.decode()}\n" for key in keys)
    os.replace(fresh, path)


class EncryptedMixin:
    """Encrypts on the way to the database and decrypts on the way back.

    Fernet tokens differ at every save, so the database can compare nothing: any lookup but
    `isnull` raises instead of silently matching no row.
    """

    def get_internal_type(self) -> str:
        return "TextField"

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return None if value is None else field_keys().encrypt(str(value))

    def from_db_value(self, value, expression, connection):
        return None if value is None else field_keys().decrypt(value)

    def get_lookup(self, lookup_name):
        if lookup_name != "isnull":
            raise FieldError(f"{self.model.__name__}.{self.name} is stored encrypted; "
                             f"it cannot be searched with `{lookup_name}`")
        return super().get_lookup(lookup_name)


class EncryptedTextField(EncryptedMixin, models.TextField):
    pass


class EncryptedCharField(EncryptedMixin, models.CharField):
    """A one-line value whose `max_length` bounds the text typed, not the longer token."""
