"""Vocabularies, organisations and criminal-code articles in the reader's language."""

import pytest
from django.utils import translation

from vigil.accounts.models import Organisation
from vigil.registry import models as m
from vigil.registry.vocabularies import ARTICLE_FILES, TERM_FILES, read_data


@pytest.mark.parametrize("name", [name for _model, name in TERM_FILES])
def test_every_seeded_term_is_named_in_three_languages(name):
    missing = [item["slug"] for item in read_data(name)["items"]
               if not all(item.get(f"name_{lang}") for lang in ("en", "be", "ru"))]
    assert missing == []


@pytest.mark.parametrize("name", ARTICLE_FILES)
def test_every_seeded_article_has_three_titles(name):
    assert [item["article"] for item in read_data(name)["items"]
            if not all(item.get(f"title_{lang}") for lang in ("en", "be", "ru"))] == []


@pytest.mark.django_db
def test_a_term_shows_itself_in_the_readers_language():
    region = m.Region.objects.get(slug="brest")
    with translation.override("ru"):
        assert str(region) == "Брестская область"
    with translation.override("en"):
        assert str(region) == "Brest Region"


@pytest.mark.django_db
def test_an_organisation_is_named_in_the_readers_language_or_in_english():
    org = Organisation.objects.create(slug="viasna", name_en="Human Rights Centre “Viasna”",
                                      name_ru="Правозащитный центр «Весна»", kind="documenting")
    with translation.override("ru"):
        assert str(org) == "Правозащитный центр «Весна»"
    with translation.override("be"):
        assert str(org) == "Human Rights Centre “Viasna”"  # no Belarusian name given


@pytest.mark.django_db
def test_an_article_is_cited_as_each_language_cites_it():
    article = m.Article(article="342", part="1", title_en="Organising actions",
                        title_ru="Организация действий")
    with translation.override("ru"):
        assert article.reader_label == "ч. 1 ст. 342 УК"
        assert str(article) == "ч. 1 ст. 342 УК Организация действий"
    with translation.override("en"):
        assert article.reader_label == "BY CC 342.1" == article.label


@pytest.mark.parametrize(("code", "article", "be", "ru"), [
    ("CAO", "24.23", "арт. 24.23 КаАП", "ст. 24.23 КоАП"),
    ("CAO-2003", "23.34", "арт. 23.34 КаАП 2003 г.", "ст. 23.34 КоАП 2003 г."),
])
def test_an_administrative_article_is_cited_as_each_language_cites_it(code, article, be, ru):
    offence = m.Article(country="BY", code=code, article=article, part="")
    with translation.override("be"):
        assert offence.reader_label == be
    with translation.override("ru"):
        assert offence.reader_label == ru
    with translation.override("en"):
        assert offence.reader_label == offence.label == f"BY {code} {article}"
