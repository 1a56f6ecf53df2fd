"""BCa bootstrap intervals that include the uncertainty of choosing the model.

Silverman, Chan & Vincent (2024), after Chan, Silverman & Vincent (2021, §3.3): each
replicate resamples the n persons observed (a multinomial draw over the capture patterns, n
fixed) and reruns the whole estimate, model choice included. The interval is the bias-
corrected and accelerated (BCa) percentile interval (Efron 1987; DiCiccio & Efron 1996): the
bias correction z₀ = Φ⁻¹(share of replicates below the estimate), the acceleration a from
the jackknife that removes one person at a time (one value per capture pattern, weighted by
its count), and the bounds the replicates' quantiles at Φ(z₀ + (z₀ + z_α)/(1 − a(z₀ + z_α))).
A replicate whose estimate does not exist counts as infinitely large: the honest reading of
"these lists cannot bound the total".

The draws are seeded: the same table, method, replicates and seed give the same interval.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import stats

DEFAULT_REPLICATES = 1000
DEFAULT_SEED = 1234

Statistic = Callable[[np.ndarray], float | None]  # counts per pattern → estimate or None


@dataclass(frozen=True)
class BootstrapInterval:
    interval: tuple[float, float]
    replicates: int
    seed: int
    failed: int  # replicates without an estimate (counted as infinite)
    bias_correction: float
    acceleration: float

    def words(self, level: float) -> str:
        return (
            f"{int(level * 100)}% BCa bootstrap interval from {self.replicates:,} replicates "
            f"(seed {self.seed}), the model chosen again on every replicate"
        )

    def as_dict(self) -> dict:
        return {
            "replicates": self.replicates,
            "seed": self.seed,
            "failed": self.failed,
            "bias_correction": round(self.bias_correction, 4),
            "acceleration": round(self.acceleration, 5),
        }


def _value(statistic: Statistic, counts: np.ndarray) -> float:
    value = statistic(counts)
    return math.inf if value is None else float(value)


def jackknife_acceleration(counts: np.ndarray, statistic: Statistic) -> float:
    """a = Σ c_j d_j³ / (6 (Σ c_j d_j²)^{3/2}), d_j the mean jackknife value minus the value
    with one person of pattern j removed."""
    present = np.flatnonzero(counts > 0)
    values = []
    for j in present:
        reduced = counts.copy()
        reduced[j] -= 1
        values.append(_value(statistic, reduced))
    weights, values = counts[present].astype(float), np.array(values)
    if not np.all(np.isfinite(values)):
        return 0.0
    residual = np.average(values, weights=weights) - values
    spread = float(np.sum(weights * residual**2))
    return 0.0 if spread == 0 else float(np.sum(weights * residual**3) / (6 * spread**1.5))


def bca_bounds(
    draws: np.ndarray, estimate: float, acceleration: float, level: float = 0.95
) -> tuple[float, float, float]:
    """The BCa bounds at `level` from the replicates' values (infinite where a replicate has
    no estimate), and the bias correction z₀ they imply. Quantiles of type 8 (median-
    unbiased), as SparseMSE's `bcaconfvalues` takes them."""
    replicates = len(draws)
    below = float(np.mean(draws < estimate))
    below = min(max(below, 0.5 / replicates), 1 - 0.5 / replicates)
    z0 = float(stats.norm.ppf(below))
    tail = (1 - level) / 2
    z = stats.norm.ppf([tail, 1 - tail])
    adjusted = stats.norm.cdf(z0 + (z0 + z) / (1 - acceleration * (z0 + z)))
    finite = np.where(np.isfinite(draws), draws, np.finfo(float).max)
    low, high = np.quantile(finite, adjusted, method="median_unbiased")
    high = math.inf if high >= np.finfo(float).max / 2 else float(high)
    return float(low), high, z0


def bca_interval(
    counts: np.ndarray,
    statistic: Statistic,
    estimate: float,
    *,
    replicates: int = DEFAULT_REPLICATES,
    seed: int = DEFAULT_SEED,
    level: float = 0.95,
) -> BootstrapInterval:
    """The BCa interval of `statistic` at the observed `counts` (one entry per pattern)."""
    if replicates < 2:
        raise ValueError("the bootstrap needs at least 2 replicates")
    counts = np.asarray(counts, dtype=np.int64)
    n = int(counts.sum())
    rng = np.random.default_rng(seed)
    draws = np.array([_value(statistic, rng.multinomial(n, counts / n)) for _ in range(replicates)])
    a = jackknife_acceleration(counts, statistic)
    low, high, z0 = bca_bounds(draws, estimate, a, level)
    return BootstrapInterval(
        (low, high), replicates, seed, int(np.sum(~np.isfinite(draws))), z0, a
    )
