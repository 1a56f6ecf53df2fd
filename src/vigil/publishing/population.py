"""Registry rows → the figures core's persons, column by column (`vigil.figures.columns`).

One query per kind of record (persons, occupations, custody periods, recognitions, cases,
charges, placements), never one per person, read through a raw cursor straight into numpy
arrays (`load_columns`). Every query goes through a *scope*:

- `Scope.for_actor(actor)`: what a user may see (`Model.objects.for_actor(actor)`), used by
  the web pages; a figure counted on a page counts only the records its viewer may see, so a
  filtered count cannot reveal a record the viewer could not open;
- `Scope.whole_registry()`: every live (not deleted) record of every organisation, used by the
  command line, which runs as an operator of the server (whoever may run `vigil` may read the
  database), and by the demo's releases.

Deleted records are left out in both. The attributes that change over time (facility,
sentence kind, case status) are taken as they stood at the end of the figure's day (`as_of`,
the last day of a "during" period): see docs/figures.md, "Figures from the registry".
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, replace

import numpy as np
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Func, IntegerField, Q

from vigil import changelog
from vigil.accounts.actors import ANONYMOUS, Actor, acting_for
from vigil.accounts.models import Organisation, Role
from vigil.figures import Person as CorePerson
from vigil.figures import Population
from vigil.figures.columns import (
    KINDS,
    MISSING,
    REASONS,
    STATUSES,
    Coded,
    Columns,
    CustodyRows,
    Dates,
    RecognitionRows,
    SetRows,
)
from vigil.figures.counting import NEG, POS
from vigil.publishing.projection import published_q
from vigil.registry import models as m

# registry vocabulary -> the core's
CUSTODY_KINDS = {
    m.CustodyKind.ADMINISTRATIVE: "administrative_arrest",
    m.CustodyKind.PRETRIAL: "pre_trial",
    m.CustodyKind.SENTENCE: "sentence",
    m.CustodyKind.HOUSE_ARREST: "house_arrest",
    m.CustodyKind.PSYCHIATRIC: "psychiatric",
}
END_REASONS = {
    m.EndReason.SERVED: "served",
    m.EndReason.PARDONED: "pardoned",
    m.EndReason.AMNESTIED: "amnestied",
    m.EndReason.ACQUITTED: "acquitted",
    m.EndReason.EXCHANGED: "exchanged",
    m.EndReason.DIED: "died",
    m.EndReason.EXILED: "released_to_exile",
}  # released pending trial, sentenced, sentence changed, other: "other"
TRACKING = {
    m.TrackingStatus.KNOWN: "documented",
    m.TrackingStatus.UNKNOWN: "unknown",
    m.TrackingStatus.MISSING: "missing",
    m.TrackingStatus.ABDUCTED: "abducted",
    m.TrackingStatus.RESTRICTED: "restricted",
}


@dataclass(frozen=True)
class Scope:
    """Which records a figure may count: an actor's view, or the whole live registry."""

    actor: Actor | None  # None: the whole registry (operator)
    description: str
    published_only: bool = False  # the public projection: published persons only (DESIGN §8)

    @classmethod
    def for_actor(cls, actor: Actor) -> Scope:
        return cls(actor, "records visible to the viewer's organisation")

    @classmethod
    def whole_registry(cls) -> Scope:
        return cls(None, "whole registry (every organisation's live records, as an operator)")

    @classmethod
    def public(cls) -> Scope:
        """What the public may count: public records of the persons organisations have
        published, named or withheld (`publishing.projection`)."""
        return cls(ANONYMOUS, "public records of published persons", published_only=True)

    def visibility_key(self) -> tuple:
        """What decides which records the scope holds: the organisation, its role and its
        coalition partners (what `visible_q` reads), not which of its users asks; so the
        users of one organisation share a kept registry (a test pins that the user does not
        change the records an actor sees)."""
        if self.actor is None:
            return ("whole registry",)
        if self.published_only:
            return ("public",)
        actor = self.actor
        return ("actor", actor.organisation_id, actor.role, actor.coalition_org_ids)

    def of(self, model: type[m.Record]):
        if self.published_only:
            return model.objects.for_actor(self.actor).filter(published_q(model))
        if self.actor is not None:
            return model.objects.for_actor(self.actor)
        live = Q(deleted_at__isnull=True)
        for path in model.scope_parents:
            live &= Q(**{f"{path}__deleted_at__isnull": True})
        return model.objects.filter(live)


def organisation_actor(organisation: Organisation) -> Actor:
    """An actor standing for an organisation as a whole (a viewer of it): what a release
    published by that organisation counts, recomputed later."""
    return acting_for(organisation.pk, Role.VIEWER)


CHUNK = 50_000  # rows fetched at a time: the load never holds a whole table as tuples


class Ordinal(Func):
    """A date as its day ordinal (`date.toordinal()`; NULL stays NULL), worked out by the
    database so that no date object is made per row."""

    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, **extra,
                           template="CAST(julianday(%(expressions)s) - 1721424.5 AS INTEGER)")

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, **extra,
                           template="(%(expressions)s - DATE '0001-01-01' + 1)")


def _read(queryset, columns: dict[str, str]) -> dict[str, object]:
    """The queryset's rows as columns, read with one query through a raw cursor (no model
    instance, no per-value converter), `CHUNK` rows at a time. `columns` maps each field
    path to what it becomes: "int" (int64; NULL: -1), "date" (a day ordinal as float64;
    NULL: NaN) or "text" (a tuple of str or None)."""
    dates = {f"{name}_day": Ordinal(name) for name, kind in columns.items() if kind == "date"}
    names = [f"{n}_day" if k == "date" else n for n, k in columns.items()]
    parts: dict[str, list] = {name: [] for name in columns}
    try:
        sql, params = queryset.annotate(**dates).values_list(*names).query.sql_with_params()
    except EmptyResultSet:  # a filter that matches nothing (no changed person, say)
        return {name: _joined(part, columns[name]) for name, part in parts.items()}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(CHUNK):
            for name, values in zip(columns, zip(*rows, strict=True), strict=True):
                parts[name].append(_array(values, columns[name]))
    return {name: _joined(part, columns[name]) for name, part in parts.items()}


def _array(values: tuple, kind: str):
    if kind == "text":
        return values
    floats = np.array(values, dtype=np.float64)  # NULL (None) becomes NaN
    return floats if kind == "date" else np.where(np.isnan(floats), -1, floats).astype(np.int64)


def _joined(parts: list, kind: str):
    if kind == "text":
        return tuple(v for part in parts for v in part)
    return np.concatenate(parts) if parts else _array((), kind)


def _vocabulary(ids: np.ndarray, names: dict[int, str]) -> Coded:
    """Vocabulary ids (-1: none) as the names they stand for (`names`: id -> name)."""
    distinct, inverse = np.unique(ids, return_inverse=True)
    values = tuple(sorted({names[i] for i in distinct.tolist() if i != -1}))
    index = {v: c for c, v in enumerate(values)}
    codes = np.array([MISSING if i == -1 else index[names[i]] for i in distinct.tolist()],
                     dtype=np.int32)
    return Coded(codes[inverse] if len(ids) else np.zeros(0, np.int32), values)


def _precision(values: tuple[str, ...]) -> np.ndarray:
    """A precision column ("D", "M", "Y"; blank: a day) as `Columns` codes."""
    text = np.array(values, dtype="U1") if values else np.zeros(0, dtype="U1")
    return (text == "M").astype(np.int8) + 2 * (text == "Y").astype(np.int8)


def _dates(rows: dict, name: str, missing: int) -> Dates:
    return Dates.from_ordinals(rows[name], _precision(rows[f"{name}_precision"]), missing)


def _standing(days: np.ndarray, as_of: dt.date) -> np.ndarray:
    """Whether each dated fact had happened by the end of `as_of` (no date: always); a
    partial date counts from its first day, which is the day stored."""
    return np.isnan(days) | (days <= as_of.toordinal())


def _last(owner: np.ndarray, chosen: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per person, the last chosen row (rows are in date order): (persons, rows)."""
    rows = np.flatnonzero(chosen)[::-1]
    persons, first = np.unique(owner[rows], return_index=True)
    return persons, rows[first]


def _per_person(n: int, persons: np.ndarray, values: tuple) -> Coded:
    """One value (or none) per person from the values of some of them."""
    out = np.full(n, None, dtype=object)
    if len(persons):
        out[persons] = np.array(values, dtype=object)
    return Coded.of(out.tolist())


def _coded(values: tuple, mapping: dict[str, str], default: str | None,
           vocabulary: tuple) -> np.ndarray:
    """Registry codes as indexes into the core's `vocabulary` (via `mapping`)."""
    index = {str(v): i for i, v in enumerate(vocabulary)}
    return np.array([index[mapping.get(v, default or v)] for v in values], dtype=np.int8)


class _Owners:
    """Registry person ids -> positions in the loaded persons (which are in id order)."""

    def __init__(self, ids: np.ndarray):
        self.ids = ids

    def of(self, person_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(positions, which rows name a loaded person): rows of others are left out."""
        at = np.minimum(np.searchsorted(self.ids, person_ids), max(len(self.ids) - 1, 0))
        found = self.ids[at] == person_ids if len(self.ids) else np.zeros(len(person_ids), bool)
        return at[found], found


def _set_rows(owner: np.ndarray, values: Coded) -> SetRows:
    """One row per (person, value), duplicates dropped."""
    key = owner * (len(values.values) + 1) + values.codes
    _, first = np.unique(key, return_index=True)
    return SetRows(owner[first], values.take(first))


def _names(model, field: str = "slug") -> dict[int, str]:
    return dict(model.objects.values_list("pk", field))


def load_columns(scope: Scope, as_of: dt.date, only: Iterable[int] | None = None) -> Columns:
    """Every person in the scope (of the ids `only`, when given), column by column (the
    core's `Columns`), with their custody periods, recognitions and attributes as of the end
    of `as_of`: one query per table, straight into arrays (and one per vocabulary)."""
    if only is not None:
        only = list(only)

    def of(model: type[m.Record], person: str = "person_id"):
        records = scope.of(model)
        return records if only is None else records.filter(**{f"{person}__in": only})

    persons = of(m.Person, "pk")
    p = _read(persons.order_by("pk"), {"id": "int", "gender": "text", "region_id": "int",
                                       "tracking_status": "text"})
    owners = _Owners(p["id"])
    n = len(p["id"])
    return Columns(
        ids=p["id"],
        single={"gender": Coded.of([g or None for g in p["gender"]]),
                "region": _vocabulary(p["region_id"], _names(m.Region)),
                "status": Coded.of([TRACKING.get(t, "unknown") for t in p["tracking_status"]]),
                "facility": _facility(of(m.Placement, "custody__person_id"), owners, n, as_of),
                **_case_attributes(of(m.Case), owners, n, as_of)},
        status_since=Dates(np.full(n, NEG, dtype=np.int64), np.full(n, MISSING, np.int8)),
        status_until=Dates(np.full(n, POS, dtype=np.int64), np.full(n, MISSING, np.int8)),
        sets={**_occupations(persons, owners), "articles": _articles(of(m.Case), owners)},
        custody=_custody(of(m.CustodyPeriod), owners),
        recognitions=_recognitions(of(m.Recognition), owners),
    )


def _occupations(persons, owners: _Owners) -> dict[str, SetRows]:
    r = _read(m.Person.occupations.through.objects.filter(person_id__in=persons.values("pk")),
              {"person_id": "int", "occupation_id": "int"})
    owner, found = owners.of(r["person_id"])
    ids = r["occupation_id"][found]
    return {"occupations": _set_rows(owner, _vocabulary(ids, _names(m.Occupation))),
            "occupation_groups": _set_rows(owner, _vocabulary(ids, _names(m.Occupation,
                                                                          "group")))}


def _custody(periods, owners: _Owners) -> CustodyRows:
    r = _read(periods.order_by("started", "pk"), {
        "person_id": "int", "kind": "text", "started": "date", "started_precision": "text",
        "ended": "date", "ended_precision": "text", "end_reason": "text"})
    owner, found = owners.of(r["person_id"])
    ended = ~np.isnan(r["ended"])
    reasons = _coded(r["end_reason"], END_REASONS, "other", REASONS)
    rows = CustodyRows(
        np.zeros(len(found), dtype=np.int64), _coded(r["kind"], CUSTODY_KINDS, "other", KINDS),
        _dates(r, "started", NEG), _dates(r, "ended", POS),
        np.where(ended, reasons, MISSING).astype(np.int8))
    return replace(rows.take(found), owner=owner)


def _recognitions(records, owners: _Owners) -> RecognitionRows:
    # Same-day records in (date, pk) order: the core lets the last one win (DESIGN §3.5).
    r = _read(records.order_by("since", "pk"), {
        "person_id": "int", "organisation_id": "int", "status": "text", "since": "date",
        "since_precision": "text", "until": "date", "until_precision": "text"})
    owner, found = owners.of(r["person_id"])
    rows = RecognitionRows(
        np.zeros(len(found), dtype=np.int64),
        _vocabulary(r["organisation_id"], _names(Organisation)),
        _coded(r["status"], {}, None, STATUSES),
        _dates(r, "since", NEG), _dates(r, "until", POS))
    return replace(rows.take(found), owner=owner)


def _articles(cases, owners: _Owners) -> SetRows:
    charges = _read(m.Case.charges.through.objects.filter(case_id__in=cases.values("pk")),
                    {"case__person_id": "int", "article_id": "int"})
    owner, found = owners.of(charges["case__person_id"])
    return _set_rows(owner, _vocabulary(charges["article_id"][found],
                                        _names(m.Article, "article")))


def _case_attributes(cases, owners: _Owners, n: int, as_of: dt.date) -> dict[str, Coded]:
    """The verdict of each person's latest case opened by `as_of` (pending unless decided
    by then), and the sentence of the latest conviction decided by then."""
    r = _read(cases.order_by("opened", "pk"), {
        "person_id": "int", "opened": "date", "verdict": "text", "verdict_date": "date",
        "sentence_kind": "text"})
    owner, found = owners.of(r["person_id"])
    verdict = np.array(r["verdict"], dtype=object)[found]
    opened = _standing(r["opened"][found], as_of)
    dated = r["verdict_date"][found]
    decided = (verdict != m.Verdict.PENDING) & ~np.isnan(dated) & _standing(dated, as_of)
    status = np.where(decided, verdict, m.Verdict.PENDING.value)
    kind = np.array(r["sentence_kind"], dtype=object)[found]
    persons, rows = _last(owner, opened)
    sentenced, sentence = _last(owner, opened & decided & (verdict == m.Verdict.CONVICTED)
                                & (kind != "") & (kind != None))  # noqa: E711 - elementwise
    return {"case_status": _per_person(n, persons, tuple(status[rows])),
            "sentence_kind": _per_person(n, sentenced, tuple(kind[sentence]))}


def _facility(placements, owners: _Owners, n: int, as_of: dt.date) -> Coded:
    """Where each person was placed at the end of `as_of`."""
    r = _read(placements.order_by("since", "pk"), {
        "custody__person_id": "int", "facility_id": "int", "since": "date", "until": "date"})
    owner, found = owners.of(r["custody__person_id"])
    began = _standing(r["since"][found], as_of)
    until = r["until"][found]
    over = ~np.isnan(until) & (until <= as_of.toordinal())
    persons, rows = _last(owner, began & ~over)
    facility = _vocabulary(r["facility_id"][found][rows], _names(m.Facility))
    return _per_person(n, persons, tuple(facility.value(i) for i in range(len(rows))))


def load_persons(scope: Scope, as_of: dt.date) -> list[CorePerson]:
    """The scope's persons as core `Person`s (for the functions that read a person's
    records one by one; figures use `load_columns`)."""
    return list(load_columns(scope, as_of).persons())


# --- loaded registries, kept and brought up to date as the registry changes ----------------
#
# Loading the registry is most of the cost of a figure (tens of seconds for a million records);
# the figures themselves are milliseconds once the core's Population has compiled them. So a
# loaded Population is kept, per scope and day, with the registry's change token
# (`RegistryChange`) and the change log's serial (`vigil.changelog`) it was loaded at. While
# the token is the same, nothing the loader reads has changed. When it is not, the persons
# the change log names since that serial are read again and replaced in the Population
# (`Population.replaced`): milliseconds for the few persons a form or an API call changes,
# whichever process wrote. A change naming no person (a vocabulary's slug) or more than
# MAX_REPLACED persons (an import) loads the whole scope again.
# The key holds what decides the scope's records (the organisation, role and coalition
# partners of the actor), so one viewer's figures are never counted from records loaded for
# a viewer who sees others.

KEPT_POPULATIONS = 4  # each holds every person of its scope
MAX_REPLACED = 5000  # more changed persons than this: load the scope again


@dataclass(frozen=True)
class _Kept:
    token: str
    serial: int
    population: Population


_kept: OrderedDict[tuple, _Kept] = OrderedDict()
_kept_lock = threading.Lock()


def registry_state() -> tuple[str | None, int]:
    """The registry's change token and the change log's serial, read together; the token is
    None when kept registries must not be used: the current transaction has written to the
    registry and not committed (PostgreSQL), or the marker row is missing (a flushed test
    database)."""
    with connection.cursor() as cursor:
        serial = changelog.serial_sql()
        if connection.vendor == "postgresql":
            cursor.execute("SELECT (SELECT token FROM publishing_registrychange WHERE id = 1), "  # noqa: S608
                           f"current_setting('vigil.registry_written', true), {serial}")
            token, written_here, at = cursor.fetchone()
            return (None if written_here == "on" else token), at or 0
        cursor.execute("SELECT (SELECT token FROM publishing_registrychange WHERE id = 1), "  # noqa: S608
                       f"{serial}")
        token, at = cursor.fetchone()
    return token, at or 0


def registry_token() -> str | None:
    """The registry's change token (see `registry_state`)."""
    return registry_state()[0]


def load_population(scope: Scope, as_of: dt.date) -> Population:
    """The scope's persons as of `as_of`, compiled for figures: kept from an earlier call and
    brought up to date from the change log. The token and serial are read first, so a write
    racing with the load is applied again by the next call."""
    token, serial = registry_state()
    if token is None:
        return Population(load_columns(scope, as_of))
    key = (connection.alias, connection.settings_dict["NAME"], scope.visibility_key(), as_of)
    with _kept_lock:
        kept = _kept.get(key)
        if kept is not None:
            _kept.move_to_end(key)
    if kept is not None and kept.token == token:
        return kept.population
    if connection.vendor == "sqlite" and connection.in_atomic_block:
        # SQLite cannot tell whether this transaction wrote: what it loads may be rolled
        # back, and then the change log's serials are given again to other changes, so a
        # Population kept or brought up to date here could go stale unseen.
        return Population(load_columns(scope, as_of))
    population = _brought_up_to_date(kept, scope, as_of, serial) if kept else None
    if population is None:
        population = Population(load_columns(scope, as_of))
    with _kept_lock:
        current = _kept.get(key)
        if current is None or current.serial <= serial:
            _kept[key] = _Kept(token, serial, population)
        while len(_kept) > KEPT_POPULATIONS:
            _kept.popitem(last=False)
    return population


def _brought_up_to_date(kept: _Kept, scope: Scope, as_of: dt.date,
                        serial: int) -> Population | None:
    """The kept Population with the persons changed since it was loaded read again, or None
    when the whole scope must be loaded again."""
    if serial < kept.serial:  # the log was emptied (a test database flushed)
        return None
    changed = changelog.changed_persons(kept.serial, serial, MAX_REPLACED)
    if changed is None:
        return None
    return kept.population.replaced(changed, load_columns(scope, as_of, only=changed))


def forget_loaded_populations() -> None:
    """Drop every kept Population (the next figure loads the registry again)."""
    with _kept_lock:
        _kept.clear()


def organisation_names(slugs: Iterable[str] | None = None) -> dict[str, str]:
    """Slug -> English name, for citations."""
    orgs = Organisation.objects.all()
    if slugs is not None:
        orgs = orgs.filter(slug__in=list(slugs))
    return dict(orgs.values_list("slug", "name_en"))
