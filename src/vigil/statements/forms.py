"""The drafting pages' forms."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from vigil.accounts.models import Organisation
from vigil.publishing.forms import FigureForm
from vigil.registry.forms import DayField
from vigil.statements.models import Phrasing, Statement

TEXT_FIELDS = ["title_be", "title_ru", "title_en", "body_be", "body_ru", "body_en"]


class StatementForm(forms.ModelForm):
    class Meta:
        model = Statement
        fields = ["slug", "dated", *TEXT_FIELDS]
        field_classes = {"dated": DayField}
        widgets = {f"body_{lang}": forms.Textarea(attrs={"rows": 14})
                   for lang in ("be", "ru", "en")}
        help_texts = {"slug": _("The statement's public address: /statements/<address>/.")}


class CorrectionForm(forms.ModelForm):
    note = forms.CharField(label=_("What the correction changes (shown publicly)"),
                           widget=forms.Textarea(attrs={"rows": 3}))

    class Meta:
        model = Statement
        fields = TEXT_FIELDS


class StatementFigureForm(FigureForm):
    """A figure definition as the figures page chooses it, with its key and phrasing."""

    key = forms.SlugField(label=_("Key (the text cites it as [[figure:key]])"), max_length=50)
    phrasing = forms.ChoiceField(label=_("Phrasing"), choices=Phrasing.choices)
    stated = forms.IntegerField(label=_("Number stated (empty: Vigil rounds)"), required=False,
                                min_value=0)


class MentionForm(forms.Form):
    key = forms.SlugField(label=_("Key (the text names them as [[person:key|Name]])"),
                          max_length=50)
    person = forms.IntegerField(label=_("Person (record number)"), min_value=1)
    claims = forms.CharField(label=_("What the statement says about them"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class SignatoryForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Signatory organisation"),
                                          queryset=Organisation.objects.all(),
                                          to_field_name="slug")


class DelegateForm(forms.Form):
    delegate = forms.ModelChoiceField(label=_("Member who may sign"), required=False,
                                      queryset=get_user_model().objects.none())

    def __init__(self, *args, organisation_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegate"].queryset = get_user_model().objects.filter(
            membership__organisation_id=organisation_id)
