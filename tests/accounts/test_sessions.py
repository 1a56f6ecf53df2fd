"""Session lifetime: a login ends after VIGIL_SESSION_SECONDS, or after
VIGIL_SESSION_IDLE_SECONDS untouched; changing the password ends the other sessions."""

import time

import pytest

from tests.accounts.helpers import log_in
from tests.conftest import PASSWORD, Client
from vigil.accounts.middleware import LOGIN_AT, SEEN_AT


def age_session(client, **seconds_ago):
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[{"login": LOGIN_AT, "seen": SEEN_AT}[key]] = now - ago
    session.save()


@pytest.mark.django_db
def test_a_session_left_idle_ends(client, settings, viewer_a):
    settings.VIGIL_SESSION_IDLE_SECONDS = 600
    log_in(client, "viewer-a")
    age_session(client, seen=599)
    assert client.get("/").status_code == 200  # and this use counts as activity
    age_session(client, seen=601)
    response = client.get("/sources/")
    assert response.status_code == 302 and response["Location"] == "/login/?next=/sources/"
    assert client.get("/").status_code == 302  # the session is gone, not just refused once


@pytest.mark.django_db
def test_a_session_ends_at_its_absolute_lifetime_however_busy(client, settings, viewer_a):
    settings.SESSION_COOKIE_AGE = 3600
    log_in(client, "viewer-a")
    age_session(client, login=3599, seen=1)
    assert client.get("/").status_code == 200
    age_session(client, login=3601, seen=1)
    assert client.get("/sources/")["Location"].startswith("/login/")


@pytest.mark.django_db
def test_changing_the_password_ends_the_other_sessions(client, viewer_a):
    viewer_a.email = "olga.viewer@example.org"
    viewer_a.save()
    other = Client()
    log_in(other, "viewer-a")
    log_in(client, "viewer-a")
    refused = client.post("/account/password/", {
        "old_password": PASSWORD, "new_password1": "olga.viewer@example", "new_password2":
        "olga.viewer@example"})
    assert refused.status_code == 200
    assert "too similar to the email address" in refused.content.decode()
    new = "a different long passphrase"
    response = client.post("/account/password/", {
        "old_password": PASSWORD, "new_password1": new, "new_password2": new})
    assert response.status_code == 302
    assert client.get("/").status_code == 200  # this session goes on
    assert other.get("/sources/")["Location"].startswith("/login/")
    assert log_in(Client(), "viewer-a", new).status_code == 302
