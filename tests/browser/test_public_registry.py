"""The public registry's browser test, as an anonymous visitor would use it: type "Бяляцкі" on
the Belarusian list, open his page, see where he is held and the address for letters, and
download the open data's persons CSV. Debian's Chromium through Playwright, as in
test_person_timeline.py (whose notes on the ORM and the event loop apply here too)."""

import csv

import pytest

from tests.browser.test_person_timeline import require_chromium, run_in_chromium
from tests.factories import make_custody
from tests.public.helpers import PUBLIC, public_person, publish
from vigil.public.opendata import export_open_data
from vigil.public.registry import today
from vigil.registry import models as m

pytestmark = [pytest.mark.browser,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]
ADDRESS = "211322, г. Віцебск, вул. Тэрыторыя ІК-3"


@pytest.fixture
def published(org_a, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    person = public_person(org_a, name="Алесь Бяляцкі", latin="Ales Bialiatski")
    custody = make_custody(person, "2021-07-14")
    colony = m.Facility.objects.create(slug="ik-3-vitebsk", name_en="Penal colony No. 3",
                                       name_be="Калонія № 3", kind="colony", address=ADDRESS)
    m.Placement.objects.create(custody=custody, facility=colony, organisation=org_a,
                               visibility=PUBLIC)
    other = public_person(org_a, name="Марына Золатава", latin="Maryna Zolatava")
    make_custody(other, "2021-05-18")
    for p in (person, other):
        publish(p)
    export_open_data(tmp_path / "open-data" / today().isoformat(), today())
    return person


def test_a_visitor_finds_a_prisoner_and_downloads_the_data(live_server, published, tmp_path):
    require_chromium()
    downloaded = run_in_chromium(lambda page: visit(page, live_server.url, tmp_path),
                                 tmp_path, "public_registry", locale="be-BY",
                                 accept_downloads=True)
    with downloaded.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert sorted(r["name_latin"] for r in rows) == ["Ales Bialiatski", "Maryna Zolatava"]


def visit(page, base_url, tmp_path):
    from playwright.sync_api import expect

    page.goto(f"{base_url}/")  # a Belarusian browser lands on the Belarusian public site
    expect(page).to_have_url(f"{base_url}/be/")
    page.locator("header nav a[href='/be/prisoners/']").click()
    form = page.locator("form.filters")
    form.locator("input[name=q]").fill("Бяляцкі")
    form.locator("button[type=submit]").click()
    row = page.get_by_role("row").filter(has_text="Алесь Бяляцкі")
    expect(row).to_have_count(1)
    expect(page.get_by_role("row").filter(has_text="Золатава")).to_have_count(0)
    row.get_by_role("link", name="Алесь Бяляцкі").click()
    expect(page.get_by_role("heading", name="Алесь Бяляцкі", level=1)).to_be_visible()
    expect(page.locator("main")).to_contain_text("Калонія № 3")
    expect(page.locator("main")).to_contain_text(ADDRESS)
    page.locator("header nav a[href='/be/data/']").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="persons.csv", exact=True).click()
    path = tmp_path / "persons.csv"
    download.value.save_as(path)
    return path
