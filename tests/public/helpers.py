"""Builders for public-registry tests: a person published the way an organisation does it."""

from django.utils import timezone

from tests.conftest import make_user
from tests.factories import make_person
from vigil.accounts.models import Role
from vigil.publishing.models import PersonPublication
from vigil.publishing.publication import unique_slug
from vigil.registry import models as m

PUBLIC = m.Visibility.PUBLIC


def publish(person, state="published", withheld=False) -> PersonPublication:
    """Give `person` a publication in `state` (proposed, published or withdrawn)."""
    now = timezone.now()
    publication = PersonPublication.objects.create(
        person=person, slug=unique_slug(person), name_withheld=withheld, proposed_at=now,
        confirmed_at=now if state in ("published", "withdrawn") else None,
        withdrawn_at=now if state == "withdrawn" else None)
    return publication


def public_person(organisation, name="Алесь Бяляцкі", latin="Ales Bialiatski", **fields):
    person = make_person(organisation, name=name, visibility=PUBLIC, **fields)
    m.NameVariant.objects.create(person=person, organisation=organisation, visibility=PUBLIC,
                                 text=latin, language="en", script="Latn", kind="latin")
    return person


def reviewer_of(organisation, username="reviewer"):
    return make_user(username, organisation, Role.REVIEWER)
