"""Log-linear multiple systems estimation against the Kosovo 1999 oracle (Ball et al. 2002)."""

import dataclasses
import itertools
import math

import numpy as np
import pytest
from scipy import optimize, special

from vigil.figures import mse
from vigil.figures.mse import (
    CaptureTable,
    EstimateDoesNotExistError,
    TooFewListsError,
    TooManyListsError,
    closed_form_three_lists,
    fit_model,
)

KOSOVO_LISTS = ("EXH", "ABA", "OSCE", "HRW")
KOSOVO = {
    "0001": 306, "0010": 936, "0011": 123, "0100": 845, "0101": 31, "0110": 217,
    "0111": 32, "1000": 1131, "1001": 106, "1010": 228, "1011": 42, "1100": 177,
    "1101": 18, "1110": 181, "1111": 27,
}  # fmt: skip
ALL_PAIRS = list(itertools.combinations(range(4), 2))


@pytest.fixture(scope="module")
def kosovo():
    return CaptureTable.from_strings(KOSOVO_LISTS, KOSOVO)


@pytest.fixture(scope="module")
def kosovo_aic(kosovo):
    return mse.estimate(kosovo, criterion="aic")


def test_kosovo_table_holds_4400_persons(kosovo):
    assert kosovo.observed == 4400
    assert kosovo.k == 4


def test_kosovo_independence_model_gives_7394_6(kosovo):
    model = fit_model(kosovo, [])
    assert round(model.estimate, 1) == 7394.6
    assert model.words == "lists EXH, ABA, OSCE and HRW independent"


def test_kosovo_all_two_way_terms_give_14402_5(kosovo):
    model = fit_model(kosovo, ALL_PAIRS)
    assert round(model.estimate, 1) == 14402.5
    assert model.df == 15 - 11


@pytest.mark.parametrize("keep", list(itertools.combinations(KOSOVO_LISTS, 3)))
def test_three_list_closed_form_equals_the_glm_without_the_three_way_term(kosovo, keep):
    table = kosovo.collapse(keep)
    closed = closed_form_three_lists(table)
    glm = fit_model(table, [(0, 1), (0, 2), (1, 2)])
    assert glm.df == 0
    assert glm.unobserved == pytest.approx(closed, rel=1e-9)
    assert glm.estimate == pytest.approx(table.observed + closed, rel=1e-9)


def test_every_candidate_is_reported_with_its_estimate_and_criteria(kosovo_aic):
    models = kosovo_aic.models
    assert len(models) == 64  # every set of the six two-list terms
    assert all(m.exists and m.aic is not None and m.bic is not None for m in models)
    assert models[0].aic == min(m.aic for m in models)
    assert sum(m.weight for m in models) == pytest.approx(1.0)
    estimates = {m.terms: m.estimate for m in models}
    assert round(estimates[()], 1) == 7394.6
    assert round(estimates[tuple(itertools.combinations(KOSOVO_LISTS, 2))], 1) == 14402.5


def test_kosovo_chosen_model_and_profile_interval(kosovo_aic):
    result = kosovo_aic
    # the lowest AIC (and BIC) drops only the ABA–HRW term
    assert result.models[0].terms == (
        ("EXH", "ABA"), ("EXH", "OSCE"), ("EXH", "HRW"), ("ABA", "OSCE"), ("OSCE", "HRW"),
    )  # fmt: skip
    assert round(result.estimate, 1) == 14341.7
    low, high = result.interval
    assert 4400 < low < result.estimate < high < math.inf
    assert (round(low), round(high)) == (12525, 16543)
    assert "profile likelihood" in result.model and "AIC" in result.model
    as_json = result.as_dict()
    assert set(as_json) >= {"estimate", "interval", "model", "models"}
    assert as_json["models"][0]["criterion"]["name"] == "aic"


def test_bic_chooses_too(kosovo):
    result = mse.estimate(kosovo, criterion="bic")
    assert round(result.estimate, 1) == 14341.7
    assert "BIC" in result.model


def test_profile_interval_bounds_drop_the_log_likelihood_by_half_the_chi_square(kosovo):
    model = fit_model(kosovo, [])
    low, high = mse.profile_interval(kosovo, [], model.estimate)
    top = mse._profile_loglik(kosovo, [], model.estimate)
    for bound in (low, high):
        assert top - mse._profile_loglik(kosovo, [], bound) == pytest.approx(1.92073, abs=2e-3)
    assert (round(low, 1), round(high, 1)) == (7147.7, 7656.2)


def test_profile_log_likelihood_matches_a_direct_multinomial_maximisation(kosovo):
    """Independence model on three lists: maximise the multinomial likelihood of the complete
    table over the three capture probabilities directly, for a fixed N."""
    table = kosovo.collapse(("EXH", "ABA", "OSCE"))
    n = table.observed
    patterns, counts = table.cells(include_unobserved=True)

    def direct(total: float) -> float:
        y = counts.copy()
        y[0] = total - n

        def minus(logit):
            p = special.expit(logit)
            cell = np.prod(np.where(patterns == 1, p, 1 - p), axis=1)
            return -np.sum(special.xlogy(y, cell))

        best = optimize.minimize(minus, np.zeros(3), method="BFGS", options={"gtol": 1e-10})
        return special.gammaln(total + 1) - special.gammaln(total - n + 1) - best.fun

    for total in (n + 1000.0, n + 3500.0, n + 9000.0):
        assert mse._profile_loglik(table, [], total) == pytest.approx(direct(total), abs=1e-5)


def test_fewer_than_three_lists_is_refused():
    table = CaptureTable.from_strings(("A", "B"), {"10": 50, "01": 40, "11": 10})
    with pytest.raises(TooFewListsError, match="three or more"):
        mse.estimate(table)


def test_six_lists_are_refused_rather_than_searched_for_hours():
    lists = tuple("ABCDEF")
    table = CaptureTable(lists, {p: 3 for p in itertools.product((0, 1), repeat=6) if any(p)})
    with pytest.raises(TooManyListsError, match="32,768"):
        mse.estimate(table)


def test_an_empty_list_is_refused():
    table = CaptureTable.from_strings(("A", "B", "C"), {"100": 5, "010": 6, "110": 2})
    with pytest.raises(EstimateDoesNotExistError, match="no one is on list C"):
        mse.estimate(table)


def test_lists_that_never_overlap_give_no_estimate():
    table = CaptureTable.from_strings(("A", "B", "C"), {"100": 50, "010": 40, "001": 30})
    with pytest.raises(EstimateDoesNotExistError, match="no one is on more than one list"):
        mse.estimate(table)
    assert not fit_model(table, []).exists  # the independence fit runs off to infinity


def test_a_table_where_no_candidate_has_an_estimate_is_refused(monkeypatch):
    # Only A and B overlap, so every model with a term has no estimate ...
    table = CaptureTable.from_strings(("A", "B", "C"), {"100": 50, "010": 40, "001": 30, "110": 5})
    models = [fit_model(table, terms) for terms in mse._candidate_terms(3)]
    assert [m.exists for m in models] == [True] + [False] * 7
    # ... and when the last one goes too, the answer is a refusal that gives every reason.
    real = mse.fit_model

    def without_independence(table, terms):
        model = real(table, terms)
        return model if terms else dataclasses.replace(model, estimate=None, reason="(test)")

    monkeypatch.setattr(mse, "fit_model", without_independence)
    with pytest.raises(EstimateDoesNotExistError, match="does not exist under any candidate"):
        mse.estimate(table)


def test_a_zero_two_list_cell_removes_the_saturated_model_and_says_why():
    counts = {"100": 80, "010": 70, "001": 60, "110": 0, "101": 12, "011": 9, "111": 4}
    table = CaptureTable.from_strings(("A", "B", "C"), counts)
    with pytest.raises(EstimateDoesNotExistError):
        closed_form_three_lists(table)
    full = fit_model(table, [(0, 1), (0, 2), (1, 2)])
    assert not full.exists and "boundary" in full.reason
    result = mse.estimate(table)
    assert math.isfinite(result.estimate)
    assert any(not m.exists for m in result.models)
    # A–C and B–C without A–B leave the C=0 slice saturated: m000 = n100·n010/n110 = ∞
    assert any("6 of 8" in note for note in result.notes)
    none_together = CaptureTable.from_strings(
        ("A", "B", "C"), {"100": 80, "010": 70, "001": 60, "101": 12, "011": 9}
    )
    reason = fit_model(none_together, [(0, 1)]).reason
    assert reason == "no one is on both A and B, so their dependence is unbounded"


def test_table_validation_and_helpers():
    with pytest.raises(ValueError, match="not 3 zeros and ones"):
        CaptureTable.from_strings(("A", "B", "C"), {"12": 3})
    with pytest.raises(ValueError, match="cannot be observed"):
        CaptureTable.from_strings(("A", "B", "C"), {"000": 3})
    with pytest.raises(ValueError, match="repeat"):
        CaptureTable.from_strings(("A", "A", "C"), {"100": 3})
    table = mse.table_from_records(("A", "B", "C"), [{"A"}, {"A", "C"}, {"A", "C"}, set()])
    assert table.counts == {(1, 0, 0): 1, (1, 0, 1): 2}
    with pytest.raises(ValueError, match="unknown list D"):
        mse.table_from_records(("A", "B", "C"), [{"D"}])


def test_five_lists_search_all_1024_candidates():
    rng = np.random.default_rng(3)
    easy = rng.random(1000) < 0.4
    probabilities = np.where(easy[:, None], [0.6, 0.5, 0.7, 0.55, 0.65], [0.2, 0.3, 0.2, 0.3, 0.25])
    captured = (rng.random((1000, 5)) < probabilities).astype(int)
    table = mse.table_from_records(
        tuple("ABCDE"),
        [{name for name, on in zip("ABCDE", row, strict=True) if on} for row in captured],
    )
    result = mse.estimate(table)
    assert len(result.models) == 1024
    low, high = result.interval
    assert low < 1000 < high  # two-list terms absorb this heterogeneity on five lists
    assert mse.fit_model(table, []).estimate < low  # independence does not
