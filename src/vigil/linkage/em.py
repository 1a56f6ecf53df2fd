"""Fellegi–Sunter weights learnt by expectation–maximisation, and the term-frequency adjustment
for how common a surname is."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np

from .compare import encode_levels
from .features import Features
from .fields import FIELD_NAMES, FIELDS, PRIOR_MATCH_RATE, PSEUDO_PAIRS, Levels, level_code

Weights = tuple[list[np.ndarray], list[np.ndarray], float]  # m, u, match rate

# The share of one person's pairs of records whose birth years disagree (two or more apart, or
# different dates) is a clerical error rate: the generator makes 1 %, real lists a few. EM may
# not raise it above this, or it explains namesakes of different ages as one person.
MAX_M_BIRTH_CONFLICT = 0.05
MIN_FIT_PAIRS = 50  # fewer pairs with birth data on both sides: fit on all of them
CONVERGED = 1e-7
RARITY_BOUNDS = (-6.0, 2.0)  # bits
MAX_ODDS_BITS = 60.0  # a pair's odds are summed with its rivals': beyond 2^60 all are certain


def prior_weights() -> Weights:
    m = [np.array(FIELDS[f][1], dtype=float) for f in FIELD_NAMES]
    u = [np.array(FIELDS[f][2], dtype=float) for f in FIELD_NAMES]
    return m, u, PRIOR_MATCH_RATE


def encode(vectors: Sequence[Levels]) -> np.ndarray:
    out = np.full((len(vectors), len(FIELD_NAMES)), -1, dtype=np.int16)
    for i, v in enumerate(vectors):
        encode_levels(v, out[i])
    return out


def estimate(vectors: Sequence[Levels], iterations: int = 50) -> Weights:
    """EM for the m- and u-probabilities of every field level and the match rate."""
    return estimate_encoded(encode(vectors), iterations)


def weights(x: np.ndarray, m: list[np.ndarray], u: list[np.ndarray], lam: float) -> np.ndarray:
    """Match weight (log2 odds) of every row of an encoded comparison matrix."""
    w = np.full(len(x), math.log2(lam / (1 - lam)))
    for j in range(len(FIELD_NAMES)):
        table = np.log2(m[j] / u[j])
        col = x[:, j]
        present = col >= 0
        w[present] += table[col[present]]
    return w


def probabilities(w: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp2(-np.clip(w, -1000, 1000)))


def _fit_rows(x: np.ndarray) -> np.ndarray:
    birth_j = FIELD_NAMES.index("birth")
    fit = x[x[:, birth_j] >= 0]
    return fit if len(fit) >= MIN_FIT_PAIRS else x


def _e_step(fit: np.ndarray, m: list[np.ndarray], u: list[np.ndarray], lam: float
            ) -> np.ndarray:
    """The probability of every pair being a match under the current weights."""
    log_m = np.full(len(fit), math.log(lam))
    log_u = np.full(len(fit), math.log(1 - lam))
    for j in range(len(FIELD_NAMES)):
        col = fit[:, j]
        present = col >= 0
        log_m[present] += np.log(m[j][col[present]])
        log_u[present] += np.log(u[j][col[present]])
    return 1.0 / (1.0 + np.exp(np.clip(log_u - log_m, -700, 700)))


def monotone(m: np.ndarray, u: np.ndarray) -> np.ndarray:
    """m adjusted so that m/u does not increase from a field's best level to its worst: a
    worse level is never more evidence of a match than a better one. Adjacent levels that
    break the order are pooled (pool-adjacent-violators), keeping their total m and giving
    them one ratio."""
    blocks: list[list[int]] = []
    for k in range(len(m)):
        blocks.append([k])
        while len(blocks) > 1 and _ratio(m, u, blocks[-2]) < _ratio(m, u, blocks[-1]):
            last = blocks.pop()
            blocks[-1] += last
    out = m.copy()
    for block in blocks:
        out[block] = u[block] * _ratio(m, u, block)
    return out


def _ratio(m: np.ndarray, u: np.ndarray, block: list[int]) -> float:
    return float(m[block].sum() / u[block].sum())


def _cap_birth_conflict(m: np.ndarray) -> np.ndarray:
    conflict = level_code("birth", "conflict")
    if m[conflict] <= MAX_M_BIRTH_CONFLICT:
        return m
    out = m.copy()
    others = np.arange(len(m)) != conflict
    out[others] *= (1 - MAX_M_BIRTH_CONFLICT) / out[others].sum()
    out[conflict] = MAX_M_BIRTH_CONFLICT
    return out


def _constrained(m: list[np.ndarray], u: list[np.ndarray]) -> list[np.ndarray]:
    birth = FIELD_NAMES.index("birth")
    return [monotone(_cap_birth_conflict(mj) if j == birth else mj, u[j])
            for j, mj in enumerate(m)]


def _m_step(fit: np.ndarray, g: np.ndarray, prior: Weights) -> Weights:
    prior_m, prior_u, _ = prior
    n = len(fit)
    lam = float((g.sum() + PSEUDO_PAIRS * PRIOR_MATCH_RATE) / (n + PSEUDO_PAIRS))
    lam = min(max(lam, 1e-6), 1 - 1e-6)
    m, u = [], []
    for j in range(len(FIELD_NAMES)):
        col = fit[:, j]
        k = len(prior_m[j])
        present = col >= 0
        cm = np.bincount(col[present], weights=g[present], minlength=k)
        cu = np.bincount(col[present], weights=1 - g[present], minlength=k)
        m.append((cm + PSEUDO_PAIRS * prior_m[j]) / (cm.sum() + PSEUDO_PAIRS))
        u.append((cu + PSEUDO_PAIRS * prior_u[j]) / (cu.sum() + PSEUDO_PAIRS))
    return _constrained(m, u), u, lam


def _change(a: Weights, b: Weights) -> float:
    return abs(a[2] - b[2]) + sum(float(np.abs(x - y).sum()) for x, y in zip(
        a[0] + a[1], b[0] + b[1], strict=True))


def estimate_encoded(x: np.ndarray, iterations: int = 50,
                     labelled: tuple[np.ndarray, np.ndarray] | None = None) -> Weights:
    """EM for m, u and the match rate over an encoded matrix (pairs × fields, -1 = missing).

    Two precautions make the two-class mixture behave when few fields are filled in:

    - `x` should hold pairs chosen on the name alone (`blocking.candidate_pairs`' sample). A
      block on surname + birth year, or a filter on birth years, makes birth years agree
      among the non-matches it produces, which breaks the independence the model assumes and
      inflates u of "same year" (on a million generated records, fitting on filtered pairs
      left nine true pairs in ten below the automatic threshold);
    - among those, on the pairs whose birth data are known on both sides: a pair lacking them
      could be put in either class, and EM may settle with such matches counted as
      non-matches.

    Every estimate is smoothed towards the priors of FIELDS with the weight of PSEUDO_PAIRS
    pairs and constrained after every step: each field's levels keep their order (`monotone`),
    and m of disagreeing birth data stays a clerical error rate (MAX_M_BIRTH_CONFLICT), so that
    the match class cannot absorb namesakes. A field whose best level ends up no better than
    chance (or worst level no worse) falls back to its priors.

    `labelled` — the encoded pairs reviewers decided, and whether each is the same person —
    joins the fit with its class known instead of guessed.
    """
    prior = prior_weights()
    current = prior
    fit = _fit_rows(x)
    known = np.zeros(0, dtype=float)
    if labelled is not None and len(labelled[0]):
        fit = np.concatenate([fit, labelled[0].astype(fit.dtype)])
        known = labelled[1].astype(float)
    if len(fit) == 0:
        return current
    for _ in range(iterations):
        g = _e_step(fit, *current)
        if len(known):
            g[len(g) - len(known):] = known
        new = _m_step(fit, g, prior)
        delta = _change(new, current)
        current = new
        if delta < CONVERGED:
            break
    m, u, lam = current
    for j in range(len(FIELD_NAMES)):
        if m[j][0] <= u[j][0] or m[j][-1] >= u[j][-1]:
            m[j], u[j] = prior[0][j], prior[1][j]
    return m, u, lam


def score(levels: Levels, m: list[np.ndarray], u: list[np.ndarray], lam: float
          ) -> tuple[float, float, dict[str, float]]:
    """One pair's weight, probability and the weight of each field."""
    weight = math.log2(lam / (1 - lam))
    parts: dict[str, float] = {}
    for j, f in enumerate(FIELD_NAMES):
        lvl = levels.get(f)
        if lvl is None:
            continue
        k = level_code(f, lvl)
        parts[f] = math.log2(m[j][k] / u[j][k])
        weight += parts[f]
    prob = 1.0 / (1.0 + 2.0 ** (-weight)) if weight > -1000 else 0.0
    return weight, prob, parts


def _rarity_bits(keys: Sequence[str], pair_a: np.ndarray, pair_b: np.ndarray,
                 fit_a: np.ndarray, unknown: str | None = None) -> np.ndarray:
    """For the pairs whose two records have the same key (not `unknown`): log2 of how many records
    the EM sample's pairs share their key with on average (`fit_a`: the first record of every
    sampled pair), over how many share this pair's; 0 for the other pairs."""
    counts = Counter(keys)
    ids = {key: i for i, key in enumerate(counts)}
    key_id = np.array([ids[k] for k in keys], dtype=np.int64)
    per_record = np.array([counts[k] for k in keys], dtype=float)
    reference = float(np.mean(per_record[fit_a]))
    bits = np.clip(np.log2(reference / per_record[pair_a]), *RARITY_BOUNDS)
    same = key_id[pair_a] == key_id[pair_b]
    if unknown in ids:
        same &= key_id[pair_a] != ids[unknown]
    return np.where(same, bits, 0.0)


def _given_key(f: Features) -> str:
    return "|".join(sorted(f.given_tokens))


def name_rarity(feats: Sequence[Features], x: np.ndarray, pair_a: np.ndarray,
                pair_b: np.ndarray, fit_a: np.ndarray) -> np.ndarray:
    """A term-frequency adjustment, in bits, for pairs whose names agree, for the surname and
    for the given name each: the learnt weight of an equivalent name is an average over
    common and rare names; two Ivanovs of one birth year may be two men, two Bialiatskis
    hardly, and two Aliaksandrs tell less than two Ales's. Each part is bounded, so that a
    rare name never stands in for the other evidence."""
    if not len(fit_a):
        return np.zeros(len(pair_a))
    name = x[:, FIELD_NAMES.index("name")]
    names_agree = (name == level_code("name", "equivalent")) | (
        name == level_code("name", "strong"))
    # only where the keys are the same: a typo pair of two rare spellings is no rarer a
    # coincidence than the typo itself; a record without a given name gets no adjustment
    surnames = _rarity_bits([f.surname_key for f in feats], pair_a, pair_b, fit_a)
    givens = _rarity_bits([_given_key(f) for f in feats], pair_a, pair_b, fit_a, unknown="")
    return np.where(names_agree, surnames + givens, 0.0)


def rival_bits(w: np.ndarray, pair_a: np.ndarray, pair_b: np.ndarray, list_of: np.ndarray
               ) -> np.ndarray:
    """A list names a person once, so a record is at most one record of another list. The
    odds that a of list A is b of list B are then the pair's own odds over 1 + the odds of
    a's other candidates in list B and of b's other candidates in list A:
    p(a = b) = o(a, b) / (1 + o(a, b) + Σ o(rivals)), a posterior over "b, one of the rivals,
    or nobody there". Returned in bits, −log2(1 + Σ o(rivals)), for every pair (0 for two
    records of one list, which never link). Without it two namesakes of one list each kept
    the probability of the only candidate, and pairs at 0.5–0.8 were 27 % true."""
    if not len(w):
        return np.zeros(0)
    odds = np.exp2(np.clip(w, -MAX_ODDS_BITS, MAX_ODDS_BITS))
    n_lists = int(list_of.max()) + 1
    rivals = -2 * odds
    for own, other in ((pair_a, pair_b), (pair_b, pair_a)):
        _, group = np.unique(own * n_lists + list_of[other], return_inverse=True)
        rivals += np.bincount(group, weights=odds)[group]
    bits = -np.log2(1.0 + np.maximum(rivals, 0.0))
    return np.where(list_of[pair_a] == list_of[pair_b], 0.0, bits)
