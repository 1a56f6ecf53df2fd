"""The upload page (dry run, then confirm), the review queue and the merges page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import make_user
from tests.lists.helpers import VIASNA, csv_bytes, run_import
from vigil.accounts.models import Role
from vigil.lists import jobs
from vigil.lists.models import ImportJob, ListVersion, PendingImport, PersonMerge, ReviewPair
from vigil.registry import models as m


@pytest.fixture
def reviewer_a(org_a):
    return make_user("reviewer-a", org_a, Role.REVIEWER)


def upload(client, content, name="viasna.csv", **data):
    """Upload the file, then keep the mapping form's first choices (the file's headers are
    Vigil's columns): the response leads to the dry run."""
    uploaded = client.post("/lists/import/", {"file": SimpleUploadedFile(name, content), **data})
    if uploaded.status_code != 302:
        return uploaded
    header = content.decode().splitlines()[0].split(",")
    return client.post(uploaded["Location"], {f"column-{i}": h for i, h in enumerate(header)})


@pytest.mark.django_db
def test_upload_shows_a_dry_run_then_imports_on_confirm(client, documenter_a):
    client.force_login(documenter_a)
    response = upload(client, csv_bytes(VIASNA))
    pending = PendingImport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/lists/import/{pending.pk}/"
    waiting = client.get(response["Location"])  # the dry run is a job: it starts
    assert waiting.status_code == 200 and waiting["Refresh"] == "2"
    assert "Dry run: viasna.csv" in waiting.content.decode()
    # nothing is confirmed yet: the waiting page must not say so
    assert "Confirmed" not in waiting.content.decode()
    assert "nothing is imported until you confirm" in waiting.content.decode()
    jobs.run(ImportJob.objects.get(dry_run=True).pk)  # what the worker runs
    page = client.get(response["Location"])
    text = page.content.decode()
    assert "New persons: <strong>4</strong>" in text and "Бяляцкі Алесь" in text
    assert "Refresh" not in page
    assert not ListVersion.objects.exists() and not m.Person.objects.exists()
    confirmed = client.post(f"/lists/import/{pending.pk}/")
    job = ImportJob.objects.get(dry_run=False)
    assert confirmed["Location"] == f"/lists/import/job/{job.pk}/"
    assert "Import confirmed" in client.get(confirmed["Location"]).content.decode()
    jobs.run(job.pk)
    version = ListVersion.objects.get()
    assert m.Person.objects.count() == 4 and not PendingImport.objects.exists()
    assert client.get(f"/lists/{version.pk}/").status_code == 200
    assert "Lists" in client.get("/lists/").content.decode()


@pytest.mark.django_db
def test_upload_of_a_bad_file_names_row_and_column(client, documenter_a):
    client.force_login(documenter_a)
    rows = [dict(r) for r in VIASNA]
    rows[2]["detained_on"] = "14.15.2023"
    response = upload(client, csv_bytes(rows))  # only stored: the dry run's job reads it
    assert response.status_code == 302
    client.get(response["Location"])
    job = jobs.run(ImportJob.objects.get(dry_run=True).pk)
    assert job.state == "failed" and not m.Person.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "The file has 1 problem; nothing was imported." in page
    assert "<td>3</td><td>detained_on</td><td>14.15.2023</td><td>not a date" in page
    assert "Refresh" not in client.get(response["Location"])
    response = upload(client, csv_bytes(VIASNA), as_of="31.04.2023")
    assert response.status_code == 400
    assert "The list&#x27;s date “31.04.2023” is not a day" in response.content.decode()


@pytest.mark.django_db
def test_review_same_then_undo_on_the_pages(client, org_a, documenter_a, reviewer_a):
    run_import(csv_bytes(VIASNA), org_a, documenter_a)
    run_import(csv_bytes([{"id": "a4", "name": "Nasta Lojka", "birth_year": "1990",
                           "gender": "m"}]), org_a, documenter_a,
               list_name="cpj", file_name="cpj.csv")
    pair = ReviewPair.objects.get()
    client.force_login(reviewer_a)
    page = client.get("/lists/review/").content.decode()
    assert "Nasta Lojka" in page and "Лойка Наста" in page and "The same person" in page
    assert "Row 1 of “cpj” v1 says:" in page
    client.post(f"/lists/review/{pair.pk}/", {"decision": "same"})
    merge = PersonMerge.objects.get()
    assert "Nothing to review" in client.get("/lists/review/").content.decode()
    absorbed = client.get(f"/persons/{merge.merged_id}/")  # the old address leads on
    assert absorbed.status_code == 302 and absorbed["Location"] == f"/persons/{merge.survivor_id}/"
    survivor_page = client.get(f"/persons/{merge.survivor_id}/").content.decode()
    assert "Nasta Lojka" in survivor_page
    merges_page = client.get("/lists/merges/").content.decode()
    assert "Undo" in merges_page and f"Nasta Lojka (#{merge.merged_id})" in merges_page
    client.post(f"/lists/merges/{merge.pk}/undo/")
    assert client.get(f"/persons/{merge.merged_id}/").status_code == 200
    assert "Nasta Lojka" in client.get("/lists/review/").content.decode()  # open again
    csv_text = client.get("/lists/decisions.csv").content.decode()
    assert csv_text.splitlines() == ["list_a,id_a,list_b,id_b,decision,who,when"]
