"""What every logged-in request passes before its view: a session that is not too old nor left
idle too long, and a second factor where one is needed (docs/security.md)."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _

from vigil.accounts.second_factor import missing_step

LOGIN_AT = "vigil_login_at"
SEEN_AT = "vigil_seen_at"
SEEN_RESOLUTION = 60  # seconds: the session is written at most once a minute to note activity

# What a user who still owes the second factor may open: the steps themselves, logging in and
# out, and the language switch (so the steps can be read in Belarusian or Russian).
OPEN_ROUTES = {"login", "logout", "set_language", "second-factor-enrol", "second-factor-verify"}


@receiver(user_logged_in)
def note_login_time(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[LOGIN_AT] = now
        request.session[SEEN_AT] = now


def session_expiry(session, now: int) -> str | None:
    """Why this session must end now ('absolute' or 'idle'), or None."""
    login_at = session.get(LOGIN_AT, now)
    seen_at = session.get(SEEN_AT, login_at)
    if now - login_at > settings.SESSION_COOKIE_AGE:
        return "absolute"
    idle = settings.VIGIL_SESSION_IDLE_SECONDS
    if idle and now - seen_at > idle:
        return "idle"
    return None


class SessionLifetimeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            if session_expiry(request.session, now):
                logout(request)
                messages.info(request, _("Your session ended; please log in again."))
                return redirect_to_login(request.get_full_path())
            if now - request.session.get(SEEN_AT, 0) >= SEEN_RESOLUTION:
                request.session[SEEN_AT] = now
        return self.get_response(request)


def route_name(request) -> str | None:
    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return None


class SecondFactorMiddleware:
    """A user who owes the second factor reaches only its pages. The API is left to its token
    check (vigil.api.routes), which refuses the tokens of such users."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (user.is_authenticated and not user.is_verified()
                and not request.path_info.startswith("/api/")
                and route_name(request) not in OPEN_ROUTES):
            step = missing_step(user)
            if step:
                target = reverse(f"second-factor-{step}")
                return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
