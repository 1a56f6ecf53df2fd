"""Account pages: the second factor (enrol, verify, recovery codes), the password, and the
organisation administrator's page of members, second-factor resets and the lockdown button."""

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordChangeView
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from vigil.accounts import second_factor as sf
from vigil.accounts.access import actor_of, require
from vigil.accounts.forms import CodeForm, RomanisationForm
from vigil.accounts.lockdown import (
    LockdownError,
    active_lockdown,
    end_sessions_of,
    lift_lockdown,
    start_lockdown,
)
from vigil.accounts.models import Lockdown, Membership, Organisation


def safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return reverse("person-list")


def qr_code_svg(text: str) -> str:
    """The QR code as inline SVG markup: no image request, nothing the CSP must allow."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


def wrong_code_message(user, message: str) -> str:
    wait = sf.seconds_to_wait(user)
    if wait > 0:
        return ngettext(
            "Too many wrong codes: wait %(seconds)d second, then type the code the app shows.",
            "Too many wrong codes: wait %(seconds)d seconds, then type the code the app shows.",
            wait) % {"seconds": wait}
    return message


@login_required
def second_factor_enrol(request):
    if sf.has_second_factor(request.user) and not request.user.is_verified():
        return redirect(f"{reverse('second-factor-verify')}?{request.GET.urlencode()}")
    device = sf.pending_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = sf.confirm_enrolment(device, form.cleaned_data["code"])
        if codes is not None:
            otp_login(request, device)
            return render(request, "vigil/recovery_codes.html", {
                "codes": codes, "next": safe_next(request), "enrolled": True})
        form.add_error("code", wrong_code_message(request.user, _(
            "This code does not match. Check the time on your phone and type the code the app "
            "shows now.")))
    return render(request, "vigil/second_factor_enrol.html", {
        "form": form, "qr_code": qr_code_svg(device.config_url),
        "key": sf.authenticator_key(device),
        "next": request.GET.get("next", ""), "required": sf.must_have_second_factor(request.user),
    }, status=400 if form.errors else 200)


@login_required
def second_factor_verify(request):
    if not sf.has_second_factor(request.user):
        return redirect(f"{reverse('second-factor-enrol')}?{request.GET.urlencode()}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = sf.matching_device(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            if device.name == sf.RECOVERY_NAME:
                messages.warning(request, _(
                    "You used a recovery code; %(left)d are left. If your phone is lost, ask "
                    "your organisation's administrator to reset your second factor."
                ) % {"left": sf.recovery_codes_left(request.user)})
            return redirect(safe_next(request))
        form.add_error("code", wrong_code_message(request.user, _(
            "This code is not valid (a code from your authenticator app, or one of your "
            "recovery codes, each usable once).")))
    return render(request, "vigil/second_factor_verify.html", {
        "form": form, "next": request.GET.get("next", ""),
    }, status=400 if form.errors else 200)


@login_required
def second_factor_status(request):
    return render(request, "vigil/second_factor.html", {
        "enrolled": sf.has_second_factor(request.user),
        "required": sf.must_have_second_factor(request.user),
        "codes_left": sf.recovery_codes_left(request.user),
    })


@login_required
@require_POST
def second_factor_recovery_codes(request):
    if not sf.has_second_factor(request.user):
        raise Http404
    return render(request, "vigil/recovery_codes.html", {
        "codes": sf.new_recovery_codes(request.user), "next": reverse("second-factor"),
    })


class PasswordChange(PasswordChangeView):
    template_name = "vigil/password_change.html"
    success_url = reverse_lazy("person-list")

    def form_valid(self, form):
        messages.success(self.request, gettext_lazy(
            "Your password is changed; your other sessions have ended."))
        return super().form_valid(form)


password_change = login_required(PasswordChange.as_view())


def administered_organisation(request) -> Organisation:
    """The organisation of the requesting administrator; anyone else gets 403."""
    actor = actor_of(request)
    require(actor, "may_administer")
    return Organisation.objects.get(pk=actor.organisation_id)


def organisation_members_of(actor):
    return (Membership.objects.filter(organisation_id=actor.organisation_id)
            .select_related("user").order_by("user__username"))


@login_required
def organisation_security(request):
    actor = actor_of(request)
    require(actor, "may_administer")
    members = organisation_members_of(actor)
    enrolled = set(sf.TOTPDevice.objects.filter(
        user__in=[m.user_id for m in members], confirmed=True).values_list("user_id", flat=True))
    organisation = Organisation.objects.get(pk=actor.organisation_id)
    return render(request, "vigil/organisation_security.html", {
        "organisation": organisation,
        "members": [(m, m.user_id in enrolled, sf.must_have_second_factor(m.user))
                    for m in members],
        "lockdown": active_lockdown(actor.organisation_id),
        "romanisation_form": RomanisationForm(instance=organisation),
        "past_lockdowns": Lockdown.objects.filter(organisation_id=actor.organisation_id)
        .select_related("started_by", "lifted_by")[:20],
    })


@login_required
@require_POST
def member_reset_second_factor(request, user_pk):
    actor = actor_of(request)
    require(actor, "may_administer")
    member = organisation_members_of(actor).filter(user_id=user_pk).first()
    if member is None:
        raise Http404
    sf.reset_second_factor(member.user, by=request.user, via="web")
    end_sessions_of({member.user_id})
    if member.user_id == request.user.pk:
        logout(request)  # their own session is gone: start a clean one for the message
        return redirect("login")
    messages.success(request, _("The second factor of %(user)s is reset and their sessions have "
                                "ended; they enrol a new one at their next login.")
                     % {"user": member.user.get_username()})
    return redirect("organisation-security")


@login_required
@require_POST
def organisation_require_second_factor(request):
    organisation = administered_organisation(request)
    organisation.require_second_factor = request.POST.get("required") == "on"
    organisation.save(update_fields=["require_second_factor"])
    messages.success(request, _("Every member now needs a second factor.")
                     if organisation.require_second_factor else
                     _("Only administrators and reviewers now need a second factor."))
    return redirect("organisation-security")


@login_required
@require_POST
def organisation_romanisation(request):
    """The Latin form of names the organisation's English pages and exports use."""
    form = RomanisationForm(request.POST, instance=administered_organisation(request))
    if form.is_valid():
        form.save()
        messages.success(request, _("English pages now write names as: %(choice)s.")
                         % {"choice": form.instance.get_romanisation_display()})
    else:
        messages.error(request, _("Latin form of names: %(errors)s Nothing was changed.")
                       % {"errors": " ".join(form.errors["romanisation"])})
    return redirect("organisation-security")


@login_required
@require_POST
def organisation_lockdown(request):
    organisation = administered_organisation(request)
    try:
        if request.POST.get("action") == "lift":
            lift_lockdown(organisation, by=request.user, via="web")
            messages.success(request, _("The lockdown is lifted: members can log in again. "
                                        "Revoked API tokens stay revoked."))
            return redirect("organisation-security")
        if request.POST.get("confirm") != "on":
            messages.error(request, _("Tick the box to confirm the lockdown; nothing was done."))
            return redirect("organisation-security")
        lockdown = start_lockdown(organisation, by=request.user, via="web")
    except LockdownError as exc:
        messages.error(request, str(exc))
        return redirect("organisation-security")
    logout(request)  # the administrator's own session ended with everyone else's
    messages.warning(request, _(
        "%(org)s is locked down: %(sessions)d sessions ended, %(tokens)d API tokens revoked. "
        "Log in again with your second factor to manage it or lift it."
    ) % {"org": organisation, "sessions": lockdown.sessions_ended,
         "tokens": lockdown.tokens_revoked})
    return redirect("login")

