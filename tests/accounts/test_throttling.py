"""Login throttling (django-axes): too many failures lock an account, or an address, with a
clear page; `vigil unlock` lifts it."""

import io

import pytest
from django.core.management import CommandError, call_command

from tests.accounts.helpers import log_in
from tests.conftest import make_user

LIMIT = 5  # VIGIL_LOGIN_FAILURE_LIMIT's default


def unlock(*args) -> str:
    out = io.StringIO()
    call_command("unlock", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_an_account_is_locked_after_the_limit_and_unlocked_by_the_command(client, viewer_a):
    for _ in range(LIMIT - 1):
        assert log_in(client, "viewer-a", "wrong password").status_code == 200
    page = log_in(client, "viewer-a", "wrong password")
    assert page.status_code == 429
    text = page.content.decode()
    assert "There were 5 failed logins for this account or from this address." in text
    assert "Try again in 30 minutes." in text and "vigil unlock viewer-a" in text
    # the right password does not help while locked, from this address or another one
    assert log_in(client, "viewer-a").status_code == 429
    assert log_in(client, "viewer-a", address="192.0.2.7").status_code == 429

    assert "Unlocked 'viewer-a'" in unlock("viewer-a")
    response = log_in(client, "viewer-a", address="192.0.2.7")
    assert response.status_code == 302 and client.get("/").status_code == 200


@pytest.mark.django_db
def test_an_address_trying_many_accounts_is_locked(client, viewer_a, documenter_a):
    for number in range(LIMIT):
        log_in(client, f"guess-{number}", "wrong password", address="198.51.100.9")
    assert log_in(client, "documenter-a", address="198.51.100.9").status_code == 429
    assert log_in(client, "viewer-a", address="203.0.113.1").status_code == 302  # elsewhere
    assert "address 198.51.100.9" in unlock("--ip", "198.51.100.9")
    assert log_in(client, "documenter-a", address="198.51.100.9").status_code == 302


@pytest.mark.django_db
def test_behind_a_proxy_the_named_header_gives_the_address(client, settings, viewer_a):
    settings.VIGIL_CLIENT_ADDRESS_HEADER = "X-Forwarded-For"
    for number in range(LIMIT):
        client.post("/login/", {"username": f"guess-{number}", "password": "x"},
                    REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.9")
    # the proxy's own address is not what was locked: another client behind it logs in
    response = client.post("/login/", {"username": "viewer-a", "password": "correct horse "
                                       "battery staple"}, REMOTE_ADDR="10.0.0.1",
                           HTTP_X_FORWARDED_FOR="203.0.113.1")
    assert response.status_code == 302


@pytest.mark.django_db
def test_a_success_clears_the_failures_of_the_account(client, org_a):
    make_user("someone", org_a, "viewer")
    for _round in range(2):
        for _ in range(LIMIT - 1):
            log_in(client, "someone", "wrong password")
        assert log_in(client, "someone").status_code == 302
        client.post("/logout/")


def test_unlock_needs_an_account_or_an_address():
    with pytest.raises(CommandError, match="give the USERNAME"):
        call_command("unlock")


@pytest.mark.django_db
def test_unlock_says_when_nothing_was_locked():
    assert "nothing to unlock" in unlock("nobody")
