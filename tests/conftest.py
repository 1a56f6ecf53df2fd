"""Shared fixtures: two organisations, A and B, and the people of the access matrix.

Inline the smallest data a test needs; shared fixtures here are the ones nearly every test
uses (healthchecks' alice/bob/charlie, extended to organisations and roles).
"""

import django.test
import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.core.management import call_command
from django.db import connections
from django.test import override_settings
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import make_person
from vigil.accounts.models import Coalition, Membership, Organisation, Role
from vigil.accounts.second_factor import must_have_second_factor
from vigil.registry import models as m

PASSWORD = "correct horse battery staple"
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences",
                     "django_db_serialized_rollback"}


def pytest_collection_modifyitems(items):
    """Every test with a database also has the `progress` store (vigil.lists.routers), where
    job pages read a running job's progress and workers write their heartbeats.

    A test that commits (transaction=True) always puts the database back as migrations left
    it (serialized_rollback): a plain flush would drop the seeded vocabularies and content
    types, and the next test that restores them would fail on duplicates."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is None and not DATABASE_FIXTURES & set(item.fixturenames):
            continue
        kwargs = dict(marker.kwargs) if marker else {}
        changed = dict(kwargs)
        changed.setdefault("databases", "__all__")
        if changed["databases"] is None:
            changed["databases"] = "__all__"
        if changed.get("transaction"):
            changed["serialized_rollback"] = True
        if changed != kwargs:
            item.add_marker(pytest.mark.django_db(*(marker.args if marker else ()), **changed),
                            append=False)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """On PostgreSQL the progress store is a second connection to the test database: close
    it before the database is dropped."""
    yield
    connections["progress"].close()


@pytest.fixture(autouse=True)
def uploads_in_tmp(settings, tmp_path):
    """Uploaded files go to the test's own directory, never to the checkout's var/."""
    settings.UPLOAD_DIR = tmp_path / "uploads"

# The suite's field key lives in memory: no test writes a key file into the checkout's var/.
settings.VIGIL_FIELD_KEYS = Fernet.generate_key().decode()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 takes seconds a password on a loaded machine, and the suite makes thousands of
    users; the hasher is not what tests are about (tests/accounts/test_add_user.py checks that
    Vigil itself hashes with Argon2)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class CheapArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2 as in production, at its lowest cost: the default costs a second of CPU and
    100 MB per user made or login tried, which made user fixtures most of the suite's time."""

    time_cost = 1
    memory_cost = 8
    parallelism = 1


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing():
    hasher = f"{__name__}.{CheapArgon2PasswordHasher.__qualname__}"
    with override_settings(PASSWORD_HASHERS=[hasher, *settings.PASSWORD_HASHERS]):
        yield


@pytest.fixture(scope="session", autouse=True)
def collected_static_files(tmp_path_factory):
    """Pages name static files by their hash from the manifest, as in production: collected
    once per test process into its own directory."""
    with override_settings(STATIC_ROOT=tmp_path_factory.mktemp("static")):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield


@pytest.fixture
def org_a(db):
    return Organisation.objects.create(slug="org-a", name_en="Organisation A", kind="documenting")


@pytest.fixture
def org_b(db):
    return Organisation.objects.create(slug="org-b", name_en="Organisation B", kind="documenting")


def make_user(username, organisation, role, **extra):
    """A user who has done what their role asks: those who must have a second factor have an
    authenticator app (tests/test_second_factor.py makes users who have not)."""
    user = get_user_model().objects.create_user(username, password=PASSWORD, **extra)
    if organisation is not None:
        Membership.objects.create(user=user, organisation=organisation, role=role)
    if must_have_second_factor(user):
        TOTPDevice.objects.create(user=user, name="authenticator app", confirmed=True)
    return user


class Client(django.test.Client):
    """force_login stands for a whole login: the password and, for a user who has one, the
    second factor (tests/test_second_factor.py walks the real steps)."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is not None:
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()


@pytest.fixture
def client():
    return Client()


@pytest.fixture
def viewer_a(org_a):
    return make_user("viewer-a", org_a, Role.VIEWER)


@pytest.fixture
def documenter_a(org_a):
    return make_user("documenter-a", org_a, Role.DOCUMENTER)


@pytest.fixture
def reviewer_a(org_a):
    return make_user("reviewer-a", org_a, Role.REVIEWER)


@pytest.fixture
def admin_a(org_a):
    return make_user("admin-a", org_a, Role.ADMINISTRATOR, is_staff=True)


@pytest.fixture
def documenter_b(org_b):
    return make_user("documenter-b", org_b, Role.DOCUMENTER)


@pytest.fixture
def coalition(org_a, org_b):
    coalition = Coalition.objects.create(slug="coalition", name="Coalition")
    coalition.members.add(org_a, org_b)
    return coalition


@pytest.fixture
def person_a(org_a):
    """An organisation-only record of A, with something in every restricted field."""
    person = make_person(org_a, health="CANARY-health-a", relatives="CANARY-relatives-a",
                         notes="internal note of A")
    for text, language, script, kind in [
        ("Алесь Беляцкий", "ru", "Cyrl", "russian"),
        ("Ales Bialiatski", "en", "Latn", "latin"),
    ]:
        m.NameVariant.objects.create(person=person, organisation=org_a, text=text,
                                     language=language, script=script, kind=kind)
    return person


@pytest.fixture
def condition_type(db):
    return m.ConditionType.objects.get_or_create(
        slug="medical-care-denied", defaults={"name_en": "medical care denied"}
    )[0]


@pytest.fixture
def source_a(org_a):
    return m.Source.objects.create(organisation=org_a, kind="publication",
                                   title="Statement of 21 May", url="https://example.org/s")
