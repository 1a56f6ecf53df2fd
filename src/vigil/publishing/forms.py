"""The figures page's form: a figure definition chosen from the vocabularies."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vigil.accounts.models import Organisation
from vigil.figures import FigureDefinition, FigureError, Frequency, Kind, local_date
from vigil.registry import models as m
from vigil.registry.forms import DayField

KIND_CHOICES = [
    (Kind.STOCK.value, _("stock: held at the end of a day")),
    (Kind.CUMULATIVE.value, _("cumulative: ever recognised up to a day")),
    (Kind.DURING.value, _("during: held at any time in a period")),
]
BY_CHOICES = [
    ("", _("no breakdown")),
    ("occupation_group", _("occupation group")),
    ("occupation", _("occupation")),
    ("gender", _("gender")),
    ("region", _("region")),
    ("article", _("charge article")),
    ("facility", _("facility")),
    ("sentence_kind", _("sentence")),
    ("case_status", _("case status")),
    ("custody", _("custody at the end of the day")),
]
FREQUENCY_CHOICES = [
    (Frequency.YEARLY.value, _("yearly")),
    (Frequency.MONTHLY.value, _("monthly")),
    (Frequency.WEEKLY.value, _("weekly")),
]
FILTERS = ["occupation_group", "occupation", "gender", "region", "article"]
MAX_POINTS = 800  # a series longer than this is refused (weekly over fifteen years)


def _named(rows) -> list[tuple[str, str]]:
    """(slug, name in the reader's language), in the order of those names."""
    return sorted(((row.slug, str(row)) for row in rows), key=lambda choice: choice[1])


def _blank(choices):
    return [("", _("any"))] + list(choices)


class FigureForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of figure"), choices=KIND_CHOICES)
    as_of = DayField(label=_("As of the end of"), required=False)
    start = DayField(label=_("From"), required=False)
    end = DayField(label=_("To"), required=False)
    recognised_by = forms.MultipleChoiceField(
        label=_("Recognised by"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: every documented person."),
    )
    match = forms.ChoiceField(label=_("With several organisations"), choices=[
        ("any", _("recognised by any of them")), ("all", _("recognised by all of them")),
    ])
    occupation_group = forms.ChoiceField(label=_("Occupation group"), required=False,
                                         choices=_blank(m.OccupationGroup.choices))
    occupation = forms.ChoiceField(label=_("Occupation"), required=False)
    gender = forms.ChoiceField(label=_("Gender"), required=False,
                               choices=_blank(m.Gender.choices))
    region = forms.ChoiceField(label=_("Region"), required=False)
    article = forms.ChoiceField(label=_("Charge article"), required=False)
    by = forms.ChoiceField(label=_("Break down by"), required=False, choices=BY_CHOICES)
    frequency = forms.ChoiceField(label=_("Chart: one point per"), choices=FREQUENCY_CHOICES)
    series_from = DayField(label=_("Chart from"), required=False)

    def __init__(self, data=None, **kwargs):
        today = local_date(timezone.now(), settings.VIGIL_FIGURES_TIME_ZONE)
        defaults = {"kind": Kind.STOCK.value, "as_of": today.isoformat(), "match": "any",
                    "frequency": Frequency.MONTHLY.value}
        if data is not None:
            merged = data.copy()
            for key, value in defaults.items():
                if not merged.get(key):
                    merged[key] = value
            data = merged
        else:
            data = defaults
        super().__init__(data, **kwargs)
        self.fields["recognised_by"].choices = _named(
            Organisation.objects.filter(kind__in=["documenting", "media", "signatory"]))
        self.fields["occupation"].choices = _blank(_named(m.Occupation.objects.all()))
        self.fields["region"].choices = _blank(_named(m.Region.objects.all()))
        numbers = sorted(set(m.Article.objects.values_list("article", flat=True)),
                         key=lambda a: [int(p) if p.isdigit() else 0 for p in a.split("-")])
        self.fields["article"].choices = _blank((a, a) for a in numbers)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == Kind.DURING:
            if not data.get("start") or not data.get("end"):
                raise forms.ValidationError(_("A 'during' figure needs a first and a last day."))
            if data["end"] < data["start"]:
                raise forms.ValidationError(_("The period ends before it starts."))
        elif kind and not data.get("as_of"):
            self.add_error("as_of", _("Give the day."))
        if self.errors:
            return data
        try:
            data["definition"] = self.definition(data)
        except FigureError as exc:
            raise forms.ValidationError(str(exc)) from None
        first, last = self.series_span(data)
        from vigil.figures.counting import buckets

        if len(buckets(first, last, data["frequency"])) > MAX_POINTS:
            self.add_error("frequency", _("Too many points for one chart: choose a longer "
                                          "step or a later start."))
        return data

    @staticmethod
    def definition(data) -> FigureDefinition:
        where = {name: data[name] for name in FILTERS if data.get(name)}
        return FigureDefinition(
            data["kind"], as_of=data.get("as_of"), start=data.get("start"),
            end=data.get("end"), recognised_by=tuple(data.get("recognised_by") or ()),
            match=data.get("match") or "any", where=where,
            timezone=settings.VIGIL_FIGURES_TIME_ZONE,
        )

    @staticmethod
    def series_span(data) -> tuple[dt.date, dt.date]:
        last = data["end"] if data["kind"] == Kind.DURING else data["as_of"]
        first = data.get("series_from") or dt.date(max(last.year - 3, 1), 1, 1)
        return min(first, last), last
