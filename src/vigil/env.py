"""Strict readers for settings taken from the environment.

A bad value stops the program with a message naming the variable: a typo in a deployment
must never silently fall back to a default.
"""

import os
from pathlib import Path


class SettingError(Exception):
    """An environment variable holds a value Vigil cannot use."""


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw in ("1", "true", "True", "yes"):
        return True
    if raw in ("0", "false", "False", "no"):
        return False
    raise SettingError(f"{name}={raw!r}: expected one of 1/0, true/false, yes/no")


def env_int(name: str, default: int, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingError(f"{name}={raw!r}: expected a whole number") from None
    if minimum is not None and value < minimum:
        raise SettingError(f"{name}={raw!r}: expected at least {minimum}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_header(name: str) -> tuple[str, str] | None:
    """`Header-Name:value` as Django's (`HTTP_HEADER_NAME`, `value`); empty: None."""
    raw = os.environ.get(name, "")
    if not raw:
        return None
    header, colon, value = raw.partition(":")
    header, value = header.strip(), value.strip()
    if not colon or not header or not value or " " in header:
        raise SettingError(f"{name}={raw!r}: expected a header and its value, "
                           "as X-Forwarded-Proto:https")
    return "HTTP_" + header.upper().replace("-", "_"), value


def env_secret(name: str) -> str:
    """Read NAME, or the file named by NAME_FILE (container secrets); fail if that is unreadable."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text().strip()
        except OSError as exc:
            raise SettingError(f"{name}_FILE={path!r}: cannot read it ({exc.strerror})") from None
    return os.environ.get(name, "")


def local_secret_key(var_dir: Path) -> str:
    """A key generated once for a laptop install and kept in var/, never in the repository."""
    from secrets import token_urlsafe

    path = var_dir / "secret_key"
    if not path.exists():
        private_dir(var_dir)
        with private_file(path).open("w") as out:
            out.write(token_urlsafe(50))
    return path.read_text().strip()


def private_dir(path: Path) -> Path:
    """The directory, created readable by its owner only (0700), and made so if it is ours:
    var/ holds the database, archived sources and keys of people the state hunts."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    _owner_only(path, 0o700)
    return path


def private_file(path: Path) -> Path:
    """The file, created empty if missing, readable and writable by its owner only (0600).
    SQLite accepts an empty file as a new database and gives its -wal and -shm files the
    database file's mode."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    _owner_only(path, 0o600)
    return path


def _owner_only(path: Path, mode: int) -> None:
    if path.stat().st_uid == os.getuid():
        path.chmod(mode)
