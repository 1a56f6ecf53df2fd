"""Who is asking: the actor every scoped query and every field check is made for."""

from dataclasses import dataclass

from vigil.accounts.models import (
    ROLES_THAT_EDIT,
    ROLES_THAT_SEE_RESTRICTED,
    Membership,
    Organisation,
    Role,
)


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    organisation_id: int | None
    role: Role | None
    coalition_org_ids: frozenset[int]

    @property
    def is_anonymous(self) -> bool:
        return self.organisation_id is None

    @property
    def can_edit(self) -> bool:
        return self.role in ROLES_THAT_EDIT

    @property
    def is_org_admin(self) -> bool:
        return self.role == Role.ADMINISTRATOR

    def sees_restricted_of(self, organisation_id: int) -> bool:
        return self.organisation_id == organisation_id and self.role in ROLES_THAT_SEE_RESTRICTED

    def may_edit_records_of(self, organisation_id: int) -> bool:
        return self.organisation_id == organisation_id and self.can_edit


ANONYMOUS = Actor(None, None, None, frozenset())


def actor_for(user) -> Actor:
    """The actor for a Django user; a user without a membership is treated as anonymous."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, "_vigil_actor", None)
    if cached is not None:
        return cached
    membership = (
        Membership.objects.select_related("organisation").filter(user_id=user.pk).first()
    )
    if membership is None:
        actor = Actor(user.pk, None, None, frozenset())
    else:
        actor = acting_for(membership.organisation_id, Role(membership.role), user.pk)
    user._vigil_actor = actor
    return actor


def acting_for(organisation_id: int, role: Role, user_id: int | None = None) -> Actor:
    """An actor of an organisation with a role, seeing what its coalitions share with it."""
    partners = Organisation.objects.filter(coalitions__members=organisation_id).values_list(
        "pk", flat=True
    )
    return Actor(user_id, organisation_id, role, frozenset(partners))


def organisation_named(slug: str) -> Organisation:
    """The organisation an operator names on the command line, or an error listing the known."""
    from django.core.management.base import CommandError

    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        known = ", ".join(Organisation.objects.values_list("slug", flat=True)) or "none yet"
        raise CommandError(f"--org {slug!r}: no such organisation (known: {known})")
    return organisation
