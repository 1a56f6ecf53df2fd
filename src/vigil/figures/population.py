"""Many figures over one set of persons: compile the timelines once, answer with numpy.

`count`, `breakdown` and `series` in `vigil.figures.counting` work person by person and are the
reference semantics. A `Population` gives the same answers (property-tested against them)
faster when several figures are asked of the same persons, as on the figures page. It holds
the persons column by column (`vigil.figures.columns.Columns`: tens of MB for 100,000 persons
and a million records, against hundreds as `Person` objects), and works out each person's
counted days for a choice of organisations and custody kinds with array operations over all
persons at once: flat arrays of intervals, from which each figure is a few vectorised
comparisons.

    population = Population(persons)            # Person objects, or Columns
    population.count(FigureDefinition.stock(day, recognised_by=("viasna",)))

Interval sets are built by one sweep (`_sweep`): every interval becomes a +weight event at
its start and a -weight event at its end, sorted per person; the running sum tells, between
two events, which sets cover the days (held 1, recognised 2, reported apart 4), so a union,
an intersection and a difference are each a test on that sum.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from vigil.figures import counting
from vigil.figures.columns import KINDS, MISSING, REASONS, STATUSES, Columns
from vigil.figures.counting import (
    CUSTODY_FIELD,
    NEG,
    POS,
    Breakdown,
    Figure,
    FigureDefinition,
    FigureError,
    Frequency,
    Kind,
    Series,
    _field_name,
    _series_definition,
    buckets,
    citation,
    sorted_ids,
)
from vigil.figures.model import (
    FIELDS,
    SPECIAL_STATUSES,
    EndReason,
    Person,
    PersonId,
    RecognitionStatus,
)

Triple = tuple[np.ndarray, np.ndarray, np.ndarray]  # owner, start, end (or first, last day)
NONE = np.iinfo(np.int64).max  # "never" for first days
HELD, RECOGNISED, APART = 1, 2, 4  # the weights of the sets in a sweep
STATES = ("held", "died_in_custody", "released", "never_held")  # `counting.custody_state`


def _empty() -> Triple:
    return tuple(np.zeros(0, dtype=np.int64) for _ in range(3))


def _concat(*parts: tuple[Triple, int]) -> tuple[np.ndarray, ...]:
    """Triples with their weights, as four columns."""
    owner = np.concatenate([t[0] for t, _ in parts])
    a = np.concatenate([t[1] for t, _ in parts])
    b = np.concatenate([t[2] for t, _ in parts])
    weight = np.concatenate([np.full(len(t[0]), w, dtype=np.int64) for t, w in parts])
    return owner, a, b, weight


def _sweep(owner, a, b, weight, keep: Callable[[np.ndarray], np.ndarray]) -> Triple:
    """Per owner, the merged half-open ranges of days where the weights of the intervals
    covering a day sum to a value `keep` accepts (empty intervals are left out)."""
    some = a < b
    owner, a, b, weight = owner[some], a[some], b[some], weight[some]
    if len(owner) == 0:
        return _empty()
    o, d = np.concatenate([owner, owner]), np.concatenate([a, b])
    w = np.concatenate([weight, -weight])
    order = np.lexsort((d, o))
    o, d, w = o[order], d[order], w[order]
    total = np.cumsum(w)  # each owner's events sum to 0, so the sum starts afresh per owner
    ok = (o[:-1] == o[1:]) & (d[:-1] < d[1:]) & keep(total[:-1])
    so, sa, sb = o[:-1][ok], d[:-1][ok], d[1:][ok]
    if len(so) == 0:
        return _empty()
    new = np.ones(len(so), dtype=bool)
    new[1:] = (so[1:] != so[:-1]) | (sa[1:] != sb[:-1])
    starts = np.flatnonzero(new)
    ends = np.append(starts[1:], len(so)) - 1
    return so[starts], sa[starts], sb[ends]


def _union(owner, a, b) -> Triple:
    return _sweep(owner, a, b, np.ones(len(owner), dtype=np.int64), lambda t: t > 0)


def _first_days(triple: Triple, n: int) -> np.ndarray:
    """Per person, the first day of a swept set (sorted per owner), or NONE."""
    out = np.full(n, NONE, dtype=np.int64)
    owners, first = np.unique(triple[0], return_index=True)
    out[owners] = triple[1][first]
    return out


def _patched(triple, remap: np.ndarray, extra, offset: int):
    """Compiled rows (owner, a, b) of the persons kept, renumbered by `remap` (-1: dropped),
    followed by the rows of the persons compiled again, numbered from `offset`."""
    owner, a, b = triple
    keep = remap[owner] >= 0
    extra_owner, extra_a, extra_b = extra
    return (
        np.concatenate([remap[owner[keep]], extra_owner + offset]),
        np.concatenate([a[keep], extra_a]),
        np.concatenate([b[keep], extra_b]),
    )


@dataclass(frozen=True)
class _Compiled:
    counted_end: Triple  # owner, start, end
    counted_any: Triple
    apart: Triple
    first_basis: np.ndarray  # per person: first day of the cumulative basis, or NONE
    first_apart: np.ndarray
    partial: Triple  # owner, first day, last day


def _union_ranges(owner: np.ndarray, lo: np.ndarray, hi: np.ndarray, width: int):
    """Merge overlapping [lo, hi) ranges of each owner (ranges are within [0, width])."""
    if len(owner) == 0:
        return owner, lo, hi
    base = owner * (width + 2)
    a, b = base + lo, base + hi
    order = np.argsort(a, kind="stable")
    a, b, owner = a[order], b[order], owner[order]
    reach = np.maximum.accumulate(b)
    new = np.ones(len(a), dtype=bool)
    new[1:] = a[1:] > reach[:-1]
    starts = a[new]
    ends = np.maximum.reduceat(b, np.flatnonzero(new))
    owners = owner[new]
    base = owners * (width + 2)
    return owners, starts - base, ends - base


def _segments(group: np.ndarray, s: np.ndarray, e: np.ndarray) -> Triple:
    """The elementary segments of each group: between consecutive distinct bounds (the
    starts and ends of its records)."""
    g = np.concatenate([group, group])
    bound = np.concatenate([s, e])
    order = np.lexsort((bound, g))
    g, bound = g[order], bound[order]
    distinct = np.ones(len(g), dtype=bool)
    distinct[1:] = (g[1:] != g[:-1]) | (bound[1:] != bound[:-1])
    g, bound = g[distinct], bound[distinct]
    inner = g[:-1] == g[1:]
    return g[:-1][inner], bound[:-1][inner], bound[1:][inner]


def _last_covering(group, s, e, segment_group, lo) -> np.ndarray:
    """Per segment, the last record of its group (records sorted by start, then as given)
    that covers the segment's first day, or -1: the record whose status stands there."""
    first = np.searchsorted(group, np.arange(group[-1] + 1 if len(group) else 0))
    size = np.diff(np.append(first, len(group)))
    per_segment = size[segment_group]
    pair_segment = np.repeat(np.arange(len(segment_group)), per_segment)
    offset = np.repeat(np.cumsum(per_segment) - per_segment, per_segment)
    record = first[segment_group][pair_segment] + np.arange(len(pair_segment)) - offset
    day = lo[pair_segment]
    covers = (s[record] <= day) & (day < e[record])
    winner = np.full(len(segment_group), -1, dtype=np.int64)
    np.maximum.at(winner, pair_segment[covers], record[covers])
    return winner


def _check_unique(ids: np.ndarray) -> None:
    """Refuse an id given twice, as `counting.unique_persons` does."""
    if len(set(ids.tolist())) != len(ids):
        for _ in counting.unique_persons(_Id(i) for i in ids.tolist()):
            pass


@dataclass(frozen=True)
class _Id:
    id: PersonId


class Population:
    """Persons compiled for repeated figures. Immutable: build a new one when records change."""

    def __init__(self, persons: Iterable[Person] | Columns):
        if isinstance(persons, Columns):
            _check_unique(persons.ids)
            self.columns = persons
        else:
            self.columns = Columns.of(persons)
        self._compiled: dict[tuple, _Compiled] = {}
        self._masks: dict[tuple, np.ndarray] = {}
        self._ids = self.columns.ids

    def __len__(self) -> int:
        return len(self.columns)

    def __iter__(self):
        return iter(self.persons)

    @cached_property
    def persons(self) -> tuple[Person, ...]:
        """The persons as core `Person`s, made when first asked for (the figures never need
        them; the public pages read a person's records from them)."""
        return self.columns.persons()

    def replaced(self, changed: Iterable[PersonId],
                 persons: Iterable[Person] | Columns) -> Population:
        """A new Population: this one with the persons whose ids are in `changed` replaced by
        `persons`, their records as they stand now (an id of `changed` that `persons` lacks is
        a person gone; a person of `persons` must be one of `changed`). It answers exactly as
        `Population` of the whole new list would (property-tested), but only the changed
        persons are compiled again: the arrays already compiled are filtered and extended, so
        a few changed persons among 100,000 cost milliseconds. This one is left as it was
        (another thread may be counting from it)."""
        changed = set(changed)
        fresh = persons if isinstance(persons, Columns) else Columns.of(persons)
        stray = sorted(str(i) for i in fresh.ids.tolist() if i not in changed)
        if stray:
            raise FigureError(f"persons {', '.join(stray)} are not among the changed ids")
        keep = np.fromiter((pid not in changed for pid in self._ids.tolist()), dtype=bool,
                           count=len(self._ids))
        kept = int(keep.sum())
        remap = np.full(len(self._ids), -1, dtype=np.int64)
        remap[keep] = np.arange(kept, dtype=np.int64)
        new = Population(self.columns.take(keep).then(fresh))
        patch = Population(fresh)
        for key, old in self._compiled.items():
            add = patch._compile_key(key)
            new._compiled[key] = _Compiled(
                *(_patched(triple, remap, extra, kept) for triple, extra in (
                    (old.counted_end, add.counted_end), (old.counted_any, add.counted_any),
                    (old.apart, add.apart))),
                np.concatenate([old.first_basis[keep], add.first_basis]),
                np.concatenate([old.first_apart[keep], add.first_apart]),
                _patched(old.partial, remap, add.partial, kept),
            )
        for where, mask in self._masks.items():
            new._masks[where] = np.concatenate([mask[keep], patch._mask_of(where)])
        return new

    def _compile(self, definition: FigureDefinition) -> _Compiled:
        return self._compile_key(
            (definition.recognised_by, definition.match, definition.custody_kinds))

    def _compile_key(self, key: tuple) -> _Compiled:
        """Every person's timeline under (organisations, match, custody kinds), as
        `counting._timeline` works it out for one person."""
        if key in self._compiled:
            return self._compiled[key]
        recognised_by, match, custody_kinds = key
        n = len(self)
        c = self.columns.custody
        rows = self._periods(custody_kinds)
        owner, start = c.owner[rows], c.start.first[rows]
        end = np.maximum(start, c.end.first[rows])  # a month-only end inside the start month
        held_end = _union(owner, start, end)
        held_any = _union(owner, start,
                          np.where(c.end.precision[rows] == MISSING, POS, end + 1))
        if recognised_by:
            recognised = self._recognised(recognised_by, match)
        else:
            recognised = (np.arange(n, dtype=np.int64), np.full(n, NEG, dtype=np.int64),
                          np.full(n, POS, dtype=np.int64))
        special = self._special()
        counted_end = _sweep(*_concat((held_end, HELD), (recognised, RECOGNISED),
                                      (special, APART)), lambda t: t == HELD + RECOGNISED)
        counted_any = _sweep(*_concat((held_any, HELD), (recognised, RECOGNISED),
                                      (special, APART)), lambda t: t == HELD + RECOGNISED)
        apart = _sweep(*_concat((recognised, RECOGNISED), (special, APART)),
                       lambda t: t == RECOGNISED + APART)
        compiled = _Compiled(
            counted_end, counted_any, apart,
            _first_days(recognised if recognised_by else held_any, n), _first_days(apart, n),
            self._partial(rows, recognised_by))
        self._compiled[key] = compiled
        return compiled

    def _periods(self, kinds) -> np.ndarray:
        """The custody rows of the chosen kinds (None: every kind)."""
        kind = self.columns.custody.kind
        if kinds is None:
            return np.arange(len(kind))
        return np.flatnonzero(np.isin(kind, [KINDS.index(k) for k in kinds]))

    def _special(self) -> Triple:
        """Each person's days under a status reported apart."""
        status = self.columns.single["status"]
        persons = np.flatnonzero(np.isin(status.codes, status.codes_of(
            str(s) for s in SPECIAL_STATUSES)))
        return (persons.astype(np.int64), self.columns.status_since.first[persons],
                self.columns.status_until.first[persons])

    def _recognised(self, organisations: tuple[str, ...], match) -> Triple:
        """Days at whose end the organisations recognise each person (any or all of them);
        per organisation the latest-started record wins, and of records starting on one
        day the last given (`counting._recognised_by`)."""
        r = self.columns.recognitions
        rows = np.flatnonzero(np.isin(r.organisation.codes,
                                      r.organisation.codes_of(organisations)))
        owner, org = r.owner[rows], r.organisation.codes[rows].astype(np.int64)
        s = r.start.first[rows]
        order = np.lexsort((rows, s, org, owner))
        owner, org, s, rows = owner[order], org[order], s[order], rows[order]
        e = np.maximum(s, r.end.first[rows])
        change = np.ones(len(owner), dtype=bool)
        change[1:] = (owner[1:] != owner[:-1]) | (org[1:] != org[:-1])
        group = np.cumsum(change) - 1
        segment_group, lo, hi = _segments(group, s, e)
        winner = _last_covering(group, s, e, segment_group, lo)
        covered = winner >= 0
        covered[covered] = r.status[rows[winner[covered]]] == STATUSES.index(
            RecognitionStatus.RECOGNISED)
        first_of_group = np.searchsorted(group, segment_group[covered])
        seg_owner = owner[first_of_group]
        if match is counting.Match.ALL:
            return _sweep(seg_owner, lo[covered], hi[covered],
                          np.ones(len(seg_owner), dtype=np.int64),
                          lambda t: t == len(organisations))
        return _union(seg_owner, lo[covered], hi[covered])

    def _partial(self, periods: np.ndarray, organisations: tuple[str, ...]) -> Triple:
        """(person, first day, last day) of every date known only to the month or year
        that the timeline reads (`counting._partial_bounds`)."""
        c, r, cols = self.columns.custody, self.columns.recognitions, self.columns
        records = np.flatnonzero(np.isin(r.organisation.codes,
                                         r.organisation.codes_of(organisations)))
        special = self._special()[0]
        dates = [(c.owner[periods], c.start.take(periods)), (c.owner[periods],
                                                             c.end.take(periods)),
                 (r.owner[records], r.start.take(records)),
                 (r.owner[records], r.end.take(records)),
                 (special, cols.status_since.take(special)),
                 (special, cols.status_until.take(special))]
        owners, firsts, lasts = [], [], []
        for owner, date in dates:
            partial = date.precision > 0
            owners.append(owner[partial])
            firsts.append(date.first[partial])
            lasts.append(date.last()[partial])
        return (np.concatenate(owners).astype(np.int64), np.concatenate(firsts),
                np.concatenate(lasts))

    def _mask(self, definition: FigureDefinition) -> np.ndarray:
        return self._mask_of(definition.where)

    def _mask_of(self, key: tuple) -> np.ndarray:
        """Which persons match the filters (`counting._matches`)."""
        if key not in self._masks:
            n = len(self)
            mask = np.ones(n, dtype=bool)
            for name, values in key:
                if FIELDS[name]:
                    rows = self.columns.sets[name]
                    hit = np.zeros(n, dtype=bool)
                    hit[rows.owner[np.isin(rows.value.codes, rows.value.codes_of(values))]] = True
                else:
                    coded = self.columns.single[name]
                    hit = np.isin(coded.codes, coded.codes_of(values))
                mask &= hit
            self._masks[key] = mask
        return self._masks[key]

    def _members(self, definition: FigureDefinition) -> tuple[np.ndarray, np.ndarray]:
        """Indexes of the persons counted and of those reported apart (sorted, disjoint)."""
        c = self._compile(definition)
        mask = self._mask(definition)
        if definition.kind is Kind.STOCK:
            day = definition.as_of.toordinal()
            owner, a, b = c.counted_end
            counted = owner[(a <= day) & (day < b)]
            owner, a, b = c.apart
            apart = owner[(a <= day) & (day < b)]
        elif definition.kind is Kind.DURING:
            lo, hi = definition.start.toordinal(), definition.end.toordinal() + 1
            owner, a, b = c.counted_any
            counted = np.unique(owner[(a < hi) & (lo < b)])
            owner, a, b = c.apart
            apart = np.setdiff1d(np.unique(owner[(a < hi) & (lo < b)]), counted)
        else:
            day = definition.as_of.toordinal()
            is_counted = c.first_basis <= day
            counted = np.flatnonzero(is_counted)
            apart = np.flatnonzero(~is_counted & (c.first_apart <= day))
        counted = np.sort(counted[mask[counted]])
        apart = np.sort(apart[mask[apart]])
        return counted, apart

    def _depends(self, definition: FigureDefinition, members: np.ndarray) -> np.ndarray:
        owner, first, last = self._compile(definition).partial
        if definition.kind is Kind.DURING:
            lo, hi = definition.start.toordinal(), definition.end.toordinal()
            hit = ((first <= hi) & (hi < last)) | ((first < lo) & (lo <= last))
        else:
            day = definition.as_of.toordinal()
            hit = (first <= day) & (day < last)
        return np.intersect1d(np.unique(owner[hit]), members)

    def count(self, definition: FigureDefinition, names: Mapping[str, str] | None = None) -> Figure:
        """The same answer as `counting.count(self.persons, definition, names)`."""
        definition.check_dates()
        counted, apart = self._members(definition)
        status = self.columns.single["status"]
        apart_by: dict[str, list] = {}
        for i, code in zip(self._ids[apart].tolist(), status.codes[apart].tolist(),
                           strict=True):
            apart_by.setdefault(status.values[code], []).append(i)
        partial = self._depends(definition, np.union1d(counted, apart))
        reported_apart = {k: sorted_ids(v) for k, v in sorted(apart_by.items())}
        return Figure(
            count=len(counted),
            person_ids=sorted_ids(self._ids[counted].tolist()),
            definition=definition.as_dict(),
            citation=citation(definition, names),
            reported_apart=reported_apart,
            depends_on_partial_dates=sorted_ids(self._ids[partial].tolist()),
            notes=counting._notes(reported_apart, len(partial)),
        )

    def breakdown(
        self, definition: FigureDefinition, by: str, names: Mapping[str, str] | None = None
    ) -> Breakdown:
        """The same answer as `counting.breakdown(self.persons, definition, by, names)`."""
        figure = self.count(definition, names)
        counted = self._members(definition)[0]
        if by == CUSTODY_FIELD:
            day = definition.end if definition.kind is Kind.DURING else definition.as_of
            states = self._custody_states(day, definition.custody_kinds)[counted]
            owner, value = counted, np.array(STATES, dtype=object)[states]
        elif FIELDS[_field_name(by)]:
            rows = self.columns.sets[_field_name(by)]
            chosen = np.isin(rows.owner, counted)
            values = np.array([*rows.value.values, None], dtype=object)
            owner = np.concatenate([rows.owner[chosen],
                                    np.setdiff1d(counted, rows.owner[chosen])])
            value = np.concatenate([values[rows.value.codes[chosen]],
                                    np.full(len(owner) - int(chosen.sum()), None)])
        else:
            coded = self.columns.single[_field_name(by)]
            owner = counted
            value = np.array([*coded.values, None], dtype=object)[coded.codes[counted]]
        grouped: dict[str | None, list[PersonId]] = {}
        for i, v in zip(self._ids[owner].tolist(), value.tolist(), strict=True):
            grouped.setdefault(v, []).append(i)
        several = np.unique(owner, return_counts=True)
        overlap = self._ids[several[0][several[1] > 1]].tolist()
        return counting.breakdown_of(by, figure, grouped, overlap)

    def _custody_states(self, day: dt.date, kinds) -> np.ndarray:
        """Each person's custody at the end of `day`, as an index into STATES
        (`counting.custody_state`)."""
        c, ordinal = self.columns.custody, day.toordinal()
        rows = self._periods(kinds)
        rows = rows[c.start.first[rows] <= ordinal]
        owner, end = c.owner[rows], c.end.first[rows]
        state = np.full(len(self), STATES.index("never_held"), dtype=np.int64)
        state[owner] = STATES.index("released")
        latest = np.lexsort((rows, -end, owner))  # the first period ending last, per person
        owners, first = np.unique(owner[latest], return_index=True)
        died = c.end_reason[rows[latest[first]]] == REASONS.index(EndReason.DIED)
        state[owners[died]] = STATES.index("died_in_custody")
        held = ordinal < np.maximum(c.start.first[rows], end)
        state[owner[held]] = STATES.index("held")
        return state

    def series(
        self,
        definition: FigureDefinition,
        start: dt.date,
        end: dt.date,
        frequency: Frequency | str,
    ) -> Series:
        """The same answer as `counting.series(self.persons, ...)`, vectorised."""
        frequency = counting._choice(Frequency, frequency, "frequency")
        if end < start:
            raise FigureError(f"the series ends ({end}) before it starts ({start})")
        periods = buckets(start, end, frequency)
        lo = np.array([a.toordinal() for a, _ in periods], dtype=np.int64)
        hi = np.array([b.toordinal() for _, b in periods], dtype=np.int64)
        n = len(periods)
        c = self._compile(definition)
        mask = self._mask(definition)

        def ranges(intervals, during: bool):
            owner, a, b = intervals
            keep = mask[owner]
            owner, a, b = owner[keep], a[keep], b[keep]
            i = np.searchsorted(hi, a, side="left")
            if during:
                j = np.searchsorted(lo, b - 1, side="right")
            else:
                j = np.searchsorted(hi, b, side="left")
            ok = i < j
            return _union_ranges(owner[ok], i[ok], j[ok], n)

        def running(owner_i_j) -> np.ndarray:
            _, i, j = owner_i_j
            events = np.zeros(n + 1, dtype=np.int64)
            np.add.at(events, i, 1)
            np.add.at(events, j, -1)
            return np.cumsum(events[:n])

        if definition.kind is Kind.STOCK:
            counted = running(ranges(c.counted_end, during=False))
            apart = running(ranges(c.apart, during=False))
        elif definition.kind is Kind.DURING:
            got = ranges(c.counted_any, during=True)
            away = ranges(c.apart, during=True)
            counted = running(got)
            # apart only where not counted: subtract per owner with one more merge
            both = running(
                _union_ranges(
                    np.concatenate([got[0], away[0]]),
                    np.concatenate([got[1], away[1]]),
                    np.concatenate([got[2], away[2]]),
                    n,
                )
            )
            apart = both - counted
        else:
            first = np.where(mask, np.searchsorted(hi, np.minimum(c.first_basis, NONE - 1)), n)
            first = np.minimum(first, n)
            apart_first = np.where(
                mask, np.searchsorted(hi, np.minimum(c.first_apart, NONE - 1)), n
            )
            apart_first = np.minimum(apart_first, n)
            events = np.zeros(n + 1, dtype=np.int64)
            np.add.at(events, first, 1)
            counted = np.cumsum(events[:n])
            events = np.zeros(n + 1, dtype=np.int64)
            lead = apart_first < first
            np.add.at(events, apart_first[lead], 1)
            np.add.at(events, first[lead], -1)
            apart = np.cumsum(events[:n])
        return Series(
            definition=_series_definition(definition, start, end, frequency),
            frequency=frequency,
            periods=tuple(periods),
            counts=tuple(int(v) for v in counted),
            reported_apart=tuple(int(v) for v in apart),
        )
