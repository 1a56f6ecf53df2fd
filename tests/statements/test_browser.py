"""The statements' browser test: a documenter drafts a statement with one figure and one
named person, two organisations' administrators sign, the documenter publishes, and an
anonymous visitor reads it with its citations and downloads the PDF. Debian's Chromium
through Playwright, as in tests/browser (whose notes on the ORM and the event loop apply:
sessions are made before the browser starts and given to it as cookies)."""

import pytest

from tests.browser.test_person_timeline import require_chromium, run_in_chromium
from tests.conftest import Client
from tests.statements.helpers import admin_of, held_person
from vigil.statements.models import Statement, Status

pytestmark = [pytest.mark.browser,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def session_of(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


@pytest.fixture
def people(org_a, org_b, documenter_a):
    return {"person": held_person(org_a).pk,
            "documenter": session_of(documenter_a),
            "admin_a": session_of(admin_of(org_a, "adm-a")),
            "admin_b": session_of(admin_of(org_b, "adm-b"))}


def test_draft_sign_publish_read(live_server, people, tmp_path):
    require_chromium()
    pdf = run_in_chromium(lambda page: walk(page, live_server.url, people), tmp_path,
                          "statement", locale="en-GB")
    assert pdf.startswith(b"%PDF-")
    statement = Statement.objects.get(slug="solidarity")
    assert statement.status == Status.PUBLISHED
    assert statement.figures.get().release.count == 1
    assert sorted(s.signed_by.username for s in statement.signatories.all()) == [
        "adm-a", "adm-b"]


def as_user(page, base_url, session):
    page.context.clear_cookies()
    if session:
        page.context.add_cookies([{"name": "sessionid", "value": session, "url": base_url}])


def walk(page, base_url, people):
    from playwright.sync_api import expect

    as_user(page, base_url, people["documenter"])
    page.goto(f"{base_url}/drafting/new/")
    page.locator("input[name=slug]").fill("solidarity")
    page.locator("input[name=dated]").fill("2023-05-21")
    page.locator("input[name=title_en]").fill("Solidarity with political prisoners")
    page.locator("textarea[name=body_en]").fill(
        "There are [[figure:held]] political prisoners, among them "
        "[[person:ales|Ales Bialiatski]].")
    page.get_by_role("button", name="Create the draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Solidarity with political prisoners")
    draft = page.url

    page.locator("summary", has_text="Insert a figure").click()
    figure = page.locator("form[action$='/figures/']").last
    figure.locator("input[name=key]").fill("held")
    figure.locator("input[name=as_of]").fill("2023-04-30")
    figure.get_by_label("Organisation A").check()
    figure.get_by_role("button", name="Add the figure").click()
    expect(page.locator("#figure-held")).to_contain_text("Political prisoners recognised by")

    page.locator("summary", has_text="Name a person").click()
    mention = page.locator("form[action$='/mentions/']").last
    mention.locator("input[name=key]").fill("ales")
    mention.locator("input[name=person]").fill(str(people["person"]))
    mention.get_by_role("button", name="Add the person").click()
    expect(page.locator("article.mention")).to_contain_text("Detained")

    page.locator("select[name=organisation]").select_option("org-b")
    page.get_by_role("button", name="Ask to sign").click()
    page.get_by_role("button", name="Send for signature").click()
    expect(page.locator("main")).to_contain_text("Sent for signature")

    for signer, org in (("admin_a", "Organisation A"), ("admin_b", "Organisation B")):
        as_user(page, base_url, people[signer])
        page.goto(draft)
        page.get_by_role("button", name=f"Sign for {org}").click()
        expect(page.locator("main")).to_contain_text(f"Signed in the name of {org}")

    as_user(page, base_url, people["documenter"])
    page.goto(draft)
    page.get_by_role("button", name="Publish").click()
    expect(page.locator("main")).to_contain_text("Published. Every figure is frozen")

    as_user(page, base_url, None)
    page.goto(f"{base_url}/en/statements/")
    page.get_by_role("link", name="Solidarity with political prisoners").click()
    main = page.locator("main")
    expect(main.get_by_role("link", name="Ales Bialiatski").first).to_be_visible()
    citation = main.locator("#figure-held a")
    expect(citation).to_contain_text("Vigil release 2023-04-30/org-a-stock")
    expect(main).to_contain_text("Organisation B")
    pdf_link = main.get_by_role("link", name="Download as PDF")
    response = page.request.get(base_url + pdf_link.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    citation.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    return response.body()
