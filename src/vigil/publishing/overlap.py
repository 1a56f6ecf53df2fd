"""The capture-pattern table of multiple systems estimation, built from the registry.

Each capture "list" is one organisation's imported list (or all of an organisation's lists
together), taken as the version that stood on the definition's day. A person is on a list
when one of that version's rows is linked to them: the record links the imports made
(docs/lists.md), with merges already applied, so a person found on three lists is one
person with the pattern 111 and two rows of one merged person count once.

Why list versions and not recognitions: a version is a frozen snapshot of what one
organisation documented, kept unchanged, so the same definition gives the same table
tomorrow; recognitions are edited, dated claims that other organisations' imports and
documenters also write, and they say whom an organisation recognised, not whom it found.
See docs/figures.md, "Estimating from the registry".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone as django_timezone

from vigil.accounts.models import Organisation
from vigil.figures import FigureDefinition, FigureError, Kind, local_date
from vigil.figures.model import field_values
from vigil.figures.mse import CaptureTable, table_from_records
from vigil.lists.models import ListEntry, ListVersion
from vigil.lists.snapshots import person_ids, version_as_of, version_date
from vigil.publishing.population import Scope, load_persons
from vigil.registry import models as m

MIN_LISTS = 3


class OverlapError(ValueError):
    """A definition that cannot be built; `option` names the input at fault."""

    def __init__(self, option: str, message: str):
        super().__init__(message)
        self.option = option


@dataclass(frozen=True)
class ListChoice:
    """`viasna/political-prisoners` (one list) or `viasna` (every list of the organisation)."""

    organisation: str
    list_name: str | None = None

    @classmethod
    def parse(cls, text: str) -> ListChoice:
        slug, _, name = text.strip().partition("/")
        if not slug.strip():
            raise OverlapError("--list", f"{text!r} names no organisation: write ORG or ORG/LIST")
        return cls(slug.strip(), name.strip() or None)

    @property
    def label(self) -> str:
        if self.list_name is None:
            return self.organisation
        return f"{self.organisation}/{self.list_name}"


@dataclass(frozen=True)
class UsedVersion:
    """A list version a capture list was taken from."""

    list_name: str
    number: int
    date: dt.date

    def as_dict(self) -> dict:
        return {"list": self.list_name, "version": self.number, "date": self.date.isoformat()}


@dataclass(frozen=True)
class CaptureList:
    choice: ListChoice
    versions: tuple[UsedVersion, ...]
    persons: int  # persons of the definition on this list

    def as_dict(self) -> dict:
        return {"name": self.choice.label, "organisation": self.choice.organisation,
                "versions": [v.as_dict() for v in self.versions], "persons": self.persons}


@dataclass(frozen=True)
class Overlap:
    """The observed table with where each list came from and who was left out."""

    table: CaptureTable
    lists: tuple[CaptureList, ...]
    as_of: dt.date | None
    where: tuple[tuple[str, tuple[str, ...]], ...]
    not_in_scope: int  # persons on a list whom the scope leaves out (deleted, or hidden)
    scope: str

    def patterns(self) -> list[tuple[tuple[int, ...], int]]:
        """Every observable pattern (on list j or not), in the core's order, with its count."""
        x, y = self.table.cells()
        return [(tuple(int(c) for c in row), int(n)) for row, n in zip(x, y, strict=True)]

    def notes(self) -> list[str]:
        out = []
        if self.not_in_scope:
            out.append(f"{self.not_in_scope} persons on these lists are not counted: deleted "
                       "from the registry (or, on a page, not visible to the viewer).")
        return out

    def as_dict(self) -> dict:
        return {
            "lists": [c.as_dict() for c in self.lists],
            "patterns": [
                {"pattern": "".join(map(str, p)), "count": n,
                 "on": [c.choice.label for c, bit in zip(self.lists, p, strict=True) if bit]}
                for p, n in self.patterns()
            ],
            "observed": self.table.observed,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "where": {name: list(values) for name, values in self.where},
            "scope": self.scope,
            "notes": self.notes(),
        }


def parse_choices(texts: Sequence[str]) -> list[ListChoice]:
    choices = [ListChoice.parse(t) for t in texts]
    labels = [c.label for c in choices]
    repeated = sorted({label for label in labels if labels.count(label) > 1})
    if repeated:
        raise OverlapError("--list", f"{', '.join(repeated)} named twice")
    if len(choices) < MIN_LISTS:
        raise OverlapError(
            "--list", f"multiple systems estimation needs three or more lists; "
            f"{len(choices)} given{': ' + ', '.join(labels) if labels else ''}")
    return choices


def _versions(choice: ListChoice, as_of: dt.date | None, timezone: str) -> list[ListVersion]:
    organisation = Organisation.objects.filter(slug=choice.organisation).first()
    if organisation is None:
        known = ", ".join(Organisation.objects.order_by("slug").values_list("slug", flat=True))
        raise OverlapError("--list", f"{choice.label}: no organisation {choice.organisation!r} "
                                     f"(known: {known or 'none'})")
    names = set(ListVersion.objects.filter(organisation=organisation)
                .values_list("list_name", flat=True))
    if not names:
        raise OverlapError("--list", f"{choice.label}: {choice.organisation} has imported no "
                                     "list yet")
    if choice.list_name is not None and choice.list_name not in names:
        raise OverlapError("--list", f"{choice.label}: {choice.organisation} has no list "
                                     f"{choice.list_name!r} (its lists: "
                                     f"{', '.join(sorted(names)) or 'none'})")
    wanted = [choice.list_name] if choice.list_name is not None else sorted(names)
    found = [version_as_of(organisation.pk, name, as_of, timezone) for name in wanted]
    versions = [v for v in found if v is not None]
    if not versions:
        when = f" by {as_of.isoformat()}" if as_of else ""
        raise OverlapError("--list", f"{choice.label}: no list version{when}")
    return versions


def _check_disjoint(by_choice: dict[ListChoice, list[ListVersion]]) -> None:
    """One list version in two capture lists would make them agree by construction."""
    seen: dict[int, ListChoice] = {}
    for choice, versions in by_choice.items():
        for v in versions:
            if v.pk in seen:
                raise OverlapError("--list", f"{seen[v.pk].label} and {choice.label} both take "
                                             f"{choice.organisation}/{v.list_name}")
            seen[v.pk] = choice


def _live(scope: Scope, versions: list[ListVersion]) -> set[int]:
    """The persons on `versions` that the scope counts (not deleted; on a page, visible)."""
    on_any = ListEntry.objects.filter(version__in=versions).values("person_id")
    return set(scope.of(m.Person).filter(pk__in=on_any).values_list("pk", flat=True))


def _matching(scope: Scope, day: dt.date, where, ids: set[int]) -> set[int]:
    """Those of `ids` whose attributes at the end of `day` match `where`."""
    if not where:
        return ids
    return {p.id for p in load_persons(scope, day) if p.id in ids
            and all(field_values(p, name) & set(values) for name, values in where)}


def build_overlap(texts: Sequence[str], scope: Scope, as_of: dt.date | None = None,
                  where: Iterable[tuple[str, str]] = (), timezone: str | None = None) -> Overlap:
    """The capture table over the named lists, each taken as of the end of `as_of` (the
    latest versions when None), counting the scope's persons that match `where`."""
    timezone = timezone or settings.VIGIL_FIGURES_TIME_ZONE
    choices = parse_choices(texts)
    day = as_of or local_date(django_timezone.now(), timezone)
    try:
        definition = FigureDefinition(Kind.STOCK, as_of=day, where=list(where),
                                      timezone=timezone)
    except FigureError as exc:
        raise OverlapError("--where", str(exc)) from None
    by_choice = {c: _versions(c, as_of, timezone) for c in choices}
    _check_disjoint(by_choice)
    on_lists = {c: frozenset().union(*(person_ids(v) for v in vs))
                for c, vs in by_choice.items()}
    everyone = frozenset().union(*on_lists.values())
    all_versions = [v for vs in by_choice.values() for v in vs]
    live = _live(scope, all_versions)
    counted = _matching(scope, day, definition.where, live)
    members = {pid: [c.label for c in choices if pid in on_lists[c]] for pid in counted}
    table = table_from_records([c.label for c in choices], members.values())
    lists = tuple(
        CaptureList(c, tuple(UsedVersion(v.list_name, v.number, version_date(v, timezone))
                             for v in by_choice[c]), len(on_lists[c] & counted))
        for c in choices
    )
    return Overlap(table, lists, as_of, definition.where, len(everyone - live),
                   scope.description)
