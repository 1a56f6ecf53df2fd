"""The linkage benchmark's own parts: the generator's ground truth and the metric code.

No Splink here (it is an optional extra); the whole benchmark is `make bench-linkage`.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from bench.linkage import generate, roman
from bench.linkage.metrics import components, evaluate, merge
from bench.linkage.report import render


@pytest.fixture(scope="module")
def rows():
    return generate.generate(300, seed=7)


def test_generator_is_seeded(rows):
    again = generate.generate(300, seed=7)
    assert [(r.list, r.id, r.name, r.person) for r in rows] == [
        (r.list, r.id, r.name, r.person) for r in again]
    other = generate.generate(300, seed=8)
    assert [r.name for r in rows] != [r.name for r in other]


def test_ground_truth_is_consistent(rows):
    assert len(rows) == 300
    keys = [(r.list, r.id) for r in rows]
    assert len(set(keys)) == len(keys)  # ids unique within each list
    per_person = defaultdict(list)
    for r in rows:
        per_person[r.person].append(r)
        assert r.list in generate.LISTS
        assert r.extra["script"] == generate.LIST_SCRIPT[r.list]
        assert r.name.strip()
        if r.birth_year:
            assert 1900 < int(r.birth_year) < 2010
        if r.birth_date:
            assert re.fullmatch(r"\d\d\.\d\d\.\d{4}", r.birth_date)
    for recs in per_person.values():
        lists = [r.list for r in recs]
        assert len(lists) == len(set(lists))  # a list names a person once
        years = {int(r.birth_year or r.birth_date[-4:]) for r in recs
                 if r.birth_year or r.birth_date}
        # the same person's birth year agrees, except for the rare off-by-one data error
        assert not years or max(years) - min(years) <= 2
    assert len(per_person) < len(rows)  # people do appear on several lists


def test_scripts_match_the_lists(rows):
    cyr = re.compile(r"[А-Яа-яЁёІіЎў]")
    for r in rows:
        if r.extra["script"] == "lat":
            assert not cyr.search(r.name), r.name
        else:
            assert cyr.search(r.name), r.name
    be = [r.name for r in rows if r.list == "viasna"]
    assert any(ch in n for n in be for ch in "іў")  # Belarusian letters in the Belarusian list


def test_hard_negatives_are_there():
    big = generate.generate(3000, seed=3)
    kinds = Counter(r.extra["kind"] for r in big)
    assert kinds["namesake"] and kinds["son"] and kinds["brother"]


def test_romanisations_are_the_generators_own():
    import random

    rng = random.Random(0)
    assert roman.romanise("Бяляцкі", "be_passport", rng) == "Bialiatski"
    assert roman.romanise("Бяляцкі", "lacinka", rng) == "Bialacki"
    assert roman.romanise("Беляцкий", "ru_bgn", rng) == "Belyatskiy"
    assert roman.romanise("Мікалай", "be_bgn", rng) == "Mikalay"
    for module in (generate, roman):
        code = Path(module.__file__).read_text(encoding="utf-8").split('"""', 2)[2]
        assert "import vigil" not in code and "from vigil" not in code


def test_metrics_on_a_hand_made_case():
    # persons: A has records 0, 1, 2; B has 3, 4; C has 5
    truth = ["A", "A", "A", "B", "B", "C"]
    scripts = ["be", "ru", "lat", "be", "lat", "ru"]
    # predicted: {0, 1}, {2, 3, 4}, {5}
    labels = [1, 1, 2, 2, 2, 3]
    m = evaluate(labels, truth, scripts)
    # true pairs: A: 0-1, 0-2, 1-2; B: 3-4 → 4
    # predicted pairs: 0-1; 2-3, 2-4, 3-4 → 4; correct: 0-1, 3-4 → 2
    assert m["overall"]["true"] == 4
    assert m["overall"]["predicted"] == 4
    assert m["overall"]["tp"] == 2
    assert m["overall"]["precision"] == pytest.approx(0.5)
    assert m["overall"]["recall"] == pytest.approx(0.5)
    assert m["overall"]["f1"] == pytest.approx(0.5)
    # be↔ru: true 0-1 (found); Cyrillic↔Latin: true 0-2, 1-2, 3-4, predicted 2-3, 3-4
    assert m["be↔ru"]["tp"] == 1 and m["be↔ru"]["recall"] == 1.0
    assert m["Cyrillic↔Latin"]["true"] == 3
    assert m["Cyrillic↔Latin"]["predicted"] == 2
    assert m["Cyrillic↔Latin"]["tp"] == 1
    assert m["Latin↔Latin"]["predicted"] == 1 and m["Latin↔Latin"]["tp"] == 0
    assert m["Latin↔Latin"]["precision"] == 0.0


def test_merge_and_components():
    assert components(4, [(0, 1), (2, 3)]) == [0, 0, 2, 2]
    assert merge([5, 5, 7, 8], [(1, 2)]) == [0, 0, 0, 2]
    perfect = evaluate(["x", "x", "y"], ["p", "p", "q"], ["be", "ru", "lat"])
    assert perfect["overall"]["f1"] == 1.0


def test_report_renders_without_splink():
    entry = {
        "dataset": "generated-300", "date": "2026-01-01 00:00 UTC", "seed": 7,
        "machine": {"cpu": "x", "cores": 2, "ram_gb": 8, "python": "3.11", "load_avg": 0.1},
        "versions": {"vigil": "0.1.0"},
        "info": {"records": 3, "persons": 2, "lists": {"viasna": 3}, "no_birth": 0,
                 "kinds": {}, "true_pairs": {"overall": 1, "be↔ru": 1}},
        "tools": {"vigil": {
            "stages": {"load": 0.1}, "total": 0.1, "process_wall": 0.5, "pairs_scored": 2,
            "pairs_per_s": 20, "maxrss_mb": 50, "review_pairs": 0, "review_true": 0,
            "main": evaluate([1, 1, 2], ["p", "p", "q"], ["be", "ru", "lat"]),
            "with_review": evaluate([1, 1, 2], ["p", "p", "q"], ["be", "ru", "lat"])}},
    }
    text = render({"generated-300": entry})
    assert "## Linkage" in text and "Vigil" in text and "**1.000**" in text


def test_splink_5_runs_beside_splink_4_with_its_own_interpreter():
    from argparse import Namespace

    from bench.linkage.run import _splink_tools

    four = Namespace(splink_python="/venv4/bin/python", splink5_python="")
    assert _splink_tools(four, ("careful",)) == [
        ("splink-careful", ["/venv4/bin/python", "-m", "bench.linkage.tool_splink", "careful"])]
    both = Namespace(splink_python="/venv4/bin/python", splink5_python="/venv5/bin/python")
    labels = [label for label, _ in _splink_tools(both, ("careful", "vigil-keys"))]
    assert labels == ["splink-careful", "splink-vigil-keys", "splink5-careful",
                      "splink5-vigil-keys"]
    main = evaluate([1, 1, 2], ["p", "p", "q"], ["be", "ru", "lat"])
    tool = {"stages": {"load": 0.1}, "total": 0.1, "process_wall": 0.5, "pairs_scored": 2,
            "pairs_per_s": 20, "maxrss_mb": 50, "main": main, "best": main,
            "threshold": 0.9, "best_threshold": 0.5, "splink": "5.0.0"}
    entry = {
        "dataset": "febrl4", "date": "2026-01-01 00:00 UTC",
        "machine": {"cpu": "x", "cores": 2, "ram_gb": 8, "python": "3.11", "load_avg": 0.1},
        "versions": {"vigil": "0.1.0"},
        "info": {"records": 3, "persons": 2, "lists": {}, "no_birth": 0, "kinds": {},
                 "true_pairs": {"overall": 1}},
        "tools": {"splink5-careful": tool}}
    assert "Splink 5, careful user (the same set-up) [splink 5.0.0], threshold 0.9" in render(
        {"febrl4": entry})
