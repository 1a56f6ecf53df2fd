"""Names in the page's language: the person's Belarusian spelling on Belarusian pages, the
Russian one on Russian pages, and on English pages the Latin form the organisation chose
(Organisation.romanisation); the other spellings as alternatives, each with a true `lang`.

The expected Latin spellings are those Viasna's English pages and the persons' passports
print ("Siarhei Tsikhanouski", "Ales Bialiatski"), and Łacinka as Belarusian Wikipedia in
Łacinka writes them ("Siarhiej Cichanoŭski"): facts from outside the romanisation tables."""

import re

import pytest

from tests.conftest import Client
from tests.factories import make_person
from tests.public.helpers import publish
from vigil.accounts.models import DEFAULT_ROMANISATION, ROMANISATIONS, Organisation
from vigil.names import SYSTEMS
from vigil.public.names import names_for
from vigil.public.opendata import rows
from vigil.public.registry import PublicDay, today
from vigil.registry import models as m

BE, RU = "Сяргей Ціханоўскі", "Сергей Тихановский"


def tikhanovsky(organisation, visibility=m.Visibility.ORGANISATION):
    person = make_person(organisation, name=BE, visibility=visibility)
    m.NameVariant.objects.create(person=person, organisation=organisation, text=RU,
                                 visibility=visibility, language="ru", script="Cyrl",
                                 kind="russian")
    return person


def page_in(client, language, url):
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    return client.get(url).content.decode()


def spans(page) -> list[tuple[str, str]]:
    """(lang, text) of every element carrying a `lang` inside <main>."""
    main = page[page.index("<main"):]
    return re.findall(r'lang="([^"]+)"[^>]*>(?:← )?([^<]+)<', main)


@pytest.mark.django_db
def test_each_language_shows_its_own_spelling_first_and_the_others_as_alternatives(org_a):
    names = list(tikhanovsky(org_a).names.all())
    shown, others = names_for(names, "be")
    assert (shown.text, shown.lang) == (BE, "be")
    shown, others = names_for(names, "ru")
    assert (shown.text, shown.lang) == (RU, "ru")
    shown, others = names_for(names, "en")
    assert (shown.text, shown.lang) == ("Siarhei Tsikhanouski", "en")
    assert [(o.text, o.lang) for o in others] == [(BE, "be"), (RU, "ru")]


@pytest.mark.django_db
def test_the_latin_form_follows_the_chosen_romanisation(org_a):
    names = list(tikhanovsky(org_a).names.all())
    lacinka, _ = names_for(names, "en", "be-lacinka")
    assert (lacinka.text, lacinka.lang) == ("Siarhiej Cichanoŭski", "be-Latn")
    russian, _ = names_for(names, "en", "ru-bgn")  # a system for Russian takes the Russian
    assert russian.text == "Sergey Tikhanovskiy"


@pytest.mark.django_db
def test_a_person_with_only_a_latin_spelling_keeps_it(org_a):
    person = m.Person.objects.create(organisation=org_a)
    m.NameVariant.objects.create(person=person, organisation=org_a, text="Jan Kowalski",
                                 language="pl", script="Latn", kind="latin", is_primary=True)
    shown, others = names_for(list(person.names.all()), "en")
    assert (shown.text, shown.lang, others) == ("Jan Kowalski", "en", [])


def test_the_choices_are_the_romanisations_the_names_core_has():
    offered = {name for name, _label in ROMANISATIONS}
    assert offered <= set(SYSTEMS) and DEFAULT_ROMANISATION in offered
    assert offered == {name for name, spec in SYSTEMS.items()
                       if "be" in spec.languages or "ru" in spec.languages}


@pytest.mark.django_db
@pytest.mark.parametrize("language, shown, others", [
    ("be", (("be", BE),), (("ru", RU),)),
    ("ru", (("ru", RU),), (("be", BE),)),
    ("en", (("en", "Siarhei Tsikhanouski"),), (("be", BE), ("ru", RU))),
])
def test_documenter_person_list_and_search_in_each_language(documenter_a, org_a, language,
                                                           shown, others):
    tikhanovsky(org_a)
    client = Client()
    client.force_login(documenter_a)
    for url in ("/", "/?q=Tsikhanouski"):
        found = spans(page_in(client, language, url))
        start = found.index(shown[0])
        assert tuple(found[start:start + 1 + len(others)]) == shown + others


@pytest.mark.django_db
@pytest.mark.parametrize("language, expected", [
    ("be", ("be", BE)), ("ru", ("ru", RU)), ("en", ("be-Latn", "Siarhiej Cichanoŭski")),
])
def test_person_page_and_history_follow_the_organisations_choice(documenter_a, org_a,
                                                                  language, expected):
    Organisation.objects.filter(pk=org_a.pk).update(romanisation="be-lacinka")
    person = tikhanovsky(org_a)
    client = Client()
    client.force_login(documenter_a)
    for url in (f"/persons/{person.pk}/", f"/persons/{person.pk}/history/"):
        page = page_in(client, language, url)
        assert expected in spans(page)
        heading = re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)
        assert f'lang="{expected[0]}">{expected[1]}<' in heading


@pytest.mark.django_db
def test_recorded_spellings_carry_their_true_lang_on_the_person_page(documenter_a, org_a):
    person = tikhanovsky(org_a)
    m.NameVariant.objects.create(person=person, organisation=org_a, text="Siarhiej Cichanoŭski",
                                 language="be", script="Latn", kind="lacinka")
    client = Client()
    client.force_login(documenter_a)
    page = page_in(client, "en", f"/persons/{person.pk}/")
    for lang, text in (("be", BE), ("ru", RU), ("be-Latn", "Siarhiej Cichanoŭski")):
        assert f'<td lang="{lang}">{text}' in page


@pytest.mark.django_db
def test_the_administrator_chooses_the_latin_form(admin_a, documenter_a, org_a):
    client = Client()
    client.force_login(admin_a)
    page = page_in(client, "en", "/account/organisation/")
    assert "Siarhei Tsikhanouski" in page and "Sergey Tikhanovskiy" in page  # examples shown
    response = client.post("/account/organisation/romanisation/", {"romanisation": "icao"})
    assert response.status_code == 302
    assert Organisation.objects.get(pk=org_a.pk).romanisation == "icao"

    client.post("/account/organisation/romanisation/", {"romanisation": "klingon"})
    assert Organisation.objects.get(pk=org_a.pk).romanisation == "icao"  # nothing changed
    page = client.get("/account/organisation/").content.decode()
    assert "Latin form of names:" in page and "Nothing was changed." in page

    tikhanovsky(org_a)
    other = Client()
    other.force_login(documenter_a)
    assert "Siargei Tsikhanouski" in page_in(other, "en", "/")  # ICAO writes г as g


@pytest.mark.django_db
def test_the_public_site_and_open_data_write_names_as_its_organisation_chose(settings, client,
                                                                             org_a):
    publication = publish(tikhanovsky(org_a, visibility=m.Visibility.PUBLIC))
    url = f"/en/prisoners/{publication.slug}/"
    assert '<h1 lang="en">Siarhei Tsikhanouski</h1>' in client.get(url).content.decode()
    Organisation.objects.filter(pk=org_a.pk).update(romanisation="be-lacinka")
    settings.VIGIL_PUBLIC_ORGANISATIONS = ["org-a"]
    assert '<h1 lang="be-Latn">Siarhiej Cichanoŭski</h1>' in client.get(url).content.decode()
    row = next(rows("persons", PublicDay.of(today())))
    assert (row["name_be"], row["name_ru"], row["name_latin"]) == (
        BE, RU, "Siarhiej Cichanoŭski")
