"""The catalogues are complete: every message has a Belarusian and a Russian translation, none
is fuzzy, the compiled .mo says what the .po says, and the plural formula of each catalogue
picks, for every count, the form of CLDR's plural category (one, few, many)."""

import gettext
import shutil

import pytest
from babel import Locale

from vigil.languages.catalogues import catalogue_path, state_of

# The Belarusian catalogue is written on the `be` branch; until it is merged, only its test
# skips, and only because the file is not there yet (docs/i18n.md).
LANGUAGES = ["be", "ru"]
FORM_OF_CATEGORY = {"one": 0, "few": 1, "many": 2, "other": 3}


def catalogue_or_skip(language):
    if language == "be" and not catalogue_path("be").exists():
        pytest.skip("the Belarusian catalogue is not merged yet (branch `be`)")
    return state_of(language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language):
    assert catalogue_or_skip(language).untranslated == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_translation_is_fuzzy(language):
    assert catalogue_or_skip(language).fuzzy == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_is_up_to_date(language):
    assert not catalogue_or_skip(language).stale, "run `make messages` (docs/i18n.md)"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_plural_formula_agrees_with_cldr(language):
    catalogue_or_skip(language)
    with catalogue_path(language).with_suffix(".mo").open("rb") as handle:
        formula = gettext.GNUTranslations(handle).plural
    locale = Locale.parse(language)
    wrong = [n for n in range(0, 10_001)
             if formula(n) != FORM_OF_CATEGORY[locale.plural_form(n)]]
    assert wrong == []


def test_an_edited_catalogue_that_was_not_compiled_is_stale(tmp_path):
    po = tmp_path / "django.po"
    shutil.copy(catalogue_path("ru"), po)
    shutil.copy(catalogue_path("ru").with_suffix(".mo"), tmp_path / "django.mo")
    text = po.read_text()
    assert 'msgstr "Язык"' in text
    po.write_text(text.replace('msgstr "Язык"', 'msgstr "Языки"', 1))
    assert state_of("ru", po).stale


def test_a_catalogue_without_its_compiled_copy_is_stale(tmp_path):
    po = tmp_path / "django.po"
    shutil.copy(catalogue_path("ru"), po)
    assert state_of("ru", po).stale
