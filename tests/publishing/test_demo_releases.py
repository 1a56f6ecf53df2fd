"""The demo publishes the statement's kinds of figure as releases counted from its records.

Loads the demo at full size once (about 10-25 s): the 30 April 2023 stock only comes out at
1,495, and the convictions above 3,200, with the full population of 4,200 fictional persons,
and the public home page shows the stock for that day.
"""

import datetime as dt

import pytest
from django.db.models import Q

from vigil.publishing.models import Release
from vigil.registry.demo import load_demo
from vigil.registry.models import Case, Recognition

APRIL_30 = dt.date(2023, 4, 30)


def convicted_by_viasna(day: dt.date) -> set[int]:
    """Persons Viasna recognised by `day` whose latest case opened by then ended in a
    conviction by then, counted straight from the rows (the oracle for the release)."""
    recognised = set(Recognition.objects.filter(
        organisation__slug="viasna", status="recognised", since__lte=day,
    ).values_list("person_id", flat=True))
    latest = {}
    opened = Q(opened__lte=day) | Q(opened__isnull=True)  # Bialiatski's case has no day
    for person, verdict, verdict_date in Case.objects.filter(opened).order_by(
            "opened", "pk").values_list("person_id", "verdict", "verdict_date"):
        latest[person] = verdict == "convicted" and verdict_date is not None \
            and verdict_date <= day
    return {p for p, convicted in latest.items() if convicted} & recognised


@pytest.mark.django_db
def test_the_demo_publishes_the_statement_s_figures(client):
    load_demo()
    releases = {r.slug: r for r in Release.objects.all()}
    stock = releases["2023-04-30/viasna-stock"]
    assert stock.count == 1495
    assert stock.full_citation == (
        "Vigil release 2023-04-30/viasna-stock: Political prisoners recognised by Human "
        "Rights Centre “Viasna” in custody at the end of 30 April 2023 (Europe/Minsk)")
    assert releases["2023-04-30/baj-stock-media"].count == 33
    convicted = releases["2023-04-30/viasna-cumulative-convicted"]
    assert convicted.count > 3200  # the statement's "more than 3,200"
    assert set(convicted.person_ids) == convicted_by_viasna(APRIL_30)
    culture = releases["2022-01-01_2022-12-31/viasna-during-culture"]
    assert culture.count > 100
    assert culture.organisation.slug == "viasna" and culture.scope == "registry"
    assert len(stock.person_ids) == 1495 and stock.breakdown["field"] == "occupation_group"
    home = client.get("/en/?as_of=2023-04-30").content.decode()
    assert '?recognised_by=viasna">1,495</a>' in home and stock.slug in home
