"""A documenter switches Vigil to Belarusian, then to Russian, and reads the main pages: the
persons list, a person's page, the figures, a statement (a source), the public home and the
public list. On each, `<html lang>` is the language chosen and no English word is left
beyond EXCEPTIONS (names, codes). Debian's Chromium, as in test_person_timeline.py.

The Belarusian half can pass only once the `be` catalogue is merged: until
src/vigil/locale/be/LC_MESSAGES/django.po exists it is an expected failure, strict, so that
it reports XPASS (and fails) on the day it passes, to be unmarked. Run it alone with
`pytest -p no:xdist -m browser tests/browser/test_languages.py` (docs/i18n.md)."""

import datetime as dt
import re

import pytest

from tests.browser.test_person_timeline import require_chromium, run_in_chromium
from tests.conftest import PASSWORD
from tests.factories import make_custody
from tests.public.helpers import PUBLIC, public_person, publish
from vigil.registry import models as m

pytestmark = [pytest.mark.browser,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SWITCH = {"be": "Беларуская", "ru": "Русский"}
# Words in Latin letters that are right on a Belarusian or Russian page.
EXCEPTIONS = {
    "Vigil",                                   # the name of the system
    "Ales", "Bialiatski",                      # a person's Latin spelling, an alternative
    "https", "example", "org",                 # the source's address, as recorded
    "English",                                 # the language switch names English in English
    "Europe", "Minsk",                         # the time zone in a citation
    "documenter",                              # the username, documenter-a
    "IT", "zip",                               # Russian and Belarusian write "IT", "zip" too
    "SHA", "CSV", "PNG", "JSON", "API", "Atom", "UTC", "ID",
}
WORD = re.compile(r"[A-Za-z]{2,}")


@pytest.fixture
def pages(org_a, documenter_a):
    org_a.name_be, org_a.name_ru = "Арганізацыя А", "Организация А"
    org_a.save()
    person = public_person(org_a, name="Алесь Бяляцкі", latin="Ales Bialiatski")
    make_custody(person, "2021-07-14")
    m.Recognition.objects.create(person=person, organisation=org_a, visibility=PUBLIC,
                                 status="recognised", since=dt.date(2021, 8, 1))
    publish(person)
    source = m.Source.objects.create(organisation=org_a, kind="publication",
                                     title="Заява ад 21 мая 2023 г.", url="https://example.org/s")
    return {"person": f"/persons/{person.pk}/", "source": f"/sources/{source.pk}/"}


def english_words(text: str) -> list[str]:
    return sorted({w for w in WORD.findall(text) if w not in EXCEPTIONS})


def read_in(language, base_url, pages):
    def walk(page):
        page.goto(f"{base_url}/login/")
        page.get_by_label("Username").fill("documenter-a")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.get_by_role("button", name=SWITCH[language]).click()
        found = {}
        for path in ["/", pages["person"], "/figures/", pages["source"],
                     f"/{language}/", f"/{language}/prisoners/"]:
            page.goto(f"{base_url}{path}")
            lang = page.locator("html").get_attribute("lang")
            found[path] = (lang, english_words(page.locator("body").inner_text()))
        return found
    return walk


@pytest.mark.parametrize("language", ["be", "ru"])
def test_the_main_pages_read_in_the_chosen_language(language, live_server, pages, tmp_path):
    require_chromium()
    found = run_in_chromium(read_in(language, live_server.url, pages), tmp_path,
                            f"languages_{language}", locale="en-GB")
    assert {path: lang for path, (lang, _w) in found.items()} == dict.fromkeys(found, language)
    assert {path: words for path, (_l, words) in found.items() if words} == {}
