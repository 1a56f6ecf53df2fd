"""Linking records of several lists into persons: the whole run, stage by stage.

1. **Features** of each record (`features`): its name parsed once, phonetic surname keys,
   given-name classes, birth year/date, gender, region id, article numbers, detention date.
2. **Blocking** (`blocking`): candidate pairs share a block key; blocks larger than
   `Policy.max_block` are skipped (counted in `stats`).
3. **Comparison** (`compare`): every candidate pair gets one level per field; a missing value
   is no evidence either way.
4. **Fellegi–Sunter** (`em`): m- and u-probabilities of each level are learnt by EM over a
   sample of the candidate pairs, starting from and smoothed towards documented priors (so that
   a list of a dozen records still gets sensible weights). A pair's weight is the sum of
   log2(m/u) of its levels plus the prior log-odds, adjusted for how common the surname and
   the given name are.
5. **Decisions and clustering** (`rules`, `clusters`): stored reviewer decisions come first and
   always win; then pairs are linked from the most probable down under the merge policy of
   DESIGN §5, the others that look alike go to review.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import numpy as np

from . import parallel
from .ambiguity import NameIndex
from .blocking import candidate_pairs
from .clusters import Clusters
from .compare import compare_fields, compare_pairs, decode_levels
from .em import (
    Weights,
    estimate_encoded,
    name_rarity,
    probabilities,
    rival_bits,
    score,
    weights,
)
from .features import FeatureCache, Features, features
from .fields import (
    FIELD_NAMES,
    NAME_ONLY_RULES,
    Decision,
    LinkResult,
    Merging,
    Model,
    PairResult,
    Policy,
    Status,
)
from .records import Record
from .rules import (
    apply_decisions,
    link_automatically,
    link_unique_names,
    one_item_per_cluster_pair,
)

Progress = Callable[[str, int, int], None]


def _no_progress(stage: str, done: int, total: int) -> None:
    """Progress is optional; a run without a listener reports to nobody."""


def _features_of_chunk(records: Sequence[Record], start: int, stop: int) -> list[Features]:
    cache = FeatureCache()
    return [features(r, cache) for r in records[start:stop]]


def _features(records: Sequence[Record], tick: Progress, workers: int | None) -> list[Features]:
    n = len(records)
    tick("features", 0, n)
    parts = parallel.map_chunks(_features_of_chunk, records, n,
                                parallel.worker_count(workers, n),
                                lambda done: tick("features", done, n))
    return parallel.concatenated(parts)


def _compare_chunk(shared, start: int, stop: int) -> np.ndarray:
    records, feats, pair_a, pair_b = shared
    return compare_pairs(records, feats, _no_progress, "", pair_a[start:stop], pair_b[start:stop])


def _comparer(records: Sequence[Record], feats: Sequence[Features], tick: Progress,
              workers: int | None) -> Callable[[str, np.ndarray, np.ndarray], np.ndarray]:
    """compare(stage, pair_a, pair_b): the encoded comparison matrix, on every core."""
    def compare(stage: str, pair_a: np.ndarray, pair_b: np.ndarray) -> np.ndarray:
        n = len(pair_a)
        tick(stage, 0, n)
        parts = parallel.map_chunks(_compare_chunk, (records, feats, pair_a, pair_b), n,
                                    parallel.worker_count(workers, n),
                                    lambda done: tick(stage, done, n))
        return np.concatenate(parts)

    return compare


def _decided_pairs(records: Sequence[Record], decisions: Iterable[Decision]
                   ) -> dict[tuple[int, int], Decision]:
    index = {r.key: i for i, r in enumerate(records)}
    decided: dict[tuple[int, int], Decision] = {}
    for d in decisions:
        if d.a in index and d.b in index and d.a != d.b:
            ia, ib = index[d.a], index[d.b]
            decided[(min(ia, ib), max(ia, ib))] = d  # a later decision replaces an earlier one
    return decided


def _with_decided(codes: np.ndarray, decided: dict[tuple[int, int], Decision], n_rec: int
                  ) -> tuple[np.ndarray, np.ndarray]:
    """The candidate pairs as two index arrays, and every decided pair among them."""
    extra = np.array(sorted(a * n_rec + b for a, b in decided), dtype=np.int64)
    extra = np.setdiff1d(extra, codes, assume_unique=True)
    all_codes = np.concatenate([codes, extra]) if len(extra) else codes
    return (all_codes // n_rec).astype(np.int64), (all_codes % n_rec).astype(np.int64)


def _labelled(x: np.ndarray, pair_a: np.ndarray, pair_b: np.ndarray,
              decided: dict[tuple[int, int], Decision]) -> tuple[np.ndarray, np.ndarray]:
    """The encoded pairs reviewers decided, and whether each is the same person."""
    rows = [n for n, (a, b) in enumerate(zip(pair_a.tolist(), pair_b.tolist(), strict=True))
            if (a, b) in decided] if decided else []
    same = [decided[(int(pair_a[n]), int(pair_b[n]))].same for n in rows]
    return x[rows], np.array(same, dtype=bool)


def _learn(codes: np.ndarray, fit_codes: np.ndarray, x: np.ndarray, n_rec: int,
           compare: Callable[..., np.ndarray], iterations: int,
           labelled: tuple[np.ndarray, np.ndarray]) -> Weights:
    """EM on the sample and the decided pairs; the sample's pairs compared already are not
    compared again."""
    pos = np.minimum(np.searchsorted(codes, fit_codes), max(len(codes) - 1, 0))
    known = (codes[pos] == fit_codes) if len(codes) else np.zeros(0, dtype=bool)
    new_codes = fit_codes[~known]
    x_fit = np.concatenate([x[pos[known]], compare(
        "fitting", new_codes // n_rec, new_codes % n_rec)])
    return estimate_encoded(x_fit, iterations, labelled)


def _explainer(records: Sequence[Record], feats: Sequence[Features], learnt: Weights
               ) -> Callable[[PairResult], list[str]]:
    def explain(p: PairResult) -> list[str]:
        lv, tx = compare_fields(records[p.a], records[p.b], feats[p.a], feats[p.b])
        weight, _, parts = score(lv, *learnt)
        lines = [p.reason] if p.status.startswith("reviewer") or p.rule else []
        # every term of the weight is shown, so that the parts add up to the total
        lines.append(f"how rare a true match is among all pairs compared "
                     f"({weight - sum(parts.values()):+.1f})")
        for f in FIELD_NAMES:
            if f in tx:
                w = f" ({parts[f]:+.1f})" if f in parts else ""
                lines.append(tx[f] + w)
            elif f in parts:
                lines.append(f"{f}: {lv[f]} ({parts[f]:+.1f})")
        rarity = p.weight - weight - p.rivals
        if abs(rarity) >= 0.05:
            lines.append(f"how common the surname and the given name are among these records "
                         f"({rarity:+.1f})")
        lines.append(f"total weight {p.weight:+.1f}, probability {p.probability:.4f}")
        return lines

    return explain


def _kept_pairs(pair_a: np.ndarray, pair_b: np.ndarray, x: np.ndarray, w: np.ndarray,
                rivals: np.ndarray, keep: np.ndarray, explain) -> list[PairResult]:
    probs = probabilities(w)
    return [PairResult(int(pair_a[n]), int(pair_b[n]), float(probs[n]), float(w[n]),
                       decode_levels(x[n]), rivals=float(rivals[n]), _explainer=explain)
            for n in np.flatnonzero(keep).tolist()]


def _rivals(records: Sequence[Record], w: np.ndarray, pair_a: np.ndarray, pair_b: np.ndarray,
            policy: Policy) -> np.ndarray:
    """The weight each pair loses to the other records of the same lists it could be
    (`em.rival_bits`), when a list names a person once."""
    if not policy.one_record_per_list:
        return np.zeros(len(w))
    return rival_bits(w, pair_a, pair_b, _list_ids(records))


def _list_ids(records: Sequence[Record]) -> np.ndarray:
    """Each record's list as a number, in order of the lists' first records."""
    ids: dict[str, int] = {}
    return np.array([ids.setdefault(r.list, len(ids)) for r in records], dtype=np.int64)


def _keep_mask(pair_a: np.ndarray, pair_b: np.ndarray, probs: np.ndarray,
               decided: dict[tuple[int, int], Decision], policy: Policy) -> np.ndarray:
    """Only the pairs that can matter become PairResults: those whose own evidence (`probs`,
    before their rivals are counted) is at or above the review threshold, and those a
    reviewer decided."""
    keep = probs >= policy.review_threshold
    if decided:
        keep |= np.fromiter(((int(a), int(b)) in decided for a, b in zip(
            pair_a, pair_b, strict=True)), dtype=bool, count=len(pair_a))
    return keep


def link(records: Sequence[Record], decisions: Iterable[Decision] = (),
         policy: Policy | None = None, progress: Progress | None = None,
         model: Model | None = None, workers: int | None = None) -> LinkResult:
    """Link `records` into persons. `progress(stage, done, total)` is called now and then.
    Features and comparisons run in `workers` processes (default: one per core for a large
    input); the result is the same for any number.

    With `model` (the `result.model` of an earlier run, perhaps stored as JSON), its weights
    are used as they are instead of being learnt from these records: a small import is then
    scored with the experience of a large list.
    """
    policy = policy or Policy()
    records = list(records)
    tick = progress or _no_progress
    stats: dict[str, int] = {"records": len(records)}
    feats = _features(records, tick, workers)
    decided = _decided_pairs(records, decisions)

    codes, fit_codes = candidate_pairs(feats, policy.max_block, stats)
    n_rec = max(len(records), 1)
    pair_a, pair_b = _with_decided(codes, decided, n_rec)
    compare = _comparer(records, feats, tick, workers)
    x = compare("comparing", pair_a, pair_b)
    stats["pairs_scored"] = len(pair_a)

    learnt = model.arrays() if model is not None else _learn(
        codes, fit_codes, x, n_rec, compare, policy.em_iterations,
        _labelled(x, pair_a, pair_b, decided))
    del codes
    w = weights(x, *learnt) + name_rarity(feats, x, pair_a, pair_b, fit_codes // n_rec)
    rivals = _rivals(records, w, pair_a, pair_b, policy)
    keep = _keep_mask(pair_a, pair_b, probabilities(w), decided, policy)
    w += rivals
    results = _kept_pairs(pair_a, pair_b, x, w, rivals, keep,
                          _explainer(records, feats, learnt))

    clusters = Clusters(records, feats)
    links: list[PairResult] = []
    by_pair = {(p.a, p.b): p for p in results}
    apply_decisions(decided, by_pair, clusters, links)
    not_same = [pair for pair, d in decided.items() if not d.same]
    names = NameIndex(records, feats, not_same, policy.one_record_per_list)
    review = link_automatically(results, clusters, policy, names, links)
    if policy.merging == Merging.PERMISSIVE:
        link_unique_names(feats, clusters, x, pair_a, pair_b, by_pair, policy, links)
    review = one_item_per_cluster_pair(review, clusters, by_pair)

    cluster_of = clusters.numbers()
    stats["auto_links"] = sum(1 for p in links if p.status == Status.AUTO)
    stats["reviewer_links"] = sum(1 for p in links if p.status == Status.REVIEWER_SAME)
    stats["name_only_links"] = sum(1 for p in links if p.rule in NAME_ONLY_RULES)
    stats["review_pairs"] = len(review)
    stats["clusters"] = max(cluster_of, default=0)
    learnt_model = Model.from_arrays(*learnt)
    return LinkResult(records=records, cluster_of=cluster_of, pairs=results, review=review,
                      links=links, m=learnt_model.m, u=learnt_model.u,
                      match_rate=learnt_model.match_rate, stats=stats)
