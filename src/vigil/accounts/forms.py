from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from vigil.accounts.lockdown import login_refused_by_lockdown


class LoginForm(AuthenticationForm):
    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if login_refused_by_lockdown(user):
            raise ValidationError(
                _("Your organisation is locked down: only its administrators can log in, with "
                  "their second factor, until they lift it. Ask your administrator."),
                code="locked_down",
            )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"), max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "autofocus": True}),
    )
