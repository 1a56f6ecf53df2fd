"""Two versions of an organisation's list reconciled against the registry's flows.

The figures core (`vigil.figures.reconcile`) does the arithmetic; this module feeds it the
two versions (their persons, after merges, and the day each stands for) and the registry's
records of the persons who left the list: a custody period ended between the two days
(released, or died), or the organisation's recognition withdrawn. Those records are read
through a scope: the viewer's (`Scope.for_actor`) on the comparison page, the whole registry
on the command line. See docs/lists.md, "Reconciling two versions".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from vigil.figures import Flow, FlowKind, Reconciliation, reconcile
from vigil.lists.models import ListVersion
from vigil.lists.snapshots import core_version
from vigil.publishing.population import Scope, load_persons
from vigil.registry import models as m

REMOVALS = (FlowKind.RELEASED, FlowKind.DIED, FlowKind.WITHDRAWN)


@dataclass(frozen=True)
class PersonsScope(Scope):
    """A scope narrowed to some persons, so that only their records are read."""

    person_ids: frozenset[int] = frozenset()

    def of(self, model: type[m.Record]):
        records = super().of(model)
        if model is m.Person:
            return records.filter(pk__in=self.person_ids)
        path = next(p for p in model.scope_parents if p.split("__")[-1] == "person")
        return records.filter(**{f"{path}_id__in": self.person_ids})


@dataclass(frozen=True)
class VersionReconciliation:
    """The core's reconciliation of two list versions, with the versions behind it."""

    old: ListVersion
    new: ListVersion
    result: Reconciliation
    scope: Scope

    def flow(self, kind: FlowKind) -> int:
        return next(c.observed for c in self.result.checks if c.kind is kind)

    @property
    def expected_from_flows(self) -> int:
        """Version one, plus those added, less those whom the registry shows leaving."""
        removed = sum(self.flow(kind) for kind in REMOVALS)
        return self.result.old_count + self.flow(FlowKind.ADDED) - removed

    @property
    def same_day(self) -> bool:
        return self.result.old_as_of == self.result.new_as_of

    def as_dict(self) -> dict:
        out = self.result.as_dict()
        out["list"] = self.new.list_name
        out["old"]["version"], out["new"]["version"] = self.old.number, self.new.number
        out["recorded_flows"] = {str(k): self.flow(k) for k in (FlowKind.ADDED, *REMOVALS)}
        out["expected_from_flows"] = self.expected_from_flows
        out["scope"] = self.scope.description
        return out


def reconcile_versions(old: ListVersion, new: ListVersion, scope: Scope,
                       stated: Iterable[Flow] = ()) -> VersionReconciliation:
    """Reconcile two versions of one list (in either order; the earlier-dated one first)."""
    if (old.organisation_id, old.list_name) != (new.organisation_id, new.list_name):
        raise ValueError(f"{old} and {new} are not versions of one list")
    slug = old.organisation.slug
    core_old, core_new = core_version(old, slug), core_version(new, slug)
    if core_new.as_of < core_old.as_of:
        old, new, core_old, core_new = new, old, core_new, core_old
    leavers = frozenset(core_old.person_ids - core_new.person_ids)
    narrowed = PersonsScope(scope.actor, scope.description, scope.published_only,
                            person_ids=leavers)
    persons = load_persons(narrowed, core_new.as_of)
    result = reconcile(core_old, core_new, stated, persons)
    return VersionReconciliation(old, new, result, scope)
