"""The published figures on the public site: every release with its count and citation, its
breakdown without the cells too small to show, the persons it counted who are named here, and
a CSV of the same."""

import csv
import datetime as dt
import io

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from tests.factories import make_custody, make_person
from tests.public.helpers import public_person, publish
from vigil.figures import FigureDefinition
from vigil.publishing.population import Scope
from vigil.publishing.service import compute
from vigil.publishing.service import publish as freeze
from vigil.registry import models as m

pytestmark = pytest.mark.django_db
DAY = dt.date(2023, 4, 30)


@pytest.fixture
def release(org_a, settings):
    settings.VIGIL_SUPPRESS_CELLS_BELOW = 2
    named = public_person(org_a, gender="male")
    make_custody(named, "2021-07-14")
    publish(named)
    for i in range(2):
        make_custody(make_person(org_a, name=f"Асоба {i}", gender="female"), "2022-01-01")
    make_custody(make_person(org_a, name="Схаваная асоба", gender="other",
                             visibility=m.Visibility.PUBLIC), "2022-01-01")
    result = compute(Scope.whole_registry(), FigureDefinition.stock(DAY), "gender")
    return freeze(result, org_a, title="Held on 30 April 2023")


def test_the_list_and_the_page_of_a_release(client, release):
    listing = client.get("/en/figures/").content.decode()
    assert "Held on 30 April 2023" in listing and f"/en/figures/{release.slug}/" in listing
    page = client.get(f"/en/figures/{release.slug}/").content.decode()
    assert "<strong>4</strong>" in page and release.citation in page
    assert "<td>female</td><td>2</td>" in page
    assert "<td>other</td>" not in page and "<td>male</td>" not in page  # one person each
    assert "2 persons are in rows too small to show" in page
    assert "Ales Bialiatski" in page  # counted and published
    assert "Асоба" not in page and "Схаваная" not in page
    assert "3 persons counted are not named here" in page
    assert "<svg" in page


def test_the_csv_of_a_release(client, release):
    response = client.get(f"/en/figures/{release.slug}/figure.csv")
    assert response["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1] == [release.slug, "4", release.citation]
    assert ["female", "2"] in rows and not any(r[:1] == ["male"] for r in rows)
    assert ["fewer than 2 each", "2"] in rows


def test_an_unknown_release_is_404(client, db):
    assert client.get("/en/figures/1999-01-01/nothing/").status_code == 404



@pytest.mark.parametrize("language, grouped", [("en", "1,496"), ("be", "1\u202f496"),
                                               ("ru", "1\u202f496")])
def test_counts_in_plural_sentences_are_grouped_per_language(rf, language, grouped):
    """A count inside a translated plural sentence is printed as the page's language groups
    it: "1,496" in English, "1 496" (U+202F) in Belarusian and Russian; the facilities page
    rendered with counts no test registry holds."""
    with translation.override(language):
        page = render_to_string("public/facilities.html", {
            "day": DAY, "rows": [], "suppressed": 1496, "suppressed_facilities": 1496,
            "unknown": 1496, "total": 2992, "k": 3}, request=rf.get(f"/{language}/"))
    assert page.count(grouped) >= 3 and "1496" not in page
