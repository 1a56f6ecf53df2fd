"""A merge by hand in the browser: a documenter proposes on the duplicates page that two
persons are one, a reviewer confirms it in the review queue, and the absorbed person's old
address then opens the kept person's page. Debian's Chromium through Playwright, as in
tests/browser/test_person_timeline.py (sessions are made before the browser starts)."""

import pytest

from tests.browser.test_person_timeline import require_chromium, run_in_chromium
from tests.factories import make_person
from tests.statements.test_browser import as_user, session_of
from vigil.lists.models import PersonMerge

pytestmark = [pytest.mark.browser,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def people(org_a, documenter_a, reviewer_a):
    return {"kept": make_person(org_a, name="Алесь Бяляцкі").pk,
            "merged": make_person(org_a, name="Ales Bialiatski").pk,
            "documenter": session_of(documenter_a), "reviewer": session_of(reviewer_a)}


def test_a_documenter_proposes_a_merge_a_reviewer_confirms_it(live_server, people, tmp_path):
    require_chromium()
    run_in_chromium(lambda page: walk(page, live_server.url, people), tmp_path,
                    "manual_merge", locale="en-GB")
    merge = PersonMerge.objects.get()
    assert (merge.survivor_id, merge.merged_id, merge.merged_by.username) == (
        people["kept"], people["merged"], "reviewer-a")
    assert merge.decision.decided_by.username == "reviewer-a"


def walk(page, base_url, people):
    from playwright.sync_api import expect

    as_user(page, base_url, people["documenter"])
    page.goto(f"{base_url}/lists/")
    page.get_by_role("link", name="Duplicates").click()
    expect(page.get_by_role("heading", name="Duplicates", level=1)).to_be_visible()
    page.get_by_label("Person to merge away (number)").fill(str(people["merged"]))
    page.get_by_label("Person to keep (number)").fill(f"#{people['kept']}")
    page.get_by_label("Why (optional, shown to the reviewer)").fill("one person, two spellings")
    page.get_by_role("button", name="Propose the merge").click()
    expect(page.get_by_role("status")).to_contain_text("other than you confirms it")
    waiting = page.get_by_role("row").filter(has_text="Ales Bialiatski")
    expect(waiting).to_contain_text("Алесь Бяляцкі")
    expect(waiting).to_contain_text("proposed by hand by documenter-a: one person, two spellings")

    as_user(page, base_url, people["reviewer"])
    page.goto(f"{base_url}/lists/review/")
    pair = page.locator("section.pair").filter(has_text="proposed by hand by documenter-a")
    expect(pair).to_contain_text("Ales Bialiatski")
    pair.get_by_role("button", name="The same person").click()
    expect(page.get_by_role("status")).to_contain_text("Merged.")

    page.goto(f"{base_url}/persons/{people['merged']}/")  # the absorbed person's old address
    expect(page).to_have_url(f"{base_url}/persons/{people['kept']}/")
    # English pages show the organisation's Latin form first (docs/i18n.md)
    expect(page.get_by_role("heading", name="Ales Bialiatski", level=1)).to_be_visible()
    expect(page.get_by_text("Ales Bialiatski").first).to_be_visible()

    page.goto(f"{base_url}/lists/merges/")
    row = page.get_by_role("row").filter(has_text="Ales Bialiatski")
    expect(row.get_by_role("button", name="Undo")).to_be_visible()
