"""Imports confirmed on the upload page run as background jobs with recorded progress."""

import io
import sys
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from tests.lists.helpers import VIASNA, csv_bytes
from tests.lists.test_import import snapshot
from vigil.lists import jobs
from vigil.lists.models import ImportJob, ListVersion, PendingImport
from vigil.registry import models as m


def confirm(client, django_capture_on_commit_callbacks, content):
    """Upload, dry run and confirm; returns the import job, whose thread has not started."""
    client.post("/lists/import/", {"file": SimpleUploadedFile("viasna.csv", content)})
    pending = PendingImport.objects.get()
    client.get(f"/lists/import/{pending.pk}/")
    jobs.run(ImportJob.objects.get(dry_run=True).pk)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(f"/lists/import/{pending.pk}/")
    job = ImportJob.objects.get(dry_run=False)
    assert response.status_code == 302 and response["Location"] == f"/lists/import/job/{job.pk}/"
    assert len(callbacks) == 1  # the thread starts only once the job is committed
    return job


@pytest.mark.django_db
def test_confirm_starts_a_job_that_imports(client, documenter_a,
                                           django_capture_on_commit_callbacks):
    client.force_login(documenter_a)
    job = confirm(client, django_capture_on_commit_callbacks, csv_bytes(VIASNA))
    waiting = client.get(f"/lists/import/job/{job.pk}/")
    assert "Waiting to start" in waiting.content.decode() and waiting["Refresh"] == "2"
    assert not m.Person.objects.exists()
    jobs.run(job.pk)  # what the thread runs
    job.refresh_from_db()
    version = ListVersion.objects.get()
    assert (job.state, job.version, job.rows) == ("done", version, 4)
    assert m.Person.objects.count() == 4 and not PendingImport.objects.exists()
    page = client.get(f"/lists/import/job/{job.pk}/")
    assert "Refresh" not in page
    assert f'href="/lists/{version.pk}/"' in page.content.decode()
    assert job.file_name in client.get("/lists/").content.decode()


@pytest.mark.django_db
def test_the_dry_run_is_a_job_and_writes_nothing(client, org_a, documenter_a,
                                                 django_capture_on_commit_callbacks):
    from tests.lists.helpers import run_import

    run_import(csv_bytes(VIASNA[:1]), org_a, documenter_a, list_name="viasna")
    client.force_login(documenter_a)
    client.post("/lists/import/", {"file": SimpleUploadedFile("viasna.csv", csv_bytes(VIASNA))})
    pending = PendingImport.objects.get()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = client.get(f"/lists/import/{pending.pk}/")
        again = client.get(f"/lists/import/{pending.pk}/")  # a reload starts no second one
    assert len(callbacks) == 1 and ImportJob.objects.filter(dry_run=True).count() == 1
    assert first["Refresh"] == again["Refresh"] == "2"
    before = snapshot()
    job = jobs.run(ImportJob.objects.get(dry_run=True).pk)
    assert snapshot() == before and job.state == "done" and job.version is None
    groups = job.summary["groups"]
    assert {k: g["count"] for k, g in groups.items()} == {
        "created": 3, "updated": 0, "matched": 0, "review": 0, "unchanged": 1}
    assert groups["unchanged"]["rows"][0]["row"]["id"] == "1"
    page = client.get(f"/lists/import/{pending.pk}/").content.decode()
    assert "New persons: <strong>3</strong>" in page and "Unchanged: <strong>1</strong>" in page
    assert "Confirm the import" in page


@pytest.mark.django_db
def test_confirming_twice_joins_the_running_job(client, documenter_a,
                                                django_capture_on_commit_callbacks):
    client.force_login(documenter_a)
    job = confirm(client, django_capture_on_commit_callbacks, csv_bytes(VIASNA))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        again = client.post(f"/lists/import/{job.pending_id}/")
    assert again["Location"] == f"/lists/import/job/{job.pk}/"
    assert ImportJob.objects.filter(dry_run=False).count() == 1 and not callbacks


@pytest.mark.django_db
def test_progress_is_recorded(client, documenter_a, django_capture_on_commit_callbacks):
    client.force_login(documenter_a)
    job = jobs.run(confirm(client, django_capture_on_commit_callbacks, csv_bytes(VIASNA)).pk)
    # the last stage the import reports is writing the list's entries, one per row
    assert job.stage == "writing list entries"
    assert job.done == job.total == job.version.entries.count() == job.rows == 4
    assert job.rate > 0 and job.heartbeat is not None and job.finished_at is not None


def test_progress_rate_and_time_left(monkeypatch):
    clock = iter([0.0, 0.0, 4.0, 10.0, 12.0])
    monkeypatch.setattr(jobs.time, "monotonic", lambda: next(clock))
    progress = jobs.Progress()  # t=0
    progress("comparing", 0, 1000)  # t=0: the stage starts
    progress("comparing", 200, 1000)  # t=4: 50 per second
    assert progress.fields() == {"stage": "comparing", "done": 200, "total": 1000,
                                 "rate": 50.0}
    progress("writing persons", 0, 30)  # t=10: a new stage restarts the clock
    progress("writing persons", 10, 30)  # t=12: 5 per second
    fields = progress.fields()
    assert fields["rate"] == 5.0
    job = ImportJob(**fields)
    assert (job.percent, job.seconds_left) == (33, 4)  # 20 left at 5 per second


@pytest.mark.django_db
def test_a_bad_row_fails_the_job_and_changes_nothing(client, org_a, documenter_a):
    rows = [dict(r) for r in VIASNA]
    rows[2]["sentence"] = "15 суток"
    header = ["id", "name", "birth_year", "detained_on", "sentence"]
    pending = PendingImport.objects.create(  # as if the rules changed since the upload
        organisation=org_a, uploaded_by=documenter_a, list_name="viasna",
        file_name="viasna.csv", content=csv_bytes(rows, header=header))
    job = jobs.start(pending, documenter_a)
    before = snapshot()
    job = jobs.run(job.pk)
    assert job.state == "failed"
    assert job.error.startswith("row 3, column sentence: not a sentence: '15 суток'")
    assert snapshot() == before and PendingImport.objects.filter(pk=pending.pk).exists()
    client.force_login(documenter_a)
    page = client.get(f"/lists/import/job/{job.pk}/").content.decode()
    assert "row 3, column sentence" in page and "Nothing was imported." in page
    assert f'href="/lists/import/{pending.pk}/"' in page


@pytest.mark.django_db
def test_an_unexpected_failure_is_reported_without_a_traceback(org_a, documenter_a,
                                                               monkeypatch, caplog):
    pending = PendingImport.objects.create(
        organisation=org_a, uploaded_by=documenter_a, list_name="viasna",
        file_name="viasna.csv", content=csv_bytes(VIASNA))
    name = VIASNA[0]["name"]

    def broken(*args, **kwargs):
        raise RuntimeError(f"duplicate key value: {name}")

    monkeypatch.setattr(jobs, "apply_import", broken)
    job = jobs.run(jobs.start(pending, documenter_a).pk)
    assert job.state == "failed" and "unexpectedly" in job.error
    assert name not in job.error and not m.Person.objects.exists()
    # the log says where and what kind, not the message (it might quote a private value)
    assert "RuntimeError" in caplog.text and "broken" in caplog.text
    assert name not in caplog.text


@pytest.mark.django_db
def test_a_job_whose_server_stopped_shows_as_failed(client, org_a, documenter_a):
    client.force_login(documenter_a)
    quiet = timezone.now() - jobs.STALE_AFTER - timedelta(seconds=1)
    stopped = ImportJob.objects.create(organisation=org_a, list_name="l", file_name="l.csv",
                                       state="running", heartbeat=quiet, stage="comparing",
                                       done=10, total=100)
    page = client.get(f"/lists/import/job/{stopped.pk}/")
    assert "interrupted" in page.content.decode() and "Refresh" not in page
    stopped.refresh_from_db()
    assert stopped.state == "failed"
    alive = ImportJob.objects.create(organisation=org_a, list_name="l", file_name="l.csv",
                                     state="running", heartbeat=timezone.now(),
                                     stage="comparing", done=10, total=100, rate=5.0)
    page = client.get(f"/lists/import/job/{alive.pk}/")
    text = page.content.decode()
    assert page["Refresh"] == "2" and '<progress max="100" value="10">' in text
    assert "about 18 s left" in text  # 90 left at 5 per second
    alive.refresh_from_db()
    assert alive.state == "running"


@pytest.mark.django_db
def test_only_the_organisations_members_see_a_job(client, org_a, documenter_a, viewer_a,
                                                  documenter_b):
    job = ImportJob.objects.create(organisation=org_a, list_name="l", file_name="secret.csv",
                                   state="failed", error="row 1, column name: …")
    for user, status in ((viewer_a, 200), (documenter_a, 200), (documenter_b, 404)):
        client.force_login(user)
        response = client.get(f"/lists/import/job/{job.pk}/")
        assert response.status_code == status
        assert ("secret.csv" in response.content.decode()) == (status == 200)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_job_runs_in_a_background_thread(org_a, documenter_a):
    pending = PendingImport.objects.create(
        organisation=org_a, uploaded_by=documenter_a, list_name="viasna",
        file_name="viasna.csv", content=csv_bytes(VIASNA))
    job = jobs.start(pending, documenter_a)  # autocommit: the thread starts at once
    jobs.wait(job.pk, timeout=120)
    assert not jobs.is_running_here(job.pk)
    job.refresh_from_db()
    assert job.state == "done", job.error
    assert m.Person.objects.filter(organisation=org_a).count() == 4


class Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.django_db
def test_import_list_shows_progress_on_a_terminal(org_a, tmp_path, monkeypatch, capsys):
    path = tmp_path / "viasna.csv"
    path.write_bytes(csv_bytes(VIASNA))
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    call_command("import_list", str(path), "--org", org_a.slug)
    shown = terminal.getvalue()
    assert "writing persons" in shown and "/s" in shown and "s left" in shown
    # the history rows and the entries are long stages too: they show
    assert "writing historical citations" in shown and "writing list entries" in shown
    assert "#" * 30 in shown  # a full bar once a stage is done
    assert "writing" not in capsys.readouterr().out  # standard output keeps the summary only
