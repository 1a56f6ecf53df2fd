"""Dry runs and imports of the upload page run as tasks of the queue, never in the web process.

`start` records an `ImportJob` and enqueues its task (django-tasks' database backend: the
task's row is written in the request's own transaction, so a request that fails leaves no
task behind). `vigil worker` runs the task, that is `run`: the whole dry run (read the stored
file, check, link, summarise) or import (read, check, link, write in one transaction); the
tests call `run` directly. While it runs, a thread writes its progress to the `progress`
store every few seconds (vigil.lists.routers: its own connection, so the import's write
transaction neither hides nor blocks it).

A run that ends without an outcome — its worker was stopped, killed or lost the database —
wrote nothing (the import is one transaction). It is retried, each retry recorded on the
job, up to MAX_ATTEMPTS runs; then the job is shown as interrupted. A stopped worker retries
at once (it enqueues the job again before it exits); a killed one is found out by the next
worker to start or to be idle (`recover_interrupted`).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
import traceback
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connections, transaction
from django.db.models import F
from django.utils import timezone

from vigil.accounts.actors import actor_for
from vigil.accounts.models import Organisation
from vigil.lists.applying import ConcurrentImport, apply_import
from vigil.lists.models import (
    ImportJob,
    JobProgress,
    JobState,
    Outcome,
    PendingImport,
    WorkerHeartbeat,
)
from vigil.lists.planning import Plan, plan_import
from vigil.lists.reading import ListError, RowProblems, read_rows

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 2.0
MAX_ATTEMPTS = 3
INTERRUPTED = ("interrupted {n} times ({why}). Nothing was written (an import is all or "
               "nothing); start it again.")
SHOWN_PER_OUTCOME = 200  # rows of each outcome a dry run's summary keeps


class WorkerStopped(BaseException):
    """Raised inside a running task when its worker is told to stop (vigil worker)."""


def stale_before():
    return timezone.now() - timedelta(seconds=settings.WORKER_STALE_SECONDS)


class Progress:
    """The latest (stage, done, total, rate) the import reported; safe across threads."""

    def __init__(self):
        self._lock = threading.Lock()
        self.stage, self.done, self.total, self.rate = "", 0, 0, 0.0
        self._stage_started = time.monotonic()

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        with self._lock:
            if stage != self.stage:
                self.stage, self._stage_started = stage, now
            elapsed = now - self._stage_started
            self.done, self.total = done, total
            self.rate = done / elapsed if elapsed > 0 else 0.0

    def fields(self) -> dict:
        with self._lock:
            return {"stage": self.stage[:100], "done": self.done, "total": self.total,
                    "rate": self.rate}


def start(pending: PendingImport, user, dry_run: bool = False) -> ImportJob:
    """Record a job for a pending upload and put its task on the queue."""
    job = ImportJob.objects.create(
        organisation_id=pending.organisation_id, pending=pending, started_by=user,
        list_name=pending.list_name, file_name=pending.file_name, dry_run=dry_run)
    job.task_id = _enqueue(job.pk)
    ImportJob.objects.filter(pk=job.pk).update(task_id=job.task_id)
    return job


def _enqueue(job_id: int) -> str:
    from vigil.lists.tasks import run_import_job

    return str(run_import_job.enqueue(job_id).id)


def run(job_id: int, worker_id: str = "", heartbeat: bool = False) -> ImportJob:
    """Run one waiting job to its end; the job records its outcome, whatever happens.

    A job that is not waiting (finished, or claimed by another run) is left alone."""
    claimed = ImportJob.objects.filter(pk=job_id, state=JobState.WAITING).update(
        state=JobState.RUNNING, attempts=F("attempts") + 1, heartbeat=timezone.now())
    job = ImportJob.objects.select_related("pending", "started_by").get(pk=job_id)
    if not claimed:
        return job
    progress = Progress()
    beat = _Heartbeat(job, worker_id, progress)
    beat.write()
    if heartbeat:
        beat.start()
    outcome: dict = {}
    try:
        outcome = _import(job, progress)
    except RowProblems as exc:  # every bad cell, for the page that lets the user fix them
        outcome = {**_failed(str(exc)), "summary": {
            "problems": [p.as_dict() for p in exc.problems], "total": exc.total}}
    except (ListError, ConcurrentImport) as exc:
        outcome = _failed(str(exc))
    except (OperationalError, InterfaceError) as exc:
        log.error("import job %s lost its database (%s)", job_id, type(exc).__name__)
        outcome = _interrupted(job, "the database could not be reached")
    except Exception as exc:
        # the message may quote a value of the file, perhaps a private one: log where the
        # failure happened and its kind, not the message
        log.error("import job %s failed with %s:\n%s", job_id, type(exc).__name__,
                  "".join(traceback.format_tb(exc.__traceback__)))
        outcome = _failed("the import failed unexpectedly; nothing was written. The "
                          "administrators can find the details in the server log.")
    except BaseException:  # the worker is stopping (Ctrl-C, SIGTERM): retried at once
        outcome = _interrupted(job, "the worker was stopped")
        raise
    finally:
        beat.stop()
        _update(job_id, **progress.fields(), **outcome, heartbeat=timezone.now())
    return ImportJob.objects.get(pk=job_id)


def _failed(error: str) -> dict:
    return {"state": JobState.FAILED, "error": error, "finished_at": timezone.now()}


def _interrupted(job: ImportJob, why: str) -> dict:
    """A retry on the queue, or the end when the job has had all its attempts."""
    job.refresh_from_db(fields=["attempts", "retries"])
    retries = [*job.retries, {"attempt": job.attempts, "why": why,
                              "at": timezone.now().isoformat(timespec="seconds")}]
    if job.attempts < MAX_ATTEMPTS:
        return {"state": JobState.WAITING, "retries": retries, "task_id": _enqueue(job.pk)}
    return {**_failed(INTERRUPTED.format(n=len(retries), why=why)), "retries": retries}


def _import(job: ImportJob, progress: Progress) -> dict:
    pending = job.pending
    if pending is None:
        raise ListError("the uploaded file is no longer kept (uploads wait a day); upload "
                        "it again")
    content = pending.content
    progress("reading the file", 0, pending.size)
    rows = read_rows(content, pending.file_name, pending.mapping, pending.row_corrections)
    _update(job.pk, rows=len(rows))
    organisation = Organisation.objects.get(pk=job.organisation_id)
    plan = plan_import(rows, organisation, actor_for(job.started_by), pending.list_name,
                       pending.file_name, content, pending.mapping, progress=progress,
                       as_of=pending.as_of)
    if job.dry_run:
        return {"state": JobState.DONE, "summary": summary_of(plan),
                "message": "dry run done: nothing was written", "finished_at": timezone.now()}
    if plan.already_imported is not None:
        return {"state": JobState.DONE, "version": plan.already_imported,
                "finished_at": timezone.now(),
                "message": f"this file is already version {plan.already_imported.number} "
                           "of the list: nothing changed"}
    with transaction.atomic():
        version = apply_import(plan, job.started_by, progress=progress)
        pending.delete()  # with the import: a retry never finds its file gone
    return {"state": JobState.DONE, "version": version, "finished_at": timezone.now(),
            "message": f"imported as version {version.number} of the list"}


def summary_of(plan: Plan) -> dict:
    """What a dry run's page shows: the outcome counts and the first rows of each outcome."""
    already = plan.already_imported
    groups = {outcome: [] for outcome in Outcome.values}
    counts = plan.counts
    for p in plan.rows:
        if len(groups[p.outcome]) < SHOWN_PER_OUTCOME:
            groups[p.outcome].append({
                "row": {"number": p.row.number, "id": p.row.id, "names": p.row.names,
                        "birth": str(p.row.birth or "")},
                "person_id": p.person_id, "candidate_id": p.candidate_id, "score": p.score,
                "reason": p.reason, "explanation": p.explanation})
    return {"already_imported": {"pk": already.pk, "number": already.number} if already
            else None,
            "groups": {outcome: {"count": counts[outcome], "rows": rows}
                       for outcome, rows in groups.items()}}


def _update(job_id: int, **fields) -> None:
    ImportJob.objects.filter(pk=job_id).update(**fields)


class _Heartbeat:
    """Writes the job's progress to the progress store every few seconds, from its own
    thread and connection; removes it when the run ends (the job row then holds it)."""

    def __init__(self, job: ImportJob, worker_id: str, progress: Progress):
        self.job_id, self.attempt, self.worker_id = job.pk, job.attempts, worker_id
        self.progress = progress
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None

    def write(self) -> None:
        JobProgress.objects.update_or_create(job_id=self.job_id, defaults={
            "attempt": self.attempt, "worker_id": self.worker_id[:64],
            "beat_at": timezone.now(), **self.progress.fields()})

    def start(self) -> None:
        self._thread = threading.Thread(target=self._beat, daemon=True,
                                        name=f"import-job-{self.job_id}-progress")
        self._thread.start()

    def _beat(self) -> None:
        try:
            while not self._stopped.wait(HEARTBEAT_SECONDS):
                with contextlib.suppress(DatabaseError):
                    self.write()
        finally:
            connections.close_all()  # this thread's own connections

    def stop(self) -> None:
        self._stopped.set()
        if self._thread is not None:
            self._thread.join()
        with contextlib.suppress(DatabaseError):
            JobProgress.objects.filter(job_id=self.job_id).delete()


def live_progress(job: ImportJob) -> JobProgress | None:
    """The progress of a running job, as its worker last wrote it."""
    if job.state != JobState.RUNNING:
        return None
    return JobProgress.objects.filter(job_id=job.pk).first()


def worker_alive() -> bool:
    return WorkerHeartbeat.objects.filter(beat_at__gte=stale_before()).exists()


def recover_interrupted() -> int:
    """Retry (or end) the running jobs whose worker is gone; return how many.

    A job is gone when neither it nor its worker was heard from for WORKER_STALE_SECONDS:
    the process running it was killed, so its transaction was rolled back."""
    stale = stale_before()
    alive = set(WorkerHeartbeat.objects.filter(beat_at__gte=stale)
                .values_list("worker_id", flat=True))
    recovered = 0
    for job in ImportJob.objects.filter(state=JobState.RUNNING):
        progress = JobProgress.objects.filter(job_id=job.pk).first()
        heard = progress.beat_at if progress else job.heartbeat
        if (progress and progress.worker_id in alive) or (heard and heard >= stale):
            continue
        outcome = _interrupted(job, "the worker running it stopped without finishing")
        if ImportJob.objects.filter(pk=job.pk, state=JobState.RUNNING).update(**outcome):
            recovered += 1
            log.warning("import job %s was interrupted; %s", job.pk,
                        "retried" if outcome["state"] == JobState.WAITING else "given up")
        JobProgress.objects.filter(job_id=job.pk).delete()
    return recovered
