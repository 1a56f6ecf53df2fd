"""The second factor (TOTP from django-otp, with single-use recovery codes): who must have one,
and enrolling, checking and resetting it."""

import logging
from base64 import b32encode
from math import ceil

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from vigil.accounts.models import Membership, Role

logger = logging.getLogger("vigil.security")

ROLES_THAT_NEED_SECOND_FACTOR = {Role.ADMINISTRATOR, Role.REVIEWER}
RECOVERY_CODES = 10
DEVICE_NAME = "authenticator app"
RECOVERY_NAME = "recovery codes"


def must_have_second_factor(user) -> bool:
    """Administrators, reviewers and staff always; everyone when their organisation says so."""
    if user.is_staff or user.is_superuser:
        return True
    membership = Membership.objects.select_related("organisation").filter(user=user).first()
    if membership is None:
        return False
    return (membership.role in ROLES_THAT_NEED_SECOND_FACTOR
            or membership.organisation.require_second_factor)


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def missing_step(user) -> str | None:
    """What a logged-in but unverified session still lacks: 'verify' when the user has a second
    factor (whether or not it is required: one enrolled freely is asked for too), 'enrol' when
    one is required and there is none yet, None when the password is enough."""
    if has_second_factor(user):
        return "verify"
    if must_have_second_factor(user):
        return "enrol"
    return None


def may_use_api(user) -> bool:
    """An API token acts for its user only while the user's second factor is in order."""
    return has_second_factor(user) or not must_have_second_factor(user)


def authenticator_key(device: TOTPDevice) -> str:
    """The key as authenticator apps take it when typed in (base32, RFC 6238)."""
    return b32encode(device.bin_key).decode()


def pending_device(user) -> TOTPDevice:
    """The unconfirmed authenticator of an enrolment in progress (one per user, kept across
    reloads of the page so the QR code the user scanned stays valid)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


@transaction.atomic
def confirm_enrolment(device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm an enrolment with a first code from the app; returns the new recovery codes (to
    show once), or None when the code is wrong."""
    if not device.verify_token(code.strip().replace(" ", "")):
        return None
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return new_recovery_codes(device.user)


@transaction.atomic
def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes; the old ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user).count()


def matching_device(user, code: str):
    """The device (authenticator or recovery codes) that accepts this code, or None. Each device
    throttles wrong codes itself (django-otp), so guessing slows down."""
    code = code.strip().replace(" ", "")
    for model in (TOTPDevice, StaticDevice):
        for device in model.objects.filter(user=user, confirmed=True):
            with transaction.atomic():
                if device.verify_token(code):
                    return device
    return None


def seconds_to_wait(user) -> int:
    """How long django-otp's throttle still refuses codes after wrong ones (0: not throttled)."""
    waits = [0]
    for model in (TOTPDevice, StaticDevice):
        for device in model.objects.filter(user=user):
            allowed, data = device.verify_is_allowed()
            if not allowed and data and "locked_until" in data:
                waits.append(ceil((data["locked_until"] - timezone.now()).total_seconds()))
    return max(waits)


@transaction.atomic
def reset_second_factor(user, by=None, via: str = "") -> None:
    """Forget the user's authenticator and recovery codes (a lost or seized phone): the next
    login enrols a new one, when one is required. Logged with who asked, by id."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    if via:
        logger.warning("second factor of user %s reset by user %s via %s", user.pk,
                       getattr(by, "pk", None), via)
