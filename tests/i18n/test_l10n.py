"""Plurals, numbers and dates per language (vigil.l10n and the `localise` filters), against
tables written from each language's grammar, not from Babel."""

import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.translation import ngettext

from vigil import l10n
from vigil.dates import PartialDate

COUNTS = (0, 1, 2, 5, 11, 21, 22, 25, 101, 111, 1495)
# "21 палітвязень, 22 палітвязні, 25 палітвязняў" / "21 год, 22 года, 25 лет"
SLAVIC = {0: "many", 1: "one", 2: "few", 5: "many", 11: "many", 21: "one", 22: "few",
          25: "many", 101: "one", 111: "many", 1495: "many"}
CATEGORIES = {"be": SLAVIC, "ru": SLAVIC, "en": {n: "one" if n == 1 else "other" for n in COUNTS}}
RUSSIAN_YEARS = {0: "0 лет", 1: "1 год", 2: "2 года", 5: "5 лет", 11: "11 лет", 21: "21 год",
                 22: "22 года", 25: "25 лет", 101: "101 год", 111: "111 лет", 1495: "1495 лет"}
NNBSP = "\u202f"
G = f"{NNBSP}г."  # CLDR keeps "г." on the year's line: "2023 г."


@pytest.mark.parametrize("language", ["be", "ru", "en"])
@pytest.mark.parametrize("count", COUNTS)
def test_plural_category_follows_the_languages_grammar(language, count):
    assert l10n.plural_category(count, language) == CATEGORIES[language][count]


@pytest.mark.parametrize("count", COUNTS)
def test_russian_catalogue_picks_the_form_of_each_count(count):
    with translation.override("ru"):
        text = ngettext("%(count)d year", "%(count)d years", count) % {"count": count}
    assert text == RUSSIAN_YEARS[count]


@pytest.mark.parametrize("count", COUNTS)
def test_english_source_picks_singular_only_for_one(count):
    with translation.override("en"):
        text = ngettext("%(count)d year", "%(count)d years", count) % {"count": count}
    assert text == (f"{count} year" if count == 1 else f"{count} years")


@pytest.mark.parametrize(("value", "be", "ru", "en"), [
    (0, "0", "0", "0"),
    (21, "21", "21", "21"),
    (1495, f"1{NNBSP}495", f"1{NNBSP}495", "1,495"),
    (1234567, f"1{NNBSP}234{NNBSP}567", f"1{NNBSP}234{NNBSP}567", "1,234,567"),
    (Decimal("1495.5"), f"1{NNBSP}495,5", f"1{NNBSP}495,5", "1,495.5"),
])
def test_numbers_are_grouped_per_language(value, be, ru, en):
    assert [l10n.number(value, lang) for lang in ("be", "ru", "en")] == [be, ru, en]


def test_no_wide_no_break_space_is_left_in_be_and_ru():
    for language in ("be", "ru"):
        assert "\xa0" not in l10n.number(10**9, language)


@pytest.mark.parametrize(("text", "be", "ru", "en"), [
    ("2023-04-30", f"30 красавіка 2023{G}", f"30 апреля 2023{G}", "30 April 2023"),
    ("2021-02-01", f"1 лютага 2021{G}", f"1 февраля 2021{G}", "1 February 2021"),
    ("2023-04", "красавік 2023", f"апрель 2023{G}", "April 2023"),
    ("2020", "2020", "2020", "2020"),
])
def test_partial_dates_per_language(text, be, ru, en):
    day = PartialDate.parse(text)
    assert [l10n.partial_date(day, lang) for lang in ("be", "ru", "en")] == [be, ru, en]


def test_a_moment_is_a_long_date_and_a_time():
    moment = dt.datetime(2023, 4, 30, 14, 5)
    assert l10n.date_time(moment, "ru") == f"30 апреля 2023{G}, 14:05"
    assert l10n.date_time(moment, "en") == "30 April 2023, 14:05"


def test_an_unknown_language_is_named():
    with pytest.raises(l10n.UnknownLanguage, match="'de' is not one of Vigil's languages"):
        l10n.number(1, "de")


def test_regional_tags_use_their_language():
    assert l10n.number(1495, "ru-RU") == f"1{NNBSP}495"


@pytest.mark.parametrize(("language", "expected"), [
    ("be", f"1{NNBSP}495 · 30 красавіка 2023{G} · красавік 2023"),
    ("ru", f"1{NNBSP}495 · 30 апреля 2023{G} · апрель 2023{G}"),
    ("en", "1,495 · 30 April 2023 · April 2023"),
])
def test_filters_use_the_page_language(language, expected):
    template = Template("{% load localise %}{{ n|number }} · {{ day|long_date }} · "
                        "{{ month|partial_date }}")
    context = Context({"n": 1495, "day": dt.date(2023, 4, 30),
                       "month": PartialDate.parse("2023-04")})
    with translation.override(language):
        assert template.render(context) == expected


def test_filters_leave_missing_values_empty():
    template = Template("{% load localise %}[{{ none|number }}{{ none|long_date }}"
                        "{{ none|partial_date }}{{ none|date_time }}]")
    assert template.render(Context({"none": None})) == "[]"


def test_day_and_month_and_month_and_year():
    day = dt.date(2023, 4, 30)
    assert [l10n.day_month(day, lang) for lang in ("be", "ru", "en")] == [
        "30 красавіка", "30 апреля", "30 April"]
    assert l10n.month_year(day, "en") == "April 2023"
