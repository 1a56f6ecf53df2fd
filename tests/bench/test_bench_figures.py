"""The figures benchmark at a tiny size: Vigil's answers equal the hand-written SQL's (the
harness checks it on every run), on a generated registry with re-arrests, withdrawals,
partial dates, deleted records and persons reported apart."""

import datetime as dt

import pytest
from bench.figures import generate, measure
from bench.figures.report import _writes, render, verdict
from django.db.models import Count

from vigil.publishing.population import Scope
from vigil.publishing.service import compute
from vigil.registry import models as m

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry():
    return generate.generate(400, seed=3)


def test_the_generator_makes_every_kind_of_record(registry):
    assert registry["Person"] == 400
    assert 8 * 400 < registry["events"] < 13 * 400  # about eleven events per person
    assert m.CustodyPeriod.objects.filter(ended__isnull=True).exists()
    assert m.CustodyPeriod.objects.exclude(started_precision="D").exists()
    assert m.Recognition.objects.filter(status="withdrawn").exists()
    assert m.Person.objects.exclude(tracking_status="known").exists()
    assert m.Person.objects.filter(deleted_at__isnull=False).exists()
    assert m.CustodyPeriod.objects.filter(deleted_at__isnull=False).exists()
    rearrested = m.CustodyPeriod.objects.values("person_id").annotate(n=Count("id"))
    assert rearrested.filter(n__gt=1).count() > 100


def test_vigil_answers_equal_the_hand_written_sql(registry):
    results = measure.run(repeat=2)  # raises AnswersDiffer on any difference
    stock = results["stock"]["answer"]["count"]
    assert stock > 0
    by_article = measure.measurements()[1].sql()
    assert len(by_article) > 5 and None in by_article  # a row for persons without articles
    series = [n for _, n in measure.measurements()[2].sql()]
    assert len(series) == 120 and len(set(series)) > 10
    # a write after the figures (a counted person released before the day): both sides
    # see it, and still agree
    stock_figure = measure.measurements()[0]
    released = stock_figure_ids()[0]
    m.CustodyPeriod.objects.filter(person_id=released).update(ended=dt.date(2024, 6, 1),
                                                               end_reason="served")
    assert stock_figure.vigil() == stock_figure.sql() == stock - 1
    assert released not in stock_figure_ids()


def stock_figure_ids():
    definition = measure.definitions()["stock"]
    return compute(Scope.whole_registry(), definition).figure.person_ids


def test_disagreeing_answers_stop_the_harness():
    with pytest.raises(measure.AnswersDiffer, match="stock"):
        measure.check_same("stock", 12, 13)


def test_the_report_says_whether_each_target_is_met():
    fast = {"vigil_median": 0.010, "sql_median": 0.020}
    slow = {"vigil_median": 0.070, "sql_median": 0.020}
    assert verdict("stock", fast).startswith("**met**")
    assert verdict("stock", slow).startswith("**not met**")  # over 50 ms and 3.5× the SQL
    assert verdict("series", {"vigil_median": 0.2, "sql_median": 0.05}).startswith("**not")
    assert verdict("breakdown", slow) == "no target"
    run = {"when": "2026-11-25 23:00 UTC", "command": "python -m bench.figures.run",
           "seed": 1, "repeat": 7,
           "machine": {"cpu": "cpu", "cores": 2, "ram_gb": 1.0, "python": "3.11",
                       "load_avg": 1.0},
           "databases": {"sqlite": {
               "info": {"database": "SQLite 3", "counts": {"persons": 10, "events": 100,
                                                           "custody periods": 100}},
               "prepare": {"reused": True}, "maxrss_mb": 50,
               "figures": {"stock": {**fast, "vigil_cold": 1.5, "answer": {"count": 3}}}}}}
    text = render(run)
    assert "### SQLite 3" in text
    assert "| stock count, two filters | 1,500.0 | 10.0 | 20.0 | 0.50 | **met**" in text


def test_the_first_figure_after_a_write_is_timed_and_checked(registry):
    writes = measure.after_writes(repeat=3)  # raises AnswersDiffer on any difference
    assert len(writes["after_write"]) == 3
    result = {"writes": {**writes, "fresh_count_seconds": 4.0, "fresh_count_maxrss_mb": 120}}
    rows = "\n".join(_writes(result))
    assert "(≤ 1 s)" in rows and "| 4.0 s | **not met** (≤ 3 s) |" in rows
    assert "| 120 MB | **met** (≤ 150 MB) |" in rows
