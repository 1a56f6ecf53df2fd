"""Logging in as a person does, and TOTP codes computed independently of django-otp."""

import base64
import hashlib
import hmac
import struct
import time

from django.contrib.auth import get_user_model

from tests.conftest import PASSWORD
from vigil.accounts.models import Membership


def totp(secret: bytes, steps_ahead: int = 0, at: float | None = None) -> str:
    """RFC 6238 (SHA-1, 30-second steps, six digits), written from the RFC, not from
    django-otp: the code an authenticator app shows. A step ahead lets a test log in again
    within the 30 seconds whose code it has already used (django-otp refuses a reused step)."""
    counter = int((time.time() if at is None else at) // 30) + steps_ahead
    digest = hmac.new(secret, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def secret_of_key(base32_key: str) -> bytes:
    return base64.b32decode(base32_key + "=" * (-len(base32_key) % 8))


def log_in(client, username, password=PASSWORD, address="127.0.0.1"):
    return client.post("/login/", {"username": username, "password": password},
                       REMOTE_ADDR=address)


def owing(username, organisation, role):
    """A user who must have a second factor and has not set it up yet."""
    user = get_user_model().objects.create_user(username, password=PASSWORD)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user
