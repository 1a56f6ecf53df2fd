"""The production settings of docs/settings.md pass Django's deployment checks with no warning,
and each of them takes effect."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from vigil.env import SettingError, env_header

DOCS = Path(__file__).parents[1] / "docs" / "settings.md"


def production_environment(tmp_path: Path) -> dict[str, str]:
    """The documented block, with its paths moved into the test's own directory."""
    block = re.search(r"## Production\n.*?```sh\n(.*?)```", DOCS.read_text(), re.S).group(1)
    documented = dict(line.split("=", 1) for line in block.splitlines() if line)
    key = tmp_path / "secret_key"
    key.write_text(secrets.token_urlsafe(50))
    # `check --deploy` never connects to the database; SQLite in tmp keeps the test from
    # depending on a server the documented URL names.
    documented.pop("DATABASE_URL")
    return {**documented, "VIGIL_SECRET_KEY_FILE": str(key),
            "VIGIL_VAR_DIR": str(tmp_path / "var"), "PATH": os.environ.get("PATH", "/usr/bin")}


def check_deploy(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vigil.cli", "check", "--deploy"],  # noqa: S603
                          capture_output=True, text=True, env=env, timeout=120)


def settings_under(env: dict[str, str], *names: str) -> list[str]:
    code = ("import django; django.setup(); from django.conf import settings; "
            f"print([getattr(settings, name) for name in {names!r}])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,  # noqa: S603
                          env={**env, "DJANGO_SETTINGS_MODULE": "vigil.settings"}, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_documented_production_settings_pass_check_deploy(tmp_path):
    done = check_deploy(production_environment(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "System check identified no issues" in done.stdout
    assert "WARNING" not in done.stderr + done.stdout


def test_without_them_check_deploy_names_what_is_missing(tmp_path):
    env = production_environment(tmp_path)
    for name in ("VIGIL_SSL_REDIRECT", "VIGIL_HSTS_SECONDS", "VIGIL_SECURE_COOKIES"):
        env.pop(name)
    warnings = set(re.findall(r"security\.W\d+", check_deploy(env).stderr))
    # W004 HSTS, W008 SSL redirect, W012 session cookie, W016 CSRF cookie
    assert warnings == {"security.W004", "security.W008", "security.W012", "security.W016"}


def test_each_documented_setting_takes_effect(tmp_path):
    env = production_environment(tmp_path)
    shown = settings_under(env, "SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER",
                           "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
                           "SECURE_HSTS_PRELOAD", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE")
    assert shown == ("[True, ('HTTP_X_FORWARDED_PROTO', 'https'), 31536000, True, True, "
                     "True, True]")


@pytest.mark.parametrize("raw", ["X-Forwarded-Proto", "X Forwarded:https", ":https",
                                 "X-Forwarded-Proto:"])
def test_a_malformed_proxy_header_names_the_variable(monkeypatch, raw):
    monkeypatch.setenv("VIGIL_X", raw)
    with pytest.raises(SettingError, match="VIGIL_X="):
        env_header("VIGIL_X")


def test_behind_the_proxy_http_is_redirected_and_https_answers_with_hsts(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 31536000
    plain = client.get("/login/", HTTP_X_FORWARDED_PROTO="http")
    assert plain.status_code == 301 and plain["Location"] == "https://testserver/login/"
    secure = client.get("/login/", HTTP_X_FORWARDED_PROTO="https")
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000")
