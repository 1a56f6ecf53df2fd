"""Multiple systems estimation: how many were never documented, from three or more lists.

Input: a capture-pattern table. For k record-linked lists, each person observed has a
pattern of k bits (on list j or not); the table gives how many persons have each of the
2^k − 1 observable patterns. The persons on no list (pattern 0…0) are the unknown.

Method (Bishop, Fienberg & Holland 1975, ch. 6; Fienberg 1972; as the Human Rights Data
Analysis Group applies it, e.g. Ball et al. 2002 for Kosovo 1999): a Poisson log-linear
model for the observed cell counts,

    log m(x) = u + Σ_j u_j x_j + Σ_{j<l} u_jl x_j x_l,

with a main effect per list and any set of two-list dependence terms u_jl (positive:
the two lists tend to record the same persons). With the 0/1 coding the fitted count of the
unobserved cell is m̂(0…0) = exp(û), and N̂ = n + exp(û). Every hierarchical candidate up to
all two-way terms is fitted (2^(k(k-1)/2) of them) with statsmodels' GLM; one is chosen by
AIC or BIC (BIC with log n, n the number of persons observed). The 95% interval of the chosen
model is a profile-likelihood interval for N (Cormack 1992, Biometrics 48:567–576): for each
N, the model is fitted to the complete 2^k table whose unobserved cell holds N − n, and the
interval holds the N whose multinomial profile log-likelihood is within χ²₁(0.95)/2 of its
maximum.

The estimate does not always exist: a list with no one on it, or a zero in a margin a term
depends on (no one on both lists A and B, with an A×B term), sends a parameter to infinity.
Such candidates are reported without an estimate; when no candidate has one, or there are
fewer than three lists, `estimate` refuses with a specific exception instead of a number.
"""

from __future__ import annotations

import itertools
import math
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import optimize, special, stats

MAX_LISTS = 5  # 2^10 = 1,024 candidates for 5 lists; 6 lists would need 32,768
LEVEL = 0.95


class EstimationError(ValueError):
    """No estimate can be given; the message says why."""


class TooFewListsError(EstimationError):
    pass


class TooManyListsError(EstimationError):
    pass


class EstimateDoesNotExistError(EstimationError):
    """The table is too sparse: the estimate is infinite or undefined under every model."""


Pattern = tuple[int, ...]


@dataclass(frozen=True)
class CaptureTable:
    """Counts of persons by capture pattern over named lists. Patterns not given count 0."""

    lists: tuple[str, ...]
    counts: Mapping[Pattern, int]

    def __post_init__(self) -> None:
        lists = tuple(str(name) for name in self.lists)
        if len(set(lists)) != len(lists):
            raise ValueError(f"list names repeat: {', '.join(lists)}")
        k = len(lists)
        counts: dict[Pattern, int] = {}
        for raw, value in dict(self.counts).items():
            pattern = tuple(int(c) for c in raw)
            if len(pattern) != k or any(c not in (0, 1) for c in pattern):
                raise ValueError(f"pattern {raw!r} is not {k} zeros and ones")
            if int(value) != value or value < 0:
                raise ValueError(f"pattern {raw!r}: count {value!r} is not a whole number ≥ 0")
            if not any(pattern):
                if value:
                    raise ValueError("the pattern on no list cannot be observed; its count is 0")
                continue
            counts[pattern] = counts.get(pattern, 0) + int(value)
        object.__setattr__(self, "lists", lists)
        object.__setattr__(self, "counts", counts)

    @classmethod
    def from_strings(cls, lists: Sequence[str], counts: Mapping[str, int]) -> CaptureTable:
        """`CaptureTable.from_strings(["A", "B", "C"], {"101": 7, ...})`."""
        return cls(tuple(lists), {tuple(int(c) for c in p): n for p, n in counts.items()})

    @property
    def k(self) -> int:
        return len(self.lists)

    @property
    def observed(self) -> int:
        return sum(self.counts.values())

    def cells(self, include_unobserved: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """All patterns (rows of 0/1) in a fixed order, and their counts."""
        patterns = [
            p for p in itertools.product((0, 1), repeat=self.k) if include_unobserved or any(p)
        ]
        x = np.array(patterns, dtype=float).reshape(len(patterns), self.k)
        y = np.array([self.counts.get(p, 0) for p in patterns], dtype=float)
        return x, y

    def collapse(self, keep: Sequence[str]) -> CaptureTable:
        """The table over a subset of the lists (persons on none of them drop out)."""
        index = [self.lists.index(name) for name in keep]
        out: dict[Pattern, int] = {}
        for pattern, n in self.counts.items():
            sub = tuple(pattern[i] for i in index)
            if any(sub):
                out[sub] = out.get(sub, 0) + n
        return CaptureTable(tuple(keep), out)


Term = tuple[int, int]


def _design(x: np.ndarray, terms: Sequence[Term]) -> np.ndarray:
    columns = [np.ones(len(x)), *x.T, *(x[:, a] * x[:, b] for a, b in terms)]
    return np.column_stack(columns)


def model_words(lists: Sequence[str], terms: Sequence[Term]) -> str:
    """'EXH, ABA, OSCE and HRW, with dependence between EXH and ABA, OSCE and HRW'."""
    main = f"{', '.join(lists[:-1])} and {lists[-1]}"
    if not terms:
        return f"lists {main} independent"
    pairs = "; ".join(f"{lists[a]}–{lists[b]}" for a, b in terms)
    return f"lists {main}, with dependence between {pairs}"


@dataclass(frozen=True)
class CandidateModel:
    """One fitted log-linear model."""

    terms: tuple[tuple[str, str], ...]  # the two-list dependence terms
    words: str
    parameters: int
    estimate: float | None  # N̂, or None when it does not exist under this model
    unobserved: float | None  # m̂(0…0)
    deviance: float | None
    df: int
    aic: float | None
    bic: float | None
    reason: str | None = None  # why there is no estimate
    weight: float | None = None  # Akaike (or BIC) weight among the models with an estimate

    @property
    def exists(self) -> bool:
        return self.estimate is not None

    def as_dict(self, criterion: str) -> dict:
        return {
            "model": self.words,
            "terms": [list(t) for t in self.terms],
            "estimate": self.estimate,
            "criterion": {"name": criterion, "value": getattr(self, criterion)},
            "aic": self.aic,
            "bic": self.bic,
            "deviance": self.deviance,
            "df": self.df,
            "parameters": self.parameters,
            "weight": self.weight,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Estimate:
    """An estimate of the total: the chosen number, its 95% interval and how it was reached."""

    method: str
    lists: tuple[str, ...]
    observed: int
    estimate: float
    interval: tuple[float, float]  # high may be math.inf (no finite upper bound)
    model: str  # the chosen model, in words
    criterion: str | None
    models: tuple  # CandidateModel for loglinear, LatentClassModel for lcmcr
    notes: tuple[str, ...] = ()
    details: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        def num(v: float) -> float | None:
            return None if v is None or not math.isfinite(v) else round(float(v), 2)

        return {
            "method": self.method,
            "lists": list(self.lists),
            "observed": self.observed,
            "estimate": num(self.estimate),
            "interval": [num(self.interval[0]), num(self.interval[1])],
            "level": LEVEL,
            "model": self.model,
            "criterion": self.criterion,
            "models": [m.as_dict(self.criterion or "aic") for m in self.models],
            "notes": list(self.notes),
            **({"details": self.details} if self.details else {}),
        }


def _fit(x: np.ndarray, y: np.ndarray, terms: Sequence[Term]):
    """Poisson GLM fit; returns the statsmodels result or raises FloatingPointError."""
    import statsmodels.api as sm
    from statsmodels.tools.sm_exceptions import PerfectSeparationWarning

    design = _design(x, terms)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        warnings.simplefilter("ignore", PerfectSeparationWarning)
        try:
            result = sm.GLM(y, design, family=sm.families.Poisson()).fit(maxiter=200)
        except (ValueError, np.linalg.LinAlgError) as exc:
            raise FloatingPointError(str(exc)) from None
    return result


def _no_estimate(x: np.ndarray, y: np.ndarray, terms: Sequence[Term], lists) -> str | None:
    """Why the model's estimate does not exist before fitting: a zero sufficient statistic."""
    design = _design(x, terms)
    totals = design.T @ y
    for column, total in enumerate(totals):
        if total > 0 or column == 0:
            continue
        if column <= x.shape[1]:
            return f"no one is on list {lists[column - 1]}"
        a, b = terms[column - 1 - x.shape[1]]
        return f"no one is on both {lists[a]} and {lists[b]}, so their dependence is unbounded"
    return None


def fit_model(table: CaptureTable, terms: Sequence[Term]) -> CandidateModel:
    """Fit one log-linear model (main effects plus `terms`) to the observed cells."""
    x, y = table.cells()
    n = table.observed
    terms = tuple(sorted(tuple(sorted(t)) for t in terms))
    names = tuple((table.lists[a], table.lists[b]) for a, b in terms)
    words = model_words(table.lists, terms)
    p = 1 + table.k + len(terms)
    df = len(y) - p

    def missing(reason: str) -> CandidateModel:
        return CandidateModel(names, words, p, None, None, None, df, None, None, reason)

    reason = _no_estimate(x, y, terms, table.lists)
    if reason:
        return missing(reason)
    try:
        result = _fit(x, y, terms)
    except FloatingPointError as exc:
        return missing(f"the fit failed: {exc}")
    params = np.asarray(result.params)
    mu = np.asarray(result.fittedvalues)
    if not getattr(result, "converged", True) or not np.all(np.isfinite(params)):
        return missing("the fit does not converge: the table is too sparse for this model")
    if np.max(np.abs(params)) > 25 or np.any((y == 0) & (mu < 1e-6 * max(n, 1))):
        return missing(
            "zero cells put the fit on the boundary (a parameter runs to infinity), "
            "so the number unobserved is not estimable under this model"
        )
    unobserved = float(math.exp(params[0]))
    llf = float(np.sum(special.xlogy(y, mu) - mu - special.gammaln(y + 1)))
    deviance = float(2 * np.sum(special.xlogy(y, np.where(y > 0, y, 1) / mu) - (y - mu)))
    return CandidateModel(
        terms=names,
        words=words,
        parameters=p,
        estimate=n + unobserved,
        unobserved=unobserved,
        deviance=deviance,
        df=df,
        aic=2 * p - 2 * llf,
        bic=p * math.log(n) - 2 * llf,
    )


def closed_form_three_lists(table: CaptureTable) -> float:
    """m̂(000) = n111·n100·n010·n001 / (n110·n101·n011): the model with all two-way terms on
    three lists, in closed form (Bishop, Fienberg & Holland 1975, §6.4)."""
    if table.k != 3:
        raise TooFewListsError("the closed form is for exactly three lists")
    c = table.counts.get
    numerator = c((1, 1, 1), 0) * c((1, 0, 0), 0) * c((0, 1, 0), 0) * c((0, 0, 1), 0)
    denominator = c((1, 1, 0), 0) * c((1, 0, 1), 0) * c((0, 1, 1), 0)
    if denominator == 0:
        raise EstimateDoesNotExistError("a two-list cell is empty: the closed form divides by 0")
    return numerator / denominator


def _profile_loglik(table: CaptureTable, terms: Sequence[Term], total: float) -> float:
    """The multinomial log-likelihood of N = `total`, maximised over the model's parameters."""
    x, y = table.cells(include_unobserved=True)
    n = table.observed
    y = y.copy()
    y[0] = total - n  # the first pattern is 0…0
    result = _fit(x, y, terms)
    mu = np.asarray(result.fittedvalues)
    probabilities = mu / mu.sum()
    return float(
        special.gammaln(total + 1)
        - special.gammaln(total - n + 1)
        + np.sum(special.xlogy(y, probabilities))
    )


def profile_interval(
    table: CaptureTable, terms: Sequence[Term], estimate: float, level: float = LEVEL
) -> tuple[float, float]:
    """Profile-likelihood interval for N under one model (Cormack 1992)."""
    n = table.observed
    drop = stats.chi2.ppf(level, 1) / 2
    unobserved = max(estimate - n, 1.0)

    def loglik(total: float) -> float:
        return _profile_loglik(table, terms, total)

    best = optimize.minimize_scalar(
        lambda t: -loglik(t),
        bounds=(n, n + 3 * unobserved + 10),
        method="bounded",
        options={"xatol": 1e-4 * unobserved + 1e-6},
    )
    top_n, top = float(best.x), -float(best.fun)

    def below(total: float) -> float:
        return top - loglik(total) - drop

    low = float(n) if below(n) <= 0 else optimize.brentq(below, n, top_n, xtol=1e-3)
    high, step = math.inf, unobserved
    for _ in range(60):
        candidate = top_n + step
        if below(candidate) > 0:
            high = optimize.brentq(below, top_n, candidate, xtol=1e-3)
            break
        step *= 2
        if candidate > 1e12:
            break
    return low, high


def _candidate_terms(k: int) -> list[tuple[Term, ...]]:
    pairs = list(itertools.combinations(range(k), 2))
    return [c for r in range(len(pairs) + 1) for c in itertools.combinations(pairs, r)]


def _weights(models: list[CandidateModel], criterion: str) -> list[CandidateModel]:
    from dataclasses import replace

    values = [getattr(m, criterion) for m in models if m.exists]
    if not values:
        return models
    best = min(values)
    total = sum(math.exp(-(v - best) / 2) for v in values)
    return [
        replace(m, weight=math.exp(-(getattr(m, criterion) - best) / 2) / total) if m.exists else m
        for m in models
    ]


def check_table(table: CaptureTable, max_lists: int = MAX_LISTS) -> None:
    """Refuse tables no estimate can come from, with the reason."""
    if table.k < 3:
        raise TooFewListsError(
            f"multiple systems estimation needs three or more record-linked lists; "
            f"this table has {table.k}"
        )
    if table.k > max_lists:
        raise TooManyListsError(
            f"{table.k} lists give {2 ** (table.k * (table.k - 1) // 2):,} candidate models; "
            f"at most {max_lists} lists are searched exhaustively (merge or drop some lists)"
        )
    if table.observed == 0:
        raise EstimateDoesNotExistError("the table is empty: no one is on any list")
    x, y = table.cells()
    empty = [name for j, name in enumerate(table.lists) if y[x[:, j] == 1].sum() == 0]
    if empty:
        raise EstimateDoesNotExistError(f"no one is on list {', '.join(empty)}")
    if y[x.sum(axis=1) >= 2].sum() == 0:
        raise EstimateDoesNotExistError(
            "no one is on more than one list, so the lists say nothing about how many are on "
            "none (the estimate would be infinite)"
        )


def estimate(
    table: CaptureTable,
    criterion: str = "aic",
    level: float = LEVEL,
    max_lists: int = MAX_LISTS,
) -> Estimate:
    """Fit every candidate log-linear model, choose one by `criterion`, and give its
    estimate with a profile-likelihood interval. Raises an `EstimationError` instead of
    giving a number that does not exist."""
    criterion = criterion.lower()
    if criterion not in ("aic", "bic"):
        raise ValueError(f"criterion must be aic or bic, not {criterion!r}")
    check_table(table, max_lists)
    candidates = _candidate_terms(table.k)
    fitted = [fit_model(table, terms) for terms in candidates]
    fitted = _weights(fitted, criterion)
    usable = [(m, t) for m, t in zip(fitted, candidates, strict=True) if m.exists]
    if not usable:
        reasons = sorted({m.reason for m in fitted if m.reason})
        raise EstimateDoesNotExistError(
            "the estimate does not exist under any candidate model (the table is too sparse): "
            + "; ".join(reasons)
        )
    chosen, terms = min(usable, key=lambda mt: (getattr(mt[0], criterion), mt[0].parameters))
    low, high = profile_interval(table, terms, chosen.estimate, level)
    close = [
        m.estimate for m, _ in usable if getattr(m, criterion) - getattr(chosen, criterion) <= 2
    ]
    notes = [
        f"{len(usable)} of {len(fitted)} candidate models have an estimate.",
        f"Models within 2 {criterion.upper()} points of the chosen one ({len(close)}) give "
        f"{min(close):,.1f} to {max(close):,.1f}.",
    ]
    if not math.isfinite(high):
        notes.append("The profile likelihood gives no finite upper bound.")
    words = (
        f"Poisson log-linear model with {chosen.words}; the lowest {criterion.upper()} of "
        f"{len(fitted)} candidates (main effects with every set of two-list dependence terms); "
        f"{int(level * 100)}% interval by profile likelihood for this model, which does not "
        "include the uncertainty of choosing it"
    )
    return Estimate(
        method="loglinear",
        lists=table.lists,
        observed=table.observed,
        estimate=chosen.estimate,
        interval=(low, high),
        model=words,
        criterion=criterion,
        models=tuple(sorted(fitted, key=lambda m: (m.aic is None, getattr(m, criterion) or 0))),
        notes=tuple(notes),
    )


def table_from_records(lists: Sequence[str], memberships: Iterable[Iterable[str]]) -> CaptureTable:
    """Build the table from each person's set of lists (record linkage already done)."""
    counts: dict[Pattern, int] = {}
    for on in memberships:
        on = set(on)
        unknown = on - set(lists)
        if unknown:
            raise ValueError(f"unknown list {', '.join(sorted(unknown))}")
        pattern = tuple(int(name in on) for name in lists)
        if any(pattern):
            counts[pattern] = counts.get(pattern, 0) + 1
    return CaptureTable(tuple(lists), counts)
