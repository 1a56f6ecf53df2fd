"""Which records are compared at all. Two records become a candidate pair when they share a
block key (`block_keys`); inside a block only the pairs some rule could merge are kept
(`PairFilter`). A million records never means a trillion pairs; blocks larger than
`Policy.max_block` are skipped and counted."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Sequence

import numpy as np
from rapidfuzz.distance import Levenshtein

from .features import Features

# Block kinds chosen without looking at birth data: the pairs they produce, before any
# filter on birth years, are a sample in which birth agreement is not inflated by the
# blocking itself (see `em.estimate_encoded`). EM needs no more than FIT_SAMPLE of them.
NAME_ONLY_BLOCKS = frozenset({"sg", "si", "s"})
FIT_SAMPLE = 50_000
TYPO_BLOCKS = frozenset({"gy<", "gy>", "g<", "g>"})
UNDATED_TYPO_BLOCKS = frozenset({"g<", "g>"})  # one side without a birth year
TYPO_MAX_EDITS = 2  # surname keys of a typo block's pair are at most this many edits apart
YEAR_SLIP = 1  # birth years this far apart are still compared: a clerical slip


def _surnames(f: Features) -> set[str]:
    surnames = {f.surname_key} if f.surname_keys else set()
    if len(f.surname_keys) > 1:
        surnames |= set(f.surname_keys)  # a double surname also meets each of its parts
    return surnames | set(f.alt_surname_keys)


def _typo_keys(f: Features) -> set[tuple]:
    """Surname typos: the given name and the year, and the start or the end of the surname's
    consonants (a lost or doubled vowel changes neither); and the same without the year, for
    the pairs in which a side gives none."""
    if not f.surname_keys:
        return set()
    skeleton = "".join(ch for ch in f.surname_key.replace("+", "") if ch not in "ai")
    keys: set[tuple] = set()
    for g in f.given_tokens:
        keys.add(("g<", g, skeleton[:2]))
        keys.add(("g>", g, skeleton[-3:]))
        if f.year is not None:
            keys.add(("gy<", g, f.year, skeleton[:2]))
            keys.add(("gy>", g, f.year, skeleton[-3:]))
    return keys


def block_keys(f: Features) -> set[tuple]:
    keys: set[tuple] = set()
    for s in _surnames(f):
        keys.update(("sg", s, g) for g in f.given_tokens)
        if f.year is not None:
            keys.add(("sy", s, f.year))
        keys.update(("si", s, i) for i in f.initials)
        if not f.given_tokens and not f.initials and f.year is None:
            keys.add(("s", s))
    return keys | _typo_keys(f)


@functools.lru_cache(maxsize=512)
def _triu(size: int) -> tuple[np.ndarray, np.ndarray]:
    return np.triu_indices(size, k=1)


class PairFilter:
    """Which of a block's pairs are worth comparing. Blocks are wide so that no spelling is
    missed, and most of their pairs are people no rule could merge; comparing a pair costs
    far more than this test. Measured on 300,000 generated records, the typo blocks gave
    830,000 pairs of which 1,100 were one person and not paired by another block.

    - Every block: birth years unknown on a side, equal, or one apart (a year off by one is a
      clerical error worth a reviewer's look). Two years further apart never merge, and in a
      common name's block they are most of the pairs (3 in 285,000 one person).
    - Surname + initial: one side gives its given name by initials (Бяляцкі А. meets Ales
      Bialiatski); two full given names meet in their own blocks.
    - Surname + year: not two different known given names (Іван / Пётр), unless the full
      birth dates agree (a given name written wrongly is worth a look).
    - The typo blocks (given name + year, or given name alone, + part of the surname):
      surname keys at most two edits apart, as a typo is; in those without the year, a side
      without a birth year."""

    def __init__(self, feats: Sequence[Features]):
        self.years = np.array([f.year if f.year is not None else -1 for f in feats],
                              dtype=np.int32)
        self.initial_only = np.array([not f.given_tokens for f in feats], dtype=bool)
        classes: dict[str, int] = {}
        self.given = np.array([
            classes.setdefault(next(iter(f.given_tokens)), len(classes))
            if len(f.given_tokens) == 1 and not next(iter(f.given_tokens)).startswith("k:")
            else -1 for f in feats], dtype=np.int32)
        self.dates = np.array([f.date.first_day.toordinal() if f.date is not None else -1
                               for f in feats], dtype=np.int64)
        self.surnames = [f.surname_key for f in feats]

    def __call__(self, kind: str, a: np.ndarray, b: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray]:
        ya, yb = self.years[a], self.years[b]
        keep = (ya < 0) | (yb < 0) | (np.abs(ya - yb) <= YEAR_SLIP)
        if kind == "si":
            keep &= self.initial_only[a] | self.initial_only[b]
        elif kind in UNDATED_TYPO_BLOCKS:
            keep &= (ya < 0) | (yb < 0)  # two years: the dated typo blocks have them
        elif kind == "sy":
            ga, gb = self.given[a], self.given[b]
            same_date = (self.dates[a] == self.dates[b]) & (self.dates[a] >= 0)
            keep &= (ga < 0) | (gb < 0) | (ga == gb) | same_date
        a, b = a[keep], b[keep]
        if kind in TYPO_BLOCKS and len(a):
            a, b = self._typo_pairs(a, b)
        return a, b

    def _typo_pairs(self, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        s = self.surnames
        near = np.fromiter(
            (Levenshtein.distance(s[x], s[y], score_cutoff=TYPO_MAX_EDITS) <= TYPO_MAX_EDITS
             for x, y in zip(a.tolist(), b.tolist(), strict=True)), dtype=bool, count=len(a))
        return a[near], b[near]


def _blocks(feats: Sequence[Features]) -> dict[tuple, list[int]]:
    """Block key → its records. The keys of a record are sorted, so that the blocks, and the
    seeded EM sample drawn from them in this order, do not follow the hash seed of sets."""
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for i, f in enumerate(feats):
        for k in sorted(block_keys(f)):
            blocks[k].append(i)
    return blocks


def candidate_pairs(feats: Sequence[Features], max_block: int, stats: dict[str, int]
                    ) -> tuple[np.ndarray, np.ndarray]:
    """Candidate pairs as sorted int64 codes a × n + b (a < b, n = number of records), and
    the codes of the sample EM learns from: up to FIT_SAMPLE pairs drawn (seeded) from the
    blocks chosen on the name alone, before `PairFilter` looks at birth years. Codes, not
    Python tuples, so that millions of pairs fit in memory."""
    blocks = _blocks(feats)
    n = len(feats)
    keep = PairFilter(feats)
    usable = [(k, m) for k, m in blocks.items() if 2 <= len(m) <= max_block]
    stats["blocks"] = len(blocks)
    stats["blocks_skipped_as_too_large"] = sum(1 for m in blocks.values() if len(m) > max_block)
    del blocks
    name_pairs = sum(len(m) * (len(m) - 1) // 2 for k, m in usable if k[0] in NAME_ONLY_BLOCKS)
    rate = min(1.0, FIT_SAMPLE / max(name_pairs, 1))
    rng = np.random.default_rng(0)
    chunks: list[np.ndarray] = []
    fit_chunks: list[np.ndarray] = []
    for key, members in usable:
        idx = np.array(members, dtype=np.int64)
        ia, ib = _triu(len(idx))
        a, b = idx[ia], idx[ib]
        if key[0] in NAME_ONLY_BLOCKS:
            sample = rng.random(len(a)) < rate if rate < 1 else slice(None)
            fit_chunks.append(np.minimum(a, b)[sample] * n + np.maximum(a, b)[sample])
        a, b = keep(key[0], a, b)
        chunks.append(np.minimum(a, b) * n + np.maximum(a, b))
    codes = np.unique(np.concatenate(chunks)) if chunks else np.zeros(0, dtype=np.int64)
    fit = np.unique(np.concatenate(fit_chunks)) if fit_chunks else np.zeros(0, dtype=np.int64)
    stats["candidate_pairs"] = int(len(codes))
    return codes, fit
