"""The public statement: its page in each language, its PDF and the feed; a private fact of
a named person never reaches any of them (canaries), and no payload typed in any field runs."""

import pytest
from django.utils import timezone

from tests.statements.helpers import admin_of, draft_statement, held_person
from tests.statements.test_text import assert_inert
from tests.test_privacy import plant
from vigil.accounts.actors import actor_for
from vigil.registry import models as m
from vigil.statements import service

pytestmark = pytest.mark.django_db
CANARY = "CANARY-STATEMENT-"


def published(statement, *signers, user=None):
    service.circulate(statement)
    for signer in signers:
        actor = actor_for(signer)
        service.sign(statement.signatories.get(organisation_id=actor.organisation_id),
                     actor, signer)
    return service.publish(statement, user)


@pytest.fixture
def world(org_a, org_b, condition_type):
    person = held_person(org_a)
    plant(person)  # a canary in every private field of the person and of their records
    plant(person.custody_periods.get())
    plant(m.Case(person=person, organisation=org_a, visibility=m.Visibility.PUBLIC))
    plant(m.ConditionReport(
        person=person, organisation=org_a, visibility=m.Visibility.PUBLIC,
        condition=condition_type, started=timezone.now().date(),
        description=CANARY + "health", description_sensitivity=m.Sensitivity.RESTRICTED))
    statement = draft_statement(org_a, [org_b], person)
    statement.mentions.update(claims=CANARY + "claims")
    admins = admin_of(org_a, "adm-a"), admin_of(org_b, "adm-b")
    return {"statement": published(statement, *admins), "person": person}


def pdf_html(client, monkeypatch, path):
    """The HTML the PDF is made from (a PDF's text is compressed), and the response."""
    import weasyprint

    made = []
    real = weasyprint.HTML

    def recording(*args, **kwargs):
        made.append(kwargs.get("string", ""))
        return real(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", recording)
    response = client.get(path)
    return response, made[0]


@pytest.mark.parametrize("language", ["be", "ru", "en"])
def test_the_page_shows_the_text_its_citations_and_signatories(client, world, language):
    response = client.get(f"/{language}/statements/solidarity/")
    text = response.content.decode()
    assert response.status_code == 200
    release = world["statement"].figures.get().release
    assert f'href="/{language}/figures/{release.slug}/"' in text
    assert 'href="#figure-held"' in text
    assert f'href="/{language}/prisoners/{world["person"].publication.slug}/"' in text
    assert "Organisation A" in text and "Organisation B" in text
    assert "statement.pdf" in text and "/static/statements/statement." in text


def test_the_page_says_what_the_registry_counts_now(client, world, org_a):
    held_person(org_a, "Марына Золатава", "Maryna Zolatava")
    text = client.get("/en/statements/solidarity/").content.decode()
    assert "the registry now counts 2" in text
    assert '<a href="#figure-held" rel="noopener noreferrer">1</a>' in text


def test_drafts_and_circulating_statements_are_not_public(client, org_a, org_b):
    draft_statement(org_a, [org_b])
    assert client.get("/en/statements/solidarity/").status_code == 404
    assert "Solidarity" not in client.get("/en/statements/").content.decode()


def test_the_pdf(client, world, monkeypatch):
    response, html = pdf_html(client, monkeypatch, "/en/statements/solidarity/statement.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert "Solidarity with political prisoners" in html and "Organisation B" in html


def test_no_canary_on_the_page_pdf_or_feed(client, world, monkeypatch):
    outputs = [client.get(f"/{lang}/statements/{path}").content.decode()
               for lang in ("be", "ru", "en") for path in ("", "solidarity/", "feed.atom")]
    outputs.append(pdf_html(client, monkeypatch, "/en/statements/solidarity/statement.pdf")[1])
    for output in outputs:
        assert "CANARY" not in output


def test_a_withheld_person_is_never_named_after_publication(client, world):
    publication = world["person"].publication
    publication.name_withheld = True
    publication.save()
    text = client.get("/en/statements/solidarity/").content.decode()
    assert publication.slug not in text
    assert "Алесь" not in text  # the public name; the text's own wording stays


def test_the_feed(client, world):
    response = client.get("/en/statements/feed.atom")
    text = response.content.decode()
    assert response.status_code == 200 and "<feed" in text
    assert "Solidarity with political prisoners" in text
    assert "/en/statements/solidarity/" in text


PAYLOAD = '<script>alert(1)</script><img src=x onerror=alert(1)>[x](javascript:alert(1))'


def test_payloads_in_every_field_stay_inert(client, org_a, org_b):
    person = held_person(org_a)
    statement = draft_statement(org_a, [org_b], person, body=(
        f"{PAYLOAD} [[figure:held]] [[person:ales|{PAYLOAD.replace(']', ')')}]]"))
    for lang in ("be", "ru", "en"):
        setattr(statement, f"title_{lang}", PAYLOAD)
        setattr(statement, f"body_{lang}", statement.body_en)
    statement.save()
    statement.mentions.update(claims=PAYLOAD)
    published(statement, admin_of(org_a, "adm-a"), admin_of(org_b, "adm-b"))
    service.correct(statement, {"body_en": PAYLOAD}, PAYLOAD, None)
    for path in ("", "solidarity/", "feed.atom"):
        text = client.get(f"/en/statements/{path}").content.decode()
        assert "<script>alert" not in text and "<img src=x" not in text, path
        assert 'href="javascript' not in text.lower(), path
    page = client.get("/en/statements/solidarity/").content.decode()
    start = page.index(">", page.index('<article class="statement-text"')) + 1
    assert_inert(page[start:page.index("</article>", start)])
