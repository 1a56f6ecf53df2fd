from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from vigil.accounts.lockdown import login_refused_by_lockdown
from vigil.accounts.models import Organisation
from vigil.names import SYSTEMS, romanise

# The name each choice of romanisation is shown on, in the spelling the system starts from.
EXAMPLE = {"be": "Сяргей Ціханоўскі", "ru": "Сергей Тихановский"}


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


class RomanisationForm(forms.ModelForm):
    """The Latin form of names on the organisation's English pages and exports; each choice
    shows what it makes of one name."""

    class Meta:
        model = Organisation
        fields = ["romanisation"]
        widgets = {"romanisation": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["romanisation"]
        field.choices = [(name, f"{label}: {romanise(example_for(name), name)}")
                         for name, label in field.choices if name]


def example_for(system: str) -> str:
    """The example name in the language the system is meant for first (Belarusian if both)."""
    languages = SYSTEMS[system].languages
    return EXAMPLE["be"] if "be" in languages else EXAMPLE["ru"]
