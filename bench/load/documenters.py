"""Load benchmark of the documenters' side (issue 15): CLIENTS concurrent documenters on
loopback against `vigil serve`, each on its own keep-alive connection, mixing the pages
(person list, person page) and the API (list, read) with writes (every fifth request: a new
person by `POST /api/v1/persons`, or a `PATCH` of one the same client created, carrying the
version it last read). Bounded by a request count and a time limit. After the run every write
that was answered 2xx is checked in the database: each created person exists once, with its
one spelling and its history row, and carries the notes and the version of its last answered
PATCH — no write lost, none half-applied.

    python -m bench.load.documenters --database postgres://... --clients 32 --out BENCHMARKS.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import platform
import random
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

from bench.load.run import free_port, generate, served, setup_django
from bench.sections import replace_section

START, END = "<!-- bench-load-documenters: start -->", "<!-- bench-load-documenters: end -->"
USERS = 8  # documenters of the bench organisation; the clients take them in turn
WRITE_EVERY = 5  # one request in this many is a write


def arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True, help="a PostgreSQL URL (dropped data!)")
    parser.add_argument("--persons", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--requests", type=int, default=4000, help="at most, in all")
    parser.add_argument("--seconds", type=float, default=120, help="at most")
    parser.add_argument("--workers", type=int, default=4, help="server processes")
    parser.add_argument("--out", type=Path, default=Path("BENCHMARKS.md"))
    return parser.parse_args(argv)


def documenters() -> list[dict]:
    """USERS documenters, each with a session cookie and an API token."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from vigil.accounts.models import ApiToken, Membership, Organisation, Role

    org = Organisation.objects.get(slug="bench")
    users = []
    for n in range(USERS):
        user, made = get_user_model().objects.get_or_create(username=f"load-{n}")
        if made:
            user.set_password("x" * 20)
            user.save()
            Membership.objects.create(user=user, organisation=org, role=Role.DOCUMENTER)
        client = Client()
        client.force_login(user)
        _record, token = ApiToken.issue(user, "load benchmark")
        users.append({"cookie": f"{settings.SESSION_COOKIE_NAME}="
                      f"{client.cookies[settings.SESSION_COOKIE_NAME].value}", "token": token})
    return users


class Documenter:
    """One client: its connection, its login, and the persons it created (id → version,
    notes) as the server last answered."""

    def __init__(self, number: int, port: int, login: dict, person_ids: list[int]):
        self.number, self.port, self.login = number, port, login
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.rng = random.Random(number)
        self.person_ids = person_ids
        self.created: dict[int, dict] = {}
        self.writes = 0

    def request(self, method: str, path: str, body: dict | None = None, api: bool = False):
        headers = ({"Authorization": f"Bearer {self.login['token']}"} if api
                   else {"Cookie": self.login["cookie"]})
        if body is not None:
            headers["Content-Type"] = "application/json"
        try:
            self.connection.request(method, path, json.dumps(body) if body else None, headers)
            response = self.connection.getresponse()
            return response.status, response.read()
        except (OSError, http.client.HTTPException):
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            return 0, b""

    def one(self, i: int) -> tuple[str, int]:
        """The i-th request of this client; its kind and status."""
        if i % WRITE_EVERY == WRITE_EVERY - 1:
            return self.write()
        pk = self.rng.choice(self.person_ids)
        kind, method, path, api = self.rng.choice((
            ("page: person list", "GET", "/", False),
            ("page: person", "GET", f"/persons/{pk}/", False),
            ("API: persons", "GET", "/api/v1/persons?limit=50", True),
            ("API: person", "GET", f"/api/v1/persons/{pk}", True)))
        return kind, self.request(method, path, api=api)[0]

    def write(self) -> tuple[str, int]:
        self.writes += 1
        if self.created and self.writes % 2 == 0:
            pk = self.rng.choice(sorted(self.created))
            notes = f"client {self.number} write {self.writes}"
            status, body = self.request("PATCH", f"/api/v1/persons/{pk}", {
                "version": self.created[pk]["version"], "notes": notes}, api=True)
            if status == 200:
                self.created[pk] = {**self.created[pk], "version": json.loads(body)["version"],
                                    "notes": notes}
            return "API: PATCH person", status
        name = f"Нагрузка {self.number}-{self.writes} Тэставая"
        status, body = self.request("POST", "/api/v1/persons", {
            "primary_name": name, "gender": "unknown", "tracking_status": "known",
            "visibility": "organisation"}, api=True)
        if status == 201:
            record = json.loads(body)
            self.created[record["id"]] = {"name": name, "version": record["version"],
                                          "notes": ""}
        return "API: POST person", status


def run_load(port: int, logins: list[dict], person_ids: list[int], args):
    counter, deadline, lock = iter(range(args.requests)), time.monotonic() + args.seconds, \
        threading.Lock()
    latencies: dict[str, list[float]] = defaultdict(list)
    statuses: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    clients = [Documenter(n, port, logins[n % len(logins)], person_ids)
               for n in range(args.clients)]
    per_client = defaultdict(int)

    def work(client: Documenter):
        for _ in counter:
            if time.monotonic() > deadline:
                break
            began = time.perf_counter()
            kind, status = client.one(per_client[client.number])
            per_client[client.number] += 1
            with lock:
                latencies[kind].append((time.perf_counter() - began) * 1000)
                statuses[kind][status] += 1

    began = time.monotonic()
    threads = [threading.Thread(target=work, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return clients, latencies, statuses, time.monotonic() - began


def check_writes(clients: list[Documenter]) -> list[str]:
    """What is wrong in the database with the writes the server answered 2xx (empty: none)."""
    from vigil.registry import models as m

    problems = []
    expected = {pk: c for client in clients for pk, c in client.created.items()}
    loaded = m.NameVariant.objects.filter(text__startswith="Нагрузка ")
    if loaded.count() != len(expected):
        problems.append(f"{loaded.count()} load persons' spellings, {len(expected)} answered")
    persons = m.Person.objects.in_bulk(list(expected))
    for pk, want in expected.items():
        person = persons.get(pk)
        if person is None:
            problems.append(f"person {pk} answered 201 but is missing")
            continue
        names = list(m.NameVariant.objects.filter(person=person).values_list("text", flat=True))
        if names != [want["name"]] or not m.Person.history.filter(id=pk,
                                                                   history_type="+").exists():
            problems.append(f"person {pk}: spellings {names}, or no history row")
        if (person.version, person.notes) != (want["version"], want["notes"]):
            problems.append(f"person {pk}: version/notes {(person.version, person.notes)} "
                            f"but the last answer said {(want['version'], want['notes'])}")
    return problems


def main(argv=None) -> None:
    args = arguments(argv)
    setup_django(args.database)
    load_at_start = os.getloadavg()
    generate(args.persons)
    from vigil.registry import models as m

    m.Person.objects.filter(names__text__startswith="Нагрузка ").delete()  # an earlier run's
    person_ids = list(m.Person.objects.order_by("pk").values_list("pk", flat=True))
    logins = documenters()
    port = free_port()
    server = served([sys.executable, "-c", "from vigil.cli import main; main()", "serve",
                     "--port", str(port), "--workers", str(args.workers)], port)
    try:
        warm = Documenter(0, port, logins[0], person_ids)
        for i in range(8):  # every process imports its views and loads its caches once
            warm.one(i * WRITE_EVERY)
        clients, latencies, statuses, wall = run_load(port, logins, person_ids, args)
    finally:
        server.terminate()
        server.wait()
    report(args, latencies, statuses, wall, check_writes(clients), load_at_start)


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(int(q * len(values)), len(values) - 1)]


def report(args, latencies, statuses, wall, problems, load_at_start) -> None:
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    rows = ["| requests | count | statuses | p50 ms | p95 ms | max ms |",
            "|---|---:|---|---:|---:|---:|"]
    every = [x for values in latencies.values() for x in values]
    for kind in sorted(latencies):
        values = latencies[kind]
        shown = ", ".join(f"{s}: {n}" for s, n in sorted(statuses[kind].items()))
        rows.append(f"| {kind} | {len(values):,} | {shown} | {percentile(values, .5):.0f} | "
                    f"{percentile(values, .95):.0f} | {max(values):.0f} |")
    rows.append(f"| **all** | {len(every):,} | | {percentile(every, .5):.0f} | "
                f"**{percentile(every, .95):.0f}** | {max(every):.0f} |")
    body = "\n".join([
        "## Documenters under load (bench/load/documenters.py)", "",
        f"Run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {cpu}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, PostgreSQL; load average "
        f"{' / '.join(f'{x:.1f}' for x in load_at_start)} at the start and "
        f"{' / '.join(f'{x:.1f}' for x in os.getloadavg())} at the end (a machine shared with "
        "other work: the numbers are indicative). Command: `python -m bench.load.documenters "
        f"--database postgres://… --persons {args.persons} --clients {args.clients} "
        f"--requests {args.requests} --seconds {args.seconds:.0f} --workers {args.workers}`. "
        f"{args.clients} concurrent keep-alive clients (in one Python process on the same "
        f"machine) against `vigil serve` with {args.workers} processes; one request in "
        f"{WRITE_EVERY} a write; {len(every):,} requests in {wall:.0f} s "
        f"({len(every) / wall:.1f}/s). Target: p95 < 200 ms.", "", *rows, "",
        "Writes checked after the run: " + ("every write answered 2xx is in the database, "
                                            "whole (no lost or half-applied write)."
                                            if not problems else "; ".join(problems[:10])),
        ""])
    replace_section(args.out, START, END, body + "\n")
    print(body)
    if problems:
        raise SystemExit("writes lost or half-applied")


if __name__ == "__main__":
    main()
