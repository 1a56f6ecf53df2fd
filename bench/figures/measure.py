"""Time the three figures through Vigil and as hand-written SQL on one database; check that
both give the same answers. Runs in the process of one database (DATABASE_URL):

    DATABASE_URL=postgres://… python -m bench.figures.measure --repeat 7 --out result.json

Vigil's side is the path `vigil count` takes: `service.compute` over the whole registry
with the definition objects the command builds (the loader, then the core's `Population`);
the series is the one the figures page draws from the same result (`population.series`).
Each of Vigil's figures is timed once cold (its scope's loaded registry forgotten first, as
after a write to the registry: this is what every call cost before the loaded registry was
kept) and then `repeat` times warm. The SQL runs once untimed (to warm the database's page
cache, as Vigil's cold run does) and then `repeat` times.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from bench.figures import handwritten

AS_OF = dt.date(2024, 6, 30)
SERIES_START, SERIES_END = dt.date(2015, 1, 1), dt.date(2024, 12, 31)
STOCK_ORGS = ("viasna",)
SERIES_ORGS = ("memorial", "viasna")  # recognised by either
GENDER, OCCUPATION_GROUP = "female", "media"


@dataclass(frozen=True)
class Measurement:
    name: str
    label: str
    vigil: Callable[[], object]
    sql: Callable[[], object]


def definitions():
    """The figures' definitions, the objects `vigil count` builds from its options."""
    from vigil.figures import FigureDefinition

    return {
        "stock": FigureDefinition.stock(
            AS_OF, recognised_by=STOCK_ORGS,
            where={"gender": [GENDER], "occupation_group": [OCCUPATION_GROUP]}),
        "breakdown": FigureDefinition.stock(AS_OF, recognised_by=STOCK_ORGS),
        "series": FigureDefinition.stock(SERIES_END, recognised_by=SERIES_ORGS),
    }


def fetch(sql: str) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def measurements() -> list[Measurement]:
    """Each figure as Vigil computes it and as hand-written SQL, both giving a plain answer:
    a count, {article: count} (None: no article) or the list of monthly counts."""
    from django.db import connection

    from vigil.publishing.population import Scope
    from vigil.publishing.service import compute

    vendor = connection.vendor
    defs = definitions()
    scope = Scope.whole_registry()

    def vigil_series():
        result = compute(scope, defs["series"])
        series = result.population.series(defs["series"], SERIES_START, SERIES_END, "monthly")
        return list(zip(series.points, series.counts, strict=True))

    def sql_series():
        return [(_as_date(day), n) for day, n in fetch(handwritten.monthly_stock(
            vendor, SERIES_START, SERIES_END, SERIES_ORGS))]

    def vigil_breakdown():
        rows = compute(scope, defs["breakdown"], by="article").breakdown.rows
        return {r.value: r.count for r in rows}

    return [
        Measurement(
            "stock", f"stock at the end of {AS_OF}, recognised by {STOCK_ORGS[0]}, two filters "
            f"(gender={GENDER}, occupation_group={OCCUPATION_GROUP})",
            lambda: compute(scope, defs["stock"]).figure.count,
            lambda: fetch(handwritten.stock_count(
                vendor, AS_OF, STOCK_ORGS, GENDER, OCCUPATION_GROUP))[0][0]),
        Measurement(
            "breakdown", f"the same stock without filters, by article ({STOCK_ORGS[0]})",
            vigil_breakdown,
            lambda: dict(fetch(handwritten.stock_by_article(vendor, AS_OF, STOCK_ORGS)))),
        Measurement(
            "series", f"stock at the end of every month {SERIES_START:%Y-%m} to "
            f"{SERIES_END:%Y-%m} (120 points), recognised by {' or '.join(SERIES_ORGS)}",
            vigil_series, sql_series),
    ]


def _as_date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


class AnswersDiffer(AssertionError):
    pass


def _timed(fn) -> tuple[float, object]:
    t0 = time.perf_counter()
    answer = fn()
    return time.perf_counter() - t0, answer


def check_same(name: str, vigil, sql) -> None:
    if vigil != sql:
        raise AnswersDiffer(f"{name}: Vigil and the hand-written SQL disagree:\n"
                            f"  Vigil: {_short(vigil)}\n  SQL:   {_short(sql)}")


def _short(answer) -> str:
    text = repr(answer)
    return text if len(text) < 2000 else text[:2000] + "…"


def run(repeat: int) -> dict:
    """Every measurement: cold and warm Vigil times, SQL times, and the answer (checked
    equal on every run)."""
    from vigil.publishing.population import forget_loaded_populations

    out = {}
    for m in measurements():
        forget_loaded_populations()
        cold, answer = _timed(m.vigil)
        _, expected = _timed(m.sql)  # warms the page cache; its answer is checked too
        check_same(m.name, answer, expected)
        vigil_times, sql_times = [], []
        for _ in range(repeat):
            seconds, got = _timed(m.vigil)
            check_same(m.name, got, expected)
            vigil_times.append(seconds)
            seconds, got = _timed(m.sql)
            check_same(m.name, answer, got)
            sql_times.append(seconds)
        out[m.name] = {
            "label": m.label, "vigil_cold": cold, "vigil": vigil_times, "sql": sql_times,
            "vigil_median": statistics.median(vigil_times),
            "sql_median": statistics.median(sql_times), "answer": summary(m.name, answer),
        }
    return out


def after_writes(repeat: int) -> dict:
    """The first figure after a write (issue 15): the stock count, kept, then one counted
    person's custody ended (and put back, alternately) through the ORM, and the stock counted
    again, `repeat` times; each answer is checked against a registry loaded afresh."""
    from vigil.figures import Population
    from vigil.publishing.population import Scope, load_persons
    from vigil.publishing.service import compute
    from vigil.registry import models as m

    scope, definition = Scope.whole_registry(), definitions()["stock"]
    counted = compute(scope, definition).figure.person_ids
    period = m.CustodyPeriod.objects.filter(person_id=counted[0], ended__isnull=True).first()
    times = []
    for i in range(repeat):
        m.CustodyPeriod.objects.filter(pk=period.pk).update(
            ended=None if i % 2 else AS_OF, end_reason="" if i % 2 else "served")
        seconds, figure = _timed(lambda: compute(scope, definition).figure)
        times.append(seconds)
        expected = Population(load_persons(scope, AS_OF)).count(definition)
        check_same("after a write", figure.person_ids, expected.person_ids)
    m.CustodyPeriod.objects.filter(pk=period.pk).update(ended=None, end_reason="")
    return {"after_write": times, "after_write_median": statistics.median(times)}


def fresh_count() -> dict:
    """`vigil count` in a fresh process: its wall time and peak memory."""
    import resource
    import subprocess
    import sys

    command = [sys.executable, "-m", "vigil.cli", "count", "--kind", "stock",
               "--as-of", AS_OF.isoformat(), "--recognised-by", STOCK_ORGS[0]]
    t0 = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)  # noqa: S603 - our own command
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"fresh_count_seconds": seconds, "fresh_count_maxrss_mb": peak}


def summary(name: str, answer) -> dict:
    if name == "stock":
        return {"count": answer}
    if name == "breakdown":
        return {"rows": len(answer), "persons counted in rows": sum(answer.values())}
    counts = [n for _, n in answer]
    return {"points": len(counts), "first": counts[0], "last": counts[-1], "max": max(counts)}


def database_info() -> dict:
    from django.db import connection

    from vigil.registry import models as m

    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_version()" if connection.vendor == "sqlite"
                       else "SHOW server_version")
        version = cursor.fetchone()[0]
    counts = {
        "persons": m.Person.objects.count(),
        "custody periods": m.CustodyPeriod.objects.count(),
        "placements": m.Placement.objects.count(),
        "recognitions": m.Recognition.objects.count(),
        "cases": m.Case.objects.count(),
        "charges": m.Case.charges.through.objects.count(),
        "occupations": m.Person.occupations.through.objects.count(),
    }
    counts["events"] = sum(v for k, v in counts.items() if k != "persons")
    name = "SQLite" if connection.vendor == "sqlite" else "PostgreSQL"
    return {"vendor": connection.vendor, "database": f"{name} {version}", "counts": counts}


def main() -> None:
    import argparse
    import os
    import resource

    import django

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigil.settings")
    django.setup()
    result = {"info": database_info(), "figures": run(args.repeat)}
    result["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["writes"] = {**after_writes(args.repeat), **fresh_count()}
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1, default=str)


if __name__ == "__main__":
    main()
