"""`vigil worker` as the separate process it is, on a SQLite database of its own (in the
test's directory): while the import holds the database's write lock, its progress and the
worker's heartbeat are still written (to the progress store); a worker stopped by Ctrl-C or
killed outright mid-import leaves nothing written, and the next worker retries the job."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")),
                                reason="the separate progress file is SQLite's")

VIGIL = [sys.executable, "-m", "vigil.cli"]
ROWS = 15000  # enough that writing lasts seconds even on a quiet machine
SETUP = """
from django.contrib.auth import get_user_model
from vigil.accounts.models import Membership, Organisation
from vigil.lists import jobs
from vigil.lists.uploads import keep_pending
org = Organisation.objects.create(slug="org-w", name_en="W", kind="documenting")
user = get_user_model().objects.create_user("w", password="x" * 20)
Membership.objects.create(user=user, organisation=org, role="documenter")
pending = keep_pending(organisation_id=org.pk, uploaded_by=user, list_name="big",
                       file_name="big.csv", chunks=[open(FILE, "rb").read()], mapping={})
print(jobs.start(pending, user).pk)
"""


def vigil(env, *args, timeout=600):
    return subprocess.run([*VIGIL, *args], env=env, capture_output=True, text=True,  # noqa: S603
                          timeout=timeout, check=True).stdout


def query(path: Path, sql: str):
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as db:
        return db.execute(sql).fetchall()


def main_is_locked(path: Path) -> bool:
    db = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        db.execute("BEGIN IMMEDIATE")
        db.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError as exc:
        assert "locked" in str(exc)
        return True
    finally:
        db.close()


def job_row(main: Path):
    (row,) = query(main, "SELECT state, attempts, retries FROM lists_importjob")
    return row[0], row[1], json.loads(row[2])


def run_until_writing(env, main: Path, progress: Path) -> subprocess.Popen:
    """Start a worker; return it once the import writes under the main database's lock and
    its progress and the worker's heartbeat were written again meanwhile (beats later than
    the second the lock was first seen)."""
    worker = subprocess.Popen([*VIGIL, "worker", "--no-startup-delay", "--interval", "0.2"],  # noqa: S603
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    locked_since = None
    deadline = time.monotonic() + 900
    while time.monotonic() < deadline and worker.poll() is None:
        if job_row(main)[0] == "done":
            worker.kill()
            raise AssertionError("the import ended before it was seen writing: raise ROWS")
        rows = query(progress, "SELECT stage, beat_at FROM lists_jobprogress")
        writing = rows and rows[0][0].startswith("writing") and main_is_locked(main)
        if writing and locked_since is None:
            locked_since = query(progress, "SELECT datetime('now')")[0][0]
        elif writing:
            (worker_beat,) = query(progress, "SELECT beat_at FROM lists_workerheartbeat")[0]
            if min(rows[0][1], worker_beat).replace("T", " ")[:19] > locked_since:
                return worker  # the job's progress and the worker's heartbeat, both
        time.sleep(0.2)
    worker.kill()
    raise AssertionError(f"no progress written under the lock: {worker.stderr.read()!r}")


def test_a_worker_process_writes_progress_under_the_lock_and_survives_restarts(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "vigil.settings",
           "VIGIL_VAR_DIR": str(tmp_path / "var"),
           "VIGIL_WORKER_STALE_SECONDS": "2", "PYTHONPATH": os.pathsep.join(sys.path)}
    env.pop("DATABASE_URL", None)
    main = tmp_path / "var" / "vigil.sqlite3"
    progress = tmp_path / "var" / "vigil-progress.sqlite3"
    big = tmp_path / "big.csv"
    big.write_text("id,name,birth_year\n" + "".join(
        f"{i},Persona{i} Familia{i * 7919 % 10007},{1950 + i % 50}\n" for i in range(1, ROWS + 1)))
    vigil(env, "migrate", "--no-input")
    vigil(env, "migrate", "--no-input", "--database", "progress")
    vigil(env, "shell", "-c", f"FILE = {str(big)!r}\n{SETUP}")

    # 1. Ctrl-C in the middle of writing: the worker stops at once, nothing is written
    worker = run_until_writing(env, main, progress)
    worker.send_signal(signal.SIGINT)
    assert worker.wait(timeout=120) == 0
    assert query(main, "SELECT count(*) FROM lists_listversion") == [(0,)]
    assert query(main, "SELECT count(*) FROM registry_person") == [(0,)]
    state, attempts, retries = job_row(main)
    assert (state, attempts) == ("waiting", 1)
    assert [r["why"] for r in retries] == ["the worker was stopped"]

    # 2. the next worker takes the job again; killed outright while writing
    worker = run_until_writing(env, main, progress)
    worker.kill()
    worker.wait(timeout=60)
    assert query(main, "SELECT count(*) FROM lists_listversion") == [(0,)]
    assert job_row(main)[:2] == ("running", 2)  # what a killed worker leaves
    time.sleep(3)  # longer than VIGIL_WORKER_STALE_SECONDS

    # 3. a worker started later finds the job abandoned and runs it to the end
    vigil(env, "worker", "--batch", "--no-startup-delay", "--interval", "0")
    state, attempts, retries = job_row(main)
    assert (state, attempts) == ("done", 3)
    assert [r["why"] for r in retries] == ["the worker was stopped",
                                           "the worker running it stopped without finishing"]
    assert query(main, "SELECT count(*) FROM lists_listversion") == [(1,)]
    assert query(main, "SELECT count(*) FROM registry_person") == [(ROWS,)]
    assert query(progress, "SELECT count(*) FROM lists_jobprogress") == [(0,)]
