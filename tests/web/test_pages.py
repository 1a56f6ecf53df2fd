import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import make_custody, make_person
from vigil.registry import models as m

pytestmark = pytest.mark.django_db


@pytest.fixture
def documenter(client, documenter_a):
    client.force_login(documenter_a)
    return client


def listed(client, **params):
    response = client.get("/", params)
    return [person.display_name for person in response.context["page"]]


def test_the_person_list_filters_by_custody_occupation_and_recognition(documenter, org_a):
    held = make_person(org_a, name="Held Now")
    make_custody(held, "2021-07-14")
    freed = make_person(org_a, name="Released Person")
    make_custody(freed, "2021-01-01", "2021-06-01", end_reason="served")
    journalist = m.Occupation.objects.get_or_create(
        slug="journalist", defaults={"name_en": "journalist", "group": "media"})[0]
    freed.occupations.add(journalist)
    m.Recognition.objects.create(person=held, organisation=org_a, status="recognised",
                                 since=held.custody_periods.get().started)
    assert listed(documenter, in_custody="1") == ["Held Now"]
    assert listed(documenter, occupation=journalist.pk) == ["Released Person"]
    assert listed(documenter, recognition="recognised") == ["Held Now"]
    assert sorted(listed(documenter)) == ["Held Now", "Released Person"]


def test_the_list_filters_by_charged_article(documenter, org_a):
    charged = make_person(org_a, name="Charged")
    make_person(org_a, name="Not Charged")
    article = m.Article.objects.get_or_create(article="342", part="", defaults={
        "title_en": "gross violation of public order"})[0]
    case = m.Case.objects.create(person=charged, organisation=org_a)
    case.charges.add(article)
    assert listed(documenter, article=article.pk) == ["Charged"]


def test_an_archived_copy_keeps_its_sha256_capture_time_and_capturer(documenter, documenter_a):
    content = b"%PDF-1.4 court verdict"
    upload = SimpleUploadedFile("verdict.pdf", content, content_type="application/pdf")
    response = documenter.post("/sources/new/", {
        "kind": "court_document", "title": "Verdict", "reliability": "high",
        "visibility": "organisation", "archived_file": upload})
    assert response.status_code == 302
    source = m.Source.objects.get()
    assert source.sha256 == hashlib.sha256(content).hexdigest()
    assert source.captured_by == documenter_a and source.captured_at is not None
    assert source.sha256 in documenter.get(f"/sources/{source.pk}/").text


def test_private_pages_are_never_cached(documenter, person_a):
    response = documenter.get(f"/persons/{person_a.pk}/")
    assert "no-store" in response["Cache-Control"]


def test_history_shows_who_changed_what_but_withholds_restricted_values(
    client, documenter_a, viewer_a, person_a
):
    client.force_login(documenter_a)
    edit = f"/persons/{person_a.pk}/edit/"
    form = client.get(edit).context["form"]
    data = {k: v for k in form.fields if (v := form[k].value()) is not None}
    data.update(health="CANARY-new-health", summary="new summary", occupations=[])
    assert client.post(edit, data).status_code == 302
    history = client.get(f"/persons/{person_a.pk}/history/").text
    assert "documenter-a" in history and "new summary" in history
    assert "CANARY-new-health" in history
    client.force_login(viewer_a)
    history = client.get(f"/persons/{person_a.pk}/history/").text
    assert "new summary" in history
    assert "CANARY-new-health" not in history and "[withheld]" in history


def test_delete_then_restore_through_the_pages(client, documenter_a, admin_a, person_a):
    period = make_custody(person_a, "2021-07-14")
    client.force_login(documenter_a)
    url = f"/persons/{person_a.pk}/custody/{period.pk}/delete/"
    assert client.post(url).status_code == 302
    assert "14 July 2021" not in client.get(f"/persons/{person_a.pk}/").text
    client.force_login(admin_a)
    assert "14 July 2021" in client.get("/deleted/").text
    assert client.post(f"/deleted/custodyperiod/{period.pk}/restore/").status_code == 302
    assert "14 July 2021" in client.get(f"/persons/{person_a.pk}/").text


def test_a_synthetic_person_is_marked_as_such(documenter, org_a):
    person = make_person(org_a, name="Fictional Person", synthetic=True)
    assert "synthetic" in documenter.get("/").text
    assert "synthetic demo person" in documenter.get(f"/persons/{person.pk}/").text


def test_a_server_error_shows_no_traceback(client, documenter_a, monkeypatch, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    client.force_login(documenter_a)
    from vigil.web import views

    def explode(*args, **kwargs):
        raise RuntimeError("CANARY-internal-detail")

    monkeypatch.setattr(views, "PersonRecords", type("Exploding", (), {"load": explode}))
    person = make_person(documenter_a.membership.organisation)
    response = client.get(f"/persons/{person.pk}/")
    assert response.status_code == 500
    assert b"CANARY-internal-detail" not in response.content
    assert b"Traceback" not in response.content
    assert b"Something went wrong on our side" in response.content


def test_pages_load_nothing_from_elsewhere(documenter, person_a):
    response = documenter.get(f"/persons/{person_a.pk}/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_templates_name_no_outside_address():
    from pathlib import Path

    templates = Path(__file__).parents[2] / "src" / "vigil" / "web" / "templates"
    for template in templates.rglob("*.html"):
        assert "http://" not in template.read_text() and "https://" not in template.read_text()


def test_history_shows_what_a_record_was_created_with(documenter, person_a, condition_type):
    response = documenter.post(f"/persons/{person_a.pk}/condition/new/", {
        "condition": condition_type.pk, "started": "2023-04-02", "visibility": "organisation",
        "description": "dental treatment refused", "description_sensitivity": "internal"})
    assert response.status_code == 302, response.context["form"].errors
    history = documenter.get(f"/persons/{person_a.pk}/history/").text
    assert "dental treatment refused" in history and "2023-04-02" in history
