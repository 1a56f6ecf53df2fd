"""Log-linear multiple systems estimation against published oracles: Kosovo 1999 (Ball et al.
2002), and the sparse tables of Chan, Silverman & Vincent (2021, 2024)."""

import csv
import itertools
import math
from pathlib import Path

import numpy as np
import pytest
from scipy import optimize, special

from vigil.figures import mse
from vigil.figures.mse import (
    CaptureTable,
    EstimateDoesNotExistError,
    TooFewListsError,
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
DATA = Path(__file__).parent / "data"


def load(name: str) -> CaptureTable:
    """A published table (see /work/shared/data/mse/README.md, copied to tests/figures/data)."""
    with open(DATA / f"{name}.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    patterns = {tuple(int(c) for c in row[:-1]): int(row[-1]) for row in rows[1:]}
    return CaptureTable(tuple(rows[0][:-1]), patterns)


@pytest.fixture(scope="module")
def artificial_3():
    return load("Artificial_3")


@pytest.fixture(scope="module")
def kosovo():
    return CaptureTable.from_strings(KOSOVO_LISTS, KOSOVO)


@pytest.fixture(scope="module")
def kosovo_aic(kosovo):
    return mse.estimate(kosovo, "aic", two_way_only=True, replicates=0)


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
    assert "conditional" in result.interval_kind
    as_json = result.as_dict()
    assert set(as_json) >= {"estimate", "interval", "model", "models"}
    assert as_json["models"][0]["criterion"]["name"] == "aic"


def test_bic_over_two_way_models_gives_the_published_14342(kosovo):
    """Silverman, Chan & Vincent (2024): two-way models only, by BIC, 14,342."""
    result = mse.estimate(kosovo, "bic", two_way_only=True, replicates=0)
    assert round(result.estimate) == 14342
    assert "BIC" in result.model and "two-list" in result.model


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


def test_an_empty_list_is_refused():
    table = CaptureTable.from_strings(("A", "B", "C"), {"100": 5, "010": 6, "110": 2})
    with pytest.raises(EstimateDoesNotExistError, match="no one is on list C"):
        mse.estimate(table)


def test_lists_that_never_overlap_give_no_estimate():
    table = CaptureTable.from_strings(("A", "B", "C"), {"100": 50, "010": 40, "001": 30})
    with pytest.raises(EstimateDoesNotExistError, match="no one is on more than one list"):
        mse.estimate(table)
    independence = fit_model(table, [])
    assert not independence.exists and independence.verdict == "no-mle"


def test_artificial_3_verdicts_of_chan_silverman_and_vincent_2021_table_2(artificial_3):
    """AC, BC and AC+BC have an estimate (their terms set to −∞); any model with AB has no
    maximum-likelihood estimate; AB+AC+BC is not identifiable; independence has one."""
    verdicts = {terms: fit_model(artificial_3, terms).verdict for terms in mse.two_way_models(3)}
    ab, ac, bc = (0, 1), (0, 2), (1, 2)
    assert verdicts == {
        (): "estimate",
        (ab,): "no-mle",
        (ac,): "estimate",
        (bc,): "estimate",
        (ab, ac): "no-mle",
        (ab, bc): "no-mle",
        (ac, bc): "estimate",
        (ab, ac, bc): "not-identifiable",
    }


def test_a_term_between_lists_that_share_no_one_is_set_to_minus_infinity(artificial_3):
    """AC+BC: cells 101, 011 and 111 are fitted as 0 and leave the fit; the four cells left
    are saturated by the four parameters, so m̂000 = n100·n010/n110 = 40·30/6 = 200."""
    model = fit_model(artificial_3, [(0, 2), (1, 2)])
    assert model.estimate == pytest.approx(96 + 200, rel=1e-9)
    assert model.assumptions == ("no one is on both A and C", "no one is on both B and C")
    assert model.parameters == 6  # the two terms set to −∞ still count
    deviance_free = fit_model(artificial_3, [])
    assert model.aic == pytest.approx(2 * 6 - 2 * _saturated_loglik(artificial_3))
    assert deviance_free.parameters == 4
    full = fit_model(artificial_3, [(0, 1), (0, 2), (1, 2)])
    assert "not identifiable" in full.reason and "no one is on both A and C" in full.reason
    no_mle = fit_model(artificial_3, [(0, 1)])
    assert "does not exist" in no_mle.reason and "Fienberg–Rinaldo" in no_mle.reason


def _saturated_loglik(table) -> float:
    """Poisson log-likelihood when the fitted counts equal the observed ones."""
    observed = [table.counts.get(p, 0) for p in ((1, 0, 0), (0, 1, 0), (0, 0, 1), (1, 1, 0))]
    return float(sum(special.xlogy(y, y) - y - special.gammaln(y + 1) for y in observed))


def test_a_tiny_fitted_value_is_not_a_reason_to_refuse():
    """Independence on a sparse five-list table fits the all-lists cell far below 1e-6·n; the
    estimate exists (every margin is positive and the linear program says so)."""
    table = load("Western")
    model = fit_model(table, [])
    assert model.exists and model.verdict == "estimate"
    assert model.estimate == pytest.approx(_independence_by_direct_maximisation(table), rel=1e-6)


def _independence_by_direct_maximisation(table) -> float:
    """Independent oracle: maximise the Poisson likelihood of the observed cells over
    (log m000, the k log odds of capture) with a general-purpose optimiser."""
    patterns, counts = table.cells()

    def minus(theta):
        eta = theta[0] + patterns @ theta[1:]
        return -float(counts @ eta - np.exp(eta).sum())

    best = optimize.minimize(minus, np.zeros(table.k + 1), method="BFGS", options={"gtol": 1e-9})
    return table.observed + math.exp(best.x[0])


def test_a_zero_two_list_cell_is_estimable_by_the_extended_mle():
    counts = {"100": 80, "010": 70, "001": 60, "110": 0, "101": 12, "011": 9, "111": 4}
    table = CaptureTable.from_strings(("A", "B", "C"), counts)
    with pytest.raises(EstimateDoesNotExistError):
        closed_form_three_lists(table)
    # the A–B overlap is 4 (the 111 cell), so no term is −∞; the saturated-minus-3-way
    # model puts 110 on the boundary: its MLE does not exist
    full = fit_model(table, [(0, 1), (0, 2), (1, 2)])
    assert full.verdict == "no-mle"
    none_together = CaptureTable.from_strings(
        ("A", "B", "C"), {"100": 80, "010": 70, "001": 60, "101": 12, "011": 9}
    )
    model = fit_model(none_together, [(0, 1)])
    assert model.exists and model.assumptions == ("no one is on both A and B",)
    assert mse.estimate(none_together, "aic", replicates=0).estimate > none_together.observed


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


def test_five_lists_search_all_1024_two_way_candidates():
    rng = np.random.default_rng(3)
    easy = rng.random(1000) < 0.4
    probabilities = np.where(easy[:, None], [0.6, 0.5, 0.7, 0.55, 0.65], [0.2, 0.3, 0.2, 0.3, 0.25])
    captured = (rng.random((1000, 5)) < probabilities).astype(int)
    table = mse.table_from_records(
        tuple("ABCDE"),
        [{name for name, on in zip("ABCDE", row, strict=True) if on} for row in captured],
    )
    result = mse.estimate(table, "aic", two_way_only=True, replicates=0)
    assert len(result.models) == 1024
    low, high = result.interval
    assert low < 1000 < high  # two-list terms absorb this heterogeneity on five lists
    assert mse.fit_model(table, []).estimate < low  # independence does not


def _positive_table_exists(design: np.ndarray, y: np.ndarray) -> bool:
    """Fienberg & Rinaldo (2012, p. 3), literally: maximise s subject to Aᵀz = Aᵀy, z ≥ s;
    the MLE exists if and only if s* > 0 (the oracle for Vigil's smaller dual program)."""
    cells, params = design.shape
    result = optimize.linprog(
        np.r_[np.zeros(cells), -1.0],
        A_ub=np.hstack([-np.eye(cells), np.ones((cells, 1))]),
        b_ub=np.zeros(cells),
        A_eq=np.hstack([design.T, np.zeros((params, 1))]),
        b_eq=design.T @ y,
        bounds=[(0, None)] * cells + [(0, 1)],
        method="highs",
    )
    return bool(result.status == 0 and -result.fun > 1e-9)


def test_the_existence_check_agrees_with_the_fienberg_rinaldo_program_on_sparse_tables():
    rng = np.random.default_rng(11)
    x = mse._patterns(4, False)
    disagreements, refused = [], 0
    for trial in range(150):
        y = rng.poisson(rng.choice([0.3, 1.0, 4.0], size=len(x)))
        terms = [t for t in mse._all_terms(4, False) if rng.random() < 0.3]
        terms = mse._normal_terms(t for t in terms if len(t) == 2 or rng.random() < 0.5)
        if not mse._is_hierarchical(terms):
            continue
        reduced = mse._reduce(x, y.astype(float), terms)
        if not mse.is_identifiable(reduced.design):
            continue
        ours = mse.mle_exists(reduced.design, reduced.y)
        refused += not ours
        if ours != _positive_table_exists(reduced.design, reduced.y):
            disagreements.append((trial, terms))
    assert disagreements == []
    assert refused > 10  # the sample holds real boundary cases
