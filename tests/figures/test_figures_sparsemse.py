"""Vigil's bootstrap against SparseMSE 2.0.1, the R package of Chan, Silverman & Vincent (2021),
as an independent oracle: on the same resampled tables the stepwise selection must choose the
same model and give the same estimate, and on the same replicate values the BCa bounds must be
the same. What can then still differ from the published intervals is only which random tables
are drawn (R's generator against NumPy's): tests/figures/data/sparsemse/README.md measures how
much that moves the published bounds."""

import csv
import itertools
from pathlib import Path

import numpy as np
import pytest

from tests.figures.test_figures_mse import load
from vigil.figures import bootstrap, mse

DATA = Path(__file__).parent / "data" / "sparsemse"


def replicates(name: str) -> list[tuple[float, frozenset, mse.CaptureTable]]:
    """The resampled tables of one published table, with SparseMSE's estimate and terms."""
    lists = load(name).lists
    patterns = [p for p in itertools.product((0, 1), repeat=len(lists)) if any(p)]
    with open(DATA / f"{name}.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    out = []
    for row in rows:
        counts = dict(zip(patterns, map(int, row["counts"].split()), strict=True))
        terms = frozenset(tuple(t.split(":")) for t in row["terms"].split())
        table = mse.CaptureTable(lists, {p: c for p, c in counts.items() if c})
        out.append((float(row["estimate"]), terms, table))
    return out


@pytest.mark.parametrize(
    ("name", "expected"), [("NewOrl_5_185", 300), ("Western", 100), ("NewOrl_185", 60)]
)
def test_stepwise_on_resampled_tables_chooses_what_sparsemse_chooses(name, expected):
    cases = replicates(name)
    assert len(cases) == expected
    for estimate, terms, table in cases:
        model = mse.stepwise(table).chosen.model
        assert frozenset(model.terms) == terms
        assert model.estimate == pytest.approx(estimate, rel=1e-6)


# SparseMSE's bcaconfvalues on the 300 New Orleans replicate estimates of the fixture, the
# estimate 1,034.151 and three accelerations, at alpha 0.025 / 0.05 / 0.95 / 0.975 (R 4.2.2).
R_BCA = {
    -0.05516: (630.643637, 630.643637, 1378.377359, 1631.455658),
    0.0: (630.643637, 630.643637, 1417.287741, 1742.443334),
    0.1: (632.266181, 659.586935, 1467.268191, 1883.432509),
}


@pytest.mark.parametrize("acceleration", sorted(R_BCA))
def test_bca_bounds_equal_sparsemse_on_the_same_replicates(acceleration):
    draws = np.array([estimate for estimate, _, _ in replicates("NewOrl_5_185")])
    low95, high95, _ = bootstrap.bca_bounds(draws, 1034.151, acceleration, 0.95)
    low90, high90, _ = bootstrap.bca_bounds(draws, 1034.151, acceleration, 0.90)
    r_low95, r_low90, r_high90, r_high95 = R_BCA[acceleration]
    assert (low95, low90, high90, high95) == pytest.approx(
        (r_low95, r_low90, r_high90, r_high95), rel=1e-8
    )


def test_a_replicate_without_an_estimate_makes_the_upper_bound_infinite():
    draws = np.array([900.0, 1000.0, 1100.0, np.inf, np.inf, np.inf, 1200.0, 950.0])
    low, high, _ = bootstrap.bca_bounds(draws, 1000.0, 0.0, 0.95)
    assert np.isfinite(low) and high == np.inf
