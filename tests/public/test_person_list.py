"""The public lists page by page: the order each language sorts by, the filters, search and
totals checked against lists written out by hand, the queries a page takes (the same for 5
rows and 25), and the kept order following every write to a name."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_custody
from tests.public.helpers import public_person, publish
from vigil.public.listing import list_order
from vigil.registry import models as m

pytestmark = pytest.mark.django_db

ROW = re.compile(r'<tr><td><a href="/\w\w/prisoners/([^/]+)/"')


def listed(client, path, **params) -> list[str]:
    page = client.get(path, params)
    assert page.status_code == 200
    return ROW.findall(page.content.decode())


def total(client, path, **params) -> str:
    page = client.get(path, params).content.decode()
    return re.search(r'<p class="total">(.*?)</p>', page, re.S).group(1)


def person(org, be, latin, started, **fields):
    found = public_person(org, name=be, latin=latin, **fields)
    make_custody(found, started)
    return publish(found).slug


@pytest.fixture
def three(org_a):
    """Three held persons whose Belarusian spellings and their romanisation (what English
    pages show) sort differently: В before Ц, but Tsimokh before Vasil."""
    minsk, brest = m.Region.objects.order_by("pk")[:2]
    return {
        "b": person(org_a, "Васіль Абрамовіч", "Vasil Abramovich", "2021-03-01",
                    region=minsk, gender="male"),
        "a": person(org_a, "Алена Юркевіч", "Alena Yurkevich", "2022-05-01",
                    region=brest, gender="female"),
        "c": person(org_a, "Цімох Яцкевіч", "Tsimokh Yatskevich", "2020-01-01",
                    region=minsk, gender="male"),
        "regions": (minsk.slug, brest.slug),
    }


def test_each_language_sorts_by_the_spelling_it_shows(client, three):
    assert listed(client, "/en/prisoners/") == [three["a"], three["c"], three["b"]]
    assert listed(client, "/be/prisoners/") == [three["a"], three["b"], three["c"]]


def test_the_detained_sorts(client, three):
    assert listed(client, "/en/prisoners/", sort="detained") == [three[k] for k in "cba"]
    assert listed(client, "/en/prisoners/", sort="-detained") == [three[k] for k in "abc"]


def test_filters_search_and_totals(client, three):
    minsk, brest = three["regions"]
    assert listed(client, "/en/prisoners/", region=minsk) == [three["c"], three["b"]]
    assert listed(client, "/en/prisoners/", region=brest, gender="female") == [three["a"]]
    assert listed(client, "/en/prisoners/", region=brest, gender="male") == []
    assert listed(client, "/en/prisoners/", year="2021") == [three["b"]]
    assert listed(client, "/en/prisoners/", year="1999") == []
    assert listed(client, "/en/prisoners/", q="Яцкевіч") == [three["c"]]
    assert listed(client, "/en/prisoners/", q="Barys", region=brest) == []
    assert "2 persons" in total(client, "/en/prisoners/", region=minsk)
    assert listed(client, "/en/released/") == []


def test_withheld_persons_are_counted_by_the_filters_and_never_listed(client, org_a, three):
    minsk, brest = three["regions"]
    hidden = public_person(org_a, name="Схаваны Чалавек", latin="Skhavany Chalaviek",
                           region=m.Region.objects.get(slug=brest))
    make_custody(hidden, "2021-01-01")
    publish(hidden, withheld=True)
    assert "Skhavany" not in client.get("/en/prisoners/").content.decode()
    assert "and 1 person whose name is withheld" in total(client, "/en/prisoners/")
    assert "and 1 person whose name is withheld" in total(client, "/en/prisoners/",
                                                         region=brest)
    assert "withheld" not in total(client, "/en/prisoners/", region=minsk)
    assert "withheld" not in total(client, "/en/prisoners/", q="Skhavany")
    assert listed(client, "/en/prisoners/", q="Skhavany") == []


def queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured.captured_queries)


def test_a_page_takes_the_same_queries_for_5_rows_and_for_25(client, org_a):
    regions = list(m.Region.objects.order_by("pk")[:3])
    for i in range(30):
        slug = person(org_a, f"Асоба {i:02} Тэставая", f"Asoba {i:02} Testavaya",
                      f"2021-01-{i % 28 + 1:02}", region=regions[i % 3])
        if i % 4 == 0:
            m.Placement.objects.create(
                custody=m.CustodyPeriod.objects.get(person__publication__slug=slug),
                organisation=org_a, visibility=m.Visibility.PUBLIC,
                facility=m.Facility.objects.order_by("pk")[i % 5])
    assert len(listed(client, "/en/prisoners/?size=25")) == 25
    assert len(listed(client, "/en/prisoners/?size=25&page=2")) == 5
    full, short = queries(client, "/en/prisoners/?size=25"), \
        queries(client, "/en/prisoners/?size=25&page=2")
    assert full == short
    assert queries(client, "/en/prisoners/?size=100") == full


@pytest.mark.django_db(transaction=True)
def test_the_kept_order_follows_a_renamed_spelling(client, org_a):
    """Outside a test's transaction the order is kept per change token; renaming a spelling
    renews the token (the name table's trigger), so the next page sorts by the new name."""
    first = person(org_a, "Алесь Бяляцкі", "Ales Bialiatski", "2021-07-14")
    second = person(org_a, "Марына Золатава", "Maryna Zolatava", "2021-07-14")
    assert listed(client, "/en/prisoners/") == [first, second]
    assert list_order() is list_order()  # kept while nothing changes
    m.NameVariant.objects.filter(text="Алесь Бяляцкі").update(text="Зыгмунт Бяляцкі")
    assert listed(client, "/en/prisoners/") == [second, first]
    m.NameVariant.objects.filter(text="Зыгмунт Бяляцкі").delete()
    assert listed(client, "/en/prisoners/") == [first, second]  # "Ales …" on record again
