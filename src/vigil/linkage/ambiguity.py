"""Which full names, and which full names with a birth year, fit more than one person
(DESIGN §5). A name may carry a merge on its own only when no two records holding it are
known to be different persons; a name and birth year shared by two such records never merge
automatically.

Two records are known to be different persons when they come from one list (a list names a
person once; the registry the importing organisation may see is such a list), their birth
years are two or more apart, their full birth dates differ, or a reviewer said so. A record
whose identity is unknown (no birth data) is no rival by itself: it may be either of them,
which is why a name two different persons hold is ambiguous for every record that bears it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from .features import Features
from .records import Record

NameKey = tuple[str, str]  # surname key, given-name token


def full_name_keys(f: Features) -> tuple[NameKey, ...]:
    """A full name (a given name, not initials, and a surname), once per given-name reading."""
    if not (f.has_full_given_name and f.surname_key):
        return ()
    return tuple((f.surname_key, token) for token in sorted(f.given_tokens))


def _why_distinct(members: list[int], records: Sequence[Record], feats: Sequence[Features],
                  one_per_list: bool) -> str | None:
    if one_per_list:
        lists = Counter(records[i].list for i in members)
        shared = sorted(lst for lst, n in lists.items() if n > 1)
        if shared:
            return f"two records of {shared[0]}"
    years = [feats[i].year for i in members if feats[i].year is not None]
    if years and max(years) - min(years) > 1:
        return f"persons born in {min(years)} and {max(years)}"
    dates = {feats[i].date for i in members if feats[i].date is not None}
    if len(dates) > 1:
        return "persons with different birth dates"
    return None


class NameIndex:
    """For every full-name key, and full-name key with a birth year, why it fits more than one
    person (absent when it fits one)."""

    def __init__(self, records: Sequence[Record], feats: Sequence[Features],
                 not_same: Iterable[tuple[int, int]], one_per_list: bool):
        self.keys = [full_name_keys(f) for f in feats]
        by_name: dict[NameKey, list[int]] = defaultdict(list)
        by_year: dict[tuple[NameKey, int], list[int]] = defaultdict(list)
        for i, keys in enumerate(self.keys):
            for k in keys:
                by_name[k].append(i)
                if feats[i].year is not None:
                    by_year[(k, feats[i].year)].append(i)
        self.name_shared: dict[NameKey, str] = {}
        self.year_shared: dict[tuple[NameKey, int], str] = {}
        for k, members in by_name.items():
            if len(members) > 1 and (why := _why_distinct(members, records, feats, one_per_list)):
                self.name_shared[k] = why
        for ky, members in by_year.items():
            if len(members) > 1 and (why := _why_distinct(members, records, feats, one_per_list)):
                self.year_shared[ky] = why
        for a, b in not_same:
            for k in set(self.keys[a]) & set(self.keys[b]):
                self.name_shared.setdefault(k, "two records a reviewer said are different")
                for year in {feats[a].year, feats[b].year} - {None}:
                    self.year_shared.setdefault((k, year), "two records a reviewer said are "
                                                           "different")
        self.years = [f.year for f in feats]
        self.names = [r.name for r in records]

    def name_ambiguity(self, a: int, b: int) -> str | None:
        """Why the names of a and b may fit another person, or None when each fits one."""
        for i in (a, b):
            for k in self.keys[i]:
                if k in self.name_shared:
                    return f"the name {self.names[i]} is shared by {self.name_shared[k]}"
        return None

    def year_ambiguity(self, a: int, b: int) -> str | None:
        """Why the names and birth years of a and b may fit another person, or None."""
        for i in (a, b):
            year = self.years[i]
            for k in self.keys[i]:
                if (k, year) in self.year_shared:
                    return (f"the name {self.names[i]} with birth year {year} is shared by "
                            f"{self.year_shared[(k, year)]}")
        return None
