"""Imports confirmed on the upload page are tasks of the queue (django-tasks' database
backend), run by `vigil worker`, with their progress, attempts and outcome on the job."""

import io
import os
import stat
import sys
import threading
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.lists.helpers import VIASNA, csv_bytes, pending_of
from tests.lists.test_import import snapshot
from vigil.lists import jobs
from vigil.lists.models import ImportJob, JobProgress, ListVersion, PendingImport, WorkerHeartbeat
from vigil.registry import models as m


def confirm(client, content):
    """Upload, dry run and confirm; returns the import job, still waiting on the queue."""
    client.post("/lists/import/", {"file": SimpleUploadedFile("viasna.csv", content)})
    pending = PendingImport.objects.get()
    client.get(f"/lists/import/{pending.pk}/")
    jobs.run(ImportJob.objects.get(dry_run=True).pk)
    response = client.post(f"/lists/import/{pending.pk}/")
    job = ImportJob.objects.get(dry_run=False)
    assert response.status_code == 302 and response["Location"] == f"/lists/import/job/{job.pk}/"
    return job


def task_of(job: ImportJob) -> DBTaskResult:
    job.refresh_from_db()
    return DBTaskResult.objects.get(pk=job.task_id)


@pytest.fixture(autouse=True)
def worker_keeps_the_test_connection(monkeypatch):
    """The worker runs in this process, inside the test's transaction: its loop must not
    close the connection between tasks as a worker process does (Django's test runner keeps
    request handling from doing it for the same reason)."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def work(*args):
    """What `vigil worker` does, for the tasks waiting now, in this process."""
    call_command("worker", "--batch", "--no-startup-delay", "--interval", "0", *args,
                 verbosity=0)


@pytest.mark.django_db
def test_confirm_puts_a_task_on_the_queue_that_the_worker_runs(client, documenter_a):
    client.force_login(documenter_a)
    job = confirm(client, csv_bytes(VIASNA))
    task = task_of(job)
    assert task.status == "READY" and task.args_kwargs == {"args": [job.pk], "kwargs": {}}
    assert task.task_path == "vigil.lists.tasks.run_import_job"
    waiting = client.get(f"/lists/import/job/{job.pk}/")
    text = waiting.content.decode()
    assert "Waiting to start" in text and waiting["Refresh"] == "2"
    assert "No worker is running" in text
    assert not m.Person.objects.exists()
    work()
    job.refresh_from_db()
    version = ListVersion.objects.get()
    assert (job.state, job.version, job.rows, job.attempts) == ("done", version, 4, 1)
    assert task_of(job).status == "SUCCESSFUL" and task_of(job).return_value == "done"
    assert m.Person.objects.count() == 4 and not PendingImport.objects.exists()
    assert not JobProgress.objects.exists()  # the job row keeps the last progress
    page = client.get(f"/lists/import/job/{job.pk}/")
    assert "Refresh" not in page
    assert f'href="/lists/{version.pk}/"' in page.content.decode()
    assert job.file_name in client.get("/lists/").content.decode()


@pytest.mark.django_db
def test_the_upload_request_only_stores_the_file_privately(client, documenter_a, settings):
    client.force_login(documenter_a)
    content = csv_bytes(VIASNA)
    response = client.post("/lists/import/", {"file": SimpleUploadedFile("viasna.csv", content)})
    assert response.status_code == 302
    pending = PendingImport.objects.get()
    path = settings.UPLOAD_DIR / pending.stored_as
    assert path.read_bytes() == content and pending.size == len(content)
    assert stat.S_IMODE(os.stat(settings.UPLOAD_DIR).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert "viasna" not in pending.stored_as  # the user's file name never reaches the disk
    assert not ImportJob.objects.exists()  # nothing read yet: the dry run starts on its page
    pending.delete()
    assert path.exists()  # removed once the deletion commits …
    assert not PendingImport.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_deleted_upload_takes_its_file(org_a, documenter_a, settings):
    pending = pending_of(org_a, documenter_a, "viasna", "viasna.csv", csv_bytes(VIASNA))
    path = settings.UPLOAD_DIR / pending.stored_as
    PendingImport.objects.filter(pk=pending.pk).delete()
    assert not path.exists()


@contextmanager
def threads_started(monkeypatch):
    """The threads started (by anything in this process) while the block runs."""
    started: list[str] = []
    start = threading.Thread.start

    def recording(thread):
        started.append(thread.name)
        return start(thread)

    with monkeypatch.context() as patch:
        patch.setattr(threading.Thread, "start", recording)
        yield started


@pytest.mark.django_db
def test_no_work_runs_in_a_thread_of_the_web_process(client, documenter_a, monkeypatch):
    """Upload, dry run, confirm, the job's page and /healthz: the requests start no thread
    and run no job (a thread pool, a timer or a background thread would all be seen)."""
    client.force_login(documenter_a)
    with threads_started(monkeypatch) as started:
        client.post("/lists/import/", {"file": SimpleUploadedFile("v.csv", csv_bytes(VIASNA))})
        pending = PendingImport.objects.get()
        client.get(f"/lists/import/{pending.pk}/")
        dry_run = ImportJob.objects.get(dry_run=True)
        client.get(f"/lists/import/job/{dry_run.pk}/")
        client.get("/healthz")
    assert started == [] and ImportJob.objects.get().state == "waiting"
    jobs.run(dry_run.pk)  # as the worker does
    with threads_started(monkeypatch) as started:
        job_page = client.post(f"/lists/import/{pending.pk}/", follow=True)
    assert started == [] and "Waiting to start" in job_page.content.decode()
    assert ImportJob.objects.get(dry_run=False).state == "waiting"
    assert not m.Person.objects.exists()


@pytest.mark.django_db
def test_the_dry_run_is_a_job_and_writes_nothing(client, org_a, documenter_a):
    from tests.lists.helpers import run_import

    run_import(csv_bytes(VIASNA[:1]), org_a, documenter_a, list_name="viasna")
    client.force_login(documenter_a)
    client.post("/lists/import/", {"file": SimpleUploadedFile("viasna.csv", csv_bytes(VIASNA))})
    pending = PendingImport.objects.get()
    first = client.get(f"/lists/import/{pending.pk}/")
    again = client.get(f"/lists/import/{pending.pk}/")  # a reload starts no second one
    assert ImportJob.objects.filter(dry_run=True).count() == DBTaskResult.objects.count() == 1
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
def test_confirming_twice_joins_the_waiting_job(client, documenter_a):
    client.force_login(documenter_a)
    job = confirm(client, csv_bytes(VIASNA))
    again = client.post(f"/lists/import/{job.pending_id}/")
    assert again["Location"] == f"/lists/import/job/{job.pk}/"
    assert ImportJob.objects.filter(dry_run=False).count() == 1
    assert DBTaskResult.objects.count() == 2  # the dry run's and the import's


@pytest.mark.django_db
def test_a_job_runs_once_however_often_its_task_is_run(org_a, documenter_a):
    pending = pending_of(org_a, documenter_a, "viasna", "viasna.csv", csv_bytes(VIASNA))
    job = jobs.start(pending, documenter_a)
    assert jobs.run(job.pk).state == "done"
    again = jobs.run(job.pk)  # a duplicate task finds the job finished
    assert (again.state, again.attempts) == ("done", 1) and m.Person.objects.count() == 4


@pytest.mark.django_db
def test_progress_is_recorded(client, documenter_a):
    client.force_login(documenter_a)
    job = jobs.run(confirm(client, csv_bytes(VIASNA)).pk)
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
    pending = pending_of(org_a, documenter_a, "viasna", "viasna.csv",
                         csv_bytes(rows, header=header))
    job = jobs.start(pending, documenter_a)
    before = snapshot()
    work()
    job.refresh_from_db()
    assert job.state == "failed" and job.attempts == 1 and not job.retries  # never retried
    assert job.error.startswith("row 3, column sentence: not a sentence: '15 суток'")
    assert task_of(job).status == "SUCCESSFUL"  # the task ran; the job failed, with a reason
    assert not task_of(job).traceback
    assert snapshot() == before and PendingImport.objects.filter(pk=pending.pk).exists()
    client.force_login(documenter_a)
    page = client.get(f"/lists/import/job/{job.pk}/").content.decode()
    assert "row 3, column sentence" in page and "Nothing was imported." in page
    assert f'href="/lists/import/{pending.pk}/"' in page


@pytest.mark.django_db
def test_an_unexpected_failure_is_reported_without_a_traceback(org_a, documenter_a,
                                                               monkeypatch, caplog):
    pending = pending_of(org_a, documenter_a, "viasna", "viasna.csv", csv_bytes(VIASNA))
    name = VIASNA[0]["name"]

    def broken(*args, **kwargs):
        raise RuntimeError(f"duplicate key value: {name}")

    monkeypatch.setattr(jobs, "apply_import", broken)
    job = jobs.start(pending, documenter_a)
    work()
    job.refresh_from_db()
    assert job.state == "failed" and "unexpectedly" in job.error
    assert name not in job.error and not m.Person.objects.exists()
    assert name not in task_of(job).traceback
    # the log says where and what kind, not the message (it might quote a private value)
    assert "RuntimeError" in caplog.text and "broken" in caplog.text
    assert name not in caplog.text


@pytest.mark.django_db
def test_a_stopped_worker_rolls_back_and_the_job_is_retried(org_a, documenter_a, monkeypatch):
    pending = pending_of(org_a, documenter_a, "viasna", "viasna.csv", csv_bytes(VIASNA))
    job = jobs.start(pending, documenter_a)
    first_task = job.task_id
    apply = jobs.apply_import

    def stopped_while_writing(plan, user, progress=None):
        apply(plan, user, progress=progress)  # everything written …
        raise jobs.WorkerStopped("Interrupt")  # … then Ctrl-C, before the commit

    monkeypatch.setattr(jobs, "apply_import", stopped_while_writing)
    work("--max-tasks", "1")
    job.refresh_from_db()
    assert job.state == "waiting" and job.attempts == 1
    assert [r["why"] for r in job.retries] == ["the worker was stopped"]
    assert not m.Person.objects.exists() and not ListVersion.objects.exists()  # rolled back
    assert DBTaskResult.objects.get(pk=first_task).status == "FAILED"
    assert job.task_id != first_task and task_of(job).status == "READY"
    monkeypatch.setattr(jobs, "apply_import", apply)
    work()  # the worker started again picks the retry up
    job.refresh_from_db()
    assert (job.state, job.attempts) == ("done", 2)
    assert m.Person.objects.count() == 4 and ListVersion.objects.count() == 1


@pytest.mark.django_db
def test_a_job_interrupted_every_time_ends_as_interrupted(org_a, documenter_a, monkeypatch):
    pending = pending_of(org_a, documenter_a, "viasna", "viasna.csv", csv_bytes(VIASNA))
    job = jobs.start(pending, documenter_a)

    def stopped(*args, **kwargs):
        raise jobs.WorkerStopped("Terminated")

    monkeypatch.setattr(jobs, "apply_import", stopped)
    for _ in range(jobs.MAX_ATTEMPTS):
        work("--max-tasks", "1")
    job.refresh_from_db()
    assert (job.state, job.attempts, len(job.retries)) == ("failed", 3, 3)
    assert job.error.startswith("interrupted 3 times (the worker was stopped)")
    assert DBTaskResult.objects.filter(status="READY").count() == 0
    assert not m.Person.objects.exists()


@pytest.mark.django_db
def test_a_killed_workers_job_is_retried_by_the_next_worker(client, org_a, documenter_a):
    pending = pending_of(org_a, documenter_a, "viasna", "viasna.csv", csv_bytes(VIASNA))
    job = jobs.start(pending, documenter_a)
    long_ago = timezone.now() - timedelta(minutes=5)
    # what a worker killed mid-run leaves: the job running, its progress and heartbeat old
    ImportJob.objects.filter(pk=job.pk).update(state="running", attempts=1, heartbeat=long_ago)
    DBTaskResult.objects.filter(pk=job.task_id).update(status="RUNNING", worker_ids=["gone"])
    WorkerHeartbeat.objects.create(worker_id="gone", host="h", pid=1, started_at=long_ago,
                                   beat_at=long_ago)
    JobProgress.objects.create(job_id=job.pk, worker_id="gone", stage="comparing", done=10,
                               total=100, beat_at=long_ago)
    client.force_login(documenter_a)
    page = client.get(f"/lists/import/job/{job.pk}/")
    text = page.content.decode()
    assert "No word from the worker running this job since" in text
    assert '<progress max="100" value="10">' in text and page["Refresh"] == "2"
    work()
    job.refresh_from_db()
    assert (job.state, job.attempts) == ("done", 2)
    assert job.retries[0]["why"] == "the worker running it stopped without finishing"
    assert m.Person.objects.count() == 4
    text = client.get(f"/lists/import/job/{job.pk}/").content.decode()
    assert "Attempt 2 of 3." in text and "Attempt 1 was interrupted" in text


@pytest.mark.django_db
def test_a_live_workers_job_is_left_alone(client, org_a, documenter_a):
    job = ImportJob.objects.create(organisation=org_a, list_name="l", file_name="l.csv",
                                   state="running", attempts=1, heartbeat=timezone.now())
    WorkerHeartbeat.objects.create(worker_id="busy", host="h", pid=1,
                                   started_at=timezone.now(), beat_at=timezone.now())
    JobProgress.objects.create(job_id=job.pk, worker_id="busy", stage="comparing", done=10,
                               total=100, rate=5.0, beat_at=timezone.now())
    assert jobs.recover_interrupted() == 0
    client.force_login(documenter_a)
    page = client.get(f"/lists/import/job/{job.pk}/")
    text = page.content.decode()
    assert page["Refresh"] == "2" and '<progress max="100" value="10">' in text
    assert "about 18 s left" in text  # 90 left at 5 per second
    assert "No word" not in text and "No worker is running" not in text
    job.refresh_from_db()
    assert job.state == "running"


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


@pytest.mark.django_db
def test_the_worker_keeps_a_heartbeat_while_it_runs(org_a, documenter_a, monkeypatch):
    seen = []
    run = jobs.run

    def watching(job_id, **kwargs):
        seen.extend(WorkerHeartbeat.objects.values_list("worker_id", flat=True))
        return run(job_id, **kwargs)

    monkeypatch.setattr(jobs, "run", watching)
    pending = pending_of(org_a, documenter_a, "viasna", "viasna.csv", csv_bytes(VIASNA))
    job = jobs.start(pending, documenter_a)
    work("--worker-id", "worker-1")
    assert seen == ["worker-1"] and task_of(job).worker_ids == ["worker-1"]
    assert not WorkerHeartbeat.objects.exists()  # a worker that stops says so


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
