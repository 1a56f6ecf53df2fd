"""A figure's citation in the reader's language: the sentence, the organisation's name and the
date translated; the English one stays as it was published."""

import datetime as dt

import pytest
from django.utils import translation

from vigil.accounts.models import Organisation
from vigil.figures import FigureDefinition
from vigil.figures.counting import citation
from vigil.publishing.labels import reader_citation

NNBSP = "\u202f"


@pytest.fixture
def viasna(db):
    return Organisation.objects.create(
        slug="viasna", name_en="Human Rights Centre “Viasna”",
        name_be="Праваабарончы цэнтр «Вясна»", name_ru="Правозащитный центр «Весна»",
        kind="documenting")


def stock():
    return FigureDefinition.stock(dt.date(2023, 4, 30), recognised_by=("viasna",))


def test_the_core_writes_english_without_django():
    assert citation(stock(), {"viasna": "Viasna"}) == (
        "Political prisoners recognised by Viasna in custody at the end of 30 April 2023 "
        "(Europe/Minsk)")


def test_the_russian_reader_reads_it_in_russian(viasna):
    with translation.override("ru"):
        text = reader_citation(stock())
    assert text == ("Политзаключённые (признание: Правозащитный центр «Весна»), лишённые "
                    f"свободы на конец дня 30 апреля 2023{NNBSP}г. (Europe/Minsk)")


def test_english_reader_citation_is_the_published_one(viasna):
    with translation.override("en"):
        assert reader_citation(stock()) == citation(stock(), {"viasna": viasna.name_en})


def test_a_period_and_its_conditions_are_translated(viasna):
    during = FigureDefinition.during(dt.date(2023, 1, 1), dt.date(2023, 4, 30),
                                     custody_kinds=["pre_trial"])
    with translation.override("ru"):
        text = reader_citation(during)
    assert text.startswith("Люди (вид лишения свободы: содержание под стражей), ")
    assert f"с 1 января 2023{NNBSP}г. по 30 апреля 2023{NNBSP}г." in text
    assert not any(word in text for word in ("custody", "held", "from", "pretrial"))
