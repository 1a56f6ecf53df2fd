"""The demo's public registry: the statement's people published with their public facts, a
share of the population withheld at families' request, and the home page giving, for
30 April 2023, the figure the statement cites (Viasna's frozen release)."""

import pytest

from tests.registry.test_demo import NAMED, demo  # noqa: F401 (the fixture)
from vigil.publishing.models import PersonPublication, Release
from vigil.publishing.projection import named_persons, published_persons

pytestmark = pytest.mark.django_db


def test_the_statements_people_are_published(client, demo):  # noqa: F811
    for latin, belarusian, _russian in NAMED:
        publication = PersonPublication.objects.filter(person__names__text=latin).first()
        if publication is None:  # a named person kept private by the demo
            continue
        assert publication.is_published and publication.confirmed_by != publication.proposed_by
        page = client.get(f"/be/prisoners/{publication.slug}/").content.decode()
        assert f">{belarusian}</h1>" in page and latin in page
    assert named_persons().filter(synthetic=False).count() >= 5


def test_some_are_withheld_and_none_of_them_is_named(client, demo):  # noqa: F811
    withheld = PersonPublication.objects.filter(name_withheld=True, confirmed_at__isnull=False)
    assert withheld.exists()
    assert published_persons().count() > named_persons().count()
    listing = client.get("/en/prisoners/?size=100").content.decode()
    for publication in withheld.select_related("person")[:20]:
        for name in publication.person.names.values_list("text", flat=True):
            assert name not in listing
        assert client.get(f"/en/prisoners/{publication.slug}/").status_code == 404


def test_on_30_april_2023_the_home_page_gives_the_statements_figure(client, demo):  # noqa: F811
    # This demo is a small one; tests/publishing/test_demo_releases.py checks the full-size
    # demo's 1,495.
    release = Release.objects.get(slug__startswith="2023-04-30/viasna-stock")
    shown = f"{release.count:,}"
    page = client.get("/en/?as_of=2023-04-30").content.decode()
    assert f'?recognised_by=viasna">{shown}</a>' in page
    assert release.slug in page
    for language in ("be", "ru"):  # grouped with a narrow no-break space (docs/i18n.md)
        page = client.get(f"/{language}/?as_of=2023-04-30").content.decode()
        assert f'?recognised_by=viasna">{shown.replace(",", chr(0x202F))}</a>' in page
