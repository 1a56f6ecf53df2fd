"""Many figures over one set of persons: compile the timelines once, answer with numpy.

`count`, `breakdown` and `series` in `vigil.figures.counting` work person by person and are the
reference semantics. A `Population` gives the same answers (property-tested against them)
faster when several figures are asked of the same persons, as on the figures page: each
person's counted days are worked out once per choice of organisations and custody kinds, kept
as flat arrays of intervals, and each figure is then a few vectorised comparisons.

    population = Population(persons)
    population.count(FigureDefinition.stock(day, recognised_by=("viasna",)))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from vigil.figures import counting
from vigil.figures.counting import (
    Breakdown,
    Figure,
    FigureDefinition,
    FigureError,
    Frequency,
    Kind,
    Series,
    _matches,
    _partial_bounds,
    _series_definition,
    _timeline,
    buckets,
    citation,
    sorted_ids,
)
from vigil.figures.model import Person, PersonId


def _flat(per_person: list[list[tuple[int, int]]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    owners = [i for i, ivs in enumerate(per_person) for _ in ivs]
    starts = [a for ivs in per_person for a, _ in ivs]
    ends = [b for ivs in per_person for _, b in ivs]
    return (
        np.asarray(owners, dtype=np.int64),
        np.asarray(starts, dtype=np.int64),
        np.asarray(ends, dtype=np.int64),
    )


def _patched(triple, remap: np.ndarray, extra, offset: int):
    """Compiled rows (owner, a, b) of the persons kept, renumbered by `remap` (-1: dropped),
    followed by the rows of the persons compiled again, numbered from `offset`."""
    owner, a, b = triple
    keep = remap[owner] >= 0
    extra_owner, extra_a, extra_b = extra
    return (
        np.concatenate([remap[owner[keep]], extra_owner + offset]),
        np.concatenate([a[keep], extra_a]),
        np.concatenate([b[keep], extra_b]),
    )


NONE = np.iinfo(np.int64).max  # "never" for first days


@dataclass(frozen=True)
class _Compiled:
    counted_end: tuple[np.ndarray, np.ndarray, np.ndarray]  # owner, start, end
    counted_any: tuple[np.ndarray, np.ndarray, np.ndarray]
    apart: tuple[np.ndarray, np.ndarray, np.ndarray]
    first_basis: np.ndarray  # per person: first day of the cumulative basis, or NONE
    first_apart: np.ndarray
    partial: tuple[np.ndarray, np.ndarray, np.ndarray]  # owner, first day, last day


def _union_ranges(owner: np.ndarray, lo: np.ndarray, hi: np.ndarray, width: int):
    """Merge overlapping [lo, hi) ranges of each owner (ranges are within [0, width])."""
    if len(owner) == 0:
        return owner, lo, hi
    base = owner * (width + 2)
    a, b = base + lo, base + hi
    order = np.argsort(a, kind="stable")
    a, b, owner = a[order], b[order], owner[order]
    reach = np.maximum.accumulate(b)
    new = np.ones(len(a), dtype=bool)
    new[1:] = a[1:] > reach[:-1]
    starts = a[new]
    ends = np.maximum.reduceat(b, np.flatnonzero(new))
    owners = owner[new]
    base = owners * (width + 2)
    return owners, starts - base, ends - base


class Population:
    """Persons compiled for repeated figures. Immutable: build a new one when records change."""

    def __init__(self, persons: Iterable[Person]):
        self.persons: tuple[Person, ...] = tuple(counting.unique_persons(persons))
        self._compiled: dict[tuple, _Compiled] = {}
        self._masks: dict[tuple, np.ndarray] = {}
        self._ids = [p.id for p in self.persons]

    def __len__(self) -> int:
        return len(self.persons)

    def __iter__(self):
        return iter(self.persons)

    def replaced(self, changed: Iterable[PersonId], persons: Iterable[Person]) -> Population:
        """A new Population: this one with the persons whose ids are in `changed` replaced by
        `persons`, their records as they stand now (an id of `changed` that `persons` lacks is
        a person gone; a person of `persons` must be one of `changed`). It answers exactly as
        `Population` of the whole new list would (property-tested), but only the changed
        persons are compiled again: the arrays already compiled are filtered and extended, so
        a few changed persons among 100,000 cost milliseconds. This one is left as it was
        (another thread may be counting from it)."""
        changed = set(changed)
        fresh = tuple(counting.unique_persons(persons))
        stray = sorted(str(p.id) for p in fresh if p.id not in changed)
        if stray:
            raise FigureError(f"persons {', '.join(stray)} are not among the changed ids")
        keep = np.fromiter((pid not in changed for pid in self._ids), dtype=bool,
                           count=len(self._ids))
        kept = int(keep.sum())
        remap = np.full(len(self._ids), -1, dtype=np.int64)
        remap[keep] = np.arange(kept, dtype=np.int64)
        new = Population(p for p, k in zip(self.persons, keep.tolist(), strict=True) if k)
        new.persons += fresh
        new._ids += [p.id for p in fresh]
        patch = Population(fresh)
        for key, old in self._compiled.items():
            add = patch._compile_key(key)
            new._compiled[key] = _Compiled(
                *(_patched(triple, remap, extra, kept) for triple, extra in (
                    (old.counted_end, add.counted_end), (old.counted_any, add.counted_any),
                    (old.apart, add.apart))),
                np.concatenate([old.first_basis[keep], add.first_basis]),
                np.concatenate([old.first_apart[keep], add.first_apart]),
                _patched(old.partial, remap, add.partial, kept),
            )
        for where, mask in self._masks.items():
            new._masks[where] = np.concatenate([mask[keep], patch._mask_of(where)])
        return new

    def _compile(self, definition: FigureDefinition) -> _Compiled:
        return self._compile_key(
            (definition.recognised_by, definition.match, definition.custody_kinds))

    def _compile_key(self, key: tuple) -> _Compiled:
        if key in self._compiled:
            return self._compiled[key]
        recognised_by, match, custody_kinds = key
        definition = FigureDefinition(Kind.STOCK, recognised_by=recognised_by, match=match,
                                      custody_kinds=custody_kinds)
        with_orgs = bool(definition.recognised_by)
        ends, anys, aparts, partial = [], [], [], []
        first_basis = np.full(len(self.persons), NONE, dtype=np.int64)
        first_apart = np.full(len(self.persons), NONE, dtype=np.int64)
        for i, person in enumerate(self.persons):
            t = _timeline(person, definition)
            ends.append(t.counted_end)
            anys.append(t.counted_any)
            apart = t.apart
            aparts.append(apart)
            basis = t.cumulative_basis(with_orgs)
            if basis:
                first_basis[i] = basis[0][0]
            if apart:
                first_apart[i] = apart[0][0]
            partial.append(
                [
                    (d.first_day.toordinal(), d.last_day.toordinal())
                    for d in _partial_bounds(person, definition)
                ]
            )
        compiled = _Compiled(
            _flat(ends), _flat(anys), _flat(aparts), first_basis, first_apart, _flat(partial)
        )
        self._compiled[key] = compiled
        return compiled

    def _mask(self, definition: FigureDefinition) -> np.ndarray:
        return self._mask_of(definition.where)

    def _mask_of(self, key: tuple) -> np.ndarray:
        if key not in self._masks:
            self._masks[key] = np.fromiter(
                (_matches(p, key) for p in self.persons), dtype=bool, count=len(self.persons)
            )
        return self._masks[key]

    def _members(self, definition: FigureDefinition) -> tuple[np.ndarray, np.ndarray]:
        """Indexes of the persons counted and of those reported apart (sorted, disjoint)."""
        c = self._compile(definition)
        mask = self._mask(definition)
        if definition.kind is Kind.STOCK:
            day = definition.as_of.toordinal()
            owner, a, b = c.counted_end
            counted = owner[(a <= day) & (day < b)]
            owner, a, b = c.apart
            apart = owner[(a <= day) & (day < b)]
        elif definition.kind is Kind.DURING:
            lo, hi = definition.start.toordinal(), definition.end.toordinal() + 1
            owner, a, b = c.counted_any
            counted = np.unique(owner[(a < hi) & (lo < b)])
            owner, a, b = c.apart
            apart = np.setdiff1d(np.unique(owner[(a < hi) & (lo < b)]), counted)
        else:
            day = definition.as_of.toordinal()
            is_counted = c.first_basis <= day
            counted = np.flatnonzero(is_counted)
            apart = np.flatnonzero(~is_counted & (c.first_apart <= day))
        counted = np.sort(counted[mask[counted]])
        apart = np.sort(apart[mask[apart]])
        return counted, apart

    def _depends(self, definition: FigureDefinition, members: np.ndarray) -> np.ndarray:
        owner, first, last = self._compile(definition).partial
        if definition.kind is Kind.DURING:
            lo, hi = definition.start.toordinal(), definition.end.toordinal()
            hit = ((first <= hi) & (hi < last)) | ((first < lo) & (lo <= last))
        else:
            day = definition.as_of.toordinal()
            hit = (first <= day) & (day < last)
        return np.intersect1d(np.unique(owner[hit]), members)

    def count(self, definition: FigureDefinition, names: Mapping[str, str] | None = None) -> Figure:
        """The same answer as `counting.count(self.persons, definition, names)`."""
        definition.check_dates()
        counted, apart = self._members(definition)
        apart_by: dict[str, list] = {}
        for i in apart:
            person = self.persons[i]
            apart_by.setdefault(str(person.status), []).append(person.id)
        partial = self._depends(definition, np.union1d(counted, apart))
        reported_apart = {k: sorted_ids(v) for k, v in sorted(apart_by.items())}
        return Figure(
            count=len(counted),
            person_ids=sorted_ids(self._ids[i] for i in counted),
            definition=definition.as_dict(),
            citation=citation(definition, names),
            reported_apart=reported_apart,
            depends_on_partial_dates=sorted_ids(self._ids[i] for i in partial),
            notes=counting._notes(reported_apart, len(partial)),
        )

    def breakdown(
        self, definition: FigureDefinition, by: str, names: Mapping[str, str] | None = None
    ) -> Breakdown:
        figure = self.count(definition, names)
        return counting._breakdown_rows(self.persons, definition, by, figure)

    def series(
        self,
        definition: FigureDefinition,
        start: dt.date,
        end: dt.date,
        frequency: Frequency | str,
    ) -> Series:
        """The same answer as `counting.series(self.persons, ...)`, vectorised."""
        frequency = counting._choice(Frequency, frequency, "frequency")
        if end < start:
            raise FigureError(f"the series ends ({end}) before it starts ({start})")
        periods = buckets(start, end, frequency)
        lo = np.array([a.toordinal() for a, _ in periods], dtype=np.int64)
        hi = np.array([b.toordinal() for _, b in periods], dtype=np.int64)
        n = len(periods)
        c = self._compile(definition)
        mask = self._mask(definition)

        def ranges(intervals, during: bool):
            owner, a, b = intervals
            keep = mask[owner]
            owner, a, b = owner[keep], a[keep], b[keep]
            i = np.searchsorted(hi, a, side="left")
            if during:
                j = np.searchsorted(lo, b - 1, side="right")
            else:
                j = np.searchsorted(hi, b, side="left")
            ok = i < j
            return _union_ranges(owner[ok], i[ok], j[ok], n)

        def running(owner_i_j) -> np.ndarray:
            _, i, j = owner_i_j
            events = np.zeros(n + 1, dtype=np.int64)
            np.add.at(events, i, 1)
            np.add.at(events, j, -1)
            return np.cumsum(events[:n])

        if definition.kind is Kind.STOCK:
            counted = running(ranges(c.counted_end, during=False))
            apart = running(ranges(c.apart, during=False))
        elif definition.kind is Kind.DURING:
            got = ranges(c.counted_any, during=True)
            away = ranges(c.apart, during=True)
            counted = running(got)
            # apart only where not counted: subtract per owner with one more merge
            both = running(
                _union_ranges(
                    np.concatenate([got[0], away[0]]),
                    np.concatenate([got[1], away[1]]),
                    np.concatenate([got[2], away[2]]),
                    n,
                )
            )
            apart = both - counted
        else:
            first = np.where(mask, np.searchsorted(hi, np.minimum(c.first_basis, NONE - 1)), n)
            first = np.minimum(first, n)
            apart_first = np.where(
                mask, np.searchsorted(hi, np.minimum(c.first_apart, NONE - 1)), n
            )
            apart_first = np.minimum(apart_first, n)
            events = np.zeros(n + 1, dtype=np.int64)
            np.add.at(events, first, 1)
            counted = np.cumsum(events[:n])
            events = np.zeros(n + 1, dtype=np.int64)
            lead = apart_first < first
            np.add.at(events, apart_first[lead], 1)
            np.add.at(events, first[lead], -1)
            apart = np.cumsum(events[:n])
        return Series(
            definition=_series_definition(definition, start, end, frequency),
            frequency=frequency,
            periods=tuple(periods),
            counts=tuple(int(v) for v in counted),
            reported_apart=tuple(int(v) for v in apart),
        )
