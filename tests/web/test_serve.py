"""`vigil serve` as an operator starts it: gunicorn with two processes on a free loopback port,
pages and hashed, compressed, long-cached static files from it, then a clean stop."""

import gzip
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

STARTUP_SECONDS = 180  # collectstatic and two workers, on a loaded machine
WORKER_BOOTED = re.compile(r"Booting worker with pid: (\d+)")
STYLESHEET = re.compile(r'href="(/static/vigil/vigil\.[0-9a-f]{12}\.css)"')

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="gunicorn runs on Linux")


def free_loopback_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str, **headers) -> tuple[int, dict, bytes]:
    assert url.startswith("http://127.0.0.1:")
    request = urllib.request.Request(url, headers=headers)  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return response.status, dict(response.headers), response.read()


def parent_of(pid: int) -> int:
    stat = Path(f"/proc/{pid}/stat").read_text()
    return int(stat.rsplit(")", 1)[1].split()[1])


def wait_for_workers(server: subprocess.Popen, log: Path, count: int) -> list[int]:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        assert server.poll() is None, log.read_text()
        workers = [int(pid) for pid in WORKER_BOOTED.findall(log.read_text())]
        if len(workers) >= count:
            return workers
        time.sleep(0.2)
    pytest.fail(f"no {count} workers after {STARTUP_SECONDS} s:\n{log.read_text()}")


@pytest.fixture
def server(tmp_path):
    port = free_loopback_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "vigil.settings",
           "VIGIL_VAR_DIR": str(tmp_path / "var")}
    env.pop("DATABASE_URL", None)
    log = tmp_path / "server.log"
    vigil = Path(sys.executable).parent / "vigil"
    with log.open("w") as stderr:
        process = subprocess.Popen(  # noqa: S603
            [str(vigil), "serve", "--port", str(port), "--workers", "2", "--threads", "2"],
            env=env, stdout=subprocess.DEVNULL, stderr=stderr,
        )
    try:
        workers = wait_for_workers(process, log, 2)
        yield f"http://127.0.0.1:{port}", process, workers
    finally:
        if process.poll() is None:
            process.kill()  # the test failed before its own stop
            process.wait(timeout=30)


def test_serve_runs_two_processes_serves_pages_and_static_files_and_stops(server):
    base, master, workers = server
    assert len(set(workers)) == 2
    assert all(parent_of(pid) == master.pid for pid in workers)

    status, _headers, page = get(f"{base}/login/")
    assert status == 200 and b'name="password"' in page
    status, headers, schema = get(f"{base}/api/v1/openapi.json")
    assert status == 200 and b'"/api/v1/persons"' in schema

    stylesheet = STYLESHEET.search(page.decode()).group(1)
    status, headers, body = get(f"{base}{stylesheet}", **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"]
    assert int(re.search(r"max-age=(\d+)", headers["Cache-Control"]).group(1)) >= 365 * 86400
    assert b"{" in gzip.decompress(body)

    master.send_signal(signal.SIGTERM)
    assert master.wait(timeout=60) == 0
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()]
