"""The Bayesian latent-class estimator (LCMCR) on simulated populations of known size."""

import numpy as np
import pytest

from vigil.figures import lcmcr, mse
from vigil.figures.mse import CaptureTable, TooFewListsError

# Two kinds of person: half hard to document, half easy. Lists are independent within a kind,
# so the lists look positively dependent overall and the independence model falls short.
HARD = np.array([0.2, 0.3, 0.2, 0.3, 0.25])
EASY = np.array([0.6, 0.5, 0.7, 0.55, 0.65])


def simulate(total: int, rng: np.random.Generator) -> CaptureTable:
    easy = rng.random(total) < 0.4
    probabilities = np.where(easy[:, None], EASY, HARD)
    captured = (rng.random((total, 5)) < probabilities).astype(int)
    counts: dict[tuple[int, ...], int] = {}
    for row in map(tuple, captured):
        if any(row):
            counts[row] = counts.get(row, 0) + 1
    return CaptureTable(tuple("ABCDE"), counts)


def test_credible_intervals_cover_the_true_total_at_about_the_stated_rate():
    # The sampler works on pattern counts, so its cost does not grow with the population.
    # Over 100 replicates (`docs/figures.md`): 96% coverage at N = 1,000 and 87% at N = 300,
    # where the hard-to-document half is too thinly observed and the misses all fall short.
    truth, replicates = 1000, 20
    covered, independence_short = 0, 0
    for replicate in range(replicates):
        table = simulate(truth, np.random.default_rng(1000 + replicate))
        result = lcmcr.estimate(table, burn_in=400, samples=1500, thin=2, seed=replicate, chains=1)
        low, high = result.interval
        covered += low <= truth <= high
        independence_short += mse.fit_model(table, []).estimate < truth
    # 95% nominal: 20 of 20 or 19 are typical, fewer than 17 has probability under 2%
    assert covered >= 17, f"{covered} of {replicates} intervals cover the truth"
    # the heterogeneity is real: the independence model underestimates nearly always
    assert independence_short >= 15


def test_same_seed_same_answer_and_json_shape():
    table = simulate(300, np.random.default_rng(7))
    first = lcmcr.estimate(table, burn_in=200, samples=600, seed=3)
    again = lcmcr.estimate(table, burn_in=200, samples=600, seed=3)
    assert first.estimate == again.estimate and first.interval == again.interval
    answer = first.as_dict()
    assert answer["method"] == "lcmcr"
    assert set(answer) >= {"estimate", "interval", "model", "models"}
    assert "LCMCR" in answer["model"] and "seeds 3 to 6" in answer["model"]
    assert [c["seed"] for c in answer["details"]["chains"]] == [3, 4, 5, 6]
    assert answer["models"][0]["estimate"] == first.estimate
    assert table.observed <= answer["interval"][0] <= answer["estimate"] <= answer["interval"][1]



def test_the_answer_does_not_depend_on_how_many_processes_run_the_chains():
    table = simulate(300, np.random.default_rng(7))
    alone = lcmcr.estimate(table, burn_in=200, samples=600, seed=3, workers=1)
    shared = lcmcr.estimate(table, burn_in=200, samples=600, seed=3, workers=2)
    assert alone.as_dict() == shared.as_dict()

def kosovo() -> CaptureTable:
    return CaptureTable.from_strings(
        ("EXH", "ABA", "OSCE", "HRW"),
        {
            "0001": 306, "0010": 936, "0011": 123, "0100": 845, "0101": 31, "0110": 217,
            "0111": 32, "1000": 1131, "1001": 106, "1010": 228, "1011": 42, "1100": 177,
            "1101": 18, "1110": 181, "1111": 27,
        },
    )  # fmt: skip


def test_one_class_is_the_independence_model_and_agrees_with_the_log_linear_fit():
    """With a single latent class the lists are independent and everyone is equally visible:
    the posterior must sit on the independence log-linear estimate and profile interval."""
    table = kosovo()
    result = lcmcr.estimate(table, classes=1, burn_in=500, samples=5000, thin=1, seed=1, chains=1)
    independence = mse.fit_model(table, [])
    low, high = mse.profile_interval(table, [], independence.estimate)
    assert result.estimate == pytest.approx(independence.estimate, rel=0.01)
    assert result.interval[0] == pytest.approx(low, rel=0.01)
    assert result.interval[1] == pytest.approx(high, rel=0.01)


def test_kosovo_posterior_is_near_the_published_order_of_magnitude():
    table = kosovo()
    result = lcmcr.estimate(table, burn_in=2000, samples=20000, thin=10, seed=1, chains=2)
    # longer chains (200,000 iterations, three seeds) give medians of 10,394 to 10,522
    assert 9_500 < result.estimate < 11_500
    # two chains long enough agree (short ones do not: R-hat 1.8 at 3,000 iterations)
    assert result.details["r_hat"] < lcmcr.R_HAT_LIMIT
    assert len(result.details["modes"]) == 1
    assert not any("WARNING" in note for note in result.notes)
    assert result.interval[0] > 4400


def test_fewer_than_three_lists_is_refused():
    table = CaptureTable.from_strings(("A", "B"), {"10": 5, "01": 4, "11": 1})
    with pytest.raises(TooFewListsError):
        lcmcr.estimate(table, samples=10, burn_in=0)


def test_split_r_hat_sees_chains_in_different_modes():
    rng = np.random.default_rng(0)
    agree = [rng.normal(100, 5, 2000) for _ in range(4)]
    apart = [rng.normal(100, 5, 2000), rng.normal(100, 5, 2000), rng.normal(300, 5, 2000)]
    assert lcmcr.split_r_hat(agree) == pytest.approx(1.0, abs=0.01)
    assert lcmcr.split_r_hat(apart) > 2
    # a chain drifting from one mode to the other within itself is caught by the split
    assert lcmcr.split_r_hat([np.r_[agree[0], apart[2]]]) > 2
    found = lcmcr.modes(apart)
    assert [round(m) for m, _, _ in found] == [100, 300]


def test_chains_that_disagree_warn_and_report_every_mode(monkeypatch):
    """The sampler is replaced by draws from two modes, seed by seed, to check the report."""
    centres = {10: 1000.0, 11: 1000.0, 12: 2500.0}

    def bimodal(table, *, seed, samples, **_):
        return np.random.default_rng(seed).normal(centres[seed], 30.0, samples)

    monkeypatch.setattr(lcmcr, "sample_posterior", bimodal)
    result = lcmcr.estimate(kosovo(), samples=2000, seed=10, chains=3)
    warning = next(note for note in result.notes if note.startswith("WARNING"))
    assert "a mode near 1,000" in warning and "a mode near 2,500" in warning
    assert [round(m[0], -2) for m in result.details["modes"]] == [1000, 2500]
    assert result.details["r_hat"] > lcmcr.R_HAT_LIMIT
