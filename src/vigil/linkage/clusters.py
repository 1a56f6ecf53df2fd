"""Persons as clusters of records: a union–find that knows what each cluster must keep
consistent (one record per list, one birth year, one birth date, reviewers' "not the same")."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from vigil.names import compare_parsed

from .compare import NAME_PARTIAL, compare_articles, compare_detained, compare_gender
from .features import Features
from .records import Record

MAX_NAME_CHECKS = 400  # name pairs compared between two groups before a link (chain guard)


class _Group:
    """What a cluster must keep consistent: its records, lists, birth years and dates."""

    __slots__ = ("members", "lists", "years", "dates")

    def __init__(self, i: int, record: Record, f: Features):
        self.members = [i]
        self.lists = {record.list}
        self.years = {f.year} if f.year is not None else set()
        self.dates = {f.date} if f.date is not None else set()


class Clusters:
    """Union–find whose groups are created only for records that take part in a link, so a
    million singletons cost a list of integers and nothing more."""

    def __init__(self, records: Sequence[Record], feats: Sequence[Features]):
        self.records, self.feats = records, feats
        self.parent = list(range(len(records)))
        self.groups: dict[int, _Group] = {}
        self.forbidden: dict[int, set[int]] = defaultdict(set)

    def group(self, root: int) -> _Group:
        g = self.groups.get(root)
        if g is None:
            g = self.groups[root] = _Group(root, self.records[root], self.feats[root])
        return g

    def members(self, i: int) -> list[int]:
        root = self.find(i)
        g = self.groups.get(root)
        return g.members if g is not None else [root]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def forbid(self, a: int, b: int) -> None:
        self.forbidden[a].add(b)
        self.forbidden[b].add(a)

    def forbidden_between(self, a: int, b: int) -> bool:
        if self.find(a) == self.find(b):
            return False
        mb = set(self.members(b))
        return any(self.forbidden[x] & mb for x in self.members(a) if x in self.forbidden)

    def obstacle(self, a: int, b: int, one_per_list: bool, year_slip: int = 0) -> str | None:
        """Why the clusters of a and b may not become one, or None. Their birth years may be
        `year_slip` apart at most."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return None
        if self.forbidden_between(a, b):
            return "a reviewer said two of these records are not the same person"
        ga, gb = self.group(ra), self.group(rb)
        years = ga.years | gb.years
        if years and max(years) - min(years) > year_slip:
            return "birth years in the two groups disagree"
        if len(ga.dates | gb.dates) > 1:
            return "birth dates in the two groups disagree"
        if one_per_list and ga.lists & gb.lists:
            common = ", ".join(sorted(ga.lists & gb.lists))
            return f"would put two records of {common} into one person"
        return None

    def names_clash(self, a: int, b: int) -> str | None:
        """Guard against chaining: every name of one group must be compatible with every name
        of the other (no conflict), not only the two records of the link."""
        ma, mb = self.members(a), self.members(b)
        if len(ma) * len(mb) > MAX_NAME_CHECKS:
            return None
        for x in ma:
            for y in mb:
                if (x, y) in ((a, b), (b, a)):
                    continue
                c = compare_parsed(self.feats[x].readings, self.feats[y].readings)
                if c.conflicts or c.score < NAME_PARTIAL:
                    return (f"the names {self.records[x].name} and {self.records[y].name} in "
                            "the two groups do not agree")
        return None

    def fields_clash(self, a: int, b: int) -> str | None:
        """For a link the name carries alone: nothing may disagree between any record of one
        group and any of the other (a stated gender, a detention date, the articles, two
        known regions), as nothing may disagree between the two records of the link — else a
        chain through records that say little joins namesakes whose own records differ."""
        ma, mb = self.members(a), self.members(b)
        if len(ma) * len(mb) > MAX_NAME_CHECKS:
            return None
        for x in ma:
            for y in mb:
                field = _disagreeing_field(self.feats[x], self.feats[y])
                if field:
                    return (f"{field} of {self.records[x].name} and {self.records[y].name} in "
                            "the two groups disagree")
        return None

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        ga, gb = self.group(ra), self.group(rb)
        if len(ga.members) < len(gb.members):
            ra, rb, ga, gb = rb, ra, gb, ga
        self.parent[rb] = ra
        del self.groups[rb]
        ga.members += gb.members
        ga.lists |= gb.lists
        ga.years |= gb.years
        ga.dates |= gb.dates
        return True

    def numbers(self) -> list[int]:
        """Cluster numbers 1, 2, … in order of each cluster's first record."""
        number: dict[int, int] = {}
        out = []
        for i in range(len(self.parent)):
            out.append(number.setdefault(self.find(i), len(number) + 1))
        return out


def _disagreeing_field(fx: Features, fy: Features) -> str | None:
    """The first field whose values disagree between two records, or None."""
    (rx, known_x), (ry, known_y) = fx.region, fy.region
    if rx is not None and ry is not None and rx != ry and known_x and known_y:
        return "the regions"
    for field, (level, _) in (("the detention dates", compare_detained(fx, fy)),
                              ("the articles", compare_articles(fx, fy)),
                              ("the genders", compare_gender(fx, fy))):
        if level in ("far", "disjoint", "disagree"):
            return field
    return None
