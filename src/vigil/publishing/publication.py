"""Publishing a person (DESIGN §8): proposed by a member who may edit the person's records,
confirmed by a reviewer or administrator of the same organisation who is not the proposer,
withdrawn by a reviewer or administrator. Each step keeps who and when (and its history)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from unidecode import unidecode

from vigil.accounts.actors import Actor
from vigil.publishing.models import PersonPublication
from vigil.registry import models as m


class PublicationError(Exception):
    """A step that cannot be taken now; the message says why, for the person who tried."""


def may_propose(actor: Actor, person: m.Person) -> bool:
    return actor.may_edit(person.organisation_id)


def may_confirm(actor: Actor, person: m.Person) -> bool:
    """Confirm or withdraw: a publisher (reviewer, administrator) of the person's own
    organisation; that the confirmer is not the proposer is checked by `confirm`."""
    return actor.organisation_id == person.organisation_id and actor.may_publish


def latin_name(person: m.Person) -> str:
    """The name a public address is made from: a Latin spelling if there is one."""
    names = sorted((n for n in person.names.all() if n.deleted_at is None),
                   key=lambda n: (not n.is_primary, n.pk))
    latin = [n for n in names if n.script == m.Script.LATIN]
    chosen = (latin or names)
    return unidecode(chosen[0].text) if chosen else ""


def unique_slug(person: m.Person, taken: set[str] = frozenset()) -> str:
    """A readable address from the Latin name, numbered when taken (in the database or in
    `taken`, the slugs of a batch not yet saved)."""
    base = slugify(latin_name(person))[:100].strip("-") or "person"
    slug, n = base, 1
    while slug in taken or PersonPublication.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def propose(person: m.Person, user, actor: Actor, name_withheld: bool) -> PersonPublication:
    """Ask for the person to be published (again, after a withdrawal)."""
    if not may_propose(actor, person):
        raise PermissionDenied
    with transaction.atomic():
        publication = PersonPublication.objects.select_for_update().filter(person=person).first()
        if publication is not None and publication.is_published:
            raise PublicationError(_("This person is already published."))
        if publication is None:
            publication = PersonPublication(person=person, slug=unique_slug(person))
        publication.name_withheld = name_withheld
        publication.proposed_by, publication.proposed_at = user, timezone.now()
        publication.confirmed_by = publication.confirmed_at = None
        publication.withdrawn_by = publication.withdrawn_at = None
        publication.save()
    return publication


def confirm(publication: PersonPublication, user, actor: Actor) -> None:
    """The second person's step: the person is public from now on."""
    if not may_confirm(actor, publication.person):
        raise PermissionDenied
    if not publication.is_proposed:
        raise PublicationError(_("There is no proposal to confirm."))
    if publication.proposed_by_id == user.pk:
        raise PublicationError(
            _("Another reviewer or administrator must confirm: you proposed this publication."))
    publication.confirmed_by, publication.confirmed_at = user, timezone.now()
    publication.save()


def withdraw(publication: PersonPublication, user, actor: Actor) -> None:
    """Take the person off every public output (a proposal can be withdrawn too)."""
    if not may_confirm(actor, publication.person):
        raise PermissionDenied
    if publication.withdrawn_at is not None:
        raise PublicationError(_("This publication is already withdrawn."))
    publication.withdrawn_by, publication.withdrawn_at = user, timezone.now()
    publication.save()
