"""What a matcher that abides by DESIGN §5 could attain on a data set, and how calibrated
Vigil's probabilities are.

The ceiling is an oracle that merges exactly the true pairs such a matcher could know: the
two records are one person (ground truth), and either their birth data agree and that name
with that birth year fits one person, or their birth data are absent on a side or one year
apart and the full name fits one person. "Fits one person" is read with Vigil's own name keys
(`vigil.linkage.ambiguity`): no other person of the data set has a record with the same
full-name key (with the same birth year, for the first case). It is a bound for the policy,
not for the name machinery: a name Vigil reads wrongly counts against the ceiling too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from vigil.linkage import Record, parse_articles, parse_date
from vigil.linkage.ambiguity import full_name_keys
from vigil.linkage.features import FeatureCache, features

from .metrics import components, evaluate

BANDS = (0.5, 0.8, 0.9, 0.95, 0.98, 0.99, 0.999, 1.0000001)


def records_of(rows: Sequence[dict]) -> list[Record]:
    return [Record(r["list"], r["id"], r["name"],
                   birth_year=int(r["birth_year"]) if r.get("birth_year") else None,
                   birth_date=parse_date(r.get("birth_date")), region=r.get("region") or None,
                   articles=parse_articles(r.get("articles")),
                   detained_on=parse_date(r.get("detained_on"))) for r in rows]


def _persons_by_key(keys, years, truth):
    by_name: dict[tuple, set] = defaultdict(set)
    by_year: dict[tuple, set] = defaultdict(set)
    for i, ks in enumerate(keys):
        for k in ks:
            by_name[k].add(truth[i])
            if years[i] is not None:
                by_year[(k, years[i])].add(truth[i])
    return by_name, by_year


def _knowable(a: int, b: int, keys, years, by_name, by_year) -> bool:
    ya, yb = years[a], years[b]
    if ya is not None and ya == yb:
        return all(len(by_year[(k, ya)]) == 1 for k in keys[a] + keys[b])
    if ya is not None and yb is not None and abs(ya - yb) > 1:
        return False
    return bool(keys[a] and keys[b]) and all(len(by_name[k]) == 1 for k in keys[a] + keys[b])


def ceiling(rows: Sequence[dict]) -> dict:
    """The oracle's precision / recall / F1 (precision is 1 by construction)."""
    truth = [r["person"] for r in rows]
    cache = FeatureCache()
    feats = [features(r, cache) for r in records_of(rows)]
    keys = [full_name_keys(f) for f in feats]
    years = [f.year for f in feats]
    by_name, by_year = _persons_by_key(keys, years, truth)
    members: dict[str, list[int]] = defaultdict(list)
    for i, person in enumerate(truth):
        members[person].append(i)
    pairs = [(a, b) for group in members.values() for n, a in enumerate(group)
             for b in group[n + 1:] if _knowable(a, b, keys, years, by_name, by_year)]
    labels = components(len(rows), pairs)
    return evaluate(labels, truth, [r["script"] for r in rows])


def calibration(scored: Sequence[Sequence], truth: Sequence[str]) -> list[dict]:
    """Predicted probability in bands against the observed share of true pairs in each."""
    counts = [[0, 0] for _ in BANDS[:-1]]
    for a, b, p in scored:
        for k in range(len(BANDS) - 1):
            if BANDS[k] <= p < BANDS[k + 1]:
                counts[k][0] += 1
                counts[k][1] += truth[a] == truth[b]
                break
    return [{"band": f"{BANDS[k]:g}–{min(BANDS[k + 1], 1):g}", "pairs": n,
             "true_share": round(t / n, 4) if n else None}
            for k, (n, t) in enumerate(counts)]
