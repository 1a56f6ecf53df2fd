"""The reconciliation service for OpenRefine (W3C Reconciliation Service API 0.2): a
spreadsheet's names, in any spelling, matched to the published persons of the public registry.

Only named persons of the public projection are candidates, and only their public facts are
returned. A candidate is `match: true` only when it is unambiguous: its name is equivalent to
the query's (score ≥ MATCH_SCORE), no other candidate comes close, and no property given with
the query (a birth year) disagrees. Two namesakes are never matched without a property that
tells them apart.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from vigil.accounts.actors import ANONYMOUS
from vigil.names import compare_names
from vigil.public.registry import PublicDay, facility_now, today
from vigil.publishing.population import organisation_names
from vigil.publishing.projection import named_persons, public_records
from vigil.registry import models as m
from vigil.registry.search import matching_persons

PERSON_TYPE = {"id": "person", "name": "Person"}
MATCH_SCORE = 90  # a name equivalent to the query's (compare_names ≥ 0.9)
CLOSE = 5  # a second candidate within this many points makes the best one ambiguous
CANDIDATES = 50  # persons scored per query, at most
DEFAULT_LIMIT, MAX_LIMIT = 5, 25
QUERY_PROPERTIES = {"birth_year": "Birth year"}
EXTEND_PROPERTIES = {
    "birth_year": "Birth year",
    "status": "Custody status",
    "facility": "Held at",
    "articles": "Criminal Code articles",
    "recognised_by": "Recognised by",
}


class BadRequest(ValueError):
    """A malformed request; the message names the parameter."""


@dataclass
class Query:
    text: str
    limit: int
    birth_year: int | None


def parse_queries(raw: str) -> dict[str, Query]:
    try:
        batch = json.loads(raw)
    except (ValueError, RecursionError):
        raise BadRequest(_("queries: not valid JSON.")) from None
    if not isinstance(batch, dict):
        raise BadRequest(_("queries: give an object of queries keyed by their ids."))
    return {str(key): parse_query(key, value) for key, value in batch.items()}


def parse_query(key, value) -> Query:
    """One query of a batch (0.2 § "Structure of a Reconciliation Query"): a text `query`
    and/or `properties`, each a `pid` with one or more values `v`; `limit` a positive
    integer."""
    if not isinstance(value, dict) or not isinstance(value.get("query", ""), str):
        raise BadRequest(_("queries.%(key)s: give an object with a text \"query\".")
                         % {"key": key})
    limit = value.get("limit", DEFAULT_LIMIT)
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        raise BadRequest(_("queries.%(key)s.limit: give a whole number above 0.") % {"key": key})
    birth_year = None
    properties = value.get("properties") or []
    if not isinstance(properties, list) or not all(isinstance(p, dict) for p in properties):
        raise BadRequest(_("queries.%(key)s.properties: give objects with pid and v.")
                         % {"key": key})
    for prop in properties:
        if prop.get("pid") == "birth_year" and birth_year is None:
            birth_year = year_of(prop.get("v"))
    if not value.get("query", "").strip() and birth_year is None:
        raise BadRequest(_("queries.%(key)s: give a query or properties.") % {"key": key})
    return Query(value.get("query", "").strip(), min(limit, MAX_LIMIT), birth_year)


def year_of(values) -> int | None:
    """The first year among a property's values: `v` may hold one value or an array of them,
    a year as text ("1962", "1962-09-25") or as a number."""
    for value in values if isinstance(values, list) else [values]:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            continue
        text = str(int(value)) if isinstance(value, float) else str(value).strip()
        if text[:4].isdigit():
            return int(text[:4])
    return None


def with_public_names(persons):
    """The persons with their publication and only their public names (`person.names.all()`
    and `display_name` then read those: a coalition's spelling or a deleted one never
    shows)."""
    return persons.select_related("publication").prefetch_related(
        Prefetch("names", queryset=public_records(m.NameVariant)))


def candidates(text: str):
    """The first CANDIDATES persons the text finds, in a fixed order (the same batch gets
    the same answer on any database)."""
    persons = matching_persons(named_persons(), ANONYMOUS, text) if text else named_persons()
    return with_public_names(persons.order_by("pk"))[:CANDIDATES]


def score(query: Query, person: m.Person) -> tuple[float, bool]:
    """(score 0–100, whether a property disagrees)."""
    best = max((compare_names(query.text, n.text).score for n in person.names.all()),
               default=0.0) if query.text else 1.0
    points, disagrees = best * 100, False
    if query.birth_year and person.birth_date:
        gap = abs(person.birth_date.year - query.birth_year)
        if gap >= 2:
            points, disagrees = points * 0.5, True
        elif gap == 1:
            points *= 0.9
    return round(points, 1), disagrees


def reconcile(query: Query) -> list[dict]:
    scored = []
    for person in candidates(query.text):
        points, disagrees = score(query, person)
        scored.append((points, disagrees, person))
    scored.sort(key=lambda s: (-s[0], s[2].publication.slug))
    results = []
    for i, (points, disagrees, person) in enumerate(scored[:query.limit]):
        runner_up = scored[1][0] if len(scored) > 1 else None
        unambiguous = runner_up is None or points - runner_up >= CLOSE
        results.append({
            "id": person.publication.slug,
            "name": person.display_name,
            "score": points,
            "match": i == 0 and points >= MATCH_SCORE and unambiguous and not disagrees,
            "type": [PERSON_TYPE],
            "description": describe(person),
        })
    return results


def describe(person: m.Person) -> str:
    born = _("born %(year)s") % {"year": person.birth_date.year} if person.birth_date else ""
    other = [n.text for n in person.names.all() if n.text != person.display_name]
    return "; ".join(part for part in (" · ".join(other), born) if part)


def suggest(prefix: str, limit: int = DEFAULT_LIMIT, cursor: int = 0) -> list[dict]:
    """Persons whose names start so (0.2 § "Suggest Queries": `cursor` skips that many
    suggestions, for the next ones)."""
    if not prefix.strip():
        return []
    return [{"id": p.publication.slug, "name": p.display_name, "description": describe(p),
             "notable": [PERSON_TYPE]}
            for p in candidates(prefix.strip())[cursor:cursor + limit]]


def extend(slugs: list[str], properties: list[str]) -> dict:
    unknown = [p for p in properties if p not in EXTEND_PROPERTIES]
    if unknown:
        raise BadRequest(_("extend.properties: unknown %(names)s; known: %(known)s.")
                         % {"names": ", ".join(unknown), "known": ", ".join(EXTEND_PROPERTIES)})
    persons = {p.publication.slug: p for p in named_persons().filter(
        publication__slug__in=slugs).select_related("publication")}
    day = PublicDay.of(today())
    states = day.states()
    core = {p.id: p for p in day.population if p.id in {x.pk for x in persons.values()}}
    rows = {}
    for slug in slugs:
        person = persons.get(slug)
        rows[slug] = {prop: _values(prop, person, core.get(person.pk) if person else None,
                                    states) for prop in properties}
    return {"meta": [{"id": p, "name": EXTEND_PROPERTIES[p]} for p in properties],
            "rows": rows}


def _values(prop: str, person, core, states) -> list[dict]:
    if person is None:
        return []
    if prop == "birth_year":
        return [{"str": str(person.birth_date.year)}] if person.birth_date else []
    if prop == "status":
        return [{"str": states.get(person.pk, "never_held")}]
    if core is None:
        return []
    if prop == "facility":
        facility = facility_now(core.facility)
        return [{"str": str(facility)}] if facility else []
    if prop == "articles":
        return [{"str": a} for a in sorted(core.articles)]
    recognising = sorted({r.organisation for r in core.recognitions
                          if r.status == "recognised"})
    names = organisation_names(recognising)
    return [{"str": names.get(slug, slug)} for slug in recognising]
