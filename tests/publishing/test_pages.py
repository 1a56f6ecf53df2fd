"""The figures pages: the count, breakdown, chart, persons behind the number (only those the
viewer may see, the others counted), CSV without formulas, and publishing a release."""

import datetime as dt

import pytest

from tests.factories import make_custody, make_person
from tests.publishing.helpers import recognise, response_text, zip_tables
from vigil.csv_cells import safe_cell
from vigil.figures import FigureDefinition
from vigil.publishing.models import Release
from vigil.publishing.output import csv_text
from vigil.publishing.population import Scope
from vigil.publishing.service import compute, publish
from vigil.registry import models as m

pytestmark = pytest.mark.django_db


def held(org, name, visibility=m.Visibility.PUBLIC, **fields):
    person = make_person(org, name=name, visibility=visibility, **fields)
    make_custody(person, "2021-01-01")
    recognise(person, organisation=org, since="2021-01-01")
    return person


def test_the_page_shows_count_citation_breakdown_chart_and_persons(client, viewer_a, org_a):
    journalist = m.Occupation.objects.get(slug="journalist")
    writer = m.Occupation.objects.get(slug="writer")
    both = held(org_a, "Both Occupations")
    both.occupations.add(journalist, writer)
    held(org_a, "Second Person").occupations.add(journalist)
    client.force_login(viewer_a)
    response = client.get("/figures/", {"as_of": "2023-04-30", "recognised_by": "org-a",
                                        "by": "occupation", "frequency": "yearly"})
    assert response.status_code == 200
    page = response.content.decode()
    assert response.context["figure"].count == 2
    assert "Political prisoners recognised by Organisation A in custody at the end of " \
           "30 April 2023" in page
    assert "Rows overlap" in page
    assert "<svg" in page and "Both Occupations" in page
    assert "not shown" not in page


def test_a_filter_by_occupation_group(client, viewer_a, org_a):
    held(org_a, "Journalist").occupations.add(m.Occupation.objects.get(slug="journalist"))
    held(org_a, "Worker")
    client.force_login(viewer_a)
    response = client.get("/figures/", {"as_of": "2023-04-30", "occupation_group": "media"})
    assert response.context["figure"].count == 1


def test_bad_input_shows_the_form_again(client, viewer_a):
    client.force_login(viewer_a)
    response = client.get("/figures/", {"kind": "during", "start": "2023-02-01",
                                        "end": "2023-01-01"})
    assert response.status_code == 400
    assert "ends before it starts" in response.content.decode()
    assert client.get("/figures/", {"as_of": "2023-02-30"}).status_code == 400
    assert client.get("/figures/figure.zip", {"as_of": "nonsense"}).status_code == 400


def test_a_release_lists_only_the_persons_the_viewer_may_see_and_counts_the_others(
    client, org_a, org_b, documenter_b
):
    held(org_a, "Visible To All")
    held(org_a, "Secret Of A", visibility=m.Visibility.ORGANISATION)
    definition = FigureDefinition.stock(dt.date(2023, 4, 30), recognised_by=("org-a",))
    release = publish(compute(Scope.whole_registry(), definition), org_a)
    assert release.count == 2
    client.force_login(documenter_b)
    page = client.get(f"/figures/releases/{release.slug}/").content.decode()
    assert "Visible To All" in page and "Secret Of A" not in page
    assert "1 other person is counted but not shown" in page
    tables = zip_tables(client.get(f"/figures/releases/{release.slug}/figure.zip"))
    assert [row[1] for row in tables["persons.csv"][1:]] == ["Visible To All"]
    assert ["persons not shown (records you may not see)", "1"] in tables["figure.csv"]


def test_only_visible_name_variants_are_shown(client, org_a, org_b, documenter_b):
    person = held(org_b, "Public Name")
    person.names.update(is_primary=False)
    m.NameVariant.objects.create(person=person, organisation=org_b, text="Hidden Spelling",
                                 language="be", script="Cyrl", kind="belarusian",
                                 is_primary=True, visibility=m.Visibility.ORGANISATION)
    definition = FigureDefinition.stock(dt.date(2023, 4, 30))
    release = publish(compute(Scope.whole_registry(), definition), org_b)
    client.force_login(documenter_b)
    assert "Hidden Spelling" in client.get(f"/figures/releases/{release.slug}/").content.decode()
    from tests.conftest import make_user
    from vigil.accounts.models import Role

    client.force_login(make_user("viewer-of-a", org_a, Role.VIEWER))
    page = client.get(f"/figures/releases/{release.slug}/").content.decode()
    assert "Public Name" in page and "Hidden Spelling" not in page


def test_csv_cells_never_start_a_formula(client, viewer_a, org_a):
    for text in ["=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "\tx", "\rx"]:
        assert safe_cell(text) == "'" + text
    assert safe_cell(5) == "5" and safe_cell("Ales") == "Ales"
    held(org_a, "=cmd|' /C calc'!A0")
    client.force_login(viewer_a)
    response = client.get("/figures/figure.zip", {"as_of": "2023-04-30"})
    assert response["Content-Type"] == "application/zip"
    body = response_text(response)
    assert "'=cmd|" in body and "\n=cmd" not in body and ",=cmd" not in body
    assert csv_text([["-x", 1]]) == "'-x,1\r\n"


def test_the_chart_downloads_as_png(client, viewer_a):
    client.force_login(viewer_a)
    response = client.get("/figures/chart.png", {"as_of": "2023-04-30"})
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")


def test_a_reviewer_publishes_a_release_and_its_page_tells_what_changed(
    client, org_a, admin_a, documenter_a
):
    held(org_a, "Counted Then")
    client.force_login(documenter_a)
    form = {"kind": "stock", "as_of": "2023-04-30", "recognised_by": "org-a", "by": "gender"}
    assert client.post("/figures/publish/", form).status_code == 403
    client.force_login(admin_a)
    response = client.post("/figures/publish/", {**form, "title": "April", "confirmed": "1"})
    release = Release.objects.get()
    assert response["Location"] == f"/figures/releases/{release.slug}/"
    assert (release.count, release.title, release.created_by) == (1, "April", admin_a)
    assert release.scope == "organisation"
    held(org_a, "Learned Later")
    page = client.get(response["Location"]).content.decode()
    assert "1 person counted today but not in the release" in page
    assert "Learned Later" in page
    assert Release.objects.get().count == 1
    listing = client.get("/figures/releases/").content.decode()
    assert release.slug in listing


def test_the_chart_needs_no_inline_style_and_the_publish_button_carries_the_definition(
    client, admin_a, org_a
):
    import re

    held(org_a, "Someone")
    client.force_login(admin_a)
    query = {"kind": "during", "start": "2022-01-01", "end": "2022-12-31",
             "recognised_by": "org-a", "gender": "unknown", "by": "region"}
    page = client.get("/figures/", query).content.decode()
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert "style=" not in svg and "<style" not in page  # the pages' CSP blocks inline style
    form = page[page.index('action="/figures/publish/"'):]
    form = form[:form.index("</form>")]
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', form))
    assert fields["kind"] == "during" and fields["start"] == "2022-01-01"
    confirm = client.post("/figures/publish/", fields).content.decode()
    assert not Release.objects.exists()  # the first post only asks for confirmation
    confirm = confirm[confirm.index('action="/figures/publish/"'):]
    response = client.post("/figures/publish/", dict(re.findall(
        r'name="(\w+)" value="([^"]*)"', confirm[:confirm.index("</form>")])))
    release = Release.objects.get()
    assert response.status_code == 302 and release.count == 1
    assert release.slug == "2022-01-01_2022-12-31/org-a-during-unknown"
    assert release.definition["where"] == {"gender": ["unknown"]}
    assert release.breakdown["field"] == "region"
