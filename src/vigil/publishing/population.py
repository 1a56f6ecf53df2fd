"""Registry rows → the figures core's plain persons (`vigil.figures.Person`).

One values() query per kind of record (persons, occupations, custody periods, recognitions,
cases, charges, placements), never one per person. Every query goes through a *scope*:

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
from collections import OrderedDict, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q

from vigil import changelog
from vigil.accounts.actors import ANONYMOUS, Actor, acting_for
from vigil.accounts.models import Organisation, Role
from vigil.dates import PartialDate
from vigil.figures import CustodyPeriod as CorePeriod
from vigil.figures import Person as CorePerson
from vigil.figures import Population
from vigil.figures import Recognition as CoreRecognition
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


def _partial(day: dt.date | None, precision: str | None) -> PartialDate | None:
    return PartialDate.from_parts(day, precision or "D")


def _standing(day: dt.date | None, precision: str | None, as_of: dt.date) -> bool:
    """Whether a dated fact had happened by the end of `as_of` (first-day rule)."""
    return day is None or _partial(day, precision).first_day <= as_of


def load_persons(scope: Scope, as_of: dt.date,
                 only: Iterable[int] | None = None) -> list[CorePerson]:
    """Every person in the scope (of the ids `only`, when given), as the core's `Person`,
    with their custody periods, recognitions and attributes as of the end of `as_of`."""
    if only is not None:
        only = list(only)

    def of(model: type[m.Record], person: str = "person_id"):
        records = scope.of(model)
        return records if only is None else records.filter(**{f"{person}__in": only})

    persons = of(m.Person, "pk")
    person_ids = persons.values("pk")
    rows = list(persons.values("id", "gender", "region__slug", "tracking_status"))

    occupations: dict[int, set[str]] = defaultdict(set)
    groups: dict[int, set[str]] = defaultdict(set)
    through = m.Person.occupations.through.objects.filter(person_id__in=person_ids)
    for pid, slug, group in through.values_list("person_id", "occupation__slug",
                                                 "occupation__group"):
        occupations[pid].add(slug)
        groups[pid].add(group)

    custody: dict[int, list[CorePeriod]] = defaultdict(list)
    for r in of(m.CustodyPeriod).values(
        "person_id", "kind", "started", "started_precision", "ended", "ended_precision",
        "end_reason",
    ).order_by("started", "pk"):
        ended = _partial(r["ended"], r["ended_precision"])
        custody[r["person_id"]].append(CorePeriod(
            start=_partial(r["started"], r["started_precision"]),
            end=ended,
            end_reason=END_REASONS.get(r["end_reason"], "other") if ended else None,
            kind=CUSTODY_KINDS.get(r["kind"], "other"),
        ))

    recognitions: dict[int, list[CoreRecognition]] = defaultdict(list)
    # Same-day records in (date, pk) order: the core lets the last one win (DESIGN §3.5).
    for r in of(m.Recognition).values(
        "person_id", "organisation__slug", "status", "since", "since_precision", "until",
        "until_precision",
    ).order_by("since", "pk"):
        recognitions[r["person_id"]].append(CoreRecognition(
            organisation=r["organisation__slug"], status=r["status"],
            start=_partial(r["since"], r["since_precision"]),
            end=_partial(r["until"], r["until_precision"]),
        ))

    cases = of(m.Case)
    articles: dict[int, set[str]] = defaultdict(set)
    case_person = dict(cases.values_list("pk", "person_id"))
    charges = m.Case.charges.through.objects.filter(case_id__in=cases.values("pk"))
    for case_id, article in charges.values_list("case_id", "article__article"):
        articles[case_person[case_id]].add(article)
    case_status: dict[int, str] = {}
    sentence_kind: dict[int, str] = {}
    for r in cases.values(
        "person_id", "opened", "opened_precision", "verdict", "verdict_date",
        "verdict_date_precision", "sentence_kind",
    ).order_by("opened", "pk"):
        if not _standing(r["opened"], r["opened_precision"], as_of):
            continue
        decided = r["verdict"] != m.Verdict.PENDING and r["verdict_date"] is not None and \
            _standing(r["verdict_date"], r["verdict_date_precision"], as_of)
        case_status[r["person_id"]] = r["verdict"] if decided else m.Verdict.PENDING
        if decided and r["verdict"] == m.Verdict.CONVICTED and r["sentence_kind"]:
            sentence_kind[r["person_id"]] = r["sentence_kind"]

    facility: dict[int, str] = {}
    for r in of(m.Placement, "custody__person_id").values(
        "custody__person_id", "facility__slug", "since", "since_precision", "until",
        "until_precision",
    ).order_by("since", "pk"):
        began = r["since"] is None or _standing(r["since"], r["since_precision"], as_of)
        over = r["until"] is not None and _standing(r["until"], r["until_precision"], as_of)
        if began and not over:
            facility[r["custody__person_id"]] = r["facility__slug"]

    return [
        CorePerson(
            id=r["id"],
            gender=r["gender"] or None,
            region=r["region__slug"],
            occupations=occupations.get(r["id"], ()),
            occupation_groups=groups.get(r["id"], ()),
            articles=articles.get(r["id"], ()),
            facility=facility.get(r["id"]),
            sentence_kind=sentence_kind.get(r["id"]),
            case_status=case_status.get(r["id"]),
            status=TRACKING.get(r["tracking_status"], "unknown"),
            custody=custody.get(r["id"], ()),
            recognitions=recognitions.get(r["id"], ()),
        )
        for r in rows
    ]


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
        return Population(load_persons(scope, as_of))
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
        return Population(load_persons(scope, as_of))
    population = _brought_up_to_date(kept, scope, as_of, serial) if kept else None
    if population is None:
        population = Population(load_persons(scope, as_of))
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
    return kept.population.replaced(changed, load_persons(scope, as_of, only=changed))


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
