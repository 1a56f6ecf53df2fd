"""The review queue by clusters: open pairs that share a person are one decision.

A *cluster* is a connected group of persons joined by open review pairs: Бяляцкі of one
list, Беляцкий of another and Bialiatski of a third, with two or three pairs between them,
are one cluster, decided at once. Pure Python: pairs in, clusters out, in queue order — the
cluster whose decision settles the most pairs first, then the one with the most probable
pair, then the oldest (the smallest pair id), so that the order is the same on every page
load.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class OpenPair:
    pk: int
    a: int  # person ids
    b: int
    score: float


@dataclass(frozen=True)
class Cluster:
    persons: tuple[int, ...]  # ascending ids
    pairs: tuple[OpenPair, ...]  # most probable first

    @property
    def settles(self) -> int:
        """How many pairs one decision on the whole cluster settles."""
        return len(self.pairs)


def review_clusters(pairs: Iterable[OpenPair]) -> list[Cluster]:
    """The clusters the open pairs form, in queue order."""
    pairs = list(pairs)
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in pairs:
        ra, rb = root(p.a), root(p.b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[OpenPair]] = {}
    for p in pairs:
        groups.setdefault(root(p.a), []).append(p)
    clusters = []
    for members in groups.values():
        members.sort(key=lambda p: (-p.score, p.pk))
        persons = sorted({x for p in members for x in (p.a, p.b)})
        clusters.append(Cluster(tuple(persons), tuple(members)))
    clusters.sort(key=lambda c: (-c.settles, -c.pairs[0].score, min(p.pk for p in c.pairs)))
    return clusters

