"""The demo publishes the statement's kinds of figure as releases counted from its records.

Loads the demo at full size once (about 10-20 s): the 30 April 2023 stock only comes out at
1,495 with the full population of 3,200 fictional persons, and the public home page shows it
for that day.
"""

import pytest

from vigil.publishing.models import Release
from vigil.registry.demo import load_demo


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
    assert releases["2023-04-30/all-cumulative-convicted"].count > 2000
    culture = releases["2022-01-01_2022-12-31/viasna-during-culture"]
    assert culture.count > 100
    assert culture.organisation.slug == "viasna" and culture.scope == "registry"
    assert len(stock.person_ids) == 1495 and stock.breakdown["field"] == "occupation_group"
    home = client.get("/en/?as_of=2023-04-30").content.decode()
    assert '?recognised_by=viasna">1,495</a>' in home and stock.slug in home
