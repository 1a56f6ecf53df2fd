"""Persons column by column: what a `Population` holds, as numpy arrays.

A registry of 100,000 persons and a million records, held as `Person` objects (each with its
tuples of dataclasses and dates), takes hundreds of MB and tens of seconds to build. Held as
a few arrays per kind of record (an owner column giving each row's person by position, day
ordinals, small integer codes into tuples of values) it takes tens of MB, and the registry's
loader fills it straight from its queries without creating an object per record.

`Columns.of(persons)` turns `Person`s into columns, and `Columns.person(i)` turns one back:
the round trip gives the same `Person` (property-tested), so the person-by-person functions
of `vigil.figures.counting` stay the reference semantics for everything a `Population`
answers from columns. Pure numpy, no framework.

A date is two columns: the ordinal of its first day and its precision (`PRECISIONS` index;
`MISSING` where there is no date, the first day then being NEG for a start and POS for an
end, as the counting rules read a missing date).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace

import numpy as np

from vigil.dates import PartialDate, Precision
from vigil.figures.counting import NEG, POS, unique_persons
from vigil.figures.model import (
    CustodyKind,
    CustodyPeriod,
    EndReason,
    Person,
    Recognition,
    RecognitionStatus,
)

PRECISIONS = (Precision.DAY, Precision.MONTH, Precision.YEAR)
MISSING = -1
KINDS = tuple(CustodyKind)
REASONS = tuple(EndReason)
STATUSES = tuple(RecognitionStatus)
SINGLE = ("gender", "region", "facility", "sentence_kind", "case_status", "status")
SETS = ("occupations", "occupation_groups", "articles")
EPOCH = dt.date(1970, 1, 1).toordinal()  # numpy's day 0


@dataclass(frozen=True)
class Coded:
    """Values as integer codes (MISSING: no value) into `values`."""

    codes: np.ndarray
    values: tuple[str, ...]

    @classmethod
    def of(cls, values: Sequence[str | None]) -> Coded:
        vocabulary = tuple(sorted({v for v in values if v is not None}))
        index = {v: i for i, v in enumerate(vocabulary)}
        return cls(np.fromiter((index.get(v, MISSING) for v in values), dtype=np.int32,
                               count=len(values)), vocabulary)

    def value(self, i: int) -> str | None:
        code = int(self.codes[i])
        return None if code == MISSING else self.values[code]

    def codes_of(self, wanted: Iterable[str]) -> np.ndarray:
        wanted = set(wanted)
        return np.array([i for i, v in enumerate(self.values) if v in wanted], dtype=np.int32)

    def take(self, rows) -> Coded:
        return Coded(self.codes[rows], self.values)

    def then(self, other: Coded) -> Coded:
        """These values followed by `other`'s, coded in one vocabulary (ours first, so
        our codes stay as they are)."""
        values = self.values + tuple(v for v in other.values if v not in set(self.values))
        index = {v: i for i, v in enumerate(values)}
        remap = np.array([index[v] for v in other.values] + [MISSING], dtype=np.int32)
        return Coded(np.concatenate([self.codes, remap[other.codes]]), values)


@dataclass(frozen=True)
class Dates:
    """First days (ordinals) and precisions; MISSING precision: no date."""

    first: np.ndarray
    precision: np.ndarray

    @classmethod
    def of(cls, dates: Sequence[PartialDate | None], missing: int) -> Dates:
        first = np.fromiter((missing if d is None else d.first_day.toordinal() for d in dates),
                            dtype=np.int64, count=len(dates))
        precision = np.fromiter((MISSING if d is None else PRECISIONS.index(d.precision)
                                 for d in dates), dtype=np.int8, count=len(dates))
        return cls(first, precision)

    @classmethod
    def from_ordinals(cls, days: np.ndarray, precision: np.ndarray, missing: int) -> Dates:
        """From day ordinals as floats (NaN: no date) and precision codes."""
        absent = np.isnan(days)
        first = np.where(absent, missing, days).astype(np.int64)
        return cls(first, np.where(absent, MISSING, precision).astype(np.int8))

    def last(self) -> np.ndarray:
        """The ordinal of each date's last day (its first day for a day or no date)."""
        days = (self.first - EPOCH).astype("datetime64[D]")
        month_end = ((days.astype("datetime64[M]") + 1).astype("datetime64[D]") - 1)
        year_end = ((days.astype("datetime64[Y]") + 1).astype("datetime64[D]") - 1)
        last = np.where(self.precision == 1, month_end.astype(np.int64) + EPOCH, self.first)
        return np.where(self.precision == 2, year_end.astype(np.int64) + EPOCH, last)

    def date(self, i: int) -> PartialDate | None:
        precision = int(self.precision[i])
        if precision == MISSING:
            return None
        return PartialDate(dt.date.fromordinal(int(self.first[i])), PRECISIONS[precision])

    def take(self, rows) -> Dates:
        return Dates(self.first[rows], self.precision[rows])

    def then(self, other: Dates) -> Dates:
        return Dates(np.concatenate([self.first, other.first]),
                     np.concatenate([self.precision, other.precision]))


@dataclass(frozen=True)
class Rows:
    """Records of one kind: `owner` is each row's person (a position in `Columns.ids`);
    rows of one person keep the order they were given in."""

    owner: np.ndarray

    def take(self, rows) -> Rows:
        return replace(self, **{f.name: getattr(self, f.name)[rows]
                                if isinstance(getattr(self, f.name), np.ndarray)
                                else getattr(self, f.name).take(rows) for f in fields(self)})

    def then(self, other: Rows, offset: int) -> Rows:
        def joined(name):
            mine, theirs = getattr(self, name), getattr(other, name)
            if name == "owner":
                return np.concatenate([mine, theirs + offset])
            if isinstance(mine, np.ndarray):
                return np.concatenate([mine, theirs])
            return mine.then(theirs)
        return replace(self, **{f.name: joined(f.name) for f in fields(self)})


@dataclass(frozen=True)
class CustodyRows(Rows):
    kind: np.ndarray  # KINDS index
    start: Dates
    end: Dates
    end_reason: np.ndarray  # REASONS index, MISSING: none


@dataclass(frozen=True)
class RecognitionRows(Rows):
    organisation: Coded
    status: np.ndarray  # STATUSES index
    start: Dates
    end: Dates


@dataclass(frozen=True)
class SetRows(Rows):
    value: Coded  # one value of a set-valued attribute per row, no row twice


def _ids(ids: Sequence) -> np.ndarray:
    if all(type(i) is int for i in ids):
        return np.array(ids, dtype=np.int64)
    out = np.empty(len(ids), dtype=object)
    out[:] = list(ids)
    return out


def _grouped(owner: np.ndarray, n: int) -> list[np.ndarray]:
    """Row indexes of each person, in the rows' order."""
    order = np.argsort(owner, kind="stable")
    return np.split(order, np.searchsorted(owner[order], np.arange(1, n)))


@dataclass(frozen=True)
class Columns:
    """Persons as columns: one row per person in `ids`, `single` (one value or none per
    person), and rows of `sets`, `custody` and `recognitions` naming their person by
    position."""

    ids: np.ndarray
    single: dict[str, Coded]
    status_since: Dates
    status_until: Dates
    sets: dict[str, SetRows]
    custody: CustodyRows
    recognitions: RecognitionRows

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def of(cls, persons: Iterable[Person]) -> Columns:
        persons = list(unique_persons(persons))
        single = {name: Coded.of([None if getattr(p, name) is None else str(getattr(p, name))
                                  for p in persons]) for name in SINGLE}
        sets = {}
        for name in SETS:
            pairs = [(i, v) for i, p in enumerate(persons) for v in sorted(getattr(p, name))]
            sets[name] = SetRows(np.array([i for i, _ in pairs], dtype=np.int64),
                                 Coded.of([v for _, v in pairs]))
        periods = [(i, c) for i, p in enumerate(persons) for c in p.custody]
        custody = CustodyRows(
            np.array([i for i, _ in periods], dtype=np.int64),
            np.array([KINDS.index(c.kind) for _, c in periods], dtype=np.int8),
            Dates.of([c.start for _, c in periods], NEG),
            Dates.of([c.end for _, c in periods], POS),
            np.array([MISSING if c.end_reason is None else REASONS.index(c.end_reason)
                      for _, c in periods], dtype=np.int8))
        records = [(i, r) for i, p in enumerate(persons) for r in p.recognitions]
        recognitions = RecognitionRows(
            np.array([i for i, _ in records], dtype=np.int64),
            Coded.of([r.organisation for _, r in records]),
            np.array([STATUSES.index(r.status) for _, r in records], dtype=np.int8),
            Dates.of([r.start for _, r in records], NEG),
            Dates.of([r.end for _, r in records], POS))
        return cls(_ids([p.id for p in persons]), single,
                   Dates.of([p.status_since for p in persons], NEG),
                   Dates.of([p.status_until for p in persons], POS), sets, custody, recognitions)

    def take(self, keep: np.ndarray) -> Columns:
        """The persons where `keep` (a boolean per person) holds, with their rows."""
        remap = np.full(len(self) + 1, -1, dtype=np.int64)
        remap[:-1][keep] = np.arange(int(keep.sum()), dtype=np.int64)

        def rows(table: Rows) -> Rows:
            mine = keep[table.owner]
            taken = table.take(mine)
            return replace(taken, owner=remap[taken.owner])
        return Columns(
            self.ids[keep], {k: v.take(keep) for k, v in self.single.items()},
            self.status_since.take(keep), self.status_until.take(keep),
            {k: rows(v) for k, v in self.sets.items()}, rows(self.custody),
            rows(self.recognitions))

    def then(self, other: Columns) -> Columns:
        """These persons followed by `other`'s."""
        n = len(self)
        ids = np.concatenate([self.ids, other.ids])
        if ids.dtype != self.ids.dtype and ids.dtype != object:
            ids = _ids(ids.tolist())
        return Columns(
            ids, {k: v.then(other.single[k]) for k, v in self.single.items()},
            self.status_since.then(other.status_since),
            self.status_until.then(other.status_until),
            {k: v.then(other.sets[k], n) for k, v in self.sets.items()},
            self.custody.then(other.custody, n), self.recognitions.then(other.recognitions, n))

    def persons(self) -> tuple[Person, ...]:
        """Every person as a core `Person` (the reference functions' input)."""
        n = len(self)
        sets = {k: _grouped(v.owner, n) for k, v in self.sets.items()}
        custody = _grouped(self.custody.owner, n)
        recognitions = _grouped(self.recognitions.owner, n)
        return tuple(self._person(i, sets, custody[i], recognitions[i]) for i in range(n))

    def _person(self, i: int, sets: dict, custody: np.ndarray, records: np.ndarray) -> Person:
        c, r = self.custody, self.recognitions
        single = {k: v.value(i) for k, v in self.single.items()}
        return Person(
            id=self.ids[i].item() if isinstance(self.ids[i], np.generic) else self.ids[i],
            **single,
            **{k: frozenset(self.sets[k].value.value(j) for j in sets[k][i]) for k in SETS},
            status_since=self.status_since.date(i), status_until=self.status_until.date(i),
            custody=tuple(CustodyPeriod(
                start=c.start.date(j), end=c.end.date(j), kind=KINDS[c.kind[j]],
                end_reason=None if c.end_reason[j] == MISSING else REASONS[c.end_reason[j]])
                for j in custody),
            recognitions=tuple(Recognition(
                organisation=r.organisation.value(j), status=STATUSES[r.status[j]],
                start=r.start.date(j), end=r.end.date(j)) for j in records))

