"""The demo's administrator and reviewer, who need a second factor, can log in from what
`vigil demo` wrote to var/demo-logins.txt: the password, then a code from the key or a
recovery code."""

import io
import stat

import pytest
from django.core.management import call_command

from tests.accounts.helpers import log_in, secret_of_key, totp
from tests.conftest import Client

VERIFY = "/account/second-factor/verify/"


@pytest.fixture
def logins(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo", "--synthetic", "0", stdout=io.StringIO())
    path = tmp_path / "demo-logins.txt"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    rows = [line.split("\t") for line in path.read_text().splitlines()
            if not line.startswith("#")]
    return {row[0]: row for row in rows}


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["viasna-admin", "viasna-reviewer"])
def test_the_file_holds_what_logs_the_user_in(logins, username):
    _name, password, _role, _org, key, codes = logins[username]
    client = Client()
    assert log_in(client, username, password).status_code == 302
    assert client.get("/")["Location"].startswith(VERIFY)
    client.post(VERIFY, {"code": totp(secret_of_key(key))})
    assert client.get("/").status_code == 200

    other = Client()
    log_in(other, username, password)
    other.post(VERIFY, {"code": codes.split(",")[0]})
    assert other.get("/").status_code == 200


@pytest.mark.django_db
def test_the_documenter_of_the_readme_needs_no_second_factor(logins):
    _name, password, *rest = logins["viasna-documenter"]
    assert rest == ["documenter", "viasna"]
    client = Client()
    log_in(client, "viasna-documenter", password)
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_once_keeps_the_keys_that_still_work(logins, settings):
    call_command("demo", "--once", stdout=io.StringIO())
    again = (settings.VAR_DIR / "demo-logins.txt").read_text()
    assert logins["viasna-admin"][4] in again
