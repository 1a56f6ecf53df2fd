"""A seeded multi-list scenario: the linker is precise and finds the persons with birth data.

This is a regression test of the linker against its own kind of data, not the benchmark of
issue 3 (which needs a generator written apart from the matcher's rules).
"""

from __future__ import annotations

import random
from collections import defaultdict

from vigil.linkage import Record, link
from vigil.names import GIVEN_NAME_CLASSES, romanise

SURNAMES = [  # (Belarusian, Russian), masculine
    ("Бяляцкі", "Беляцкий"), ("Клімовіч", "Климович"), ("Іваноў", "Иванов"),
    ("Кавалёў", "Ковалёв"), ("Каваленка", "Коваленко"), ("Шаўчэнка", "Шевченко"),
    ("Новік", "Новик"), ("Кузняцоў", "Кузнецов"), ("Сямёнаў", "Семёнов"), ("Мароз", "Мороз"),
    ("Жук", "Жук"), ("Казлоў", "Козлов"), ("Паўлаў", "Павлов"), ("Макарэвіч", "Макаревич"),
    ("Гурыновіч", "Гуринович"), ("Станкевіч", "Станкевич"), ("Шыманскі", "Шиманский"),
    ("Ярашэвіч", "Ярошевич"), ("Лосік", "Лосик"), ("Пачобут", "Почобут"),
    ("Статкевіч", "Статкевич"), ("Знак", "Знак"), ("Лябедзька", "Лебедько"),
    ("Дашкевіч", "Дашкевич"), ("Севярынец", "Северинец"), ("Кавалеўскі", "Ковалевский"),
    ("Мядзведзеў", "Медведев"), ("Васілеўскі", "Василевский"), ("Грыб", "Гриб"),
    ("Юрчанка", "Юрченко"), ("Зайцаў", "Зайцев"), ("Смірноў", "Смирнов"),
    ("Лукашэвіч", "Лукашевич"), ("Лойка", "Лойко"), ("Цыбулька", "Цыбулько"),
]


def feminine(s: str) -> str:
    for m, f in (("оў", "ова"), ("ёў", "ёва"), ("еў", "ева"), ("ов", "ова"), ("ёв", "ёва"),
                 ("ев", "ева"), ("скі", "ская"), ("цкі", "цкая"), ("ский", "ская"),
                 ("цкий", "цкая"), ("ін", "іна"), ("ин", "ина")):
        if s.endswith(m):
            return s[: -len(m)] + f
    return s


def scenario(seed: int, persons: int = 150):
    rng = random.Random(seed)
    classes = [c for c in GIVEN_NAME_CLASSES.values() if c.forms.get("be") and c.forms.get("ru")]
    people = []
    for pid in range(persons):
        be, ru = rng.choice(SURNAMES)
        cls = rng.choice(classes)
        if cls.gender == "f":
            be, ru = feminine(be), feminine(ru)
        people.append((pid, be, ru, cls, rng.randint(1950, 2004)))
        if rng.random() < 0.15:  # a namesake of another age, or a father and son
            people.append((pid + 10_000, be, ru, cls, people[-1][4] + rng.randint(18, 35)))
    records, truth = [], {}
    for pid, be, ru, cls, year in people:
        for lst in ("viasna", "memorial", "cpj"):
            if rng.random() < 0.3:
                continue
            if lst == "viasna":
                name = f"{be} {cls.forms['be'][0]}"
            elif lst == "memorial":
                name = f"{ru} {cls.forms['ru'][0]}"
            elif rng.random() < 0.6:
                name = romanise(f"{cls.forms['be'][0]} {be}",
                                rng.choice(["be-passport", "be-bgn", "be-2007"]))
            else:
                name = romanise(f"{cls.forms['ru'][0]} {ru}", rng.choice(["icao", "ru-bgn"]))
            rid = f"{lst}-{pid}"
            records.append(Record(lst, rid, name,
                                  birth_year=year if rng.random() < 0.85 else None))
            truth[(lst, rid)] = pid
    return records, truth


def pairs_of(groups):
    out = set()
    for members in groups.values():
        members = sorted(members)
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                out.add((a, b))
    return out


def test_seeded_lists():
    for seed in (1, 2):
        records, truth = scenario(seed)
        result = link(records)
        predicted, true = defaultdict(set), defaultdict(set)
        for i, r in enumerate(records):
            predicted[result.cluster_of[i]].add(i)
            true[truth[r.key]].add(i)
        p, t = pairs_of(predicted), pairs_of(true)
        precision = len(p & t) / max(len(p), 1)
        with_years = {(a, b) for a, b in t if records[a].birth_year and records[b].birth_year}
        recall = len(p & with_years) / max(len(with_years), 1)
        assert precision >= 0.99, precision
        assert recall >= 0.95, recall
        # no two records of one list in one person, and no merge across birth years
        for members in predicted.values():
            lists = [records[i].list for i in members]
            assert len(lists) == len(set(lists))
            years = {records[i].birth_year for i in members} - {None}
            assert len(years) <= 1


def test_the_order_of_records_does_not_matter():
    records, _ = scenario(3, persons=80)

    def partition(recs):
        result = link(recs)
        groups = defaultdict(set)
        for i, r in enumerate(recs):
            groups[result.cluster_of[i]].add(r.key)
        return {frozenset(g) for g in groups.values()}

    expected = partition(records)
    rng = random.Random(5)
    for _ in range(2):
        shuffled = records[:]
        rng.shuffle(shuffled)
        assert partition(shuffled) == expected
