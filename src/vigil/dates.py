"""Dates with a precision: `2021`, `2021-02` and `2021-02-14` are all valid dates.

A partial date stands for a span of days. Counting rules pick an end of that span and say
which (DESIGN §3.2): a period known only to the month counts from the first day of that month.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum


class Precision(StrEnum):
    YEAR = "Y"
    MONTH = "M"
    DAY = "D"


_PATTERN = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


class PartialDateError(ValueError):
    """Text that is not a date in one of the forms YYYY, YYYY-MM, YYYY-MM-DD."""


@dataclass(frozen=True, order=True)
class PartialDate:
    first_day: dt.date
    precision: Precision

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        match = _PATTERN.match(text.strip())
        if not match:
            raise PartialDateError(
                f"{text!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2021-02-14)"
            )
        year, month, day = (int(g) if g else None for g in match.groups())
        if month is None:
            return cls(dt.date(year, 1, 1), Precision.YEAR)
        if not 1 <= month <= 12:
            raise PartialDateError(f"{text!r} is not a date: there is no month {month}")
        if day is None:
            return cls(dt.date(year, month, 1), Precision.MONTH)
        try:
            return cls(dt.date(year, month, day), Precision.DAY)
        except ValueError:
            raise PartialDateError(
                f"{text!r} is not a date: {calendar.month_name[month]} {year} "
                f"has {calendar.monthrange(year, month)[1]} days"
            ) from None

    @classmethod
    def from_parts(cls, first_day: dt.date | None, precision: str | None) -> PartialDate | None:
        if first_day is None:
            return None
        return cls(first_day, Precision(precision or Precision.DAY))

    @classmethod
    def of_day(cls, day: dt.date) -> PartialDate:
        return cls(day, Precision.DAY)

    @property
    def last_day(self) -> dt.date:
        if self.precision is Precision.DAY:
            return self.first_day
        if self.precision is Precision.MONTH:
            days = calendar.monthrange(self.first_day.year, self.first_day.month)[1]
            return self.first_day.replace(day=days)
        return self.first_day.replace(month=12, day=31)

    def __str__(self) -> str:
        if self.precision is Precision.YEAR:
            return f"{self.first_day.year:04d}"
        if self.precision is Precision.MONTH:
            return f"{self.first_day.year:04d}-{self.first_day.month:02d}"
        return self.first_day.isoformat()

    def contains(self, day: dt.date) -> bool:
        return self.first_day <= day <= self.last_day


def periods_certainly_overlap(
    a_from: PartialDate, a_to: PartialDate | None, b_from: PartialDate, b_to: PartialDate | None
) -> bool:
    """Whether two custody periods overlap under every reading of their partial dates.

    A period holds the person from its first day up to, not including, the day it ends (a
    person released on 30 November is not held at the end of 30 November), so a release and
    a re-arrest on the same day do not overlap. Only overlaps that no reading can avoid are
    reported: an imprecise date gives the documenter the benefit of the doubt.
    """
    a_start, a_end = _surely_held(a_from, a_to)
    b_start, b_end = _surely_held(b_from, b_to)
    return a_start < b_end and b_start < a_end


def _surely_held(start: PartialDate, end: PartialDate | None) -> tuple[dt.date, dt.date]:
    """The days a period covers under every reading: its latest start to its earliest end
    (a start known to the month still lies before an end within that month)."""
    if end is None:
        return start.last_day, dt.date.max
    latest_start = min(start.last_day, end.first_day - dt.timedelta(days=1))
    return latest_start, end.first_day
