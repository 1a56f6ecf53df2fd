"""The language switch on every page, the documenter's remembered choice, and the public
site's alternates and `lang` attributes."""

import re

import pytest

from tests.conftest import Client
from vigil.languages.models import LanguageChoice


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


@pytest.mark.django_db
def test_the_login_page_has_the_switch_and_the_choice_sticks_without_an_account(client):
    page = client.get("/login/").content.decode()
    for code in ("be", "ru", "en"):
        assert f'name="language" value="{code}" lang="{code}"' in page
    client.post("/i18n/setlang/", {"language": "ru", "next": "/login/"})
    assert html_lang(client.get("/login/")) == "ru"


@pytest.mark.django_db
def test_a_documenters_choice_follows_them_to_another_device(documenter_a):
    laptop = Client()
    laptop.force_login(documenter_a)
    response = laptop.post("/i18n/setlang/", {"language": "be", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert LanguageChoice.objects.get(user=documenter_a).language == "be"

    phone = Client(headers={"accept-language": "en"})
    phone.force_login(documenter_a)
    page = phone.get("/")
    assert html_lang(page) == "be"
    assert page["Content-Language"] == "be"


@pytest.mark.django_db
def test_an_unknown_language_is_not_remembered(client, documenter_a):
    client.force_login(documenter_a)
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert not LanguageChoice.objects.filter(user=documenter_a).exists()


@pytest.mark.django_db
def test_the_public_site_keeps_the_language_of_its_path(client, documenter_a):
    client.force_login(documenter_a)
    client.post("/i18n/setlang/", {"language": "be", "next": "/"})
    assert html_lang(client.get("/ru/")) == "ru"


@pytest.mark.django_db
def test_public_pages_have_every_alternate_and_x_default(client):
    page = client.get("/ru/").content.decode()
    assert html_lang(client.get("/ru/")) == "ru"
    for code in ("be", "ru", "en"):
        assert f'<link rel="alternate" hreflang="{code}" href="/{code}/">' in page
    assert '<link rel="alternate" hreflang="x-default" href="/en/">' in page
    # the switch names each language in itself, marked with its own language
    assert '<a href="/be/" hreflang="be" lang="be">' in page


@pytest.mark.django_db
def test_a_belarusian_name_on_an_english_page_is_marked_be(client, documenter_a, org_a):
    from tests.factories import make_person

    person = make_person(org_a, name="Алесь Бяляцкі")
    client.force_login(documenter_a)
    page = client.get(f"/persons/{person.pk}/").content.decode()
    assert html_lang(client.get(f"/persons/{person.pk}/")) == "en"
    # English pages show the organisation's Latin form first; the Belarusian spelling
    # stays on the page as an alternative, marked as Belarusian
    assert '<h1><span lang="en">Ales Bialiatski</span></h1>' in page
    assert '<td lang="be">Алесь Бяляцкі ' in page
    listing = client.get("/").content.decode()
    assert f'href="/persons/{person.pk}/" lang="en">Ales Bialiatski</a>' in listing
