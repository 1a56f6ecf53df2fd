"""Who is asking: the actor every scoped query and every permission check is made for.

The permissions below are the only names the rest of Vigil asks (pages, lists, the API,
templates and commands); no code tests a role itself. docs/access.md states the same rules.
"""

from dataclasses import dataclass

from vigil.accounts.models import Membership, Organisation, Role

SENSITIVITY_PUBLIC, SENSITIVITY_INTERNAL = "public", "internal"

_EDITORS = frozenset({Role.DOCUMENTER, Role.REVIEWER, Role.ADMINISTRATOR})
_REVIEWERS = frozenset({Role.REVIEWER, Role.ADMINISTRATOR})


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
    def is_member(self) -> bool:
        """Belongs to an organisation (a user without a membership is treated as anonymous)."""
        return not self.is_anonymous

    @property
    def may_create(self) -> bool:
        """Create records owned by the actor's organisation."""
        return self.role in _EDITORS

    def may_edit(self, organisation_id: int) -> bool:
        """Change or soft-delete a record owned by `organisation_id`."""
        return self.organisation_id == organisation_id and self.may_create

    @property
    def may_import(self) -> bool:
        """Upload and import lists for the actor's organisation."""
        return self.may_create

    @property
    def may_review(self) -> bool:
        """Decide review pairs, merge and undo merges, export reviewer decisions."""
        return self.role in _REVIEWERS

    @property
    def may_publish(self) -> bool:
        """Freeze a figure as a release of the actor's organisation."""
        return self.role in _REVIEWERS

    @property
    def may_restore(self) -> bool:
        """See the organisation's deleted records (also in history) and restore them."""
        return self.role == Role.ADMINISTRATOR

    @property
    def may_administer(self) -> bool:
        """The organisation's own settings and, with staff access, the shared vocabularies."""
        return self.role == Role.ADMINISTRATOR

    def may_see(self, sensitivity: str, organisation_id: int) -> bool:
        """A field of this sensitivity class on a record owned by `organisation_id` (the
        record itself being visible to the actor)."""
        if sensitivity == SENSITIVITY_PUBLIC:
            return True
        if sensitivity == SENSITIVITY_INTERNAL:
            return not self.is_anonymous
        return self.organisation_id == organisation_id and self.role in _EDITORS


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
