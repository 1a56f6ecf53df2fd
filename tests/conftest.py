"""Shared fixtures: two organisations, A and B, and the people of the access matrix.

Inline the smallest data a test needs; shared fixtures here are the ones nearly every test
uses (healthchecks' alice/bob/charlie, extended to organisations and roles).
"""

import pytest
from django.contrib.auth import get_user_model
from django.db import connections

from tests.factories import make_person
from vigil.accounts.models import Coalition, Membership, Organisation, Role
from vigil.registry import models as m

PASSWORD = "correct horse battery staple"
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences",
                     "django_db_serialized_rollback"}


def pytest_collection_modifyitems(items):
    """Every test with a database also has the `progress` store (vigil.lists.routers), where
    job pages read a running job's progress and workers write their heartbeats."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is None and not DATABASE_FIXTURES & set(item.fixturenames):
            continue
        kwargs = dict(marker.kwargs) if marker else {}
        if kwargs.get("databases") is None:
            kwargs["databases"] = "__all__"
            item.add_marker(pytest.mark.django_db(*(marker.args if marker else ()), **kwargs),
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


@pytest.fixture
def org_a(db):
    return Organisation.objects.create(slug="org-a", name_en="Organisation A", kind="documenting")


@pytest.fixture
def org_b(db):
    return Organisation.objects.create(slug="org-b", name_en="Organisation B", kind="documenting")


def make_user(username, organisation, role, **extra):
    user = get_user_model().objects.create_user(username, password=PASSWORD, **extra)
    if organisation is not None:
        Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def viewer_a(org_a):
    return make_user("viewer-a", org_a, Role.VIEWER)


@pytest.fixture
def documenter_a(org_a):
    return make_user("documenter-a", org_a, Role.DOCUMENTER)


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
