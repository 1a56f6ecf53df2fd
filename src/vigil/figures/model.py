"""The plain data the figures core counts: persons, their custody periods and recognitions.

These are small frozen dataclasses with no framework behind them. The registry (Django) turns
its rows into them; the counting functions in `vigil.figures.counting` only read them.

Dates are `vigil.dates.PartialDate`s, local dates in the time zone of the figure. The
counting rule for an imprecise date is stated once, here, and used everywhere: **a date known
only to the month (or year) counts as the first day of that month (or year)**, both when a
period starts and when it ends. See `docs/figures.md`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from vigil.dates import PartialDate

PersonId = int | str


class PersonStatus(StrEnum):
    """What is known of a person beyond their custody periods.

    Every status but `DOCUMENTED` takes the person out of stock counts from the day it stands,
    and the figure reports them apart instead (DESIGN §4): never silently dropped.
    """

    DOCUMENTED = "documented"  # the custody periods say everything we know
    UNKNOWN = "unknown"  # whether the person is still held is not known
    MISSING = "missing"  # whereabouts unknown (incommunicado, disappeared)
    ABDUCTED = "abducted"  # held by a non-state actor
    RESTRICTED = "restricted"  # released under restrictions (restricted freedom, under threat)


SPECIAL_STATUSES = frozenset(s for s in PersonStatus if s is not PersonStatus.DOCUMENTED)


def _coerce(obj, **kinds) -> None:
    """Turn plain values from a database row into their types: '2021-02' into a PartialDate,
    'died' into EndReason.DIED. None stays None."""
    for name, kind in kinds.items():
        value = getattr(obj, name)
        if value is None or isinstance(value, kind):
            continue
        if kind is PartialDate:
            value = value if isinstance(value, PartialDate) else PartialDate.parse(str(value))
        else:
            value = kind(value)
        object.__setattr__(obj, name, value)


class CustodyKind(StrEnum):
    ADMINISTRATIVE_ARREST = "administrative_arrest"
    PRE_TRIAL = "pre_trial"
    SENTENCE = "sentence"
    HOUSE_ARREST = "house_arrest"
    PSYCHIATRIC = "psychiatric"
    OTHER = "other"


class EndReason(StrEnum):
    SERVED = "served"
    PARDONED = "pardoned"
    AMNESTIED = "amnestied"
    ACQUITTED = "acquitted"
    EXCHANGED = "exchanged"
    DIED = "died"  # died in custody
    RELEASED_TO_EXILE = "released_to_exile"
    OTHER = "other"  # released, reason not recorded


class RecognitionStatus(StrEnum):
    RECOGNISED = "recognised"
    UNDER_REVIEW = "under_review"
    NOT_RECOGNISED = "not_recognised"  # documented but not recognised
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class CustodyPeriod:
    """One continuous deprivation of liberty, held from `start` up to, not including, `end`.

    A person released on 30 November is held at the end of 29 November and not at the end of
    30 November; `end=None` means still held. A partial `start` or `end` counts as its first
    day.
    """

    start: PartialDate
    end: PartialDate | None = None
    end_reason: EndReason | None = None
    kind: CustodyKind = CustodyKind.OTHER

    def __post_init__(self) -> None:
        _coerce(self, start=PartialDate, end=PartialDate, end_reason=EndReason, kind=CustodyKind)
        if self.end is not None and self.end.last_day < self.start.first_day:
            raise ValueError(f"custody period ends ({self.end}) before it starts ({self.start})")
        if self.end is None and self.end_reason is not None:
            raise ValueError("an open custody period (no end) cannot have an end reason")


@dataclass(frozen=True)
class Recognition:
    """Organisation `organisation` gave the person status `status` from `start` (to `end`).

    When several records of one organisation cover a day, the one that started last wins: a
    `WITHDRAWN` record from 23 February ends an open `RECOGNISED` record on that day. Records
    starting on the same day are taken in the order given, the last winning: pass them in
    (date, sequence, recorded time) order (DESIGN §3.5). A record with `end` stops standing on
    its end day (half-open, like custody).
    """

    organisation: str
    status: RecognitionStatus
    start: PartialDate
    end: PartialDate | None = None

    def __post_init__(self) -> None:
        _coerce(self, status=RecognitionStatus, start=PartialDate, end=PartialDate)
        if self.end is not None and self.end.last_day < self.start.first_day:
            raise ValueError(f"recognition ends ({self.end}) before it starts ({self.start})")


@dataclass(frozen=True)
class Person:
    """A person with what a figure may filter or break down by.

    Set-valued attributes (`occupations`, `articles`) make breakdown rows overlap. `facility`,
    `sentence_kind` and `case_status` are the values as of the figure's date, chosen by the
    caller. `status` stands from `status_since` (or always, when that is None) up to, not
    including, `status_until` (or for good).
    """

    id: PersonId
    gender: str | None = None
    region: str | None = None
    occupations: frozenset[str] = frozenset()
    occupation_groups: frozenset[str] = frozenset()  # e.g. "media", "culture"
    articles: frozenset[str] = frozenset()
    facility: str | None = None
    sentence_kind: str | None = None
    case_status: str | None = None
    status: PersonStatus = PersonStatus.DOCUMENTED
    status_since: PartialDate | None = None
    status_until: PartialDate | None = None
    custody: tuple[CustodyPeriod, ...] = ()
    recognitions: tuple[Recognition, ...] = ()

    def __post_init__(self) -> None:
        # Accept any iterable for the set and tuple fields, so callers can pass lists.
        for name in ("occupations", "occupation_groups", "articles"):
            value = getattr(self, name)
            if not isinstance(value, frozenset):
                object.__setattr__(self, name, frozenset(value))
        for name in ("custody", "recognitions"):
            value = getattr(self, name)
            if not isinstance(value, tuple):
                object.__setattr__(self, name, tuple(value))
        _coerce(self, status=PersonStatus, status_since=PartialDate, status_until=PartialDate)


# Attributes a figure can filter and break down by: name -> whether it holds a set of values.
FIELDS: dict[str, bool] = {
    "gender": False,
    "region": False,
    "occupations": True,
    "occupation_groups": True,
    "articles": True,
    "facility": False,
    "sentence_kind": False,
    "case_status": False,
    "status": False,
}
# Accept the singular too: `--where occupation=journalist`, `--by article`.
FIELD_ALIASES = {
    "occupation": "occupations",
    "occupation_group": "occupation_groups",
    "article": "articles",
}


def field_values(person: Person, name: str) -> frozenset[str]:
    """The values of one attribute of a person, as a set (empty when not recorded)."""
    value = getattr(person, name)
    if FIELDS[name]:
        return value
    return frozenset() if value is None else frozenset([str(value)])


@dataclass(frozen=True)
class ListVersion:
    """An organisation's list as imported on a date: the persons on it."""

    organisation: str
    as_of: dt.date
    person_ids: frozenset[PersonId] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if not isinstance(self.person_ids, frozenset):
            object.__setattr__(self, "person_ids", frozenset(self.person_ids))
