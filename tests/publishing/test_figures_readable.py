"""Issue 14, figures: labels in words, grouped numbers, the overlap said once, the breakdown
drawn, the tables as a zip of tables, publishing confirmed and never copied, a release's
chart, and the public PNG chart."""

import datetime as dt
import re

import pytest
from django.utils import translation

from tests.publishing.helpers import zip_tables
from tests.publishing.test_pages import held
from vigil.figures import FigureDefinition
from vigil.publishing.labels import grouped, overlap_note
from vigil.publishing.models import Release
from vigil.publishing.population import Scope
from vigil.publishing.service import compute, publish
from vigil.registry import models as m

pytestmark = pytest.mark.django_db


def two_journalists_one_writer(org):
    journalist = m.Occupation.objects.get(slug="journalist")
    writer = m.Occupation.objects.get(slug="writer")
    held(org, "Both Occupations").occupations.add(journalist, writer)
    held(org, "Only Journalist").occupations.add(journalist)
    return journalist, writer


def test_breakdown_and_citation_say_labels_not_internal_names(client, viewer_a, org_a):
    journalist, writer = two_journalists_one_writer(org_a)
    client.force_login(viewer_a)
    page = client.get("/figures/", {"as_of": "2023-04-30", "occupation_group": "media",
                                    "by": "occupation"}).content.decode()
    cells = re.findall(r"<tr><td>([^<]*)</td><td>(\d+)</td></tr>", page)
    assert cells == [(journalist.name_en, "2"), (writer.name_en, "1")]
    citation = page[page.index("<cite>"):page.index("</cite>")]
    assert "(occupation group: journalists and media workers)" in citation
    assert "occupation_groups" not in citation and "media" not in citation.split("(")[1][:20]


def test_the_overlap_is_said_once_and_its_arithmetic_is_right(client, viewer_a, org_a):
    two_journalists_one_writer(org_a)
    client.force_login(viewer_a)
    page = client.get("/figures/", {"as_of": "2023-04-30", "by": "occupation"}).content.decode()
    assert page.count("Rows overlap") == 1
    # 2 persons; rows journalist 2 + writer 1 = 3; one person is in both rows.
    assert "1 of the 2 persons have several values of occupation" in page
    assert "The rows add up to 3, not to the total of 2." in page


def test_a_suppressed_row_hides_the_sum_that_would_reveal_it():
    breakdown = {"field": "occupations", "total": 9, "overlap_ids": [1],
                 "rows": [{"value": "a", "count": 7}, {"value": "b", "count": None}]}
    assert "add up" not in overlap_note(breakdown)


def test_numbers_are_grouped_the_way_the_language_groups_them():
    assert grouped(1495) == "1,495"
    with translation.override("ru"):
        assert grouped(1495) == "1\u202f495"  # a narrow no-break space (docs/i18n.md)


def test_the_chart_draws_the_breakdown_in_svg_and_png(client, viewer_a, org_a):
    journalist, _writer = two_journalists_one_writer(org_a)
    client.force_login(viewer_a)
    query = {"as_of": "2023-04-30", "frequency": "yearly"}
    page = client.get("/figures/", {**query, "by": "occupation"}).content.decode()
    bars = page[page.index('aria-labelledby="breakdown-title"'):]
    bars = bars[:bars.index("</svg>")]
    assert bars.count("<rect") == 2 and journalist.name_en in bars
    with_bars = client.get("/figures/chart.png", {**query, "by": "occupation"}).content
    without = client.get("/figures/chart.png", query).content
    assert with_bars.startswith(b"\x89PNG") and with_bars != without


def test_the_figure_downloads_as_one_table_per_file(client, viewer_a, org_a):
    journalist, writer = two_journalists_one_writer(org_a)
    client.force_login(viewer_a)
    response = client.get("/figures/figure.zip", {"as_of": "2023-04-30", "by": "occupation",
                                                  "frequency": "yearly"})
    tables = zip_tables(response)
    assert set(tables) == {"figure.csv", "breakdown.csv", "series.csv", "persons.csv"}
    for name, rows in tables.items():  # each a rectangle: one header, no stacked tables
        assert rows and len({len(row) for row in rows}) == 1, name
    assert tables["breakdown.csv"] == [["label", "value", "persons", "note"],
                                       [journalist.name_en, "journalist", "2", ""],
                                       [writer.name_en, "writer", "1", ""]]
    assert ["count", "2"] in tables["figure.csv"]
    assert sorted(row[1] for row in tables["persons.csv"][1:]) == ["Both Occupations",
                                                                  "Only Journalist"]


def test_publishing_asks_first_and_refuses_a_copy(client, admin_a, org_a):
    held(org_a, "Someone")
    client.force_login(admin_a)
    form = {"kind": "stock", "as_of": "2023-04-30", "recognised_by": "org-a"}
    asked = client.post("/figures/publish/", form)
    assert asked.status_code == 200 and "Yes, publish it" in asked.content.decode()
    assert not Release.objects.exists()
    done = client.post("/figures/publish/", {**form, "confirmed": "1"})
    release = Release.objects.get()
    assert done["Location"] == f"/figures/releases/{release.slug}/"
    again = client.post("/figures/publish/", {**form, "confirmed": "1"})
    text = again.content.decode()
    assert again.status_code == 409 and Release.objects.count() == 1
    assert f"release {release.slug}" in text and f'href="/figures/releases/{release.slug}/"' \
        in text
    other_day = client.post("/figures/publish/", {**form, "as_of": "2023-05-01",
                                                  "confirmed": "1"})
    assert other_day.status_code == 302 and Release.objects.count() == 2


def test_a_release_page_shows_its_chart(client, viewer_a, org_a):
    held(org_a, "Someone", gender="female")
    release = publish(compute(Scope.whole_registry(), FigureDefinition.stock(
        dt.date(2023, 4, 30)), by="gender"), org_a)
    client.force_login(viewer_a)
    page = client.get(f"/figures/releases/{release.slug}/").content.decode()
    assert "<svg" in page and "<rect" in page and ">female<" in page


def test_the_public_figure_offers_its_chart_as_png(client, org_a):
    held(org_a, "Someone")
    release = publish(compute(Scope.whole_registry(), FigureDefinition.stock(
        dt.date(2023, 4, 30))), org_a)
    page = client.get(f"/en/figures/{release.slug}/").content.decode()
    assert f"/en/figures/{release.slug}/chart.png" in page and "<svg" in page
    png = client.get(f"/en/figures/{release.slug}/chart.png")
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
