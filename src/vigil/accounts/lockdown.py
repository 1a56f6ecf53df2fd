"""Emergency lockdown of an organisation (the day a member is detained with their phone): every
session of its members ends, every API token of theirs is revoked, and until it is lifted only
its administrators may log in, with their second factor."""

import logging

from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vigil.accounts.models import ApiToken, Lockdown, Membership, Organisation, Role
from vigil.accounts.second_factor import has_second_factor

logger = logging.getLogger("vigil.security")


class LockdownError(Exception):
    """The lockdown cannot be started or lifted as asked; the message says why."""


def active_lockdown(organisation_id: int) -> Lockdown | None:
    return Lockdown.objects.filter(organisation_id=organisation_id, lifted_at__isnull=True).first()


def end_sessions_of(user_ids: set[int]) -> int:
    """Delete every live session of these users, so a stolen cookie stops working at once."""
    wanted = {str(pk) for pk in user_ids}
    doomed = [
        session.pk for session in Session.objects.filter(expire_date__gt=timezone.now())
        if session.get_decoded().get("_auth_user_id") in wanted
    ]
    Session.objects.filter(pk__in=doomed).delete()
    return len(doomed)


def member_ids(organisation: Organisation) -> set[int]:
    return set(Membership.objects.filter(organisation=organisation)
               .values_list("user_id", flat=True))


@transaction.atomic
def start_lockdown(organisation: Organisation, by=None, via: str = "") -> Lockdown:
    current = active_lockdown(organisation.pk)
    if current is not None:
        raise LockdownError(_("%(org)s is locked down already, since %(when)s.") % {
            "org": organisation.slug, "when": f"{current.started_at:%Y-%m-%d %H:%M} UTC"})
    members = member_ids(organisation)
    tokens, _by_model = ApiToken.objects.filter(user_id__in=members).delete()
    lockdown = Lockdown.objects.create(
        organisation=organisation, started_by=by, started_via=via,
        sessions_ended=end_sessions_of(members), tokens_revoked=tokens,
    )
    logger.warning("lockdown %s of organisation %s started by user %s via %s: %s sessions "
                   "ended, %s API tokens revoked", lockdown.pk, organisation.pk,
                   getattr(by, "pk", None), via, lockdown.sessions_ended, tokens)
    return lockdown


@transaction.atomic
def lift_lockdown(organisation: Organisation, by=None, via: str = "") -> Lockdown:
    current = active_lockdown(organisation.pk)
    if current is None:
        raise LockdownError(_("%(org)s is not locked down.") % {"org": organisation.slug})
    current.lifted_at = timezone.now()
    current.lifted_by = by
    current.lifted_via = via
    current.save(update_fields=["lifted_at", "lifted_by", "lifted_via"])
    logger.warning("lockdown %s of organisation %s lifted by user %s via %s", current.pk,
                   organisation.pk, getattr(by, "pk", None), via)
    return current


def login_refused_by_lockdown(user) -> bool:
    """During a lockdown only the organisation's administrators who have a second factor may log
    in: a password alone, or another member's phone, opens nothing."""
    membership = Membership.objects.filter(user=user).first()
    if membership is None or active_lockdown(membership.organisation_id) is None:
        return False
    return not (membership.role == Role.ADMINISTRATOR and has_second_factor(user))
