"""The vocabulary seed: every term named in three languages, sourced, and idempotent."""

import pytest

from vigil.registry.models import Article, ConditionType, Facility, Occupation, Region
from vigil.registry.vocabularies import ARTICLE_FILES, TERM_FILES, read_data, seed_vocabularies

TERM_MODELS = [Region, Occupation, ConditionType, Facility]


@pytest.mark.django_db
def test_migration_seeded_the_vocabularies():
    assert Region.objects.filter(slug="minsk-city").exists()
    assert Occupation.objects.get(slug="journalist").group == "media"
    assert ConditionType.objects.filter(slug="medical-care-denied").exists()
    sizo = Facility.objects.get(slug="minsk-sizo-1")
    assert "Valadarskaha 2" in sizo.address
    assert sizo.region.slug == "minsk-city"
    assert Article.objects.filter(country="BY", article="342", part="1").exists()


@pytest.mark.django_db
def test_seed_is_idempotent():
    counts = {model: model.objects.count() for model in [*TERM_MODELS, Article]}
    report = seed_vocabularies()
    assert report.total_created == 0
    assert report.total_updated == 0
    assert {model: model.objects.count() for model in counts} == counts


@pytest.mark.django_db
def test_seed_restores_an_edited_name_and_a_deleted_term():
    Region.objects.filter(slug="hrodna").update(name_ru="")
    Article.objects.filter(article="368", part="").delete()
    report = seed_vocabularies()
    assert report.updated["Region"] == 1
    assert report.created["Article"] == 1
    assert Region.objects.get(slug="hrodna").name_ru == "Гродненская область"
    assert seed_vocabularies().total_created == 0


@pytest.mark.django_db
@pytest.mark.parametrize("model", TERM_MODELS, ids=lambda m: m.__name__)
def test_every_term_has_be_ru_en_names(model):
    rows = list(model.objects.all())
    assert rows
    for row in rows:
        assert row.name_en and row.name_be and row.name_ru, row.slug


@pytest.mark.django_db
def test_every_article_has_be_ru_en_titles():
    for row in Article.objects.all():
        assert row.title_en and row.title_be and row.title_ru, row.label


def test_every_data_file_names_its_sources():
    for filename in [name for _, name in TERM_FILES] + ARTICLE_FILES:
        data = read_data(filename)
        assert data["sources"] and all(isinstance(s, str) and s for s in data["sources"])


@pytest.mark.django_db
def test_the_statement_charges_are_in_the_code():
    """The charges the seed statement names, by the articles that carry them."""
    for article in ["342", "130", "243", "289", "357", "361-1"]:
        assert Article.objects.filter(country="BY", code="CC", article=article).exists()


@pytest.mark.django_db
def test_regions_bridge_the_spellings():
    hrodna = Region.objects.get(slug="hrodna")
    assert (hrodna.name_en, hrodna.name_be, hrodna.name_ru) == (
        "Hrodna Region", "Гродзенская вобласць", "Гродненская область",
    )
    assert Region.objects.filter(slug__in=["abroad", "unknown"]).count() == 2
    assert Region.objects.count() >= 9


POLITICAL_ARTICLES = ["130", "191", "193-1", "203-1", "293", "342", "356", "357", "361", "361-1",
                      "361-4", "364", "366", "367", "368", "369", "369-1", "370"]


@pytest.mark.django_db
def test_the_articles_political_cases_use_are_seeded():
    """Issue 14's list of the Criminal Code articles, about fifty rows in all, and the Code of
    Administrative Offences articles behind administrative arrests (2021 code and 2003's)."""
    criminal = Article.objects.filter(country="BY", code="CC")
    assert set(POLITICAL_ARTICLES) <= set(criminal.values_list("article", flat=True))
    assert 45 <= criminal.count() <= 60
    for code, article in [("CAO", "19.10"), ("CAO", "19.11"), ("CAO", "24.23"),
                          ("CAO", "24.3"), ("CAO-2003", "23.34")]:
        row = Article.objects.get(country="BY", code=code, article=article, part="")
        assert row.title_be and row.title_ru and row.title_en
    assert Article.objects.get(code="CAO", article="24.23").label == "BY CAO 24.23"
