"""Counting semantics: the three kinds of figure, breakdowns and time series (DESIGN §4).

Every figure is worked out from dated events (custody periods, recognitions, a person's
status), never from a stored "currently held" flag. Each person is turned into a few sets of
days (half-open intervals of day ordinals); a figure asks whether a day, or a period, meets
those sets. The sets per person are:

- `held_end`: days at whose end the person is held (a period from S to E covers S..E-1);
- `held_any`: days on which the person is held at some moment (S..E: held on the morning of
  the release day);
- `recognised`: days at whose end the chosen organisation(s) recognise the person (every day
  when no organisation is chosen);
- `special`: days on which a status other than "documented" stands (unknown, missing,
  abducted, released under restrictions).

Then, for one person:

- stock at the end of D: counted when D is in `held_end ∩ recognised − special`; reported
  apart when D is in `recognised ∩ special`;
- during [D1, D2]: counted when `held_any ∩ recognised − special` meets D1..D2 (held and
  recognised on one same day of the period); reported apart when not counted and
  `recognised ∩ special` meets the period;
- cumulative up to D: counted when the first day of `recognised` (with organisations) or of
  `held_any` (without) is on or before D; reported apart when not counted and
  `recognised ∩ special` starts on or before D.

Re-arrests and overlapping periods are merged per person first, so a person counts once.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import accumulate

from vigil.dates import PartialDate, Precision
from vigil.figures.model import (
    FIELD_ALIASES,
    FIELDS,
    SPECIAL_STATUSES,
    CustodyKind,
    EndReason,
    Person,
    PersonId,
    RecognitionStatus,
    field_values,
)

NEG = 0  # before every date (date ordinals start at 1)
POS = dt.date.max.toordinal() + 2  # after every date
Intervals = list[tuple[int, int]]  # sorted, disjoint, half-open [a, b) of day ordinals

DEFAULT_TIMEZONE = "Europe/Minsk"
CUSTODY_FIELD = "custody"  # a derived field: held / released / died_in_custody / never_held


class FigureError(ValueError):
    """A figure definition that cannot be counted; the message says why."""


class UnknownFieldError(FigureError):
    pass


class Kind(StrEnum):
    STOCK = "stock"
    CUMULATIVE = "cumulative"
    DURING = "during"


class Match(StrEnum):
    ANY = "any"  # recognised by at least one of the chosen organisations
    ALL = "all"  # recognised by every one of them on the same day


class Frequency(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"  # ISO weeks, Monday to Sunday
    MONTHLY = "monthly"
    YEARLY = "yearly"


def _field_name(name: str) -> str:
    name = FIELD_ALIASES.get(name, name)
    if name not in FIELDS:
        known = ", ".join(sorted([*FIELDS, *FIELD_ALIASES]))
        raise UnknownFieldError(f"unknown field {name!r}: choose one of {known}")
    return name


def _choice(enum, value, what: str):
    try:
        return enum(value)
    except ValueError:
        choices = ", ".join(str(member) for member in enum)
        raise FigureError(f"unknown {what} {value!r}: choose one of {choices}") from None


def local_date(instant: dt.datetime, timezone: str = DEFAULT_TIMEZONE) -> dt.date:
    """The local date of an aware instant in `timezone`: the day a stock "as of now" counts.

    23:30 UTC on 30 April 2023 is already 1 May in Minsk (UTC+3).
    """
    if instant.tzinfo is None:
        raise FigureError("give an aware datetime (with a time zone), not a naive one")
    return instant.astimezone(zoneinfo.ZoneInfo(timezone)).date()


@dataclass(frozen=True)
class FigureDefinition:
    """Everything that defines a figure. Dates are local dates in `timezone`.

    `where` maps a field to the values it may take: fields combine with "and", the values of
    one field with "or"; a set-valued field (occupations, articles) matches when it holds one
    of the values. `custody_kinds` limits which custody periods count (None: all of them).
    """

    kind: Kind
    as_of: dt.date | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    recognised_by: tuple[str, ...] = ()
    match: Match = Match.ANY
    where: tuple[tuple[str, tuple[str, ...]], ...] = ()
    custody_kinds: frozenset[CustodyKind] | None = None
    timezone: str = DEFAULT_TIMEZONE

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "kind", _choice(Kind, self.kind, "kind of count"))
        set_(self, "match", _choice(Match, self.match, "match"))
        orgs = (self.recognised_by,) if isinstance(self.recognised_by, str) else self.recognised_by
        set_(self, "recognised_by", tuple(sorted(set(orgs))))
        where = self.where.items() if isinstance(self.where, Mapping) else self.where
        merged: dict[str, set[str]] = {}
        for name, values in where:
            values = (values,) if isinstance(values, str) else values
            merged.setdefault(_field_name(name), set()).update(str(v) for v in values)
        set_(self, "where", tuple((k, tuple(sorted(v))) for k, v in sorted(merged.items())))
        if self.custody_kinds is not None:
            set_(self, "custody_kinds", frozenset(CustodyKind(k) for k in self.custody_kinds))
        try:
            zoneinfo.ZoneInfo(self.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise FigureError(f"unknown time zone {self.timezone!r}") from None

    @classmethod
    def stock(cls, as_of: dt.date, **options) -> FigureDefinition:
        return cls(Kind.STOCK, as_of=as_of, **options)

    @classmethod
    def cumulative(cls, as_of: dt.date, **options) -> FigureDefinition:
        return cls(Kind.CUMULATIVE, as_of=as_of, **options)

    @classmethod
    def during(cls, start: dt.date, end: dt.date, **options) -> FigureDefinition:
        return cls(Kind.DURING, start=start, end=end, **options)

    def check_dates(self) -> None:
        if self.kind is Kind.DURING:
            if self.start is None or self.end is None:
                raise FigureError("a 'during' figure needs a start and an end date")
            if self.end < self.start:
                raise FigureError(f"the period ends ({self.end}) before it starts ({self.start})")
        elif self.as_of is None:
            raise FigureError(f"a {self.kind} figure needs an as-of date")

    def at(self, day: dt.date) -> FigureDefinition:
        """The same definition on another day (a stock or cumulative figure)."""
        return _replace(self, as_of=day)

    def over(self, start: dt.date, end: dt.date) -> FigureDefinition:
        """The same definition over another period (a during figure)."""
        return _replace(self, start=start, end=end)

    def as_dict(self) -> dict:
        """The definition as plain JSON-able data, with the counting rules it relies on."""
        out: dict = {"kind": str(self.kind), "timezone": self.timezone}
        if self.kind is Kind.DURING:
            out["from"] = _iso(self.start)
            out["to"] = _iso(self.end)
        else:
            out["as_of"] = _iso(self.as_of)
            out["instant"] = "end of day" if self.kind is Kind.STOCK else "up to end of day"
        out["recognised_by"] = list(self.recognised_by)
        out["match"] = str(self.match)
        out["where"] = {k: list(v) for k, v in self.where}
        out["custody_kinds"] = (
            None if self.custody_kinds is None else sorted(str(k) for k in self.custody_kinds)
        )
        out["rules"] = {
            "custody": "held from the start day up to, not including, the release day",
            "partial_dates": "a date known only to the month or year counts as its first day",
            "recognition": "as it stood at the end of the day; withdrawals count",
            "reported_apart": sorted(str(s) for s in SPECIAL_STATUSES),
        }
        return out


def _replace(definition: FigureDefinition, **changes) -> FigureDefinition:
    from dataclasses import replace

    return replace(definition, **changes)


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def long_date(day: dt.date) -> str:
    months = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
    return f"{day.day} {months[day.month - 1]} {day.year}"


def _join(items: Sequence[str], word: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def gettext_noop(message: str) -> str:
    """Marks a message for the catalogues (`vigil messages` finds it by this name) and
    leaves it in English: the caller translates it, the core has no Django."""
    return message


# The citation's sentences, whole, so that each language can order them its own way.
CITATIONS = {
    (Kind.CUMULATIVE, True): gettext_noop(
        "Persons ever recognised as political prisoners by %(organisations)s%(conditions)s "
        "up to the end of %(day)s (%(timezone)s)"),
    (Kind.CUMULATIVE, False): gettext_noop(
        "Persons ever held in custody%(conditions)s up to the end of %(day)s (%(timezone)s)"),
    (Kind.STOCK, True): gettext_noop(
        "Political prisoners recognised by %(organisations)s%(conditions)s in custody at the "
        "end of %(day)s (%(timezone)s)"),
    (Kind.STOCK, False): gettext_noop(
        "Persons%(conditions)s in custody at the end of %(day)s (%(timezone)s)"),
    (Kind.DURING, True): gettext_noop(
        "Political prisoners recognised by %(organisations)s%(conditions)s held at any time "
        "from %(start)s to %(end)s (%(timezone)s)"),
    (Kind.DURING, False): gettext_noop(
        "Persons%(conditions)s held at any time from %(start)s to %(end)s (%(timezone)s)"),
    ("day", True): gettext_noop(
        "Political prisoners recognised by %(organisations)s%(conditions)s held at any time "
        "on %(day)s (%(timezone)s)"),
    ("day", False): gettext_noop(
        "Persons%(conditions)s held at any time on %(day)s (%(timezone)s)"),
}
WORDS = {"and": gettext_noop("and"), "or": gettext_noop("or"), "custody": gettext_noop("custody")}


def citation(
    definition: FigureDefinition,
    names: Mapping[str, str] | None = None,
    labels: Mapping[str, Mapping[str, str]] | None = None,
    translate: Callable[[str], str] = gettext_noop,
    date: Callable[[dt.date], str] = long_date,
) -> str:
    """The sentence to print under a figure.

    `labels` gives the words for the conditions: `labels[field][""]` names the field and
    `labels[field][value]` a value (the caller looks them up in its vocabularies); a field or
    value without one is printed as it is stored (`labels["custody_kinds"]` names the kinds
    of custody). `translate` (gettext) and `date` put it in
    another language; by default it is English.

    >>> citation(FigureDefinition.stock(dt.date(2023, 4, 30), recognised_by=("viasna",)),
    ...          {"viasna": "Viasna"})
    'Political prisoners recognised by Viasna in custody at the end of 30 April 2023 \
(Europe/Minsk)'
    """
    names = names or {}
    orgs = [names.get(slug, slug) for slug in definition.recognised_by]
    word = translate(WORDS["and" if definition.match is Match.ALL else "or"])
    either = f" {translate(WORDS['or'])} "
    labels = labels or {}
    conditions = [
        f"{labels.get(name, {}).get('', name)}: "
        f"{either.join(labels.get(name, {}).get(v, v) for v in values)}"
        for name, values in definition.where
    ]
    if definition.custody_kinds is not None:
        kinds = sorted(labels.get("custody_kinds", {}).get(str(k), str(k).replace("_", " "))
                       for k in definition.custody_kinds)
        conditions.append(f"{translate(WORDS['custody'])}: {either.join(kinds)}")
    qualifier = f" ({'; '.join(conditions)})" if conditions else ""
    when = _citation_days(definition, date)
    kind = "day" if definition.kind is Kind.DURING and when["start"] == when["end"] else \
        definition.kind
    return translate(CITATIONS[kind, bool(orgs)]) % {
        "organisations": _join(orgs, word), "conditions": qualifier,
        "timezone": definition.timezone, **when}


def _citation_days(definition: FigureDefinition, date: Callable[[dt.date], str]) -> dict:
    def written(day: dt.date | None) -> str:
        return date(day) if day else "?"
    if definition.kind is Kind.DURING:
        start, end = written(definition.start), written(definition.end)
        return {"start": start, "end": end, "day": start}
    day = written(definition.as_of)
    return {"day": day, "start": day, "end": day}


# --- interval arithmetic on sorted, disjoint, half-open day intervals -----------------------


def _union(intervals: Iterable[tuple[int, int]]) -> Intervals:
    if isinstance(intervals, list) and len(intervals) <= 1:
        return [i for i in intervals if i[0] < i[1]]
    out: Intervals = []
    for a, b in sorted(i for i in intervals if i[0] < i[1]):
        if out and a <= out[-1][1]:
            if b > out[-1][1]:
                out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _intersect(x: Intervals, y: Intervals) -> Intervals:
    if y is EVERY_DAY or not x:
        return x
    if x is EVERY_DAY:
        return y
    out: Intervals = []
    i = j = 0
    while i < len(x) and j < len(y):
        a, b = max(x[i][0], y[j][0]), min(x[i][1], y[j][1])
        if a < b:
            out.append((a, b))
        if x[i][1] < y[j][1]:
            i += 1
        else:
            j += 1
    return out


def _subtract(x: Intervals, y: Intervals) -> Intervals:
    if not y or not x:
        return x
    out: Intervals = []
    for a, b in x:
        for c, d in y:
            if d <= a or c >= b:
                continue
            if c > a:
                out.append((a, c))
            a = max(a, d)
            if a >= b:
                break
        if a < b:
            out.append((a, b))
    return out


def _meets(x: Intervals, a: int, b: int) -> bool:
    """Whether the intervals meet the half-open range [a, b)."""
    return any(c < b and a < d for c, d in x)


def _contains(x: Intervals, day: int) -> bool:
    return any(c <= day < d for c, d in x)


EVERY_DAY: Intervals = [(NEG, POS)]


# --- one person's timeline under a definition --------------------------------------------------


@dataclass(frozen=True)
class _Timeline:
    held_end: Intervals
    held_any: Intervals
    recognised: Intervals
    special: Intervals

    @property
    def counted_end(self) -> Intervals:
        return _subtract(_intersect(self.held_end, self.recognised), self.special)

    @property
    def counted_any(self) -> Intervals:
        return _subtract(_intersect(self.held_any, self.recognised), self.special)

    @property
    def apart(self) -> Intervals:
        return _intersect(self.recognised, self.special)

    def cumulative_basis(self, with_organisations: bool) -> Intervals:
        return self.recognised if with_organisations else self.held_any


def _day(date: PartialDate | None, default: int) -> int:
    return default if date is None else date.first_day.toordinal()


def _periods(person: Person, kinds: frozenset[CustodyKind] | None):
    return [p for p in person.custody if kinds is None or p.kind in kinds]


def _recognised_by(person: Person, organisation: str) -> Intervals:
    """Days at whose end `organisation` recognises the person: the latest-started record wins."""
    records = [
        (_day(r.start, NEG), i, r)
        for i, r in enumerate(person.recognitions)
        if r.organisation == organisation
    ]
    if not records:
        return []
    if len(records) == 1:
        start, _, only = records[0]
        end = max(start, _day(only.end, POS))
        return [(start, end)] if only.status is RecognitionStatus.RECOGNISED and start < end else []
    records.sort(key=lambda t: (t[0], t[1]))
    bounds = sorted({b for s, _, r in records for b in (s, max(s, _day(r.end, POS)))})
    out = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        status = None
        for s, _, r in records:
            if s <= a < max(s, _day(r.end, POS)):
                status = r.status  # later-started records override earlier ones
        if status is RecognitionStatus.RECOGNISED:
            out.append((a, b))
    return _union(out)


def _timeline(person: Person, definition: FigureDefinition) -> _Timeline:
    periods = _periods(person, definition.custody_kinds)
    held_end, held_any = [], []
    for p in periods:
        start = _day(p.start, NEG)
        end = max(start, _day(p.end, POS))  # a month-only end inside the start month: 0 days
        held_end.append((start, end))
        held_any.append((start, end + 1 if p.end is not None else POS))
    if definition.recognised_by:
        per_org = [_recognised_by(person, org) for org in definition.recognised_by]
        if definition.match is Match.ALL:
            recognised = per_org[0]
            for other in per_org[1:]:
                recognised = _intersect(recognised, other)
        else:
            recognised = _union(i for org in per_org for i in org)
    else:
        recognised = EVERY_DAY
    special: Intervals = []
    if person.status in SPECIAL_STATUSES:
        special = _union([(_day(person.status_since, NEG), _day(person.status_until, POS))])
    return _Timeline(_union(held_end), _union(held_any), recognised, special)


def _matches(person: Person, where: tuple[tuple[str, tuple[str, ...]], ...]) -> bool:
    return all(field_values(person, name) & set(values) for name, values in where)


def _partial_bounds(person: Person, definition: FigureDefinition) -> list[PartialDate]:
    dates: list[PartialDate | None] = []
    for p in _periods(person, definition.custody_kinds):
        dates += [p.start, p.end]
    orgs = set(definition.recognised_by)
    for r in person.recognitions:
        if r.organisation in orgs:
            dates += [r.start, r.end]
    if person.status in SPECIAL_STATUSES:
        dates += [person.status_since, person.status_until]
    return [d for d in dates if d is not None and d.precision is not Precision.DAY]


def _depends_on_partial_dates(person: Person, definition: FigureDefinition) -> bool:
    """Whether another reading of an imprecise date could change how the person is counted."""
    for date in _partial_bounds(person, definition):
        first, last = date.first_day, date.last_day
        if definition.kind is Kind.DURING:
            if first <= definition.end < last or first < definition.start <= last:
                return True
        elif first <= definition.as_of < last:
            return True
    return False


# --- figures ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A count with the persons behind it, its definition and its citation."""

    count: int
    person_ids: tuple[PersonId, ...]
    definition: dict
    citation: str
    reported_apart: dict[str, tuple[PersonId, ...]] = field(default_factory=dict)
    depends_on_partial_dates: tuple[PersonId, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def as_of(self) -> dict:
        """The instant the figure stands for: the end of a day (the period's last day for a
        during figure), in the figure's time zone."""
        day = self.definition.get("as_of") or self.definition.get("to")
        return {"date": day, "timezone": self.definition["timezone"], "time": "end of day"}

    def as_dict(self) -> dict:
        return {
            "count": self.count,
            "as_of": self.as_of,
            "person_ids": list(self.person_ids),
            "definition": self.definition,
            "citation": self.citation,
            "reported_apart": {k: list(v) for k, v in self.reported_apart.items()},
            "depends_on_partial_dates": list(self.depends_on_partial_dates),
            "notes": list(self.notes),
        }


def _classify(
    person: Person, definition: FigureDefinition
) -> tuple[bool, bool]:  # (counted, reported apart)
    t = _timeline(person, definition)
    if definition.kind is Kind.STOCK:
        day = definition.as_of.toordinal()
        return _contains(t.counted_end, day), _contains(t.apart, day)
    if definition.kind is Kind.DURING:
        a, b = definition.start.toordinal(), definition.end.toordinal() + 1
        counted = _meets(t.counted_any, a, b)
        return counted, not counted and _meets(t.apart, a, b)
    day = definition.as_of.toordinal()
    basis = t.cumulative_basis(bool(definition.recognised_by))
    counted = bool(basis) and basis[0][0] <= day
    apart = t.apart
    return counted, not counted and bool(apart) and apart[0][0] <= day


def sorted_ids(ids: Iterable[PersonId]) -> tuple[PersonId, ...]:
    return tuple(sorted(ids, key=lambda i: (isinstance(i, str), i)))


def unique_persons(persons: Iterable[Person]) -> Iterable[Person]:
    """The persons, refusing an id seen twice: a person must be counted once, so the caller
    merges their records (all custody periods and recognitions) into one `Person`."""
    seen: set[PersonId] = set()
    for person in persons:
        if person.id in seen:
            raise FigureError(
                f"person {person.id!r} is given twice: merge their records into one Person"
            )
        seen.add(person.id)
        yield person


def _notes(reported_apart: dict[str, tuple], partial: int) -> tuple[str, ...]:
    notes = []
    if reported_apart:
        parts = ", ".join(f"{len(ids)} {status}" for status, ids in reported_apart.items())
        notes.append(f"Reported apart, not in the count: {parts}.")
    if partial:
        notes.append(
            f"{partial} of these persons are placed by the first-day rule for dates known only "
            "to the month or year; another reading of those dates could change them."
        )
    return tuple(notes)


def count(
    persons: Iterable[Person],
    definition: FigureDefinition,
    names: Mapping[str, str] | None = None,
) -> Figure:
    """Count the persons that meet `definition`, and say who is behind the number.

    `names` maps organisation slugs to the names printed in the citation.
    """
    definition.check_dates()
    counted, partial = [], []
    apart: dict[str, list[PersonId]] = {}
    for person in unique_persons(persons):
        if not _matches(person, definition.where):
            continue
        is_counted, is_apart = _classify(person, definition)
        if is_counted:
            counted.append(person.id)
        elif is_apart:
            apart.setdefault(str(person.status), []).append(person.id)
        if (is_counted or is_apart) and _depends_on_partial_dates(person, definition):
            partial.append(person.id)
    reported_apart = {status: sorted_ids(ids) for status, ids in sorted(apart.items())}
    return Figure(
        count=len(counted),
        person_ids=sorted_ids(counted),
        definition=definition.as_dict(),
        citation=citation(definition, names),
        reported_apart=reported_apart,
        depends_on_partial_dates=sorted_ids(partial),
        notes=_notes(reported_apart, len(partial)),
    )


# --- breakdowns ------------------------------------------------------------------------------


@dataclass(frozen=True)
class BreakdownRow:
    value: str | None  # None: persons with no value recorded for the field
    count: int
    person_ids: tuple[PersonId, ...]


@dataclass(frozen=True)
class Breakdown:
    """A figure split by the values of one field. Rows overlap for set-valued fields."""

    field: str
    figure: Figure
    rows: tuple[BreakdownRow, ...]
    overlapping: bool
    overlap_ids: tuple[PersonId, ...]  # persons who appear in more than one row
    note: str | None

    def as_dict(self) -> dict:
        return {
            "field": self.field,
            "total": self.figure.count,
            "rows": [
                {"value": r.value, "count": r.count, "person_ids": list(r.person_ids)}
                for r in self.rows
            ],
            "overlapping": self.overlapping,
            "overlap_ids": list(self.overlap_ids),
            "note": self.note,
        }


def custody_state(person: Person, day: dt.date, kinds: frozenset[CustodyKind] | None) -> str:
    """held / died_in_custody / released / never_held, at the end of `day`."""
    ordinal = day.toordinal()
    periods = [p for p in _periods(person, kinds) if _day(p.start, NEG) <= ordinal]
    if not periods:
        return "never_held"
    if any(ordinal < max(_day(p.start, NEG), _day(p.end, POS)) for p in periods):
        return "held"
    last = max(periods, key=lambda p: _day(p.end, POS))
    return "died_in_custody" if last.end_reason is EndReason.DIED else "released"


def breakdown(
    persons: Iterable[Person],
    definition: FigureDefinition,
    by: str,
    names: Mapping[str, str] | None = None,
) -> Breakdown:
    """Split the persons counted by `definition` by the values of field `by`.

    `by` is a person field, or `custody` (held, released, died_in_custody or never_held at the
    end of the as-of day, or of the period's last day). A person with several values appears
    in several rows; the rows then add up to more than the total, and `note` says so. Persons
    with no value are in a row of their own (`value=None`), never dropped.
    """
    persons = list(persons)
    return _breakdown_rows(persons, definition, by, count(persons, definition, names))


def _breakdown_rows(
    persons: Sequence[Person], definition: FigureDefinition, by: str, figure: Figure
) -> Breakdown:
    if by == CUSTODY_FIELD:
        day = definition.end if definition.kind is Kind.DURING else definition.as_of

        def values(p: Person) -> frozenset[str]:
            return frozenset([custody_state(p, day, definition.custody_kinds)])
    else:
        name = _field_name(by)

        def values(p: Person) -> frozenset[str]:
            return field_values(p, name)

    counted = set(figure.person_ids)
    rows: dict[str | None, list[PersonId]] = {}
    overlap = []
    for person in persons:
        if person.id not in counted:
            continue
        vals = values(person) or frozenset([None])
        if len(vals) > 1:
            overlap.append(person.id)
        for value in vals:
            rows.setdefault(value, []).append(person.id)
    return breakdown_of(by, figure, rows, overlap)


def breakdown_of(by: str, figure: Figure, rows: Mapping[str | None, Sequence[PersonId]],
                 overlap: Sequence[PersonId]) -> Breakdown:
    """The breakdown of `figure` by `by` from its rows (value -> the persons counted with
    it; None: no value) and the persons that have several values."""
    ordered = sorted(rows.items(), key=lambda kv: (-len(kv[1]), kv[0] is None, kv[0] or ""))
    out_rows = tuple(BreakdownRow(v, len(ids), sorted_ids(ids)) for v, ids in ordered)
    note = None
    if overlap:
        total_rows = sum(r.count for r in out_rows)
        note = (
            f"Rows overlap: {len(overlap)} of the {figure.count} persons have several values "
            f"of {by} and appear in several rows; the rows add up to {total_rows}, "
            f"not to the total of {figure.count}."
        )
    return Breakdown(
        field=by,
        figure=figure,
        rows=out_rows,
        overlapping=bool(overlap),
        overlap_ids=sorted_ids(overlap),
        note=note,
    )


# --- time series -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    """A figure at many points, from one sweep.

    For stock and cumulative figures, `counts[i]` is the figure at the end of `periods[i][1]`;
    for a during figure, over `periods[i]` (from, to inclusive).
    """

    definition: dict
    frequency: Frequency
    periods: tuple[tuple[dt.date, dt.date], ...]
    counts: tuple[int, ...]
    reported_apart: tuple[int, ...]

    @property
    def points(self) -> tuple[dt.date, ...]:
        return tuple(end for _, end in self.periods)

    def as_dict(self) -> dict:
        return {
            "definition": self.definition,
            "frequency": str(self.frequency),
            "points": [
                {"from": a.isoformat(), "to": b.isoformat(), "count": c, "reported_apart": r}
                for (a, b), c, r in zip(self.periods, self.counts, self.reported_apart, strict=True)
            ],
        }


def _bucket_end(day: dt.date, frequency: Frequency) -> dt.date:
    if frequency is Frequency.DAILY:
        return day
    if frequency is Frequency.WEEKLY:
        return day + dt.timedelta(days=6 - day.weekday())
    if frequency is Frequency.MONTHLY:
        following = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    return dt.date(day.year, 12, 31)


def buckets(start: dt.date, end: dt.date, frequency: Frequency) -> list[tuple[dt.date, dt.date]]:
    """The calendar buckets that meet [start, end], clipped to it."""
    frequency = _choice(Frequency, frequency, "frequency")
    out = []
    day = start
    while day <= end:
        last = min(_bucket_end(day, frequency), end)
        out.append((day, last))
        day = last + dt.timedelta(days=1)
    return out


def _to_index(intervals: Intervals, lo: list[int], hi: list[int], during: bool) -> Intervals:
    """Map day intervals to the half-open ranges of bucket indexes they count in.

    A stock or cumulative point i is the end of day hi[i]; a during bucket i is lo[i]..hi[i].
    """
    out = []
    for a, b in intervals:
        if during:  # buckets that share a day with a..b-1
            i, j = bisect_left(hi, a), bisect_right(lo, b - 1)
        else:  # points with a <= hi[i] < b
            i, j = bisect_left(hi, a), bisect_left(hi, b)
        if i < j:
            out.append((i, j))
    return _union(out)


def _series_definition(
    definition: FigureDefinition, start: dt.date, end: dt.date, frequency: Frequency
) -> dict:
    out = definition.as_dict()
    for key in ("as_of", "from", "to"):
        out.pop(key, None)
    return out | {"from": start.isoformat(), "to": end.isoformat(), "frequency": str(frequency)}


def series(
    persons: Iterable[Person],
    definition: FigureDefinition,
    start: dt.date,
    end: dt.date,
    frequency: Frequency | str,
) -> Series:
    """The figure at the end of each day, week, month or year of [start, end].

    The dates of `definition` are ignored; its kind, organisations and filters apply. A stock
    or cumulative point is the end of the bucket's last day (the last bucket ends at `end`); a
    during point is the whole bucket. One sweep: each person's counted days become ranges of
    point indexes, those become +1/-1 events at their boundaries, and one running sum over
    the sorted events gives every point at once.
    """
    frequency = _choice(Frequency, frequency, "frequency")
    if end < start:
        raise FigureError(f"the series ends ({end}) before it starts ({start})")
    periods = buckets(start, end, frequency)
    lo = [a.toordinal() for a, _ in periods]
    hi = [b.toordinal() for _, b in periods]
    n = len(periods)
    counted_events = [0] * (n + 1)
    apart_events = [0] * (n + 1)
    with_orgs = bool(definition.recognised_by)
    for person in persons:
        if not _matches(person, definition.where):
            continue
        t = _timeline(person, definition)
        if definition.kind is Kind.STOCK:
            counted = _to_index(t.counted_end, lo, hi, during=False)
            apart = _to_index(t.apart, lo, hi, during=False)
        elif definition.kind is Kind.DURING:
            counted = _to_index(t.counted_any, lo, hi, during=True)
            apart = _subtract(_to_index(t.apart, lo, hi, during=True), counted)
        else:
            basis = t.cumulative_basis(with_orgs)
            first = bisect_left(hi, basis[0][0]) if basis else n
            counted = [(first, n)] if first < n else []
            apart_first = bisect_left(hi, t.apart[0][0]) if t.apart else n
            apart = [(apart_first, first)] if apart_first < first else []
        for events, ranges in ((counted_events, counted), (apart_events, apart)):
            for i, j in ranges:
                events[i] += 1
                events[j] -= 1
    return Series(
        definition=_series_definition(definition, start, end, frequency),
        frequency=frequency,
        periods=tuple(periods),
        counts=tuple(accumulate(counted_events[:n])),
        reported_apart=tuple(accumulate(apart_events[:n])),
    )
