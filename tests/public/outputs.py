"""Every public output, for the canary sweep in tests/test_privacy.py: each route an anonymous
visitor may open (by its URL name, as in tests/test_access_matrix.py) with the paths that
exercise it, given the sweep's world (`public_world` there: `slug` of the published person,
`hidden_slugs` of those without a page, `release` slug, `statement` slug (a published
statement naming the person), `names` of the open-data files,
`queries` to search pages for, which show them back, and `full_names` for the services that
do not).

A new public output ships with its entry here: the sweep fails for an anonymous route of the
access matrix that has none. The static export's files are swept as a whole besides.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from urllib.parse import quote, urlencode

from django.conf import settings

from vigil.public.reconcile import EXTEND_PROPERTIES

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def each_language(*paths: str) -> list[str]:
    return [f"/{code}{path}" for code in LANGUAGES for path in paths]


def searches(w: dict, path: str) -> list[str]:
    return [f"{path}?{urlencode({'q': q})}" for q in w["queries"]]


def reconcile_queries(w: dict) -> list[str]:
    batch = {f"q{i}": {"query": q, "limit": 25}
             for i, q in enumerate(w["queries"] + w["full_names"])}
    batch["by-year"] = {"query": "", "properties": [{"pid": "birth_year", "v": "1962"}]}
    return [f"/reconcile/?queries={quote(json.dumps(batch))}"]


def reconcile_extend(w: dict) -> list[str]:
    extend = {"ids": [w["slug"], *w["hidden_slugs"]],
              "properties": [{"id": p} for p in EXTEND_PROPERTIES]}
    return [f"/reconcile/?extend={quote(json.dumps(extend))}"]


def release(w: dict, tail: str) -> list[str]:
    return each_language(f"/figures/{w['release']}/{tail}")


# route name -> paths (GET) that exercise it, from the sweep's world
PUBLIC_OUTPUTS: dict[str, Callable[[dict], list[str]]] = {
    "login": lambda w: ["/login/"],
    "healthz": lambda w: ["/healthz"],
    "public-home": lambda w: each_language("/", "/?as_of=2023-04-30", "/?as_of=2021-12-31"),
    "public-prisoners": lambda w: [
        *each_language("/prisoners/", "/prisoners/?sort=name&size=100"),
        *[p for code in LANGUAGES for p in searches(w, f"/{code}/prisoners/")]],
    "public-released": lambda w: each_language("/released/"),
    "public-memorial": lambda w: each_language("/memorial/"),
    "public-person": lambda w: each_language(f"/prisoners/{w['slug']}/") + [
        f"/en/prisoners/{slug}/" for slug in w["hidden_slugs"]],
    "public-birthdays": lambda w: each_language("/birthdays/"),
    "public-facilities": lambda w: each_language("/facilities/"),
    "public-figures": lambda w: each_language("/figures/"),
    "public-figure": lambda w: release(w, ""),
    "public-figure-csv": lambda w: release(w, "figure.csv"),
    "public-figure-png": lambda w: release(w, "chart.png"),
    "public-data": lambda w: each_language("/data/"),
    "public-data-file": lambda w: [f"/data/{name}" for name in w["names"]],
    "public-feed": lambda w: each_language("/feeds/events.atom",
                                           "/feeds/events.atom?state=held&gender=male",
                                           "/feeds/events.atom?state=released"),
    "public-person-feed": lambda w: each_language(f"/feeds/prisoners/{w['slug']}.atom") + [
        f"/en/feeds/prisoners/{slug}.atom" for slug in w["hidden_slugs"]],
    "reconcile": lambda w: ["/reconcile/", *reconcile_queries(w), *reconcile_extend(w)],
    "reconcile-suggest": lambda w: [f"/reconcile/suggest/entity?{urlencode({'prefix': q})}"
                                    for q in w["queries"] + w["full_names"]],
    "reconcile-propose": lambda w: ["/reconcile/extend/propose?type=person"],
    "reconcile-preview": lambda w: [f"/reconcile/preview?id={slug}"
                                    for slug in (w["slug"], *w["hidden_slugs"])],
    "public-statements": lambda w: each_language("/statements/"),
    "public-statement": lambda w: each_language(f"/statements/{w['statement']}/"),
    "public-statement-pdf": lambda w: each_language(f"/statements/{w['statement']}/statement.pdf"),
    "public-statements-feed": lambda w: each_language("/statements/feed.atom"),
    "GET /api/v1/openapi.json": lambda w: ["/api/v1/openapi.json"],
    "GET /api/v1/docs": lambda w: ["/api/v1/docs"],
}
