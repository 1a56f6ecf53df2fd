"""The public registry's view of the figures core: who is held, released or died in custody on
a day, and the list filters, all computed from the public projection's kept population (the
same one the public counters count), so a list and its counter never disagree."""

from __future__ import annotations

import datetime as dt
import weakref
from dataclasses import dataclass

from django.utils import timezone

from vigil.figures import FigureDefinition, Population
from vigil.figures.counting import custody_state
from vigil.publishing.population import Scope, load_population
from vigil.registry import models as m

STATES = ("held", "released", "died_in_custody")
# (query parameter, core person attribute); each filter keeps persons having the value
ATTRIBUTE_FILTERS = [
    ("region", "region"), ("facility", "facility"), ("article", "articles"),
    ("group", "occupation_groups"), ("gender", "gender"), ("sentence", "sentence_kind"),
]
_states: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_index: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def today() -> dt.date:
    return timezone.localdate()


def public_population(day: dt.date) -> Population:
    return load_population(Scope.public(), day)


@dataclass
class PublicDay:
    """The public projection as it stood at the end of `day`."""

    day: dt.date
    population: Population

    @classmethod
    def of(cls, day: dt.date) -> PublicDay:
        return cls(day, public_population(day))

    def states(self) -> dict[int, str]:
        """Person id → held / released / died_in_custody / never_held; computed once per
        kept population and day."""
        per_day = _states.setdefault(self.population, {})
        if self.day not in per_day:
            per_day[self.day] = {p.id: custody_state(p, self.day, None)
                                 for p in self.population}
        return per_day[self.day]

    def recognised_by(self, organisation: str, state: str) -> set[int]:
        """Persons the organisation recognised: on the day for those held, ever for the
        others (a released prisoner stays one the organisation recognised)."""
        make = FigureDefinition.stock if state == "held" else FigureDefinition.cumulative
        figure = self.population.count(make(self.day, recognised_by=(organisation,)))
        return set(figure.person_ids)

    def select(self, state: str, params) -> list[int]:
        """Ids of the persons in `state` that pass the list's filters (`params`)."""
        states = self.states()
        chosen = [p for p in self.population if states.get(p.id) == state]
        for parameter, attribute in ATTRIBUTE_FILTERS:
            wanted = params.get(parameter)
            if wanted:
                chosen = [p for p in chosen if _has(getattr(p, attribute), wanted)]
        year = params.get("year", "")
        if year.isdigit():
            chosen = [p for p in chosen if detained_year(p) == int(year)]
        organisation = params.get("recognised_by")
        if organisation:
            recognised = self.recognised_by(organisation, state)
            chosen = [p for p in chosen if p.id in recognised]
        return [p.id for p in chosen]

    def person(self, person_id: int):
        index = _index.get(self.population)
        if index is None:
            index = _index[self.population] = {p.id: p for p in self.population}
        return index.get(person_id)


def _has(value, wanted: str) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return value == wanted
    return wanted in value


def detained_since(person) -> dt.date | None:
    """The first day of the person's latest stretch of custody: adjoining periods (pre-trial
    detention, then the sentence from the verdict day) are one stretch."""
    periods = sorted(person.custody, key=lambda p: p.start.first_day)
    if not periods:
        return None
    since = periods[0].start.first_day
    for before, after in zip(periods, periods[1:], strict=False):
        if before.end is None or before.end.first_day < after.start.first_day:
            since = after.start.first_day
    return since


def detained_year(person) -> int | None:
    since = detained_since(person)
    return since.year if since else None


def facility_now(slug: str | None) -> m.Facility | None:
    return m.Facility.objects.filter(slug=slug).first() if slug else None
