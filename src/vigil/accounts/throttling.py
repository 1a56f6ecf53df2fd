"""Which address a login attempt came from, for django-axes' per-address limit."""

from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.conf import settings
from django.shortcuts import render


def client_address(request) -> str | None:
    """The address the proxy in front of Vigil names in VIGIL_CLIENT_ADDRESS_HEADER, else the
    connection's: behind a proxy every attempt would otherwise count against the proxy's
    address, and five mistakes anywhere would lock everyone out."""
    header = settings.VIGIL_CLIENT_ADDRESS_HEADER
    if header:
        forwarded = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR")


def lockout_page(request, original_response=None, credentials=None):
    """The page shown instead of a login while an account or an address is locked out."""
    cool_off = get_cool_off(request)
    return render(request, "vigil/locked_out.html", {
        "failure_limit": get_failure_limit(request, credentials),
        "username": get_client_username(request, credentials) or "",
        "minutes": round(cool_off.total_seconds() / 60) if cool_off else None,
    }, status=settings.AXES_HTTP_RESPONSE_CODE)
