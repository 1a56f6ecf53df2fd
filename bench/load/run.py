"""Load benchmark of the public site (issue 9): the public list and person pages at many
concurrent clients, served by `vigil serve` from a database of N published persons, side by
side with the same pages of the static export (`vigil publish-site`) served by Python's own
file server; and how long publish-site took. Loopback only; every measurement is bounded by a
request count and a time limit.

    python -m bench.load.run --persons 100000 --database postgres://... --out BENCHMARKS.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import platform
import random
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench.sections import replace_section

START, END = "<!-- bench-load: start -->", "<!-- bench-load: end -->"
BATCH = 5000
WARM_CLIENTS = 8
LOADED = ("**Measured on a loaded machine** (load average above the number of cores, other "
          "work running): these numbers say little about the target.")


def arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--database", required=True, help="a PostgreSQL URL (dropped data!)")
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--requests", type=int, default=2000, help="per page kind, at most")
    parser.add_argument("--seconds", type=float, default=60, help="per page kind, at most")
    parser.add_argument("--site", type=Path, default=Path("var/bench-load-site"))
    parser.add_argument("--site-timeout", type=float, default=1800)
    parser.add_argument("--out", type=Path, default=Path("BENCHMARKS.md"))
    return parser.parse_args(argv)


def setup_django(database: str) -> None:
    os.environ["DATABASE_URL"] = database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigil.settings")
    import django

    django.setup()


def generate(n: int) -> list[str]:
    """N published persons held since a day of 2021-2023 (kept when already there); their
    slugs."""
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from vigil.accounts.models import Organisation
    from vigil.publishing.models import PersonPublication
    from vigil.registry import models as m

    call_command("migrate", "--no-input", verbosity=0)
    if PersonPublication.objects.count() == n:
        return list(PersonPublication.objects.order_by("pk").values_list("slug", flat=True))
    m.Person.objects.all().delete()
    org, _ = Organisation.objects.get_or_create(slug="bench", defaults={
        "name_en": "Bench", "kind": "documenting"})
    public, now, rng = m.Visibility.PUBLIC, timezone.now(), random.Random(9)
    for start in range(0, n, BATCH):
        persons = m.Person.objects.bulk_create(
            [m.Person(organisation=org, visibility=public, gender=rng.choice(["male", "female"]))
             for _ in range(start, min(start + BATCH, n))])
        names, custody, publications = [], [], []
        for i, person in enumerate(persons, start):
            for text, language, script, kind, primary in (
                    (f"Асоба {i} Сінтэтычная", "be", "Cyrl", "belarusian", True),
                    (f"Asoba {i} Sintetychnaya", "en", "Latn", "latin", False)):
                names.append(m.NameVariant(person=person, organisation=org, visibility=public,
                                           text=text, language=language, script=script,
                                           kind=kind, is_primary=primary))
            custody.append(m.CustodyPeriod(
                person=person, organisation=org, visibility=public, kind="pretrial",
                started=dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(1000))))
            publications.append(PersonPublication(person=person, slug=f"asoba-{i}",
                                                  proposed_at=now, confirmed_at=now))
        m.NameVariant.objects.bulk_create(names)
        m.CustodyPeriod.objects.bulk_create(custody)
        PersonPublication.objects.bulk_create(publications)
    with connection.cursor() as cursor:  # the planner's statistics, as autovacuum would
        cursor.execute("ANALYZE")
    return [f"asoba-{i}" for i in range(n)]


def wait_for(port: int, process: subprocess.Popen, seconds: float = 900) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server on port {port} stopped ({process.returncode})")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"nothing answered on port {port} within {seconds} s")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load(port: int, paths: list[str], clients: int, limit: int, seconds: float) -> dict:
    """`clients` threads, each on its own keep-alive connection, share at most `limit`
    requests of `paths` (in turn) for at most `seconds`; latencies in ms."""
    latencies, errors, lock = [], [0], threading.Lock()
    counter = iter(range(limit))
    deadline = time.monotonic() + seconds

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for i in counter:
            if time.monotonic() > deadline:
                break
            began = time.perf_counter()
            try:
                connection.request("GET", paths[i % len(paths)])
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            with lock:
                latencies.append((time.perf_counter() - began) * 1000)
                errors[0] += not ok

    began = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - began
    latencies.sort()
    pick = lambda q: latencies[min(int(q * len(latencies)), len(latencies) - 1)]  # noqa: E731
    return {"requests": len(latencies), "errors": errors[0], "p50": pick(0.5),
            "p95": pick(0.95), "max": latencies[-1], "rate": len(latencies) / wall}


def served(command: list[str], port: int):
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL,  # noqa: S603
                               stderr=subprocess.DEVNULL)
    try:
        wait_for(port, process)
    except BaseException:
        process.terminate()  # never leave a server behind
        raise
    return process


def measure(port: int, slugs: list[str], args) -> dict:
    rng = random.Random(3)
    persons = [f"/en/prisoners/{slug}/" for slug in rng.sample(slugs, min(500, len(slugs)))]
    kinds = {"list (/en/prisoners/)": ["/en/prisoners/"], "person pages": persons}
    return {kind: load(port, paths, args.clients, args.requests, args.seconds)
            for kind, paths in kinds.items()}


def publish(args) -> tuple[float | None, str]:
    began = time.monotonic()
    try:
        subprocess.run([sys.executable, "-c", "from vigil.cli import main; main()",  # noqa: S603
                        "publish-site", str(args.site), "--base-url", "https://example.org"],
                       check=True, timeout=args.site_timeout, capture_output=True)
    except subprocess.TimeoutExpired:
        return None, f"did not finish within {args.site_timeout:.0f} s"
    return time.monotonic() - began, ""


def main(argv=None) -> None:
    args = arguments(argv)
    setup_django(args.database)
    load_at_start = os.getloadavg()
    began = time.monotonic()
    slugs = generate(args.persons)
    generated = time.monotonic() - began
    port = free_port()
    vigil = [sys.executable, "-c", "from vigil.cli import main; main()"]
    server = served([*vigil, "serve", "--port", str(port)], port)
    try:
        for path in ("/en/prisoners/", f"/en/prisoners/{slugs[0]}/"):
            # warm the caches of every server process: several clients at once, so that
            # each process is likely to get some of the requests
            load(port, [path], WARM_CLIENTS, 2 * WARM_CLIENTS, 900)
        live = measure(port, slugs, args)
    finally:
        server.terminate()
        server.wait()
    site_seconds, site_note = publish(args)
    static = {}
    if site_seconds is not None:
        port = free_port()
        files = served([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                        "--directory", str(args.site)], port)
        try:
            static = measure(port, slugs, args)
        finally:
            files.terminate()
            files.wait()
    report(args, live, static, site_seconds, site_note, generated, load_at_start)


def report(args, live, static, site_seconds, site_note, generated, load_at_start) -> None:
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    rows = ["| Pages | Served by | Requests | Errors | p50 ms | p95 ms | max ms | req/s |",
            "|---|---|---:|---:|---:|---:|---:|---:|"]
    for source, results in (("vigil serve (PostgreSQL)", live), ("static export", static)):
        for kind, r in results.items():
            rows.append(f"| {kind} | {source} | {r['requests']:,} | {r['errors']} | "
                        f"{r['p50']:.1f} | {r['p95']:.1f} | {r['max']:.0f} | {r['rate']:.1f} |")
    site = f"{site_seconds:.0f} s" if site_seconds is not None else site_note
    loaded = max(load_at_start[0], os.getloadavg()[0]) > (os.cpu_count() or 1)
    body = "\n".join([
        "## Public site under load (bench/load)", "",
        *([LOADED, ""] if loaded else []),
        f"Run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {cpu}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; load average "
        f"{' / '.join(f'{x:.1f}' for x in load_at_start)} at the start and "
        f"{' / '.join(f'{x:.1f}' for x in os.getloadavg())} at the end (a machine shared with "
        "other work: the numbers are indicative). Command: `python -m bench.load.run "
        f"--persons {args.persons} --clients {args.clients} --requests {args.requests} "
        f"--seconds {args.seconds:.0f} --site-timeout {args.site_timeout:.0f}`. "
        f"{args.persons:,} published persons generated in "
        f"{generated:.0f} s; {args.clients} concurrent keep-alive clients in one Python "
        "process on the same machine (they share its cores with the server); at most "
        f"{args.requests:,} requests or {args.seconds:.0f} s per row. Target: p95 < 50 ms.",
        "", *rows, "", f"`vigil publish-site` for {args.persons:,} persons: {site}.", ""])
    replace_section(args.out, START, END, body + "\n")
    print(body)


if __name__ == "__main__":
    main()
