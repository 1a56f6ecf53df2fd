"""`vigil worker`: runs the queue's tasks (django-tasks' database worker, `db_worker`), with
what Vigil adds around it: a heartbeat (for /healthz and for finding killed workers), the
recovery of jobs a killed worker left running, and a prompt stop."""

import contextlib
import os
import signal
import socket
import threading

from django.db import DatabaseError, connections
from django.utils import timezone
from django_tasks_db.management.commands import db_worker

from vigil.lists import jobs
from vigil.lists.models import WorkerHeartbeat

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)
RECOVER_EVERY = 15  # heartbeats between two looks for jobs a killed worker left running


class StoppingWorker(db_worker.Worker):
    """On Ctrl-C or SIGTERM a running task is stopped at once (its import is rolled back and
    it goes back on the queue, `jobs.run`), rather than finished first: an import can run
    for minutes, and `make run` stops server and worker together."""

    def shutdown(self, signum, frame) -> None:
        self.running = False
        if self.running_task:
            raise jobs.WorkerStopped(signal.strsignal(signum))
        raise SystemExit(0)


class Heartbeat:
    """Tells the progress store every few seconds that this worker lives; while it is idle,
    now and then retries the jobs of workers that died."""

    def __init__(self, worker: StoppingWorker):
        self.worker = worker
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="worker-heartbeat")
        now = timezone.now()
        WorkerHeartbeat.objects.update_or_create(worker_id=worker.worker_id, defaults={
            "host": socket.gethostname()[:200], "pid": os.getpid(), "started_at": now,
            "beat_at": now})

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stopped.set()
        self._thread.join()
        with contextlib.suppress(DatabaseError):  # or it is stale soon enough
            WorkerHeartbeat.objects.filter(worker_id=self.worker.worker_id).delete()

    def _run(self) -> None:
        beats = 0
        try:
            while not self._stopped.wait(jobs.HEARTBEAT_SECONDS):
                beats += 1
                with contextlib.suppress(DatabaseError):  # the next beat tries again
                    WorkerHeartbeat.objects.filter(worker_id=self.worker.worker_id).update(
                        beat_at=timezone.now())
                    if beats % RECOVER_EVERY == 0 and not self.worker.running_task:
                        jobs.recover_interrupted()
        finally:
            connections.close_all()


class Command(db_worker.Command):
    help = ("Run the task queue: imports and dry runs started on the upload page. Runs until "
            "stopped (Ctrl-C or SIGTERM stop a running task at once; it is retried).")

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay,
               max_tasks, worker_id, exclude_queues, **options):
        self.configure_logging(verbosity)
        worker = StoppingWorker(
            queue_names=queue_name.split(","), interval=interval, batch=batch,
            backend_name=backend_name, startup_delay=startup_delay, max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [])
        with Heartbeat(worker):
            recovered = jobs.recover_interrupted()
            if recovered and verbosity:
                self.stdout.write(f"{recovered} interrupted job(s) put back on the queue or "
                                  "ended")
            previous = {number: signal.getsignal(number) for number in STOP_SIGNALS}
            worker.configure_signals()
            try:
                worker.run()
            except SystemExit as stop:
                if stop.code:
                    raise
            finally:
                for number, handler in previous.items():
                    signal.signal(number, handler)
