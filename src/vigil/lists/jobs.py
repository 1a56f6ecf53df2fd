"""Dry runs and imports of the upload page run in a background thread, not in the request.

`start` records an `ImportJob` and, once the request's transaction commits, runs `run` in a
thread of the web server (waitress is threaded). `run` is the whole dry run (read the file,
link, summarise) or import (read, link, write in one transaction), and is what the tests
call directly. Progress reaches the
job row from a second thread with its own database connection, because the import's
transaction would hide any write made on its own connection until the end; the same thread
writes a heartbeat, so that a job whose server stopped (its row still says running, but no
thread in this process runs it and nothing was heard for a while) is shown as failed.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
import traceback
from datetime import timedelta

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from vigil.accounts.actors import actor_for
from vigil.accounts.models import Organisation
from vigil.lists.importing import ConcurrentImport, Plan, apply_import, plan_import
from vigil.lists.models import ImportJob, JobState, Outcome, PendingImport
from vigil.lists.reading import ListError, read_rows

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 2.0
STALE_AFTER = timedelta(minutes=2)  # silent this long, and not running here: interrupted
INTERRUPTED = ("interrupted: the server stopped while it ran. Nothing was written "
               "(an import is all or nothing); start it again.")
SHOWN_PER_OUTCOME = 200  # rows of each outcome a dry run's summary keeps

_running: dict[int, threading.Thread] = {}  # job → its thread, in this process
_lock = threading.Lock()


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
    """Record a job for a pending upload; its thread starts when the transaction commits."""
    job = ImportJob.objects.create(
        organisation_id=pending.organisation_id, pending=pending, started_by=user,
        list_name=pending.list_name, file_name=pending.file_name, dry_run=dry_run)
    transaction.on_commit(lambda: _spawn(job.pk))
    return job


def _spawn(job_id: int) -> None:
    thread = threading.Thread(target=_thread_main, args=(job_id,), daemon=True,
                              name=f"import-job-{job_id}")
    with _lock:
        _running[job_id] = thread
    thread.start()


def _thread_main(job_id: int) -> None:
    try:
        run(job_id, heartbeat=True)
    finally:
        with _lock:
            _running.pop(job_id, None)
        connection.close()  # this thread's own connection


def wait(job_id: int, timeout: float | None = None) -> None:
    """Wait for a job running in this process to end (for tests and shutdown)."""
    with _lock:
        thread = _running.get(job_id)
    if thread is not None:
        thread.join(timeout)


def run(job_id: int, heartbeat: bool = False) -> ImportJob:
    """Run one job to its end; the job row records the outcome, whatever happens."""
    job = ImportJob.objects.select_related("pending", "started_by").get(pk=job_id)
    progress = Progress()
    _update(job_id, state=JobState.RUNNING, heartbeat=timezone.now())
    beat = _Heartbeat(job_id, progress) if heartbeat else None
    outcome: dict = {}
    try:
        outcome = _import(job, progress)
    except (ListError, ConcurrentImport) as exc:
        outcome = {"state": JobState.FAILED, "error": str(exc)}
    except Exception as exc:
        # the message may quote a value of the file, perhaps a private one: log where the
        # failure happened and its kind, not the message
        log.error("import job %s failed with %s:\n%s", job_id, type(exc).__name__,
                  "".join(traceback.format_tb(exc.__traceback__)))
        outcome = {"state": JobState.FAILED,
                   "error": "the import failed unexpectedly; nothing was written. The "
                            "administrators can find the details in the server log."}
    finally:
        if beat is not None:
            beat.stop()
        _update(job_id, **progress.fields(), **outcome, finished_at=timezone.now(),
                heartbeat=timezone.now())
    return ImportJob.objects.get(pk=job_id)


def _import(job: ImportJob, progress: Progress) -> dict:
    pending = job.pending
    if pending is None:
        raise ListError("the uploaded file is no longer kept (uploads wait a day); upload "
                        "it again")
    content = bytes(pending.content)
    rows = read_rows(content, pending.file_name, pending.mapping)
    _update(job.pk, rows=len(rows))
    organisation = Organisation.objects.get(pk=job.organisation_id)
    plan = plan_import(rows, organisation, actor_for(job.started_by), pending.list_name,
                       pending.file_name, content, pending.mapping, progress=progress)
    if job.dry_run:
        return {"state": JobState.DONE, "summary": summary_of(plan),
                "message": "dry run done: nothing was written"}
    if plan.already_imported is not None:
        return {"state": JobState.DONE, "version": plan.already_imported,
                "message": f"this file is already version {plan.already_imported.number} "
                           "of the list: nothing changed"}
    version = apply_import(plan, job.started_by, progress=progress)
    pending.delete()
    return {"state": JobState.DONE, "version": version,
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
    """Writes the job's progress every few seconds from its own thread and connection."""

    def __init__(self, job_id: int, progress: Progress):
        self.job_id, self.progress = job_id, progress
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._beat, daemon=True,
                                        name=f"import-job-{job_id}-progress")
        self._thread.start()

    def _beat(self) -> None:
        try:
            while not self._stopped.wait(HEARTBEAT_SECONDS):
                # SQLite is locked while the import writes: then try at the next beat
                with contextlib.suppress(DatabaseError):
                    ImportJob.objects.filter(pk=self.job_id, state=JobState.RUNNING).update(
                        **self.progress.fields(), heartbeat=timezone.now())
        finally:
            connection.close()

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join()


def is_running_here(job_id: int) -> bool:
    with _lock:
        return job_id in _running


def settle_if_interrupted(job: ImportJob) -> ImportJob:
    """Mark a job failed when it cannot be running any more (see the module's note)."""
    if job.finished or is_running_here(job.pk):
        return job
    last_heard = job.heartbeat or job.created_at
    if timezone.now() - last_heard < STALE_AFTER:
        return job
    ImportJob.objects.filter(pk=job.pk, state=job.state).update(
        state=JobState.FAILED, error=INTERRUPTED, finished_at=timezone.now())
    job.refresh_from_db()
    return job
