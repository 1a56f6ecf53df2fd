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
# What is computed once per kept population (and day): see `_kept_for`.
_states: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_index: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_in_state: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_filter_index: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_recognised: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


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

    def recognised_by(self, organisation: str, state: str) -> frozenset[int]:
        """Persons the organisation recognised: on the day for those held, ever for the
        others (a released prisoner stays one the organisation recognised). Kept per
        population and day for the organisations that recognised anyone."""
        per_day = _kept_for(_recognised, self)
        key = (organisation, state == "held")
        if key not in per_day:
            make = FigureDefinition.stock if state == "held" else FigureDefinition.cumulative
            figure = self.population.count(make(self.day, recognised_by=(organisation,)))
            if not figure.person_ids:
                return frozenset()
            per_day[key] = frozenset(figure.person_ids)
        return per_day[key]

    def in_state(self, state: str) -> list[int]:
        """Ids of the persons in `state`, in the population's order; computed once per kept
        population and day."""
        per_day = _kept_for(_in_state, self)
        if state not in per_day:
            states = self.states()
            per_day[state] = [pid for pid, s in states.items() if s == state]
        return per_day[state]

    def select(self, state: str, params) -> list[int]:
        """Ids of the persons in `state` that pass the list's filters (`params`)."""
        passing = self.passing(state, params)
        ids = self.in_state(state)
        return ids if passing is None else [pid for pid in ids if pid in passing]

    def passing(self, state: str, params) -> set[int] | None:
        """The ids that pass the filters `params` asks for (None: it asks for none). Each
        filter value is looked up in an index built once per kept population and day, so a
        filtered list does not go through every person."""
        chosen: list[frozenset[int]] = []
        index = self.filter_index()
        for parameter, _attribute in ATTRIBUTE_FILTERS:
            wanted = params.get(parameter)
            if wanted:
                chosen.append(index[parameter].get(wanted, frozenset()))
        year = params.get("year", "")
        if year.isdigit():
            chosen.append(index["year"].get(int(year), frozenset()))
        organisation = params.get("recognised_by")
        if organisation:
            chosen.append(self.recognised_by(organisation, state))
        if not chosen:
            return None
        smallest = min(chosen, key=len)
        return set(smallest).intersection(*chosen)

    def filter_index(self) -> dict[str, dict]:
        """Filter parameter → value → the ids of the persons having it."""
        per_day = _kept_for(_filter_index, self)
        if "index" not in per_day:
            index: dict[str, dict] = {parameter: {} for parameter, _ in ATTRIBUTE_FILTERS}
            index["year"] = {}
            for p in self.population:
                for parameter, attribute in ATTRIBUTE_FILTERS:
                    for value in _values(getattr(p, attribute)):
                        index[parameter].setdefault(value, set()).add(p.id)
                year = detained_year(p)
                if year is not None:
                    index["year"].setdefault(year, set()).add(p.id)
            per_day["index"] = {parameter: {value: frozenset(ids) for value, ids in values.items()}
                                for parameter, values in index.items()}
        return per_day["index"]

    def since_by_person(self) -> dict[int, dt.date | None]:
        """Person id → the first day of the latest stretch of custody (`detained_since`)."""
        per_day = _kept_for(_filter_index, self)
        if "since" not in per_day:
            per_day["since"] = {p.id: detained_since(p) for p in self.population}
        return per_day["since"]

    def person(self, person_id: int):
        index = _index.get(self.population)
        if index is None:
            index = _index[self.population] = {p.id: p for p in self.population}
        return index.get(person_id)


def _kept_for(cache: weakref.WeakKeyDictionary, day: PublicDay) -> dict:
    """The dict `cache` keeps for the day's population and day."""
    return cache.setdefault(day.population, {}).setdefault(day.day, {})


def _values(value) -> tuple:
    """A core attribute's values: none, one (a string) or several (a set)."""
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


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
