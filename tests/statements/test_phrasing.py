"""Rounding phrases against hand-computed cases, and properties that hold for every count."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vigil.statements.phrasing import (
    ABOUT,
    EXACT,
    MORE_THAN,
    OVER,
    PhrasingError,
    default_number,
    group,
    phrase,
)

# (phrasing, count, number given, number shown, true): worked out by hand
CASES = [
    (EXACT, 1495, None, 1495, True),
    (EXACT, 33, None, 33, True),
    (EXACT, 1495, 1500, 1500, False),
    (MORE_THAN, 3283, None, 3200, True),
    (MORE_THAN, 3200, None, 3100, True),  # 3,200 is not more than 3,200
    (MORE_THAN, 3201, 3200, 3200, True),
    (MORE_THAN, 1495, 1500, 1500, False),  # the contradiction
    (MORE_THAN, 1495, None, 1400, True),
    (MORE_THAN, 2283, 3200, 3200, False),
    (OVER, 116, 100, 100, True),
    (OVER, 116, None, 110, True),
    (OVER, 100, 100, 100, False),
    (OVER, 7, None, 6, True),
    (OVER, 10, None, 9, True),
    (ABOUT, 1495, None, 1500, True),
    (ABOUT, 1495, 1500, 1500, True),
    (ABOUT, 1449, 1500, 1500, False),  # 1,449 rounds to 1,400 in hundreds
    (ABOUT, 1450, 1500, 1500, True),  # half up
    (ABOUT, 1495, 1000, 1000, True),  # thousands: 1,495 rounds to 1,000
    (ABOUT, 1550, 1000, 1000, False),
    (ABOUT, 33, None, 33, True),  # two significant figures: 33 is already round
    (ABOUT, 33, 30, 30, True),
    (ABOUT, 36, 30, 30, False),
    (ABOUT, 1495, 1495, 1495, True),
    (ABOUT, 1495, 1496, 1496, False),
]


@pytest.mark.parametrize(("phrasing", "count", "given_number", "shown", "true"), CASES)
def test_hand_computed(phrasing, count, given_number, shown, true):
    result = phrase(phrasing, count, given_number)
    assert (result.number, result.true) == (shown, true)
    assert bool(result.message) is not true


def test_a_contradiction_says_what_is_true():
    result = phrase(MORE_THAN, 1495, 1500)
    assert result.message == ("'more than 1,500' is not true of the count 1,495; "
                              "'more than 1,400' would be true")


def test_more_than_nothing_cannot_be_phrased():
    result = phrase(MORE_THAN, 0)
    assert result.number is None and not result.true
    assert "cannot phrase a count of 0" in result.message


def test_unknown_phrasing_and_negative_counts_are_refused():
    with pytest.raises(PhrasingError, match="unknown phrasing 'nearly'"):
        phrase("nearly", 10)
    with pytest.raises(PhrasingError, match="negative"):
        phrase(EXACT, -1)


def test_grouping():
    assert group(1495) == "1,495"
    assert group(1495, "\u00a0") == "1\u00a0495"
    assert group(33) == "33"
    assert group(1234567) == "1,234,567"


@given(st.integers(min_value=1, max_value=10**7))
def test_vigil_numbers_are_always_true_and_round(count):
    for phrasing in (MORE_THAN, OVER, ABOUT):
        result = phrase(phrasing, count)
        assert result.true, (phrasing, count, result)
        assert result.number % max(1, 10 ** (len(str(count)) - 2)) == 0 or count < 100
    below = default_number(MORE_THAN, count)
    assert below < count
    assert count - below <= 2 * 10 ** max(len(str(count)) - 2, 0)  # at most two steps below
    assert abs(default_number(ABOUT, count) - count) <= 10 ** max(len(str(count)) - 2, 0) / 2


@given(st.integers(min_value=0, max_value=10**7), st.integers(min_value=0, max_value=10**7))
def test_more_than_is_true_exactly_when_the_count_exceeds(count, number):
    assert phrase(MORE_THAN, count, number).true is (count > number)
    assert phrase(OVER, count, number).true is (count > number)
