import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vigil.dates import PartialDate, PartialDateError, Precision, periods_certainly_overlap


@pytest.mark.parametrize(("text", "first", "last", "precision"), [
    ("2021", dt.date(2021, 1, 1), dt.date(2021, 12, 31), Precision.YEAR),
    ("2021-02", dt.date(2021, 2, 1), dt.date(2021, 2, 28), Precision.MONTH),
    ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29), Precision.MONTH),
    ("2021-02-14", dt.date(2021, 2, 14), dt.date(2021, 2, 14), Precision.DAY),
])
def test_a_partial_date_spans_its_days(text, first, last, precision):
    value = PartialDate.parse(text)
    assert (value.first_day, value.last_day, value.precision) == (first, last, precision)
    assert str(value) == text


@pytest.mark.parametrize(("text", "message"), [
    ("2023-02-30", "February 2023 has 28 days"),
    ("2023-13", "no month 13"),
    ("30.04.2023", "write YYYY, YYYY-MM or YYYY-MM-DD"),
    ("", "is not a date"),
])
def test_an_impossible_date_is_refused_with_the_reason(text, message):
    with pytest.raises(PartialDateError, match=message):
        PartialDate.parse(text)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
       st.sampled_from(list(Precision)))
def test_text_round_trips_and_the_span_contains_its_days(day, precision):
    text = {Precision.YEAR: f"{day.year:04d}", Precision.MONTH: f"{day:%Y-%m}",
            Precision.DAY: day.isoformat()}[precision]
    value = PartialDate.parse(text)
    assert PartialDate.parse(str(value)) == value
    assert value.contains(day)
    assert value.first_day <= value.last_day


def d(text):
    return PartialDate.parse(text) if text else None


@pytest.mark.parametrize(("a", "b", "overlap"), [
    (("2021-01-01", "2021-03-01"), ("2021-02-01", None), True),
    # released and re-arrested the same day: the first period ends as the second begins
    (("2021-01-01", "2021-03-01"), ("2021-03-01", None), False),
    (("2020-01-01", "2020-06-01"), ("2021-01-01", None), False),
    # two open periods always overlap
    (("2020-01-01", None), ("2022-01-01", None), True),
    # only the month is known: they may not overlap, so the documenter is not stopped
    (("2021-03", "2021-03-31"), ("2021-03-05", "2021-03-20"), False),
    # ...but one known to the month that ended on 10 March was held on 9 March
    (("2021-03", "2021-03-10"), ("2021-03-05", "2021-04-01"), True),
    (("2021-01", "2021-06-30"), ("2021-03-05", "2021-04-01"), True),
])
def test_only_certain_overlaps_count(a, b, overlap):
    assert periods_certainly_overlap(d(a[0]), d(a[1]), d(b[0]), d(b[1])) is overlap
    assert periods_certainly_overlap(d(b[0]), d(b[1]), d(a[0]), d(a[1])) is overlap
