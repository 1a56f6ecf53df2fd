"""Bayesian model averaging over decomposable graphs (Madigan & York 1997), against a
numerical-integration oracle, the log-linear independence fit and the graph counts."""

import math

import numpy as np
import pytest
from scipy import integrate, stats

from tests.figures.test_figures_mse import load
from vigil.figures import bma
from vigil.figures.mse import CaptureTable, TooManyListsError


def test_the_decomposable_graphs_are_the_chordal_ones():
    # 4 lists: 64 graphs less the 3 four-cycles; 5 lists: 822 of 1,024
    assert [len(bma.decomposable_graphs(k)) for k in (3, 4, 5)] == [8, 61, 822]
    cycle = frozenset({(0, 1), (1, 2), (2, 3), (0, 3)})
    assert not bma.is_decomposable(4, cycle)
    assert bma.is_decomposable(4, cycle | {(0, 2)})


def _independence_posterior_by_integration(table: CaptureTable, delta: float, totals):
    """Under the graph with no edge, each list's capture probability has a Beta(α, α) prior
    with α = δ·2^(k−1); integrate each list's binomial likelihood numerically."""
    x, y = table.cells()
    sizes = [int(y[x[:, j] == 1].sum()) for j in range(table.k)]
    alpha = delta * 2 ** (table.k - 1)
    prior = stats.beta(alpha, alpha)
    log_post = []
    for total in totals:
        log_lik = math.lgamma(total + 1) - math.lgamma(total - table.observed + 1)
        for a in sizes:
            mode = a / total
            scaled = _scaled_binomial(a, total, mode)
            value, _ = integrate.quad(
                lambda p, f=scaled: f(p) * prior.pdf(p), 0, 1, points=[mode], limit=200
            )
            log_lik += math.log(value) + a * math.log(mode) + (total - a) * math.log(1 - mode)
        log_post.append(log_lik - math.log(total))
    log_post = np.array(log_post)
    weights = np.exp(log_post - log_post.max())
    return weights / weights.sum()


def _scaled_binomial(a: int, total: int, mode: float):
    """p^a (1 − p)^(N − a), divided by its value at the mode (so it does not underflow)."""

    def value(p: float) -> float:
        return math.exp(a * math.log(p / mode) + (total - a) * math.log((1 - p) / (1 - mode)))

    return value


def test_the_independence_graph_matches_numerical_integration():
    table = load("Korea")
    result = bma.estimate(table, graphs=[frozenset()], grid=400)
    totals = np.arange(table.observed, table.observed + 401)
    oracle = _independence_posterior_by_integration(table, 2.0**-3, totals)
    cumulative = np.cumsum(oracle)
    median = totals[np.searchsorted(cumulative, 0.5)]
    low, high = totals[np.searchsorted(cumulative, [0.025, 0.975])]
    assert result.estimate == median
    assert result.interval == (low, high)


def test_the_independence_graph_agrees_with_the_log_linear_fit_on_kosovo():
    result = bma.estimate(load("Kosovo"), graphs=[frozenset()])
    assert result.estimate == pytest.approx(7394.6, rel=0.005)
    assert result.interval[0] == pytest.approx(7147.7, rel=0.01)


def test_the_posterior_over_graphs_is_shown_and_sums_to_one():
    result = bma.estimate(load("Korea"))
    probabilities = [m.probability for m in result.models]
    assert len(probabilities) == 8 and sum(probabilities) == pytest.approx(1.0)
    assert probabilities == sorted(probabilities, reverse=True)
    # the most probable graph is the one BIC chooses among log-linear models (b–c, c–d)
    assert result.models[0].edges == (("b", "c"), ("c", "d"))
    assert "Most probable graphs: dependence b–c, c–d" in result.notes[0]
    answer = result.as_dict()
    assert answer["method"] == "bma" and answer["details"]["grid"][0] == 123
    assert "prior on N ∝ 1/N on 123 to" in answer["model"]


def test_the_grid_widens_until_it_holds_the_posterior():
    result = bma.estimate(load("Western"))
    low, high = result.details["grid"]
    assert high > low + 10 * low  # widened from the default 10·n
    assert not any("WARNING" in note for note in result.notes)
    truncated = bma.estimate(load("Western"), grid=500)
    assert any("truncates" in note for note in truncated.notes)


def test_more_than_five_lists_are_refused_with_the_reason():
    with pytest.raises(TooManyListsError, match="at most 5 lists"):
        bma.estimate(load("NewOrl_185"))
