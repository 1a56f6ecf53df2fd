"""Bayesian latent-class estimation of the total (LCMCR), the second method.

After Manrique-Vallier, D. (2016), "Bayesian population size estimation using Dirichlet
process mixtures", Biometrics 72(4): 1246–1254, the model the Human Rights Data Analysis Group
uses through its R package. This is an independent numpy implementation of the published
model and Gibbs sampler.

Model. Each of the N persons (observed or not) belongs to one of at most K latent classes;
within a class the k lists record a person independently, list j with probability λ[j, h].
The class weights π follow a stick-breaking (Dirichlet process) prior truncated at K, with
concentration α ~ Gamma(a, b); λ[j, h] ~ Beta(1, 1); and p(N) ∝ 1/N. Heterogeneous capture
(some persons far more visible than others) and list dependence are absorbed by the classes.

Gibbs sampler, per iteration:

1. the classes of the observed persons (drawn per capture pattern, as multinomial counts);
2. N − n and the classes of the unobserved, jointly: with p0 = Σ_h π_h Π_j (1 − λ[j, h]),
   N − n ~ NegativeBinomial(n, 1 − p0), then their classes ∝ π_h Π_j (1 − λ[j, h]);
3. λ[j, h] ~ Beta(1 + captures, 1 + misses) over everyone in class h;
4. the sticks V_h ~ Beta(1 + m_h, α + Σ_{l>h} m_l), π from the sticks;
5. α ~ Gamma(a + K − 1, b − Σ_{h<K} log(1 − V_h)).

The estimate is the posterior median of N and the interval the 2.5% and 97.5% posterior
quantiles, pooled over several chains started from different seeds. One chain can sit in one
mode of a multimodal posterior with nothing to show for it (its effective sample size looks
fine), so the chains are compared (split R-hat, Gelman et al. 2013); when they disagree the
answer warns and gives every mode. The sampler is seeded: the same table, settings and seed
give the same answer.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np

from vigil.figures.mse import LEVEL, CaptureTable, Estimate, check_table

DEFAULT_CLASSES = 10
DEFAULT_BURN_IN = 10_000
DEFAULT_SAMPLES = 100_000
DEFAULT_THIN = 10
DEFAULT_SEED = 20_160_401
DEFAULT_CHAINS = 4
R_HAT_LIMIT = 1.1


@dataclass(frozen=True)
class LatentClassModel:
    """The one model of the latent-class method, as listed in `Estimate.models`."""

    words: str
    estimate: float
    mean: float
    interval: tuple[float, float]
    exists = True  # a posterior always has a median

    def as_dict(self, criterion: str) -> dict:
        return {
            "model": self.words,
            "estimate": self.estimate,
            "posterior_mean": self.mean,
            "interval": list(self.interval),
            "criterion": None,
        }


def _effective_size(draws: np.ndarray) -> float:
    """Effective sample size from the initial positive sequence of autocorrelations."""
    x = draws - draws.mean()
    n = len(x)
    var = float(x @ x) / n
    if n < 4 or var == 0:
        return float(n)
    spectrum = np.fft.rfft(x, 2 * n)
    acov = np.fft.irfft(spectrum * np.conj(spectrum))[:n] / n
    rho = acov / var
    total = 0.0
    for lag in range(1, n - 1, 2):
        pair = rho[lag] + rho[lag + 1]
        if pair < 0:
            break
        total += pair
    return n / (1 + 2 * total)


def sample_posterior(
    table: CaptureTable,
    *,
    classes: int = DEFAULT_CLASSES,
    burn_in: int = DEFAULT_BURN_IN,
    samples: int = DEFAULT_SAMPLES,
    thin: int = DEFAULT_THIN,
    seed: int = DEFAULT_SEED,
    alpha_prior: tuple[float, float] = (0.25, 0.25),
) -> np.ndarray:
    """Posterior draws of N (after burn-in, every `thin`-th of `samples` iterations)."""
    check_table(table)
    rng = np.random.default_rng(seed)
    x, counts = table.cells()
    counts = counts.astype(np.int64)
    keep = counts > 0
    x, counts = x[keep], counts[keep]
    n = int(counts.sum())
    k, big_k = table.k, classes
    a_alpha, b_alpha = alpha_prior

    lam = rng.beta(1.0, 1.0, size=(k, big_k))
    alpha = 1.0
    sticks = rng.beta(1.0, alpha, size=big_k)
    sticks[-1] = 1.0
    draws = []
    eps = 1e-300
    captured_by = x.T.astype(float)  # lists × patterns, for the capture counts of step 3
    left = np.ones(big_k)  # the stick left before each class

    for iteration in range(burn_in + samples):
        log_lam, log_miss = np.log(lam + eps), np.log1p(-lam + 1e-16)
        np.cumprod(1.0 - sticks[:-1], out=left[1:])
        pi = sticks * left
        log_pi = np.log(pi + eps)
        # 1. classes of the observed persons, pattern by pattern
        log_missed_everywhere = log_miss.sum(axis=0)
        logw = x @ (log_lam - log_miss) + (log_pi + log_missed_everywhere)
        w = np.exp(logw - logw.max(axis=1, keepdims=True))
        w /= w.sum(axis=1, keepdims=True)
        z_obs = rng.multinomial(counts, w)
        # 2. the number unobserved and their classes
        w0 = pi * np.exp(log_missed_everywhere)  # π_h · P(on no list | class h)
        p0 = min(max(float(w0.sum()), 0.0), 1.0 - 1e-12)
        n0 = int(rng.negative_binomial(n, 1.0 - p0))
        w0 = w0 / p0 if p0 > 0 else np.full(big_k, 1.0 / big_k)
        z0 = rng.multinomial(n0, w0)
        # 3. capture probabilities per list and class
        members = z_obs.sum(axis=0) + z0
        captured = captured_by @ z_obs
        lam = rng.beta(1.0 + captured, 1.0 + members - captured)
        # 4. stick-breaking weights
        after = np.empty(big_k)
        after[:-1] = np.cumsum(members[:0:-1])[::-1]
        after[-1] = 0
        sticks = np.minimum(rng.beta(1.0 + members, alpha + after), 1.0 - 1e-12)
        sticks[-1] = 1.0
        # 5. concentration
        rate = b_alpha - float(np.log1p(-sticks[:-1]).sum())
        alpha = float(rng.gamma(a_alpha + big_k - 1, 1.0 / rate))
        if iteration >= burn_in and (iteration - burn_in) % thin == 0:
            draws.append(n + n0)
    return np.asarray(draws, dtype=float)


def _one_chain(table: CaptureTable, settings: dict, seed: int) -> np.ndarray:
    # module-level so a worker process can unpickle it
    return sample_posterior(table, seed=seed, **settings)


def _run_chains(
    table: CaptureTable, settings: dict, seeds: list[int], workers: int | None
) -> list[np.ndarray]:
    """One chain per seed, in seed order, in up to `workers` processes."""
    workers = min(len(seeds), workers or os.cpu_count() or 1)
    if workers <= 1:
        return [_one_chain(table, settings, seed) for seed in seeds]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_one_chain, [table] * len(seeds), [settings] * len(seeds), seeds))


def split_r_hat(chains: Sequence[np.ndarray]) -> float:
    """The split potential scale reduction factor (Gelman et al. 2013, §11.4): each chain cut
    in halves; near 1 when the chains sample one distribution, well above 1 when they sit in
    different modes (which one chain's effective sample size cannot see)."""
    halves = [h for c in chains for h in np.array_split(np.asarray(c, dtype=float), 2)]
    length = min(len(h) for h in halves)
    if length < 2:
        return math.nan
    draws = np.array([h[:length] for h in halves])
    within = float(draws.var(axis=1, ddof=1).mean())
    between = float(length * draws.mean(axis=1).var(ddof=1))
    if within == 0:
        return 1.0 if between == 0 else math.inf
    pooled = (length - 1) / length * within + between / length
    return math.sqrt(pooled / within)


def modes(chains: Sequence[np.ndarray], level: float = LEVEL) -> list[tuple[float, float, float]]:
    """The chains grouped by where they sit: chains whose credible intervals overlap share a
    mode. Each mode: (median, low, high) of its chains' pooled draws, lowest first."""
    tail = (1 - level) / 2
    order = sorted(range(len(chains)), key=lambda i: float(np.median(chains[i])))
    groups: list[list[int]] = []
    for i in order:
        low = float(np.quantile(chains[i], tail))
        if groups and low <= float(np.quantile(chains[groups[-1][-1]], 1 - tail)):
            groups[-1].append(i)
        else:
            groups.append([i])
    out = []
    for group in groups:
        pooled = np.concatenate([chains[i] for i in group])
        out.append(tuple(float(v) for v in np.quantile(pooled, [0.5, tail, 1 - tail])))
    return out


def estimate(
    table: CaptureTable,
    *,
    classes: int = DEFAULT_CLASSES,
    burn_in: int = DEFAULT_BURN_IN,
    samples: int = DEFAULT_SAMPLES,
    thin: int = DEFAULT_THIN,
    seed: int = DEFAULT_SEED,
    chains: int = DEFAULT_CHAINS,
    level: float = LEVEL,
    workers: int | None = None,
) -> Estimate:
    """Posterior median of N with an equal-tailed `level` credible interval, from `chains`
    chains seeded seed, seed + 1, …; chains that disagree (split R-hat above 1.1) are
    reported mode by mode, with a warning. The chains run in `workers` processes (default:
    one per core, at most one per chain); each chain has its own seed, so the answer is the
    same whatever the number of workers."""
    if chains < 1:
        raise ValueError("LCMCR needs at least one chain")
    settings = {"classes": classes, "burn_in": burn_in, "samples": samples, "thin": thin}
    runs = _run_chains(table, settings, [seed + i for i in range(chains)], workers)
    draws = np.concatenate(runs)
    tail = (1 - level) / 2
    low, median, high = (float(v) for v in np.quantile(draws, [tail, 0.5, 1 - tail]))
    mean = float(draws.mean())
    ess = sum(_effective_size(run) for run in runs)
    r_hat = split_r_hat(runs) if chains > 1 else math.nan
    seeds = f"seed {seed}" if chains == 1 else f"seeds {seed} to {seed + chains - 1}"
    words = (
        f"Bayesian latent-class model (LCMCR, Manrique-Vallier 2016) over lists "
        f"{', '.join(table.lists)}, with at most {classes} latent classes; posterior median "
        f"and {int(level * 100)}% credible interval from {len(draws):,} draws of {chains} "
        f"chain{'s' if chains > 1 else ''} ({burn_in:,} burn-in iterations, thinning {thin}, "
        f"{seeds})"
    )
    notes = [f"Effective sample size of the draws of N: about {ess:,.0f}."]
    if ess < 200:
        notes.append("The chains mix slowly here: run more iterations before relying on them.")
    found = modes(runs, level)
    if chains > 1:
        notes.append(f"Between-chain check: split R-hat {r_hat:.3f} (near 1: the chains agree).")
    if chains > 1 and (not r_hat <= R_HAT_LIMIT or len(found) > 1):
        notes.append(
            "WARNING: the chains disagree, so the posterior has more than one mode and no "
            "single number summarises it: "
            + "; ".join(f"a mode near {m:,.0f} ({lo:,.0f} to {hi:,.0f})" for m, lo, hi in found)
            + ". Report them all, or run much longer chains."
        )
    return Estimate(
        method="lcmcr",
        lists=table.lists,
        observed=table.observed,
        estimate=median,
        interval=(low, high),
        model=words,
        criterion=None,
        models=(LatentClassModel(words, median, mean, (low, high)),),
        notes=tuple(notes),
        details={
            "classes": classes,
            "burn_in": burn_in,
            "samples": samples,
            "thin": thin,
            "seed": seed,
            "chains": [
                {"seed": seed + i, "median": float(np.median(run))} for i, run in enumerate(runs)
            ],
            "r_hat": None if not math.isfinite(r_hat) else round(r_hat, 4),
            "modes": [[round(v, 1) for v in mode] for mode in found],
            "posterior_mean": round(mean, 2),
            "effective_sample_size": round(ess, 1) if math.isfinite(ess) else None,
        },
        interval_kind="posterior credible interval",
    )
