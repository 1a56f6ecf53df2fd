"""Properties of the counting semantics, over random timelines (hypothesis)."""

import datetime as dt

from hypothesis import given, settings, target
from hypothesis import strategies as st

from vigil.dates import PartialDate, Precision
from vigil.figures import (
    CustodyKind,
    CustodyPeriod,
    EndReason,
    FigureDefinition,
    Frequency,
    Kind,
    Match,
    Person,
    PersonStatus,
    Population,
    Recognition,
    RecognitionStatus,
    breakdown,
    count,
    series,
)

START = dt.date(2021, 1, 1)
SPAN = 2 * 365
ORGS = ("viasna", "baj", "pen")


def _partial(day: dt.date, precision: Precision) -> PartialDate:
    if precision is Precision.YEAR:
        return PartialDate(day.replace(month=1, day=1), precision)
    if precision is Precision.MONTH:
        return PartialDate(day.replace(day=1), precision)
    return PartialDate(day, precision)


precisions = st.sampled_from([Precision.DAY] * 6 + [Precision.MONTH] * 3 + [Precision.YEAR])
uniform_days = st.integers(0, SPAN).map(lambda n: START + dt.timedelta(days=n))
# Off-by-one errors hide where a boundary meets a query day or the day after it: draw most
# days from a few bucket edges (month and year ends and starts, a Sunday and its Monday) so
# that arrests, releases, recognitions and query days collide often.
KEY_DAYS = [
    dt.date(2021, 1, 31), dt.date(2021, 2, 1), dt.date(2021, 2, 28), dt.date(2021, 3, 1),
    dt.date(2021, 3, 7), dt.date(2021, 3, 8), dt.date(2021, 12, 31), dt.date(2022, 1, 1),
]  # fmt: skip
days = st.one_of(uniform_days, st.sampled_from(KEY_DAYS), st.sampled_from(KEY_DAYS[:6]))


@st.composite
def spans(draw):
    """(start, end or None) as partial dates, the end never certainly before the start."""
    start = draw(days)
    end = draw(st.one_of(st.none(), days))
    if end is not None and end < start:
        start, end = end, start
    begin = _partial(start, draw(precisions))
    if end is None:
        return begin, None
    return begin, _partial(end, draw(precisions))


@st.composite
def custody_periods(draw):
    start, end = draw(spans())
    reason = draw(st.sampled_from(list(EndReason))) if end else None
    return CustodyPeriod(start, end, reason, draw(st.sampled_from(list(CustodyKind))))


@st.composite
def recognitions(draw):
    start, end = draw(spans())
    status = draw(st.sampled_from([RecognitionStatus.RECOGNISED] * 3 + list(RecognitionStatus)))
    return Recognition(draw(st.sampled_from(ORGS)), status, start, end)


@st.composite
def persons(draw, pid):
    status = draw(st.sampled_from([PersonStatus.DOCUMENTED] * 8 + list(PersonStatus)))
    since, until = draw(st.one_of(st.just((None, None)), spans()))
    return Person(
        pid,
        gender=draw(st.sampled_from([None, "f", "m"])),
        occupations=draw(st.frozensets(st.sampled_from(["journalist", "writer"]), max_size=2)),
        status=status,
        status_since=since,
        status_until=until,
        custody=draw(st.lists(custody_periods(), min_size=1, max_size=3)),
        recognitions=draw(st.lists(recognitions(), max_size=4)),
    )


populations = st.integers(1, 12).flatmap(
    lambda n: st.tuples(*(persons(i) for i in range(n))).map(list)
)


@st.composite
def options(draw):
    orgs = draw(st.one_of(st.just([]), st.lists(st.sampled_from(ORGS), unique=True, max_size=3)))
    where = draw(st.sampled_from([{}, {}, {}, {"gender": "f"}, {"occupations": ["journalist"]}]))
    kinds = draw(st.sampled_from([None, None, {CustodyKind.PRE_TRIAL, CustodyKind.SENTENCE}]))
    return {
        "recognised_by": tuple(orgs),
        "match": draw(st.sampled_from(list(Match))),
        "where": where,
        "custody_kinds": kinds,
    }


@settings(max_examples=200, deadline=None)
@given(populations, days, options())
def test_stock_never_exceeds_cumulative_or_during_on_the_same_day(people, day, opts):
    stock = count(people, FigureDefinition.stock(day, **opts))
    cumulative = count(people, FigureDefinition.cumulative(day, **opts))
    during = count(people, FigureDefinition.during(day, day, **opts))
    assert stock.count <= cumulative.count
    assert stock.count <= during.count
    assert set(stock.person_ids) <= set(cumulative.person_ids)
    assert set(stock.person_ids) <= set(during.person_ids)
    apart = {pid for ids in stock.reported_apart.values() for pid in ids}
    assert not apart & set(stock.person_ids)  # reported apart, not also counted


@settings(max_examples=200, deadline=None)
@given(
    populations,
    days,
    st.integers(0, 800),
    st.sampled_from(list(Frequency)),
    st.sampled_from(list(Kind)),
    options(),
)
def test_one_sweep_series_equals_point_by_point_counts(people, start, length, freq, kind, opts):
    end = start + dt.timedelta(days=length if freq is not Frequency.DAILY else length % 90)
    template = FigureDefinition(kind, as_of=start, start=start, end=start, **opts)
    result = series(people, template, start, end, freq)
    expected, apart = [], []
    for first, last in result.periods:
        one = template.over(first, last) if kind is Kind.DURING else template.at(last)
        figure = count(people, one)
        expected.append(figure.count)
        apart.append(sum(len(ids) for ids in figure.reported_apart.values()))
    target(float(sum(expected)))
    assert list(result.counts) == expected
    assert list(result.reported_apart) == apart
    assert result.periods[0][0] == start and result.periods[-1][1] == end
    if kind is Kind.CUMULATIVE:
        assert list(result.counts) == sorted(result.counts)


@settings(max_examples=100, deadline=None)
@given(populations, days, st.integers(0, 400), options())
def test_during_a_period_covers_every_stock_inside_it(people, start, length, opts):
    end = start + dt.timedelta(days=length)
    during = set(count(people, FigureDefinition.during(start, end, **opts)).person_ids)
    for offset in range(0, length + 1, max(1, length // 7)):
        day = start + dt.timedelta(days=offset)
        assert set(count(people, FigureDefinition.stock(day, **opts)).person_ids) <= during


@settings(max_examples=400, deadline=None)
@given(
    populations,
    days,
    days,
    st.sampled_from(list(Frequency)),
    st.sampled_from(list(Kind)),
    options(),
)
def test_a_compiled_population_gives_the_reference_answers(people, start, end, freq, kind, opts):
    start, end = min(start, end), max(start, end)
    if freq is Frequency.DAILY:
        end = min(end, start + dt.timedelta(days=90))
    definition = FigureDefinition(kind, as_of=end, start=start, end=end, **opts)
    population = Population(people)
    assert population.count(definition) == count(people, definition)
    assert population.series(definition, start, end, freq) == series(
        people, definition, start, end, freq
    )
    assert population.breakdown(definition, "occupations") == breakdown(
        people, definition, "occupations"
    )


@settings(max_examples=300, deadline=None)
@given(
    populations,
    st.lists(st.integers(0, 14), max_size=6),
    st.lists(st.integers(0, 14), max_size=6),
    days,
    days,
    st.sampled_from(list(Kind)),
    options(),
    st.data(),
)
def test_a_population_with_persons_replaced_equals_one_compiled_afresh(
        people, changed, removed, start, end, kind, opts, data):
    """Persons changed, added (ids beyond the population) and gone (removed): the patched
    Population answers as a Population of the new list, for figures asked before the change
    (patched arrays) and after it (compiled afresh)."""
    start, end = min(start, end), max(start, end)
    definition = FigureDefinition(kind, as_of=end, start=start, end=end, **opts)
    before = Population(people)
    before.count(definition)  # compiled, so `replaced` patches the arrays
    before.series(definition, start, end, Frequency.MONTHLY)
    changed_ids = set(changed) | set(removed)
    fresh = [data.draw(persons(pid)) for pid in sorted(set(changed) - set(removed))]
    after = [p for p in people if p.id not in changed_ids] + fresh
    patched = before.replaced(changed_ids, fresh)
    for population in (patched, Population(people).replaced(changed_ids, fresh)):
        assert population.count(definition) == count(after, definition)
        assert population.series(definition, start, end, Frequency.MONTHLY) == series(
            after, definition, start, end, Frequency.MONTHLY)
        assert population.breakdown(definition, "occupations") == breakdown(
            after, definition, "occupations")
    other = FigureDefinition(Kind.STOCK, as_of=end, recognised_by=("pen",))
    assert patched.count(other) == count(after, other)  # never compiled before the change
    assert before.count(definition) == count(people, definition)  # the old one unchanged
