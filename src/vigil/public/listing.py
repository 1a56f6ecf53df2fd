"""The order of the public lists (held now, released, memorial), kept per registry state.

A list page must not load every named person to show 25 of them. What decides a list's order
is read once per registry state (the change token, `publishing.population.registry_state`,
which every write to a table the lists read replaces): which published persons may be named,
and their public spellings (plain rows, not model instances). From these each list's ids are
sorted once per day, state, sort and language, and kept; a page then filters that id list
with the filter index of the public population (`PublicDay.passing`) and with the ids a
search finds (one query), slices its page, and loads only the page's rows: one query per kind
of record per page, whatever its size (`page_rows`).

Nothing here widens what is shown: the ids come from `named_persons()` and the spellings from
`public_records(NameVariant)`, the same projection the page's rows are loaded from.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import connection

from vigil.accounts.actors import ANONYMOUS
from vigil.public.names import shown_text, site_romanisation
from vigil.public.registry import PublicDay
from vigil.publishing.population import registry_state
from vigil.publishing.projection import named_persons, public_records
from vigil.registry import models as m
from vigil.registry.search import matching_persons

KEPT_STATES = 2  # registry states whose list orders are kept (the current one, mostly)
KINDS = 2  # what is kept per state: the list order, and when the projection last changed
KEPT_ORDERS = 64  # sorted id lists kept per registry state (day × list × sort × language)
BATCH = 1000  # rows loaded at once when a page is longer (the static export's lists)


class NameRow(NamedTuple):
    """A public spelling, as `names.names_for` ranks it."""

    pk: int
    person_id: int
    text: str
    language: str
    script: str
    kind: str
    is_primary: bool


@dataclass
class ListOrder:
    """What the public lists' order depends on at one registry state."""

    named: frozenset[int]  # published persons who may be named
    names: dict[int, list[NameRow]]  # their public spellings
    orders: OrderedDict = field(default_factory=OrderedDict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def load(cls) -> ListOrder:
        named = frozenset(named_persons().values_list("pk", flat=True))
        names: dict[int, list[NameRow]] = {}
        for row in public_records(m.NameVariant).values_list(*NameRow._fields):
            names.setdefault(row[1], []).append(NameRow(*row))
        return cls(named, names)

    def ordered(self, day: PublicDay, state: str, sort: str, language: str) -> list[int]:
        """The named persons in `state` on the day, sorted by `sort` in `language`."""
        def compute() -> list[int]:
            ids = [pid for pid in day.in_state(state) if pid in self.named]
            if sort in ("detained", "-detained"):
                since = day.since_by_person()
                ids.sort(key=lambda pid: (since.get(pid) or dt.date.min, pid),
                         reverse=sort == "-detained")
            else:
                ids.sort(key=lambda pid: (shown_text(
                    self.names.get(pid, ()), language, romanisation).casefold(), pid))
            return ids
        sort = sort if sort in ("detained", "-detained") else "name"
        romanisation = site_romanisation()  # the operator may change it at any time
        return self._kept((day.day, state, sort, language, romanisation), compute)

    def withheld(self, day: PublicDay, state: str, passing: set[int] | None) -> int:
        """How many persons in `state` passing the filters are published with their names
        withheld (counted, never named)."""
        ids = self._kept((day.day, state, "withheld"), lambda: [
            pid for pid in day.in_state(state) if pid not in self.named])
        return len(ids) if passing is None else sum(1 for pid in ids if pid in passing)

    def _kept(self, key: tuple, compute) -> list[int]:
        with self.lock:
            found = self.orders.get(key)
            if found is not None:
                self.orders.move_to_end(key)
                return found
        found = compute()
        with self.lock:
            self.orders[key] = found
            while len(self.orders) > KEPT_ORDERS:
                self.orders.popitem(last=False)
        return found


_kept: OrderedDict[tuple, object] = OrderedDict()
_kept_lock = threading.Lock()
_computing = threading.Lock()


def kept_per_state(kind: str, compute):
    """`compute()`, kept while the registry's change token stays the same (for the last
    KEPT_STATES states); computed afresh, and not kept, where a kept answer could go stale
    unseen (the rule of the figures' kept registries: this transaction wrote on
    PostgreSQL, or any open transaction on SQLite)."""
    token, _serial = registry_state()
    if token is None or (connection.vendor == "sqlite" and connection.in_atomic_block):
        return compute()
    key = (connection.alias, connection.settings_dict["NAME"], token, kind)
    kept = _kept_answer(key)
    if kept is not None:
        return kept
    with _computing:  # the threads asking at once wait for one computation
        kept = _kept_answer(key)
        if kept is None:
            kept = compute()
            with _kept_lock:
                _kept[key] = kept
                while len(_kept) > KEPT_STATES * KINDS:
                    _kept.popitem(last=False)
    return kept


def _kept_answer(key: tuple):
    with _kept_lock:
        if key in _kept:
            _kept.move_to_end(key)
            return _kept[key]
    return None


def list_order() -> ListOrder:
    """The list order of the registry as it is now."""
    return kept_per_state("list order", ListOrder.load)


@dataclass
class Found:
    ids: list[int]  # the list's named persons, in order
    withheld: int  # persons the filters keep whose names are withheld (0 for a search)


def find(day: PublicDay, state: str, params, language: str) -> Found:
    """The list `state` as `params` asks for it: filters, search (`q`, any spelling) and
    sort."""
    order = list_order()
    passing = day.passing(state, params)
    query = params.get("q", "").strip()
    withheld = 0 if query else order.withheld(day, state, passing)  # a search names no one
    if query:
        matched = set(matching_persons(named_persons(), ANONYMOUS, query)
                      .values_list("pk", flat=True))
        passing = matched if passing is None else passing & matched
    ids = order.ordered(day, state, params.get("sort", "name"), language)
    if passing is not None:
        ids = [pid for pid in ids if pid in passing]
    return Found(ids, withheld)


class PageRows:
    """A page's rows, loaded `BATCH` ids at a time as a template goes through them: one
    query per kind of record per batch, and memory bounded however long the page."""

    def __init__(self, ids: list[int], load):
        self.ids, self.load = ids, load

    def __len__(self) -> int:
        return len(self.ids)

    def __iter__(self) -> Iterator:
        for start in range(0, len(self.ids), BATCH):
            yield from self.load(self.ids[start:start + BATCH])
