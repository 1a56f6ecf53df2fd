"""Reconciling two versions of an organisation's list against the flows it published.

An organisation says "71 political prisoners in January, 46 in June: 35 amnestied, 2 pardoned,
10 served their term, 24 added". 71 − 35 − 2 − 10 + 24 = 48, not 46 (Memorial 2014, see
`shared/research/prisoner-data.md`). Vigil reports such a difference with the persons behind
it instead of hiding it (DESIGN §4).

Two things are compared:

1. the published arithmetic: old count + stated additions − stated releases − stated deaths
   against the new count (`gap`);
2. each stated flow against what the two lists and the registry show: persons on the new list
   and not the old (added); persons on the old list and not the new, split by what the
   registry records between the two dates: the end of their custody (released, died), the
   organisation's recognition withdrawn (withdrawn), or nothing ("unexplained").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from vigil.figures.counting import sorted_ids
from vigil.figures.model import EndReason, ListVersion, Person, PersonId, RecognitionStatus


class FlowKind(StrEnum):
    ADDED = "added"
    RELEASED = "released"
    DIED = "died"
    WITHDRAWN = "withdrawn"  # recognition withdrawn while the person may still be held


@dataclass(frozen=True)
class Flow:
    """One published flow between two list versions: "35 amnestied" is
    `Flow("amnestied", 35, FlowKind.RELEASED)`. `count` is positive; the kind gives the sign."""

    label: str
    count: int
    kind: FlowKind

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", FlowKind(self.kind))
        if self.count < 0:
            raise ValueError(f"flow {self.label!r}: give a positive count, the kind sets the sign")

    @property
    def signed(self) -> int:
        return self.count if self.kind is FlowKind.ADDED else -self.count


@dataclass(frozen=True)
class FlowCheck:
    """A stated flow kind against what the lists and the registry show."""

    kind: FlowKind
    stated: int | None  # None: the organisation published nothing for this kind
    observed: int
    person_ids: tuple[PersonId, ...]  # the persons observed in this flow

    @property
    def agrees(self) -> bool:
        return self.stated is None or self.stated == self.observed


@dataclass(frozen=True)
class Reconciliation:
    organisation: str
    old_as_of: str
    new_as_of: str
    old_count: int
    new_count: int
    difference: int  # new − old
    stated_flows: tuple[Flow, ...]
    expected_new: int | None  # old + stated flows (None when no flows were stated)
    gap: int | None  # new − expected_new
    checks: tuple[FlowCheck, ...]
    unexplained_removals: tuple[PersonId, ...]  # left the list with no release or death recorded
    adds_up: bool
    messages: tuple[str, ...]

    def as_dict(self) -> dict:
        return {
            "organisation": self.organisation,
            "old": {"as_of": self.old_as_of, "count": self.old_count},
            "new": {"as_of": self.new_as_of, "count": self.new_count},
            "difference": self.difference,
            "stated_flows": [
                {"label": f.label, "count": f.count, "kind": str(f.kind)} for f in self.stated_flows
            ],
            "expected_new": self.expected_new,
            "gap": self.gap,
            "checks": [
                {
                    "kind": str(c.kind),
                    "stated": c.stated,
                    "observed": c.observed,
                    "agrees": c.agrees,
                    "person_ids": list(c.person_ids),
                }
                for c in self.checks
            ],
            "unexplained_removals": list(self.unexplained_removals),
            "adds_up": self.adds_up,
            "messages": list(self.messages),
        }


def _removal_kind(person: Person | None, old: ListVersion, new: ListVersion) -> FlowKind | None:
    """How the registry explains a person's leaving the list: the end of a custody period in
    (old date, new date] (a death wins over a release in the same window), or else the
    organisation's recognition withdrawn in that window."""
    if person is None:
        return None
    lo, hi = old.as_of, new.as_of
    reasons = [
        p.end_reason for p in person.custody if p.end is not None and lo < p.end.first_day <= hi
    ]
    if reasons:
        return FlowKind.DIED if EndReason.DIED in reasons else FlowKind.RELEASED
    for r in person.recognitions:
        if r.organisation != old.organisation:
            continue
        withdrawn = r.status is RecognitionStatus.WITHDRAWN and lo < r.start.first_day <= hi
        ended = r.status is RecognitionStatus.RECOGNISED and r.end and lo < r.end.first_day <= hi
        if withdrawn or ended:
            return FlowKind.WITHDRAWN
    return None


def reconcile(
    old: ListVersion,
    new: ListVersion,
    stated: Iterable[Flow] = (),
    persons: Mapping[PersonId, Person] | Iterable[Person] = (),
) -> Reconciliation:
    """Compare two versions of one organisation's list with the flows it published.

    `persons` (the registry's records, by id or as a list) explain removals: a person whose
    custody ended between the two dates was released (or died, when the end reason says so).
    """
    if old.organisation != new.organisation:
        raise ValueError(
            f"two different organisations' lists ({old.organisation}, {new.organisation})"
        )
    if new.as_of < old.as_of:
        old, new = new, old
    if not isinstance(persons, Mapping):
        persons = {p.id: p for p in persons}
    stated = tuple(stated)
    added = new.person_ids - old.person_ids
    removed = old.person_ids - new.person_ids
    by_kind: dict[FlowKind | None, list[PersonId]] = {}
    for pid in removed:
        by_kind.setdefault(_removal_kind(persons.get(pid), old, new), []).append(pid)
    observed = {kind: by_kind.get(kind, []) for kind in FlowKind}
    observed[FlowKind.ADDED] = list(added)
    unexplained = sorted_ids(by_kind.get(None, []))
    checks = []
    for kind, ids in observed.items():
        flows = [f for f in stated if f.kind is kind]
        checks.append(
            FlowCheck(
                kind, sum(f.count for f in flows) if flows else None, len(ids), sorted_ids(ids)
            )
        )
    old_n, new_n = len(old.person_ids), len(new.person_ids)
    expected = old_n + sum(f.signed for f in stated) if stated else None
    gap = None if expected is None else new_n - expected
    messages = []
    if gap:
        terms = " ".join(
            f"{'+' if f.kind is FlowKind.ADDED else '−'} {f.count} {f.label}" for f in stated
        )
        messages.append(
            f"The stated flows do not add up: {old_n} {terms} = {expected}, "
            f"but the list of {new.as_of.isoformat()} holds {new_n} (a gap of {gap:+d})."
        )
    for c in checks:
        if not c.agrees:
            messages.append(
                f"{c.kind}: {c.stated} stated, {c.observed} seen in the lists and the registry."
            )
    if unexplained:
        messages.append(
            f"{len(unexplained)} persons left the list with no release, death or withdrawal "
            "recorded between the two dates."
        )
    adds_up = not gap and all(c.agrees for c in checks) and not unexplained
    return Reconciliation(
        organisation=old.organisation,
        old_as_of=old.as_of.isoformat(),
        new_as_of=new.as_of.isoformat(),
        old_count=old_n,
        new_count=new_n,
        difference=new_n - old_n,
        stated_flows=stated,
        expected_new=expected,
        gap=gap,
        checks=tuple(checks),
        unexplained_removals=unexplained,
        adds_up=adds_up,
        messages=tuple(messages),
    )
