"""The case form at size: its answer time with 100,000 persons in the registry (issue 14).

    python -m bench.forms.run --persons 100000 --out BENCHMARKS.md

Builds a fresh SQLite registry in a temporary directory (migrated, vocabularies seeded),
adds PERSONS persons of one organisation with a Belarusian spelling each, OFFICIALS court
officials, and one person with a case; then, logged in as a documenter of that organisation,
asks for the case form (new and edit), the judge picker's search and the person list
REPEAT times each (after one answer not counted) through Django's test client, in one
process (no network), and reports the median and the slowest answer. The load average is
read when the measurements start.
Results go between `<!-- bench-forms:start -->` and `<!-- bench-forms:end -->` of
BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.linkage.run import machine
from bench.sections import replace_section

ROOT = Path(__file__).resolve().parents[2]
START, END = "<!-- bench-forms:start -->", "<!-- bench-forms:end -->"
BATCH = 5000
GIVEN = ["Алесь", "Мікалай", "Марына", "Ксенія", "Ігар", "Наталля", "Сяргей", "Вольга"]
SURNAMES = ["Бяляцкі", "Клімовіч", "Золатава", "Лойка", "Чэкіна", "Луцкіна", "Ковалеў"]


def setup_django(var_dir: Path) -> None:
    os.environ["VIGIL_VAR_DIR"] = str(var_dir)
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "vigil.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # the pages name them


def populate(persons: int, officials: int):
    from django.contrib.auth import get_user_model

    from vigil.accounts.models import Membership, Organisation, Role
    from vigil.names import search_index
    from vigil.registry import models as m

    org = Organisation.objects.create(slug="bench", name_en="Bench", kind="documenting")
    user = get_user_model().objects.create_user("bench-documenter")
    Membership.objects.create(user=user, organisation=org, role=Role.DOCUMENTER)
    for start in range(0, persons, BATCH):
        made = m.Person.objects.bulk_create(
            [m.Person(organisation=org) for _ in range(min(BATCH, persons - start))])
        names = []
        for n, person in enumerate(made, start):
            text = f"{GIVEN[n % len(GIVEN)]} {SURNAMES[n // len(GIVEN) % len(SURNAMES)]}{n}"
            names.append(m.NameVariant(person=person, organisation=org, text=text,
                                       language="be", script="Cyrl", kind="belarusian",
                                       is_primary=True, search_keys=search_index(text)))
        m.NameVariant.objects.bulk_create(names)
    m.CourtOfficial.objects.bulk_create([
        m.CourtOfficial(organisation=org, role="judge" if n % 2 else "prosecutor",
                        name=f"Іван Іваноў{n}", search_keys=search_index(f"Іван Іваноў{n}"))
        for n in range(officials)])
    person = m.Person.objects.first()
    case = m.Case.objects.create(person=person, organisation=org,
                                 judge=m.CourtOfficial.objects.filter(role="judge").first())
    return user, person, case


def measure(client, url: str, repeat: int) -> dict:
    client.get(url)  # the first answer compiles templates and loads catalogues: not counted
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - began) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return {"url": url, "median_ms": round(statistics.median(times), 1),
            "max_ms": round(max(times), 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--officials", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--out", default="BENCHMARKS.md")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(tmp))
        from django.test import Client

        user, person, case = populate(args.persons, args.officials)
        client = Client()
        client.force_login(user)
        run = {"when": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
               "machine": machine(), "persons": args.persons, "officials": args.officials,
               "repeat": args.repeat,
               "command": "python -m bench.forms.run " + " ".join(argv or sys.argv[1:])}
        run["pages"] = [measure(client, url, args.repeat) for url in [
            f"/persons/{person.pk}/case/new/", f"/persons/{person.pk}/case/{case.pk}/edit/",
            "/officials/?format=json&role=judge&q=Іваноў1", "/"]]
    for page in run["pages"]:
        print(f"{page['url']}: median {page['median_ms']} ms, max {page['max_ms']} ms")
    replace_section(ROOT / args.out, START, END, render(run))
    return 0


def render(run: dict) -> str:
    m = run["machine"]
    rows = "".join(f"| `{p['url']}` | {p['median_ms']} | {p['max_ms']} |\n" for p in run["pages"])
    return (
        "## Case form at size\n\n"
        "Written by `bench/forms/run.py`; do not edit between the markers. Django's test client "
        "in one process on SQLite, so the times are the server's own work, without network.\n\n"
        f"Run {run['when']} on {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM (load "
        f"average {m['load_avg']:.1f} at the start), Python {m['python']}. Command: "
        f"`{run['command']}`. Registry: {run['persons']:,} persons, {run['officials']:,} court "
        f"officials; each page asked {run['repeat']} times.\n\n"
        "| page | median (ms) | slowest (ms) |\n| --- | --- | --- |\n" + rows + "\n")


if __name__ == "__main__":
    sys.exit(main())
