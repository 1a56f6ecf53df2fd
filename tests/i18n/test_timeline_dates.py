"""The person page's timeline, documenter and public, prints a date known to the day, the
month or the year as each language writes it, the ISO form kept in `<time datetime>`."""

import re

import pytest

from tests.conftest import Client
from tests.factories import make_custody, make_person
from tests.public.helpers import publish
from vigil.registry import models as m

NNBSP = "\u202f"
# As the grammars write them (Belarusian and Russian months: nominative alone, genitive after
# a day; Russian adds "г." to a month and a year, Belarusian CLDR only after a full date).
EXPECTED = {
    "be": {"2020": "2020", "2021-02": "люты 2021", "2023-04-30": f"30 красавіка 2023{NNBSP}г."},
    "ru": {"2020": "2020", "2021-02": f"февраль 2021{NNBSP}г.",
           "2023-04-30": f"30 апреля 2023{NNBSP}г."},
    "en": {"2020": "2020", "2021-02": "February 2021", "2023-04-30": "30 April 2023"},
}


def held_three_ways(organisation, visibility):
    person = make_person(organisation, visibility=visibility)
    make_custody(person, "2020", "2021-02", end_reason="served")
    make_custody(person, "2023-04-30")
    return person


def times(page: str) -> dict[str, str]:
    return dict(re.findall(r'<time datetime="([^"]+)">([^<]+)</time>', page))


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["be", "ru", "en"])
def test_documenter_timeline_dates_per_language(documenter_a, org_a, language):
    person = held_three_ways(org_a, m.Visibility.ORGANISATION)
    client = Client()
    client.force_login(documenter_a)
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    page = client.get(f"/persons/{person.pk}/").content.decode()
    assert times(page) == EXPECTED[language]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["be", "ru", "en"])
def test_public_timeline_dates_per_language(client, org_a, language):
    publication = publish(held_three_ways(org_a, m.Visibility.PUBLIC))
    page = client.get(f"/{language}/prisoners/{publication.slug}/").content.decode()
    assert times(page) == EXPECTED[language]


@pytest.mark.django_db
def test_a_custody_periods_name_writes_its_dates_in_the_readers_language(org_a):
    from django.utils import translation

    period = held_three_ways(org_a, m.Visibility.ORGANISATION).custody_periods.first()
    with translation.override("be"):
        assert str(period).endswith("2020 – люты 2021")
    with translation.override("en"):
        assert str(period).endswith("2020 – February 2021")
