"""The registry issue's browser test, done as a documenter new to Vigil would do it by hand:
log in, find Bialiatski by typing "Бяляцкі", add a condition report citing sources, see it
on his timeline and in the history of changes.

Runs Debian's Chromium (/usr/bin/chromium) through Playwright; Playwright never downloads a
browser here. Without Chromium the test is skipped, unless VIGIL_REQUIRE_BROWSER=1 (CI), when
it fails.

Playwright's sync API runs an event loop in this thread, so Django refuses the ORM inside the
`with sync_playwright()` block (SynchronousOnlyOperation). The data is made by fixtures before
it and checked after it, so DJANGO_ALLOW_ASYNC_UNSAFE is not needed (nor set, as it would
switch the check off for the whole session). The live server's thread is not affected.
"""

import os
import re
import sys
from pathlib import Path

import pytest

from tests.conftest import PASSWORD
from tests.factories import make_person
from vigil.registry import models as m

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these, Chromium's own connections to the outside get refused on a closed
    # network and the browser's requests to the live server can be refused with them.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 20_000

pytestmark = [
    pytest.mark.browser,
    # The live server needs committed data; serialized_rollback puts the vocabularies seeded
    # by migrations back for any transactional test that runs after this one.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def require_chromium():
    if CHROMIUM.exists():
        return
    reason = f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    if os.environ.get("VIGIL_REQUIRE_BROWSER") == "1":
        pytest.fail(f"VIGIL_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def bialiatski(org_a):
    person = make_person(org_a, name="Алесь Бяляцкі")
    for text, language, script, kind in [
        ("Алесь Беляцкий", "ru", "Cyrl", "russian"),
        ("Ales Bialiatski", "en", "Latn", "latin"),
    ]:
        m.NameVariant.objects.create(person=person, organisation=org_a,
                                     visibility=person.visibility, text=text,
                                     language=language, script=script, kind=kind)
    return person


def test_documenter_adds_a_condition_report_with_sources(
    live_server, documenter_a, bialiatski, condition_type, source_a, tmp_path
):
    require_chromium()
    run_in_chromium(lambda page: walk_through(page, live_server.url), tmp_path,
                    "person_timeline", locale="en-GB")

    # Outside Playwright's event loop the ORM may be used again: the record is really there.
    report = m.ConditionReport.objects.get(person=bialiatski)
    assert report.created_by == documenter_a
    assert sorted(c.source.title for c in m.Citation.objects.filter(
        content_type__model="conditionreport", object_id=report.pk)) == [
        "Statement of 21 May", "Viasna: Bialiatski denied medical care",
    ]


def run_in_chromium(walk, tmp_path, name: str, **context):
    """Open a page in Debian's Chromium and give it to `walk`; on a failure, save a
    screenshot in tmp_path and say where. Returns what `walk` returns."""
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_context(**context).new_page()
            page.set_default_timeout(TIMEOUT_MS)
            try:
                return walk(page)
            except BaseException:
                shot = tmp_path / f"{name}_failure.png"
                page.screenshot(path=str(shot), full_page=True)
                print(f"\nbrowser test failed on {page.url}; screenshot: {shot}",
                      file=sys.stderr)
                raise
        finally:
            browser.close()


def walk_through(page, base_url):
    from playwright.sync_api import expect

    # Log in through the login page (an anonymous "/" is the public site); it lands on the
    # person list.
    page.goto(f"{base_url}/login/")
    expect(page.get_by_role("heading", name="Log in to Vigil")).to_be_visible()
    page.get_by_label("Username").fill("documenter-a")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Persons", exact=True)).to_be_visible()
    expect(page.get_by_text("documenter-a")).to_be_visible()

    # Find him by typing his Belarusian surname.
    search = page.get_by_role("search")
    search.get_by_label("Name, in any spelling").fill("Бяляцкі")
    search.get_by_role("button", name="Search").click()
    expect(page.get_by_text("1 person", exact=True)).to_be_visible()
    result = page.get_by_role("row").filter(has_text="Ales Bialiatski")
    expect(result).to_contain_text("Алесь Беляцкий")

    # Open him from the results.
    # English pages show the organisation's Latin form first (docs/i18n.md)
    result.get_by_role("link", name="Ales Bialiatski").click()
    expect(page.get_by_role("heading", name="Ales Bialiatski", level=1)).to_be_visible()
    timeline = page.get_by_role("region", name="Timeline")
    expect(timeline).to_contain_text("Nothing recorded yet.")

    # Add a condition report from the links under "Add:".
    timeline.get_by_role("link", name="condition report", exact=True).click()
    heading = page.get_by_role("heading", name="Add a condition report to Алесь Бяляцкі")
    expect(heading).to_be_visible()
    page.get_by_label(re.compile(r"^Condition\b")).select_option(label="medical care denied")
    page.get_by_label(re.compile(r"^Date or start\b")).fill("2023-04-02")
    page.get_by_label(re.compile(r"^Description\b")).fill(
        "Refused a visit by a doctor for a month."
    )
    page.get_by_label("Sources for this record").select_option(label="Statement of 21 May")
    page.get_by_label("A new source to cite as well: title").fill(
        "Viasna: Bialiatski denied medical care")
    page.get_by_label("New source: address (URL)").fill("https://example.org/viasna-2023-04")
    page.get_by_role("button", name="Save").click()

    # Back on his page: the entry is on the timeline, and both sources are cited once each
    # under "Sources cited".
    expect(page.get_by_role("status")).to_contain_text("Saved.")
    entry = timeline.get_by_role("listitem").filter(has_text="medical care denied")
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text("2 April 2023")  # typed as 2023-04-02, shown as English writes it
    expect(entry).to_contain_text("Refused a visit by a doctor for a month.")
    cited = page.get_by_role("region", name="Sources cited")
    expect(cited.get_by_role("link", name="Statement of 21 May")).to_be_visible()
    expect(cited.get_by_role("link", name="Viasna: Bialiatski denied medical care")).to_be_visible()

    # The history of changes shows the report's creation by documenter-a.
    page.get_by_role("link", name="History of changes").click()
    expect(page.get_by_role("heading", name=re.compile("^History of changes"))).to_be_visible()
    created = (page.get_by_role("row").filter(has_text="condition report")
               .filter(has_text="created"))
    expect(created).to_have_count(1)
    expect(created).to_contain_text("documenter-a")
