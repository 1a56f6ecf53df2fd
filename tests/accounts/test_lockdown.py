"""Emergency lockdown, from the command line and the administrator's button: sessions end (a
stolen cookie stops working), API tokens are revoked for good, only administrators with their
second factor may log in, and lifting it lets members in again."""

import io

import pytest
from django.core.management import CommandError, call_command

from tests.accounts.helpers import log_in, owing, totp
from tests.conftest import Client
from vigil.accounts.models import ApiToken, Lockdown, Role


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    assert client.get("/").status_code == 200
    return client


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user, 'phone')[1]}"}


def lockdown(*args) -> str:
    out = io.StringIO()
    call_command("lockdown", *args, stdout=out)
    return out.getvalue()


def admin_code(user) -> str:
    device = user.totpdevice_set.get()
    return totp(device.bin_key, steps_ahead=1)


@pytest.mark.django_db
def test_the_command_locks_an_organisation_down_and_lifts_it(documenter_a, admin_a,
                                                             documenter_b):
    stolen = logged_in(documenter_a)
    admins_own = logged_in(admin_a)
    other_org = logged_in(documenter_b)
    token_a, token_b = bearer(documenter_a), bearer(documenter_b)

    said = lockdown("--org", "org-a")
    assert "2 session(s) ended, 1 API token(s) revoked" in said
    assert stolen.get("/sources/")["Location"].startswith("/login/")  # the seized laptop's cookie
    assert admins_own.get("/sources/")["Location"].startswith("/login/")
    assert stolen.get("/api/v1/me", **token_a).status_code == 401
    assert other_org.get("/").status_code == 200  # other organisations go on
    assert other_org.get("/api/v1/me", **token_b).status_code == 200
    record = Lockdown.objects.get()
    assert record.started_via.startswith("command line") and record.lifted_at is None

    refused = log_in(Client(), "documenter-a")
    assert refused.status_code == 200
    assert "Your organisation is locked down" in refused.content.decode()
    admin = Client()
    assert log_in(admin, "admin-a").status_code == 302
    assert admin.get("/")["Location"].startswith("/account/second-factor/verify/")
    admin.post("/account/second-factor/verify/", {"code": admin_code(admin_a)})
    assert admin.get("/").status_code == 200
    with pytest.raises(CommandError, match="org-a is locked down already"):
        lockdown("--org", "org-a")

    assert "Lifted the lockdown of org-a" in lockdown("--org", "org-a", "--lift")
    again = Client()
    assert log_in(again, "documenter-a").status_code == 302
    assert again.get("/").status_code == 200
    assert again.get("/api/v1/me", **token_a).status_code == 401  # revoked tokens stay revoked
    record.refresh_from_db()
    assert record.lifted_at is not None and record.lifted_via.startswith("command line")
    with pytest.raises(CommandError, match="org-a is not locked down"):
        lockdown("--org", "org-a", "--lift")


@pytest.mark.django_db
def test_an_administrator_without_a_second_factor_cannot_log_in_during_a_lockdown(org_a):
    owing("new-admin", org_a, Role.ADMINISTRATOR)
    lockdown("--org", "org-a")
    refused = log_in(Client(), "new-admin")
    assert "Your organisation is locked down" in refused.content.decode()


@pytest.mark.django_db
def test_the_button_locks_down_and_lifts(client, documenter_a, viewer_a, admin_a, caplog):
    stolen = logged_in(documenter_a)
    token = bearer(viewer_a)
    assert logged_in(viewer_a).post("/account/organisation/lockdown/",
                                    {"confirm": "on"}).status_code == 403
    client.force_login(admin_a)
    client.post("/account/organisation/lockdown/", {})  # not confirmed: nothing happens
    assert not Lockdown.objects.exists() and stolen.get("/").status_code == 200

    response = client.post("/account/organisation/lockdown/", {"confirm": "on"}, follow=True)
    assert "Organisation A is locked down" in response.content.decode()
    assert stolen.get("/sources/")["Location"].startswith("/login/")
    assert stolen.get("/api/v1/me", **token).status_code == 401
    assert client.get("/sources/")["Location"].startswith("/login/")  # the administrator's own too
    record = Lockdown.objects.get()
    assert record.started_by == admin_a and record.started_via == "web"
    # three were logged in (the member, the viewer who tried the button, the administrator)
    assert (f"lockdown {record.pk} of organisation {admin_a.membership.organisation_id} "
            f"started by user {admin_a.pk} via web: 3 sessions ended, 1 API tokens revoked"
            in caplog.text)

    log_in(client, "admin-a")
    client.post("/account/second-factor/verify/", {"code": admin_code(admin_a)})
    page = client.get("/account/organisation/").content.decode()
    assert "Locked down since" in page
    client.post("/account/organisation/lockdown/", {"action": "lift"})
    record.refresh_from_db()
    assert record.lifted_by == admin_a
    assert log_in(Client(), "documenter-a").status_code == 302
