"""Bayesian model averaging over decomposable graphical models (Madigan & York 1997), the
method of the R package dga that the Human Rights Data Analysis Group uses. Written from the
paper's formulas; no code of dga is used.

A decomposable graphical model on the k lists is a chordal graph: an edge joins two lists
that may depend on each other. Given the total N, the complete 2^k table (the observed
counts and N − n on no list) is multinomial; its cell probabilities have the hyper-
Dirichlet prior of the graph (Dawid & Lauritzen 1993), every cell of the full table carrying
prior weight δ (default 2^−k, as in dga), so a margin over the lists C has Dirichlet weights
δ·2^(k−|C|) per cell. The probability of the data given N and the graph G is then

    N! / (N − n)! / Π n_x! × Π_C D_C(N) / Π_S D_S(N),

over the cliques C and separators S of G, with D_A(N) = Γ(α_A)/Γ(α_A + N) ·
Π_cells Γ(α + n_A(cell))/Γ(α), n_A the margin of the complete table over A. The prior on N is
∝ 1/N on the grid n, n + 1, …, n + `grid` (stated in the answer; by default 10·n, widened
until the posterior fits in it), the prior over graphs uniform. The posterior of N averages
the graphs by their posterior probabilities; the answer shows those probabilities, graph by
graph.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import special

from vigil.figures.mse import (
    LEVEL,
    CaptureTable,
    Estimate,
    TooManyListsError,
    check_table,
    two_way_models,
)

MAX_LISTS = 5  # 822 decomposable graphs on five lists; 18,154 on six
GRID_MULTIPLE = 10  # the grid of N runs from n to n + 10·n by default, widened ×4 …
MAX_GRID_MULTIPLE = 640  # … while a tenth of the posterior is at its top, up to 640·n

Edge = tuple[int, int]


def _maximum_cardinality_order(k: int, edges: frozenset[Edge]) -> list[int]:
    neighbours = {v: {b if a == v else a for a, b in edges if v in (a, b)} for v in range(k)}
    order: list[int] = []
    while len(order) < k:
        rest = [v for v in range(k) if v not in order]
        order.append(max(rest, key=lambda v: (len(neighbours[v] & set(order)), -v)))
    return order


def _earlier_neighbours(k: int, edges: frozenset[Edge]) -> list[tuple[int, tuple[int, ...]]]:
    """Each list with its neighbours earlier in a maximum-cardinality order."""
    order = _maximum_cardinality_order(k, edges)
    out = []
    for i, v in enumerate(order):
        earlier = tuple(sorted(u for u in order[:i] if tuple(sorted((u, v))) in edges))
        out.append((v, earlier))
    return out


def is_decomposable(k: int, edges: frozenset[Edge]) -> bool:
    """Chordal (Tarjan & Yannakakis 1984): in a maximum-cardinality order every vertex's
    earlier neighbours are pairwise joined."""
    return all(
        pair in edges
        for _, earlier in _earlier_neighbours(k, edges)
        for pair in itertools.combinations(earlier, 2)
    )


def decomposable_graphs(k: int) -> list[frozenset[Edge]]:
    return [g for g in map(frozenset, two_way_models(k)) if is_decomposable(k, g)]


@dataclass(frozen=True)
class GraphModel:
    """One decomposable graph and its share of the posterior, as listed in `Estimate.models`."""

    words: str
    edges: tuple[tuple[str, str], ...]
    probability: float  # posterior probability of the graph
    estimate: float  # posterior median of N under this graph alone
    exists = True  # a posterior always has a median

    def as_dict(self, criterion: str) -> dict:
        return {
            "model": self.words,
            "terms": [list(e) for e in self.edges],
            "posterior_probability": self.probability,
            "estimate": self.estimate,
            "criterion": None,
        }


def _log_margin_terms(table: CaptureTable, missing: np.ndarray, delta: float) -> dict:
    """log D_A(N) for every subset A of the lists, as a vector over the grid of N − n."""
    x, y = table.cells()
    n = table.observed
    k = table.k
    out: dict[tuple[int, ...], np.ndarray] = {(): np.zeros(len(missing))}
    for size in range(1, k + 1):
        for subset in itertools.combinations(range(k), size):
            alpha = delta * 2 ** (k - size)
            total = alpha * 2**size
            margin: dict[tuple[int, ...], float] = {}
            for row, count in zip(x[:, list(subset)].astype(int), y, strict=True):
                margin[tuple(row)] = margin.get(tuple(row), 0.0) + count
            zero = margin.pop((0,) * size, 0.0)
            fixed = sum(
                special.gammaln(alpha + c) - special.gammaln(alpha) for c in margin.values()
            )
            out[subset] = (
                fixed
                + special.gammaln(alpha + zero + missing)
                - special.gammaln(alpha)
                + special.gammaln(total)
                - special.gammaln(total + n + missing)
            )
    return out


def _graph_log_likelihood(k: int, edges: frozenset[Edge], terms: dict) -> np.ndarray:
    total = np.zeros_like(terms[()])
    for v, earlier in _earlier_neighbours(k, edges):
        total += terms[tuple(sorted((v, *earlier)))] - terms[earlier]
    return total


def _posterior_weights(table, graphs, missing: np.ndarray, delta: float) -> np.ndarray:
    """Unnormalised posterior of (graph, N) on the grid, one row per graph."""
    totals = table.observed + missing
    terms = _log_margin_terms(table, missing, delta)
    common = special.gammaln(totals + 1) - special.gammaln(missing + 1) - np.log(totals)
    log_post = np.array([common + _graph_log_likelihood(table.k, g, terms) for g in graphs])
    return np.exp(log_post - log_post.max())


def _quantiles(weights: np.ndarray, values: np.ndarray, probabilities) -> list[float]:
    cumulative = np.cumsum(weights) / weights.sum()
    return [
        float(values[min(np.searchsorted(cumulative, p), len(values) - 1)]) for p in probabilities
    ]


def estimate(
    table: CaptureTable,
    *,
    delta: float | None = None,
    grid: int | None = None,
    level: float = LEVEL,
    graphs: Sequence[frozenset[Edge]] | None = None,
) -> Estimate:
    """Posterior median of N and an equal-tailed credible interval, averaged over every
    decomposable graph (or over `graphs`), with each graph's posterior probability."""
    check_table(table)
    if table.k > MAX_LISTS:
        raise TooManyListsError(
            f"model averaging over decomposable graphs is for at most {MAX_LISTS} lists "
            f"(this table has {table.k}; 18,154 graphs on six)"
        )
    k, n = table.k, table.observed
    delta = 2.0**-k if delta is None else delta
    graphs = decomposable_graphs(k) if graphs is None else list(graphs)
    size = GRID_MULTIPLE * n if grid is None else grid
    while True:
        missing = np.arange(size + 1, dtype=float)
        totals = n + missing
        weights = _posterior_weights(table, graphs, missing, delta)
        pooled = weights.sum(axis=0)
        edge_share = float(pooled[int(0.9 * size) :].sum() / pooled.sum())
        if grid is not None or edge_share <= 1e-3 or size >= MAX_GRID_MULTIPLE * n:
            break
        size *= 4  # the default grid widens until it holds the posterior
    per_graph = weights.sum(axis=1)
    probabilities = per_graph / per_graph.sum()
    tail = (1 - level) / 2
    low, median, high = _quantiles(pooled, totals, [tail, 0.5, 1 - tail])
    rows = []
    for g, p, w in zip(graphs, probabilities, weights, strict=True):
        names = tuple((table.lists[a], table.lists[b]) for a, b in sorted(g))
        words = _graph_words(table.lists, sorted(g))
        rows.append(GraphModel(words, names, float(p), _quantiles(w, totals, [0.5])[0]))
    rows.sort(key=lambda r: -r.probability)
    words = (
        f"Bayesian model averaging over the {len(graphs)} decomposable graphical models of "
        f"lists {', '.join(table.lists)} (Madigan & York 1997, as in dga): hyper-Dirichlet "
        f"prior with δ = {delta:g} per cell, prior on N ∝ 1/N on {n:,} to {n + size:,}, "
        f"graphs equally likely a priori; posterior median and {int(level * 100)}% credible "
        "interval"
    )
    notes = [
        "Most probable graphs: "
        + "; ".join(f"{r.words} {r.probability:.1%} (N̂ {r.estimate:,.0f})" for r in rows[:3])
        + "."
    ]
    if edge_share > 1e-3:
        notes.append(
            f"WARNING: {edge_share:.1%} of the posterior lies in the top tenth of the grid of N: "
            "the grid truncates it; the upper bound is too low."
        )
    return Estimate(
        method="bma",
        lists=table.lists,
        observed=n,
        estimate=median,
        interval=(low, high),
        model=words,
        criterion=None,
        models=tuple(rows),
        notes=tuple(notes),
        details={"delta": delta, "grid": [n, n + size], "graphs": len(graphs)},
        interval_kind="posterior credible interval, averaged over graphs",
    )


def _graph_words(lists: Sequence[str], edges: Sequence[Edge]) -> str:
    if not edges:
        return "independent lists"
    return "dependence " + ", ".join(f"{lists[a]}–{lists[b]}" for a, b in edges)
