"""Multiple systems estimation: how many were never documented, from three or more lists.

Input: a capture-pattern table. For k record-linked lists, each person observed has a
pattern of k bits (on list j or not); the table gives how many persons have each of the
2^k − 1 observable patterns. The persons on no list (pattern 0…0) are the unknown.

Method (Bishop, Fienberg & Holland 1975, ch. 6; as Chan, Silverman & Vincent 2021 and
Silverman, Chan & Vincent 2024 apply it to sparse lists): a Poisson log-linear model for the
observed cell counts,

    log m(x) = u + Σ_j u_j x_j + Σ_T u_T Π_{j∈T} x_j,

with a main effect per list and a hierarchical set of interaction terms T (two lists or
more; positive: the lists tend to record the same persons). With the 0/1 coding the fitted
count of the unobserved cell is m̂(0…0) = exp(û), and N̂ = n + exp(û).

Sparse lists. A term whose lists share no one observed is set to −∞ (the extended maximum
likelihood estimate): the cells on all its lists are fitted as 0 and leave the fit, and the
answer states the assumption ("no one is on both X and Y"); the term still counts as a
parameter in AIC and BIC. On what remains, a model is refused only when its estimate does
not exist (the linear program of Fienberg & Rinaldo 2012: the MLE exists if and only if a
table with every cell positive has the observed sufficient statistics) or is not
identifiable (the design has not full column rank); the answer says which.

Model choice: the stepwise method of Chan, Silverman & Vincent (2021), the default; BIC over
every hierarchical model (up to four lists; a stepwise search over hierarchical models
beyond); AIC as a sensitivity analysis. Intervals: `vigil.figures.bootstrap` reruns the
choice on every bootstrap replicate; the profile-likelihood interval of the chosen model
(Cormack 1992) is given beside it, conditional on that model.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from scipy import optimize, special, stats

from vigil.figures import bootstrap

LEVEL = 0.95
STEPWISE_THRESHOLD = 0.02  # Chan, Silverman & Vincent (2021)
MAX_TWO_WAY_LISTS = 5  # every set of two-list terms: 2^10 = 1,024 models; 6 lists 32,768
MAX_EXHAUSTIVE_LISTS = 4  # every hierarchical model: 166 on four lists; 7,580 on five
METHODS = ("stepwise", "bic", "aic")


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


Term = tuple[int, ...]  # the indices of the lists a term joins, ascending, two or more


def _normal_terms(terms: Iterable[Sequence[int]]) -> tuple[Term, ...]:
    unique = {tuple(sorted(int(i) for i in t)) for t in terms}
    return tuple(sorted(unique, key=lambda t: (len(t), t)))


@functools.lru_cache(maxsize=16)
def _patterns(k: int, include_unobserved: bool) -> np.ndarray:
    rows = [p for p in itertools.product((0, 1), repeat=k) if include_unobserved or any(p)]
    return np.array(rows, dtype=float).reshape(len(rows), k)


def _on_all(x: np.ndarray, term: Term) -> np.ndarray:
    return np.all(x[:, list(term)] == 1, axis=1)


def _design(x: np.ndarray, terms: Sequence[Term]) -> np.ndarray:
    columns = [np.ones(len(x)), *x.T, *(_on_all(x, t).astype(float) for t in terms)]
    return np.column_stack(columns)


def term_words(lists: Sequence[str], term: Term) -> str:
    names = [lists[i] for i in term]
    return "–".join(names)


def model_words(lists: Sequence[str], terms: Sequence[Term]) -> str:
    """'lists EXH, ABA, OSCE and HRW, with dependence between EXH–ABA; OSCE–HRW'."""
    main = f"{', '.join(lists[:-1])} and {lists[-1]}"
    if not terms:
        return f"lists {main} independent"
    return f"lists {main}, with dependence between {'; '.join(term_words(lists, t) for t in terms)}"


def _no_one_on(lists: Sequence[str], term: Term) -> str:
    names = [lists[i] for i in term]
    both = "both" if len(names) == 2 else "all of"
    return f"no one is on {both} {', '.join(names[:-1])} and {names[-1]}"


@dataclass(frozen=True)
class CandidateModel:
    """One log-linear model and what came of fitting it."""

    terms: tuple[tuple[str, ...], ...]  # the interaction terms, by list name
    words: str
    parameters: int  # every term counts, those set to −∞ too
    estimate: float | None  # N̂, or None when refused
    unobserved: float | None  # m̂(0…0)
    deviance: float | None
    df: int
    aic: float | None
    bic: float | None
    reason: str | None = None  # why refused: no estimate, or not identifiable
    weight: float | None = None  # Akaike (or BIC) weight among the models with an estimate
    assumptions: tuple[str, ...] = ()  # the terms set to −∞, in words
    verdict: str = "estimate"  # "estimate", "no-mle" or "not-identifiable"

    @property
    def exists(self) -> bool:
        return self.estimate is not None

    def as_dict(self, criterion: str) -> dict:
        return {
            "model": self.words,
            "terms": [list(t) for t in self.terms],
            "estimate": self.estimate,
            "criterion": {"name": criterion, "value": getattr(self, criterion, None)},
            "aic": self.aic,
            "bic": self.bic,
            "deviance": self.deviance,
            "df": self.df,
            "parameters": self.parameters,
            "weight": self.weight,
            "verdict": self.verdict,
            "reason": self.reason,
            "assumes": list(self.assumptions),
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
    models: tuple  # CandidateModel for log-linear methods, LatentClassModel for lcmcr
    notes: tuple[str, ...] = ()
    details: dict = field(default_factory=dict)
    interval_kind: str = "profile likelihood, conditional on the chosen model"
    conditional_interval: tuple[float, float] | None = None

    def as_dict(self) -> dict:
        def num(v: float | None) -> float | None:
            return None if v is None or not math.isfinite(v) else round(float(v), 2)

        answer = {
            "method": self.method,
            "lists": list(self.lists),
            "observed": self.observed,
            "estimate": num(self.estimate),
            "interval": [num(self.interval[0]), num(self.interval[1])],
            "interval_kind": self.interval_kind,
            "level": LEVEL,
            "model": self.model,
            "criterion": self.criterion,
            "models": [m.as_dict(self.criterion or "aic") for m in self.models],
            "notes": list(self.notes),
            "excluded": [
                {"model": m.words, "verdict": m.verdict, "reason": m.reason}
                for m in self.models
                if not m.exists
            ],
        }
        if self.conditional_interval is not None:
            answer["conditional_interval"] = [num(v) for v in self.conditional_interval]
        if self.details:
            answer["details"] = self.details
        return answer


@dataclass(frozen=True)
class _Reduced:
    """A model's design once the terms set to −∞ and the cells they empty are removed."""

    x: np.ndarray  # the patterns kept
    y: np.ndarray
    design: np.ndarray
    live: tuple[Term, ...]  # the terms fitted
    infinite: tuple[Term, ...]  # the terms set to −∞


def _reduce(x: np.ndarray, y: np.ndarray, terms: Sequence[Term]) -> _Reduced:
    infinite = tuple(t for t in terms if y[_on_all(x, t)].sum() == 0)
    keep = np.ones(len(x), dtype=bool)
    for term in infinite:
        keep &= ~_on_all(x, term)
    live = tuple(t for t in terms if t not in infinite)
    return _Reduced(x[keep], y[keep], _design(x[keep], live), live, infinite)


def is_identifiable(design: np.ndarray) -> bool:
    """Every parameter is determined by the expected counts: full column rank."""
    return design.shape[0] >= design.shape[1] and (np.linalg.matrix_rank(design) == design.shape[1])


def mle_exists(design: np.ndarray, y: np.ndarray) -> bool:
    """Fienberg & Rinaldo (2012): the MLE exists if and only if the observed sufficient
    statistics Aᵀy lie in the relative interior of the marginal cone, that is, if and only if
    no direction d = Ac of the linear predictor is 0 on every positive cell, ≥ 0 on every zero
    cell and > 0 on one of them (along such a direction the likelihood keeps rising). The
    linear program maximises Σ_zero (Ac) with Ac = 0 on the positive cells (c in the null
    space of their rows) and 0 ≤ Ac ≤ 1 on the zero cells; the MLE exists iff the maximum is
    0. This is the dual of the program "some strictly positive table has the same sufficient
    statistics", and much smaller (tests check that the two agree)."""
    zero = y == 0
    if not zero.any():
        return True
    basis = _null_space(design[~zero])
    if basis.shape[1] == 0:  # the positive cells alone determine every parameter
        return True
    directions = design[zero] @ basis
    result = optimize.linprog(
        -directions.sum(axis=0),
        A_ub=np.vstack([directions, -directions]),
        b_ub=np.concatenate([np.ones(len(directions)), np.zeros(len(directions))]),
        bounds=[(None, None)] * basis.shape[1],
        method="highs",
    )
    return bool(result.status == 0 and -result.fun < 1e-9)


def _null_space(rows: np.ndarray) -> np.ndarray:
    if rows.shape[0] == 0:
        return np.eye(rows.shape[1])
    _, singular, vt = np.linalg.svd(rows)
    rank = int(np.sum(singular > 1e-10 * max(singular[0], 1.0)))
    return vt[rank:].T


class _NoConvergence(ArithmeticError):
    pass


def _poisson_fit(design: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Maximum-likelihood coefficients of a Poisson log-linear model, by Newton's method with
    step halving (the log-likelihood is concave; the caller has checked the MLE exists)."""
    start = y + 0.5  # one iteratively reweighted least-squares step from m = y + ½
    root = np.sqrt(start)[:, None]
    working = np.log(start) + (y - start) / start
    beta = np.linalg.lstsq(design * root, working * root[:, 0], rcond=None)[0]

    def loglik(b: np.ndarray) -> float:
        eta = design @ b
        return float(y @ eta - np.exp(eta).sum())

    current = loglik(beta)
    for _ in range(200):
        mu = np.exp(design @ beta)
        gradient = design.T @ (y - mu)
        hessian = design.T @ (design * mu[:, None])
        try:
            step = np.linalg.solve(hessian, gradient)
        except np.linalg.LinAlgError:
            raise _NoConvergence("singular information matrix") from None
        if float(gradient @ step) < 1e-12 * max(1.0, abs(current)):  # quadratic convergence
            return beta + step
        shrink = 1.0
        while loglik(beta + shrink * step) < current:
            shrink /= 2
            if shrink < 1e-10:  # no ascent left in floating point: this is the maximum
                return beta
        beta = beta + shrink * step
        current = loglik(beta)
    raise _NoConvergence("Newton's method did not converge in 200 steps")


def _refused(table, terms, names, words, p, df, infinite, verdict, reason) -> CandidateModel:
    assumptions = tuple(_no_one_on(table.lists, t) for t in infinite)
    return CandidateModel(
        names, words, p, None, None, None, df, None, None, reason,
        assumptions=assumptions, verdict=verdict,
    )  # fmt: skip


@dataclass(frozen=True)
class _Fitted:
    model: CandidateModel
    reduced: _Reduced
    fitted: np.ndarray | None  # expected counts of the kept cells


def _fit(table: CaptureTable, terms: Sequence[Term]) -> _Fitted:
    x = _patterns(table.k, False)
    y = np.array([table.counts.get(tuple(int(c) for c in p), 0) for p in x], dtype=float)
    return _fit_cells(table, x, y, _normal_terms(terms))


def _fit_cells(table: CaptureTable, x: np.ndarray, y: np.ndarray, terms) -> _Fitted:
    n = float(y.sum())
    names = tuple(tuple(table.lists[i] for i in t) for t in terms)
    words = model_words(table.lists, terms)
    p = 1 + table.k + len(terms)
    reduced = _reduce(x, y, terms)
    df = len(reduced.y) - reduced.design.shape[1]
    infinite = reduced.infinite
    assumed = "; ".join(_no_one_on(table.lists, t) for t in infinite)
    after = f" once it is assumed that {assumed}" if infinite else ""
    if not is_identifiable(reduced.design):
        reason = (
            f"not identifiable{after}: the {len(reduced.y)} cells left cannot determine its "
            f"{reduced.design.shape[1]} parameters (the design matrix has not full rank)"
        )
        model = _refused(table, terms, names, words, p, df, infinite, "not-identifiable", reason)
        return _Fitted(model, reduced, None)
    if not mle_exists(reduced.design, reduced.y):
        reason = (
            f"the maximum-likelihood estimate does not exist{after}: the zero cells put the "
            "observed margins on the boundary (Fienberg–Rinaldo linear program)"
        )
        return _Fitted(
            _refused(table, terms, names, words, p, df, infinite, "no-mle", reason), reduced, None
        )
    try:
        beta = _poisson_fit(reduced.design, reduced.y)
    except _NoConvergence as exc:
        reason = f"the fit failed: {exc}"
        return _Fitted(
            _refused(table, terms, names, words, p, df, infinite, "no-mle", reason), reduced, None
        )
    mu = np.exp(reduced.design @ beta)
    obs = reduced.y
    llf = float(np.sum(special.xlogy(obs, mu) - mu - special.gammaln(obs + 1)))
    deviance = float(2 * np.sum(special.xlogy(obs, np.where(obs > 0, obs, 1) / mu) - (obs - mu)))
    unobserved = float(math.exp(beta[0]))
    model = CandidateModel(
        terms=names,
        words=words,
        parameters=p,
        estimate=n + unobserved,
        unobserved=unobserved,
        deviance=deviance,
        df=df,
        aic=2 * p - 2 * llf,
        bic=p * math.log(n) - 2 * llf,
        assumptions=tuple(_no_one_on(table.lists, t) for t in infinite),
    )
    return _Fitted(model, reduced, mu)


def fit_model(table: CaptureTable, terms: Sequence[Sequence[int]]) -> CandidateModel:
    """Fit one log-linear model (main effects plus `terms`, each a tuple of list indices) to
    the observed cells, with the terms of lists that share no one set to −∞."""
    return _fit(table, terms).model


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


def _profile_loglik(table: CaptureTable, terms: Sequence[Sequence[int]], total: float) -> float:
    """The multinomial log-likelihood of N = `total`, maximised over the model's parameters
    (the cells emptied by terms set to −∞ stay out)."""
    x, y = table.cells(include_unobserved=True)
    n = table.observed
    y = y.copy()
    y[0] = max(total - n, 1e-9)  # the first pattern is 0…0
    reduced = _reduce(x[1:], y[1:], _normal_terms(terms))
    design = np.vstack([_design(x[:1], reduced.live), reduced.design])
    counts = np.concatenate([y[:1], reduced.y])
    mu = np.exp(design @ _poisson_fit(design, counts))
    probabilities = mu / mu.sum()
    return float(
        special.gammaln(total + 1)
        - special.gammaln(total - n + 1)
        + np.sum(special.xlogy(counts, probabilities))
    )


def profile_interval(
    table: CaptureTable, terms: Sequence[Sequence[int]], estimate: float, level: float = LEVEL
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


def two_way_models(k: int) -> list[tuple[Term, ...]]:
    """Every set of two-list terms: 2^(k(k−1)/2) models."""
    pairs = list(itertools.combinations(range(k), 2))
    return [c for r in range(len(pairs) + 1) for c in itertools.combinations(pairs, r)]


def _all_terms(k: int, two_way_only: bool) -> list[Term]:
    top = 2 if two_way_only else k - 1  # the k-list term is never identifiable
    return [t for r in range(2, top + 1) for t in itertools.combinations(range(k), r)]


def _is_hierarchical(terms: Sequence[Term]) -> bool:
    present = set(terms)
    return all(
        sub in present for t in terms if len(t) > 2 for sub in itertools.combinations(t, len(t) - 1)
    )


def hierarchical_models(k: int) -> list[tuple[Term, ...]]:
    """Every hierarchical model with all main effects and no k-list term."""
    terms = _all_terms(k, False)
    models = (c for r in range(len(terms) + 1) for c in itertools.combinations(terms, r))
    return [_normal_terms(m) for m in models if _is_hierarchical(m)]


@dataclass(frozen=True)
class _Selection:
    chosen: _Fitted
    considered: tuple[CandidateModel, ...]  # every model fitted on the way
    how: str  # the search, in words
    steps: tuple[str, ...] = ()


def _poisson_p(observed: int, expected: float) -> float:
    """The smaller one-sided Poisson tail probability of `observed` (as Chan, Silverman &
    Vincent 2021 compute it): how unlikely the overlap is under the current model."""
    upper = 1.0 if observed == 0 else float(special.pdtrc(observed - 1, expected))
    return min(float(special.pdtr(observed, expected)), upper)


def _counts(table: CaptureTable) -> tuple[np.ndarray, np.ndarray]:
    x = _patterns(table.k, False)
    y = np.array([table.counts.get(tuple(int(c) for c in p), 0) for p in x], dtype=float)
    return x, y


def stepwise(table: CaptureTable, threshold: float = STEPWISE_THRESHOLD) -> _Selection:
    """Chan, Silverman & Vincent (2021): from the main effects, add the absent two-list term
    whose observed overlap is least likely under the current model (Poisson p-value), among
    the terms whose model passes both checks, while that p-value is below `threshold`."""
    x, y = _counts(table)
    current = _fit_cells(table, x, y, ())
    considered = [current.model]
    if not current.model.exists:
        raise EstimateDoesNotExistError(
            f"the independence model is refused: {current.model.reason}"
        )
    terms: tuple[Term, ...] = ()
    pairs = list(itertools.combinations(range(table.k), 2))
    overlap = {pair: int(y[_on_all(x, pair)].sum()) for pair in pairs}
    steps = []
    while True:
        kept = current.reduced.x
        ranked = sorted(
            (_poisson_p(overlap[pair], float(current.fitted[_on_all(kept, pair)].sum())), i, pair)
            for i, pair in enumerate(pairs)
            if pair not in terms
        )
        added = False
        for p_value, _, pair in ranked:
            if p_value >= threshold:
                break
            trial = _fit_cells(table, x, y, _normal_terms((*terms, pair)))
            considered.append(trial.model)
            words = term_words(table.lists, pair)
            if not trial.model.exists:
                steps.append(f"skipped {words}: {trial.model.reason}")
                continue
            terms, current, added = _normal_terms((*terms, pair)), trial, True
            steps.append(f"added {words} (overlap {overlap[pair]}, Poisson p = {p_value:.2g})")
            break
        if not added:
            break
    how = (
        f"stepwise (Chan, Silverman & Vincent 2021): two-list terms added one at a time while "
        f"the observed overlap has a Poisson p-value below {threshold:g} under the model so far"
    )
    return _Selection(current, tuple(considered), how, tuple(steps))


def _neighbours(terms: tuple[Term, ...], candidates: Sequence[Term]) -> list[tuple[Term, ...]]:
    present = set(terms)
    out = []
    for t in candidates:
        if t in present:
            if not any(set(t) < set(other) for other in present):
                out.append(_normal_terms(present - {t}))
        elif all(sub in present for sub in itertools.combinations(t, len(t) - 1) if len(sub) > 1):
            out.append(_normal_terms(present | {t}))
    return out


def criterion_search(
    table: CaptureTable, criterion: str = "bic", two_way_only: bool = False
) -> _Selection:
    """The model with the lowest AIC or BIC: over every hierarchical model (every set of
    two-list terms with `two_way_only`) where they are few enough, else by a stepwise search
    that adds or removes one term at a time while the criterion falls."""
    x, y = _counts(table)
    space = "two-list" if two_way_only else "hierarchical"
    limit = MAX_TWO_WAY_LISTS if two_way_only else MAX_EXHAUSTIVE_LISTS
    fitted: dict[tuple[Term, ...], _Fitted] = {}

    def fit(terms: tuple[Term, ...]) -> _Fitted:
        if terms not in fitted:
            fitted[terms] = _fit_cells(table, x, y, terms)
        return fitted[terms]

    def score(f: _Fitted) -> tuple[float, int]:
        return getattr(f.model, criterion), f.model.parameters

    if table.k <= limit:
        models = two_way_models(table.k) if two_way_only else hierarchical_models(table.k)
        usable = [f for f in map(fit, models) if f.model.exists]
        how = f"the lowest {criterion.upper()} of every {space} model ({len(models):,})"
    else:
        candidates = _all_terms(table.k, two_way_only)
        best = fit(())
        usable = [best] if best.model.exists else []
        while usable:
            moves = [
                f for f in map(fit, _neighbours(_terms_of(best), candidates)) if f.model.exists
            ]
            step = min(moves, key=score, default=None)
            if step is None or score(step) >= score(best):
                break
            best = step
            usable.append(best)
        how = (
            f"the lowest {criterion.upper()} found by a search over {space} models from "
            f"independence, adding or removing one term at a time ({len(fitted):,} fitted)"
        )
    if not usable:
        reasons = sorted({f.model.reason for f in fitted.values() if f.model.reason})
        raise EstimateDoesNotExistError(
            "the estimate does not exist under any candidate model (the table is too sparse): "
            + "; ".join(reasons)
        )
    chosen = min(usable, key=score)
    return _Selection(chosen, tuple(f.model for f in fitted.values()), how)


def _terms_of(f: _Fitted) -> tuple[Term, ...]:
    return _normal_terms((*f.reduced.live, *f.reduced.infinite))


def _weights(models: Sequence[CandidateModel], criterion: str) -> list[CandidateModel]:
    values = [getattr(m, criterion) for m in models if m.exists]
    if not values:
        return list(models)
    best = min(values)
    total = sum(math.exp(-(v - best) / 2) for v in values)
    return [
        replace(m, weight=math.exp(-(getattr(m, criterion) - best) / 2) / total) if m.exists else m
        for m in models
    ]


def check_table(table: CaptureTable, max_lists: int | None = None) -> None:
    """Refuse tables no estimate can come from, with the reason."""
    if table.k < 3:
        raise TooFewListsError(
            f"multiple systems estimation needs three or more record-linked lists; "
            f"this table has {table.k}"
        )
    if max_lists is not None and table.k > max_lists:
        raise TooManyListsError(f"{table.k} lists: at most {max_lists} for this method")
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


def select(
    table: CaptureTable,
    method: str = "stepwise",
    *,
    two_way_only: bool = False,
    threshold: float = STEPWISE_THRESHOLD,
) -> _Selection:
    """Choose a model by `method` ("stepwise", "bic" or "aic")."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, not {method!r}")
    check_table(table)
    if method == "stepwise":
        return stepwise(table, threshold)
    return criterion_search(table, method, two_way_only)


def _without_empty_lists(table: CaptureTable) -> CaptureTable:
    """A bootstrap replicate can leave a small list with no one; it then says nothing."""
    on = {j for pattern, n in table.counts.items() if n for j, bit in enumerate(pattern) if bit}
    return table if len(on) == table.k else table.collapse([table.lists[j] for j in sorted(on)])


def _replicate_statistic(table: CaptureTable, method: str, two_way_only: bool, threshold: float):
    patterns = [tuple(int(c) for c in p) for p in _patterns(table.k, False)]

    def statistic(counts: np.ndarray) -> float | None:
        replicate = CaptureTable(
            table.lists, {p: int(c) for p, c in zip(patterns, counts, strict=True) if c}
        )
        try:
            chosen = select(
                _without_empty_lists(replicate), method,
                two_way_only=two_way_only, threshold=threshold,
            ).chosen.model  # fmt: skip
        except EstimationError:
            return None
        return chosen.estimate

    return statistic


def _notes(selection: _Selection, method: str, criterion: str) -> list[str]:
    chosen = selection.chosen.model
    refused = [m for m in selection.considered if not m.exists]
    notes = [f"Assumes {a} (that term is set to −∞: the extended MLE)." for a in chosen.assumptions]
    notes.append(
        f"{len(selection.considered) - len(refused)} of {len(selection.considered)} models "
        f"fitted have an estimate; {sum(m.verdict == 'no-mle' for m in refused)} have no "
        f"maximum-likelihood estimate, {sum(m.verdict == 'not-identifiable' for m in refused)} "
        "are not identifiable."
    )
    notes += [f"Step: {step}." for step in selection.steps]
    if method != "stepwise":
        best = getattr(chosen, criterion)
        close = [
            m.estimate for m in selection.considered
            if m.exists and getattr(m, criterion) - best <= 2
        ]  # fmt: skip
        notes.append(
            f"Models within 2 {criterion.upper()} points of the chosen one ({len(close)}) give "
            f"{min(close):,.1f} to {max(close):,.1f}."
        )
    return notes


def estimate(
    table: CaptureTable,
    method: str = "stepwise",
    *,
    level: float = LEVEL,
    two_way_only: bool = False,
    threshold: float = STEPWISE_THRESHOLD,
    replicates: int = bootstrap.DEFAULT_REPLICATES,
    seed: int = bootstrap.DEFAULT_SEED,
) -> Estimate:
    """Choose a log-linear model by `method`, and give its estimate with the BCa bootstrap
    interval that reruns the choice (`replicates` = 0: the profile interval only). Raises an
    `EstimationError` instead of giving a number that does not exist."""
    selection = select(table, method, two_way_only=two_way_only, threshold=threshold)
    chosen = selection.chosen.model
    criterion = "bic" if method == "stepwise" else method
    conditional = profile_interval(table, _terms_of(selection.chosen), chosen.estimate, level)
    notes = _notes(selection, method, criterion)
    details: dict = {"method": method, "two_way_only": two_way_only}
    if method == "stepwise":
        details["threshold"] = threshold
    interval, kind = conditional, "profile likelihood, conditional on the chosen model"
    if replicates:
        statistic = _replicate_statistic(table, method, two_way_only, threshold)
        boot = bootstrap.bca_interval(
            _counts(table)[1], statistic, chosen.estimate,
            replicates=replicates, seed=seed, level=level,
        )  # fmt: skip
        interval, kind = boot.interval, boot.words(level)
        details["bootstrap"] = boot.as_dict()
        notes.append(
            f"Conditional on the chosen model, the profile-likelihood interval is "
            f"{_bound(conditional[0])} to {_bound(conditional[1])}: narrower, because it "
            "ignores that the model was chosen from the data."
        )
        if boot.failed:
            notes.append(f"{boot.failed} replicates had no estimate (counted as unbounded).")
    if not math.isfinite(interval[1]):
        notes.append("The interval has no finite upper bound.")
    words = f"Poisson log-linear model with {chosen.words}; {selection.how}; {kind}"
    models = _weights(selection.considered, criterion)
    return Estimate(
        method="loglinear",
        lists=table.lists,
        observed=table.observed,
        estimate=chosen.estimate,
        interval=interval,
        model=words,
        criterion=criterion,
        models=tuple(sorted(models, key=lambda m: (not m.exists, getattr(m, criterion) or 0))),
        notes=tuple(notes),
        details=details,
        interval_kind=kind,
        conditional_interval=conditional if replicates else None,
    )


def _bound(value: float) -> str:
    return f"{value:,.1f}" if math.isfinite(value) else "no finite bound"


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
