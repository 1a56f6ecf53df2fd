"""Pairwise precision, recall and F1, overall and per script pair.

A labelling gives each record a cluster; the predicted pairs are all pairs of records that
share a cluster (so a tool is graded on its clusters, transitive links included), the true
pairs all pairs of records of one person. Counting is done per (cluster, person) group, never
by listing pairs, so a million records are cheap.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

SLICE_OF = {
    ("be", "ru"): "be↔ru",
    ("ru", "ru"): "ru↔ru",
    ("be", "be"): "be↔be",
    ("be", "lat"): "Cyrillic↔Latin",
    ("lat", "ru"): "Cyrillic↔Latin",
    ("lat", "lat"): "Latin↔Latin",
}
SLICES = ("overall", "be↔ru", "Cyrillic↔Latin", "Latin↔Latin", "ru↔ru")


def _slice_pairs(counts: Counter) -> Counter:
    """Pairs per slice among records of one group, from the group's counts per script."""
    out: Counter = Counter()
    scripts = sorted(counts)
    for i, s in enumerate(scripts):
        cs = counts[s]
        if cs > 1:
            out[SLICE_OF.get((s, s), f"{s}↔{s}")] += cs * (cs - 1) // 2
        for t in scripts[i + 1:]:
            out[SLICE_OF.get((s, t), f"{s}↔{t}")] += cs * counts[t]
    out["overall"] = sum(out.values())
    return out


def _pairs_by_slice(keys: Iterable, scripts: Sequence[str]) -> Counter:
    groups: dict = defaultdict(Counter)
    for k, s in zip(keys, scripts, strict=True):
        groups[k][s] += 1
    total: Counter = Counter()
    for counts in groups.values():
        if sum(counts.values()) > 1:
            total.update(_slice_pairs(counts))
    return total


def evaluate(labels: Sequence, truth: Sequence, scripts: Sequence[str]) -> dict[str, dict]:
    """{slice: {precision, recall, f1, tp, predicted, true}} for one labelling."""
    predicted = _pairs_by_slice(labels, scripts)
    true = _pairs_by_slice(truth, scripts)
    tp = _pairs_by_slice(zip(labels, truth, strict=True), scripts)
    out = {}
    for s in sorted(set(predicted) | set(true), key=lambda x: (x != "overall", x)):
        p_n, t_n, tp_n = predicted[s], true[s], tp[s]
        precision = tp_n / p_n if p_n else 1.0
        recall = tp_n / t_n if t_n else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[s] = {"precision": precision, "recall": recall, "f1": f1, "tp": tp_n,
                  "predicted": p_n, "true": t_n}
    return out


class UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        p = self.parent
        while p[i] != i:
            p[i] = p[p[i]]
            i = p[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def merge(labels: Sequence, pairs: Iterable[tuple[int, int]]) -> list[int]:
    """The labelling after joining the clusters of each pair (record indices)."""
    index: dict = {}
    ids = [index.setdefault(x, len(index)) for x in labels]
    uf = UnionFind(len(index))
    for a, b in pairs:
        uf.union(ids[a], ids[b])
    return [uf.find(i) for i in ids]


def components(n: int, pairs: Iterable[tuple[int, int]]) -> list[int]:
    """Connected components of n records joined by `pairs`."""
    return merge(list(range(n)), pairs)
