"""Numbers, dates, partial dates and plural categories as Belarusian, Russian and English
write them, from the CLDR data Babel ships (no Django inside; docs/i18n.md).

One deliberate departure from CLDR: Belarusian and Russian group thousands with a narrow
no-break space (U+202F, "1 495"), as the issue and docs/glossary.md ask and as Russian
typography (GOST 8.417) and the Belarusian press print it; CLDR's data has the wider U+00A0.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache

from babel import Locale
from babel.dates import format_date, format_skeleton, format_time
from babel.numbers import format_decimal

from vigil.dates import PartialDate, Precision

LANGUAGES = ("be", "ru", "en")
NARROW_NO_BREAK_SPACE = "\u202f"
# The group separator each language prints, where it is not CLDR's own.
GROUP_SEPARATOR = {"be": NARROW_NO_BREAK_SPACE, "ru": NARROW_NO_BREAK_SPACE}
# English dates as British English writes them ("30 April 2023"), numbers as English does.
_DATE_LOCALE = {"en": "en_GB"}


class UnknownLanguage(ValueError):
    """A language Vigil is not translated into."""


@cache
def _locale(language: str) -> Locale:
    code = language.split("-")[0].lower()
    if code not in LANGUAGES:
        raise UnknownLanguage(f"{language!r} is not one of Vigil's languages: "
                              f"{', '.join(LANGUAGES)}")
    return Locale.parse(code)


def _date_locale(language: str) -> str:
    code = _locale(language).language
    return _DATE_LOCALE.get(code, code)


def number(value: int | float | Decimal, language: str) -> str:
    """1495 → "1 495" (be, ru: narrow no-break space) or "1,495" (en)."""
    locale = _locale(language)
    text = format_decimal(value, locale=locale)
    separator = GROUP_SEPARATOR.get(locale.language)
    if separator:
        text = text.replace(locale.number_symbols["latn"]["group"], separator)
    return text


def long_date(day: dt.date, language: str) -> str:
    """"30 красавіка 2023 г." / "30 апреля 2023 г." / "30 April 2023"."""
    return format_date(day, "long", locale=_date_locale(language))


def date_time(moment: dt.datetime, language: str) -> str:
    """A moment as a long date and the time of day (24 hours, minutes), in the moment's own
    time zone: "30 April 2023, 14:05"."""
    time = format_time(moment, "HH:mm", locale=_date_locale(language))
    return f"{long_date(moment.date(), language)}, {time}"


def partial_date(value: PartialDate | None, language: str) -> str:
    """A date known to the day, the month or the year, each as the language writes it:
    "30 April 2023", "April 2023" (CLDR's skeleton yMMMM: "красавік 2023",
    "апрель 2023 г."), "2023"."""
    if value is None:
        return ""
    if value.precision is Precision.DAY:
        return long_date(value.first_day, language)
    if value.precision is Precision.MONTH:
        return month_year(value.first_day, language)
    return format_skeleton("y", value.first_day, locale=_date_locale(language))


def month_year(day: dt.date, language: str) -> str:
    """"красавік 2023" / "апрель 2023 г." / "April 2023" (CLDR's skeleton yMMMM)."""
    return format_skeleton("yMMMM", day, locale=_date_locale(language))


def day_month(day: dt.date, language: str) -> str:
    """"30 красавіка" / "30 апреля" / "30 April" (CLDR's skeleton MMMMd)."""
    return format_skeleton("MMMMd", day, locale=_date_locale(language))


def plural_category(count: int | float | Decimal, language: str) -> str:
    """CLDR's plural category of a count: "one", "few", "many" or "other"."""
    return _locale(language).plural_form(count)
