"""Records to link, and the parsing of their optional fields.

A `Record` is plain data: the list it comes from, its id in that list, a name in any script
and order, and optional birth year or date, gender, region, charge articles and detention
date, all as text or simple values. The parsers raise `ValueError` with a message meant for a
person who must fix their file.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field

from vigil.dates import PartialDate, PartialDateError


@dataclass(frozen=True)
class Record:
    list: str
    id: str
    name: str
    birth_year: int | None = None
    birth_date: PartialDate | None = None
    gender: str | None = None  # "m" or "f"
    region: str | None = None
    articles: tuple[str, ...] = ()
    detained_on: PartialDate | None = None
    line: int | None = field(default=None, compare=False)  # where it was read, for messages

    @property
    def key(self) -> tuple[str, str]:
        return (self.list, self.id)

    @property
    def year(self) -> int | None:
        if self.birth_date is not None:
            return self.birth_date.first_day.year
        return self.birth_year

    def label(self) -> str:
        return f"{self.list}/{self.id}"


_DMY = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
_MY = re.compile(r"^(\d{1,2})[./](\d{4})$")


# Cached: a list of a million records repeats a few thousand dates and article lists.
@functools.lru_cache(maxsize=1 << 16)
def parse_date(text: str | None) -> PartialDate | None:
    """YYYY, YYYY-MM, YYYY-MM-DD, or the DD.MM.YYYY and MM.YYYY of Belarusian lists."""
    if text is None or not text.strip():
        return None
    t = text.strip()
    m = _DMY.match(t)
    if m:
        t = f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    else:
        m = _MY.match(t)
        if m:
            t = f"{m.group(2)}-{int(m.group(1)):02d}"
    try:
        return PartialDate.parse(t)
    except (PartialDateError, ValueError) as exc:
        raise ValueError(f"not a date: {text!r} (use YYYY, YYYY-MM, YYYY-MM-DD or DD.MM.YYYY)"
                         ) from exc


EARLIEST_BIRTH_YEAR = 1900


class Implausible(ValueError):
    """A well-formed value no list can mean (a birth year of 1876, a date in the future): a
    reader may warn, naming the cell, and ignore it instead of refusing the whole file."""


def parse_year(text: str | None, today: dt.date | None = None) -> int | None:
    """A birth year of four digits, from EARLIEST_BIRTH_YEAR to this year (`Implausible`
    outside)."""
    if text is None or not text.strip():
        return None
    t = text.strip()
    if not re.fullmatch(r"\d{4}", t):
        raise ValueError(f"not a birth year: {text!r}")
    latest = (today or dt.date.today()).year
    if not EARLIEST_BIRTH_YEAR <= int(t) <= latest:
        raise Implausible(f"birth year {t} is outside {EARLIEST_BIRTH_YEAR}–{latest}")
    return int(t)


def check_past(date: PartialDate | None, today: dt.date | None = None) -> PartialDate | None:
    """The date, unless it lies in the future (`Implausible`)."""
    if date is not None and date.first_day > (today or dt.date.today()):
        raise Implausible(f"{date} is in the future")
    return date


def parse_birth_date(text: str | None, today: dt.date | None = None) -> PartialDate | None:
    """`parse_date`, in the past and not before EARLIEST_BIRTH_YEAR (`Implausible`)."""
    date = check_past(parse_date(text), today)
    if date is not None and date.first_day.year < EARLIEST_BIRTH_YEAR:
        raise Implausible(f"birth date {date} is before {EARLIEST_BIRTH_YEAR}")
    return date


_GENDERS = {
    "m": "m", "male": "m", "man": "m", "м": "m", "муж": "m", "мужчына": "m", "мужчина": "m",
    "мужской": "m", "мужчынскі": "m", "f": "f", "female": "f", "woman": "f", "w": "f",
    "ж": "f", "жен": "f", "жанчына": "f", "женщина": "f", "женский": "f", "жаночы": "f",
}


def parse_gender(text: str | None) -> str | None:
    if text is None or not text.strip():
        return None
    g = _GENDERS.get(text.strip().casefold().rstrip("."))
    if g is None:
        raise ValueError(f"not a gender: {text!r} (use m or f)")
    return g


_ARTICLE = re.compile(r"\d{2,3}(?:-\d)?")


@functools.lru_cache(maxsize=1 << 14)
def parse_articles(text: str | None) -> tuple[str, ...]:
    """Article numbers of a criminal code ("ч. 1 ст. 342, 361-1" → ("342", "361-1"))."""
    if not text:
        return ()
    # "ч. 2 ст. 293": a part number precedes "ст."; keep only what follows article markers
    # when they are present, otherwise every number of two or three digits.
    cleaned = re.sub(r"(ч\.|част[ька]\.?|part|p\.)\s*\d+", " ", text, flags=re.IGNORECASE)
    return tuple(dict.fromkeys(_ARTICLE.findall(cleaned)))
