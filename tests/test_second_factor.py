"""The second factor: who must have one, enrolling and verifying it as a person does, and a user
who owes it reaching nothing but its pages, on every web route and through the API."""

import datetime as dt
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import test_access_matrix as matrix
from tests.accounts.helpers import log_in, owing, secret_of_key, totp
from tests.conftest import make_user
from vigil.accounts.middleware import OPEN_ROUTES
from vigil.accounts.models import ApiToken, Role

world = matrix.world  # the access matrix's objects, a fixture here too
ENROL = "/account/second-factor/enrol/"
VERIFY = "/account/second-factor/verify/"


def enrol(client, next_path="/"):
    """Walk the enrolment page as a person with an authenticator app; returns (secret, page)."""
    page = client.get(f"{ENROL}?next={next_path}")
    assert page.status_code == 200
    key = re.search(r"<code>([A-Z2-7]+)</code>", page.content.decode())[1]
    secret = secret_of_key(key)
    done = client.post(ENROL, {"code": totp(secret), "next": next_path})
    assert done.status_code == 200
    return secret, done.content.decode()


def wait_out_the_throttle():
    """What a person waiting a few seconds after a wrong code does to django-otp's throttle."""
    for model in (TOTPDevice, StaticDevice):  # a wrong code counts against both
        for device in model.objects.filter(throttling_failure_timestamp__isnull=False):
            device.throttling_failure_timestamp -= dt.timedelta(seconds=60)
            device.save()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.REVIEWER])
def test_a_user_who_owes_the_second_factor_reaches_only_its_pages(client, world, role):
    user = owing("owes", world["person"].organisation, role)
    client.force_login(user)
    assert {row[0] for row in matrix.WEB} == matrix.web_route_names()  # every route is walked
    for name, method, path, data, _statuses in matrix.WEB:
        response = getattr(client, method)(path(world), matrix.request_body(data, world))
        sent_to_enrol = (response.status_code == 302
                         and response["Location"].startswith(ENROL + "?next="))
        assert sent_to_enrol == (name not in OPEN_ROUTES), name
        if name == "logout":
            client.force_login(user)
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/")["Location"].startswith(ENROL)


@pytest.mark.django_db
def test_the_organisation_setting_asks_it_of_everyone(client, documenter_a, admin_a):
    client.force_login(documenter_a)
    assert client.get("/").status_code == 200
    admin = type(client)()
    admin.force_login(admin_a)
    admin.post("/account/organisation/second-factor/", {"required": "on"})
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith(ENROL)
    admin.post("/account/organisation/second-factor/", {})
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_enrolment_then_login_with_a_code_then_with_a_recovery_code(client, org_a):
    owing("rev", org_a, Role.REVIEWER)
    assert log_in(client, "rev").status_code == 302
    assert client.get("/sources/")["Location"] == f"{ENROL}?next=%2Fsources%2F"
    page = client.get(ENROL)
    # the QR code is markup in the page: the strict CSP needs no exception for it
    svg = re.search(r"<svg.*?</svg>", page.content.decode(), re.S)[0]
    assert "<path" in svg and "style" not in svg and "<script" not in page.content.decode()
    assert "default-src 'self'" in page["Content-Security-Policy"]
    key = re.search(r"<code>([A-Z2-7]+)</code>", page.content.decode())[1]
    assert client.post(ENROL, {"code": "000000"}).status_code == 400  # nothing confirmed
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    # the throttle refuses even the right code for a moment after a wrong one, and says so
    throttled = client.post(ENROL, {"code": totp(secret_of_key(key))})
    assert "Too many wrong codes: wait 1 second," in throttled.content.decode()
    wait_out_the_throttle()

    secret, shown = enrol(client, "/sources/")
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", shown)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/sources/").status_code == 200
    assert client.get("/account/second-factor/").content.decode().count(codes[0]) == 0

    client.post("/logout/")
    log_in(client, "rev")
    assert client.get("/")["Location"].startswith(VERIFY)
    wrong = client.post(VERIFY, {"code": "123456", "next": "/"})
    assert wrong.status_code == 400 and client.get("/").status_code == 302
    wait_out_the_throttle()
    # a second later the same step's code is refused (no replay): the next step's is not
    response = client.post(VERIFY, {"code": totp(secret, steps_ahead=1), "next": "/sources/"})
    assert response.status_code == 302 and response["Location"] == "/sources/"
    assert client.get("/").status_code == 200

    client.post("/logout/")
    log_in(client, "rev")
    assert client.post(VERIFY, {"code": codes[3], "next": "/"}).status_code == 302
    assert client.get("/").status_code == 200
    client.post("/logout/")
    log_in(client, "rev")
    assert client.post(VERIFY, {"code": codes[3], "next": "/"}).status_code == 400  # used once


@pytest.mark.django_db
def test_a_second_factor_set_up_freely_is_asked_for_too(client, documenter_a):
    log_in(client, "documenter-a")
    assert client.get("/").status_code == 200
    secret, _shown = enrol(client)
    client.post("/logout/")
    log_in(client, "documenter-a")
    assert client.get("/")["Location"].startswith(VERIFY)
    client.post(VERIFY, {"code": totp(secret, steps_ahead=1)})
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_api_tokens_of_a_user_who_owes_it_wait_for_it(client, org_a):
    user = owing("rev", org_a, Role.REVIEWER)
    _record, token = ApiToken.issue(user, "issued before the rule")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert client.get("/api/v1/me", **headers).status_code == 401
    with pytest.raises(CommandError, match="second factor first"):
        call_command("token", "rev")
    log_in(client, "rev")
    enrol(client)
    assert client.get("/api/v1/me", **headers).status_code == 200
    out = io.StringIO()
    call_command("token", "rev", stdout=out)
    assert out.getvalue().startswith("vgl_")


@pytest.mark.django_db
def test_the_administrator_resets_a_lost_phone_and_the_session_ends(client, org_a, org_b,
                                                                    admin_a, caplog):
    reviewer = make_user("reviewer-a", org_a, Role.REVIEWER)
    client.force_login(reviewer)
    assert client.get("/").status_code == 200
    outsider = type(client)()
    outsider.force_login(make_user("admin-b", org_b, Role.ADMINISTRATOR))
    url = f"/account/organisation/members/{reviewer.pk}/reset-second-factor/"
    assert outsider.post(url).status_code == 404
    assert TOTPDevice.objects.filter(user=reviewer).exists()
    admin = type(client)()
    admin.force_login(admin_a)
    assert admin.post(url).status_code == 302
    assert not TOTPDevice.objects.filter(user=reviewer).exists()
    assert (f"second factor of user {reviewer.pk} reset by user {admin_a.pk} via web"
            in caplog.text)
    assert client.get("/sources/")["Location"].startswith("/login/")  # the seized phone's session
    log_in(client, "reviewer-a")
    assert client.get("/")["Location"].startswith(ENROL)


@pytest.mark.django_db
def test_the_command_resets_an_administrator(client, admin_a):
    out = io.StringIO()
    call_command("reset_second_factor", "admin-a", stdout=out)
    assert "Reset the second factor of admin-a" in out.getvalue()
    log_in(client, "admin-a")
    assert client.get("/")["Location"].startswith(ENROL)
    with pytest.raises(CommandError, match="'nobody': no such user"):
        call_command("reset_second_factor", "nobody")
