"""Linking records of several lists into persons: blocking, Fellegi–Sunter with EM, clustering.

1. **Features** of each record: its name parsed once (`vigil.names`), phonetic surname keys,
   given-name classes, birth year/date, gender (given or read from the name), region id,
   article numbers, detention date.
2. **Blocking**: candidate pairs share a block key — surname key + given-name class; surname
   key + birth year; surname key + given-name initial; given-name class + birth year + the
   first two or last three consonants of the surname key (surname typos). A million records
   never means a trillion pairs; blocks larger than `Policy.max_block` are skipped (counted
   in `stats`).
3. **Comparison**: every candidate pair gets one level per field (name, birth, gender, region,
   articles, detention date); a missing value is no evidence either way.
4. **Fellegi–Sunter**: m- and u-probabilities of each level are learnt by EM over the candidate
   pairs, starting from and smoothed towards documented priors (so that a list of a dozen
   records still gets sensible weights). A pair's weight is the sum of log2(m/u) of its levels
   plus the prior log-odds; its probability follows.
5. **Decisions and clustering**: stored reviewer decisions come first and always win (same →
   linked; not the same → never in one cluster). Then pairs are linked from the most probable
   down, automatically only when the probability is at least `auto_threshold`, the names do not
   conflict, and the birth data agree (never on a name alone; never across disagreeing birth
   dates); a link that would put disagreeing birth data, a reviewer's "not the same" or two
   records of one list into one cluster is refused and sent to review. Pairs between
   `review_threshold` and the automatic threshold, and refused ones, form the review list.
"""

from __future__ import annotations

import functools
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz.distance import Levenshtein

from vigil.dates import Precision
from vigil.names import (
    ParsedName,
    compare_parsed,
    given_classes,
    key_variants,
    parse_candidates,
    phonetic_key,
)
from vigil.names.given import CLASSES, patronymic_gender

from .records import Record
from .regions import region_id

# --- fields, levels and priors -----------------------------------------------------------------

# Each field: its levels (best first) and prior m- and u-probabilities for them. The priors are
# judgement, stated here so that they can be argued with; EM moves away from them as far as the
# data allow. u is the probability of a level among candidate pairs of *different* persons, who
# already share a surname key, which is why u of a good name level is not tiny.
FIELDS: dict[str, tuple[tuple[str, ...], tuple[float, ...], tuple[float, ...]]] = {
    "name": (("equivalent", "strong", "partial", "weak", "conflict"),
             (0.82, 0.10, 0.05, 0.02, 0.01), (0.02, 0.03, 0.10, 0.30, 0.55)),
    "birth": (("date", "year", "conflict"), (0.55, 0.42, 0.03), (0.001, 0.03, 0.969)),
    "gender": (("agree", "disagree"), (0.99, 0.01), (0.55, 0.45)),
    "region": (("agree", "disagree"), (0.85, 0.15), (0.25, 0.75)),
    "articles": (("overlap", "disjoint"), (0.85, 0.15), (0.35, 0.65)),
    "detained": (("same", "near", "far"), (0.65, 0.25, 0.10), (0.01, 0.04, 0.95)),
}
FIELD_NAMES = tuple(FIELDS)
PRIOR_MATCH_RATE = 0.2  # among candidate pairs
PSEUDO_PAIRS = 20.0  # weight of the priors in EM, in pairs


@dataclass(frozen=True)
class Policy:
    auto_threshold: float = 0.98
    review_threshold: float = 0.5
    # DESIGN §5: automatic merges need agreeing birth data. With this False, a pair whose
    # birth data are unknown on one side may still merge automatically when another field
    # agrees (same or near detention date, an article in common, the same region); a name
    # alone never suffices and disagreeing birth data never merge.
    require_birth_agreement: bool = True
    # Not DESIGN §5's default: a record without birth data may also merge automatically when
    # its name is unambiguous — every record whose name is compatible with it belongs to one
    # person, who has birth data, and nothing else disagrees. See `_link_unique_names`.
    unique_name_links: bool = False
    one_record_per_list: bool = True  # a list names a person once
    max_block: int = 2000
    em_iterations: int = 50


@dataclass(frozen=True)
class Model:
    """Learnt Fellegi–Sunter weights: m and u per field and level, and the match rate among
    candidate pairs. Plain data: `to_dict()` is JSON-ready, `from_dict()` reads it back."""

    m: dict[str, dict[str, float]]
    u: dict[str, dict[str, float]]
    match_rate: float

    def to_dict(self) -> dict:
        return {"m": self.m, "u": self.u, "match_rate": self.match_rate}

    @classmethod
    def from_dict(cls, data: dict) -> Model:
        model = cls(m=data["m"], u=data["u"], match_rate=float(data["match_rate"]))
        model.arrays()  # validates
        return model

    def arrays(self) -> tuple[list[np.ndarray], list[np.ndarray], float]:
        m, u = [], []
        for f in FIELD_NAMES:
            levels = FIELDS[f][0]
            try:
                m.append(np.array([float(self.m[f][lvl]) for lvl in levels]))
                u.append(np.array([float(self.u[f][lvl]) for lvl in levels]))
            except KeyError as exc:
                raise ValueError(f"model lacks field {f} level {exc}") from exc
            if (m[-1] <= 0).any() or (u[-1] <= 0).any():
                raise ValueError(f"model has a non-positive probability for {f}")
        if not 0 < self.match_rate < 1:
            raise ValueError("model match rate must be between 0 and 1")
        return m, u, self.match_rate


@dataclass(frozen=True)
class Decision:
    """A reviewer's decision on two records: same=True "the same person", False "not"."""

    a: tuple[str, str]
    b: tuple[str, str]
    same: bool
    who: str = ""
    when: str = ""


@dataclass(slots=True)
class PairResult:
    a: int  # indices into the records
    b: int
    probability: float
    weight: float
    levels: dict[str, str | None]
    status: str = "unlinked"  # auto, reviewer-same, reviewer-different, review, unlinked
    reason: str = ""
    _explainer: Callable[[PairResult], list[str]] | None = field(default=None, repr=False)
    _explanation: list[str] | None = field(default=None, repr=False)

    @property
    def explanation(self) -> list[str]:
        """Each field's comparison with its weight, then the total; a reviewer's decision
        first. Written when first read: a million-record run links hundreds of thousands of
        pairs whose explanations nobody asks for."""
        if self._explanation is None:
            self._explanation = self._explainer(self) if self._explainer else []
        return self._explanation


@dataclass
class LinkResult:
    records: list[Record]
    cluster_of: list[int]  # record index → cluster number (1-based, in order of first record)
    pairs: list[PairResult]  # at or above the review threshold, and decided ones
    review: list[PairResult]
    links: list[PairResult]  # the pairs that joined clusters (auto and reviewer-same)
    m: dict[str, dict[str, float]]
    u: dict[str, dict[str, float]]
    match_rate: float
    stats: dict[str, int] = field(default_factory=dict)
    _links_of: dict[int, list[PairResult]] | None = field(default=None, repr=False)

    @property
    def model(self) -> Model:
        """The weights of this run, to store and pass to a later `link(..., model=...)`."""
        return Model(m=self.m, u=self.u, match_rate=self.match_rate)

    def cluster_id(self, index: int) -> str:
        return str(self.cluster_of[index])

    def explain_record(self, index: int) -> str:
        if self._links_of is None:
            self._links_of = defaultdict(list)
            for p in self.links:
                self._links_of[p.a].append(p)
                self._links_of[p.b].append(p)
        parts = []
        for p in self._links_of.get(index, ()):
            other = self.records[p.b if p.a == index else p.a]
            how = "reviewer: same" if p.status == "reviewer-same" else f"p={p.probability:.4f}"
            parts.append(f"= {other.label()} ({how}): " + "; ".join(p.explanation))
        if parts:
            return " | ".join(parts)
        return "no other record of this person found"


# --- features ------------------------------------------------------------------------------------


@dataclass(slots=True)
class Features:
    readings: tuple[ParsedName, ...]  # parse_candidates of the name, best first
    surname_keys: tuple[str, ...]
    surname_key: str  # the keys of every part, sorted and joined: the surname as one value
    alt_surname_keys: tuple[str, ...]  # ch read as х; names in parentheses; other reading
    given_tokens: frozenset[str]  # given-name classes, or "k:" + phonetic key
    initials: frozenset[str]  # first letters of the given name's keys in every spelling
    gender: str | None
    gender_source: str
    year: int | None
    date: object | None  # PartialDate of day precision, or None
    region: tuple[str | None, bool]
    articles: frozenset[str]
    detained: object | None


def _initials_of(given: str | None, classes: frozenset[str], initials: Sequence[str]) -> set[str]:
    out: set[str] = set()
    if given:
        out.add(phonetic_key(given)[:1])
    for cid in classes:
        cls = CLASSES[cid]
        for form in cls.cyrillic_forms(diminutives=False) + cls.latin_forms():
            out.add(phonetic_key(form)[:1])
    if not given and initials:
        out.add(phonetic_key(initials[0])[:1] or "i")
    return {x for x in out if x}


@dataclass
class _Cache:
    initials: dict = field(default_factory=dict)


def features(record: Record, cache: _Cache | None = None) -> Features:
    readings = tuple(parse_candidates(record.name))
    parsed = readings[0]
    surname_keys = tuple(k for k in (phonetic_key(p) for p in parsed.surname) if k)
    alt_keys = tuple(k for p in parsed.surname for k in key_variants(p)[1:])
    alt_keys += tuple(k for alias in parsed.aliases for k in key_variants(alias))
    # a name whose order is uncertain (two words, neither a known given name) also blocks on
    # the surname of its other reading
    alt_keys += tuple(phonetic_key(p) for other in readings[1:2]
                      for p in other.surname if phonetic_key(p) not in surname_keys)
    classes = given_classes(parsed.given) if parsed.given else frozenset()
    if classes:
        tokens = frozenset(classes)
    elif parsed.given:
        tokens = frozenset({"k:" + phonetic_key(parsed.given)})
    else:
        tokens = frozenset()
    ckey = (parsed.given, classes, parsed.initials[:1])
    if cache is not None and ckey in cache.initials:
        initials = cache.initials[ckey]
    else:
        initials = frozenset(_initials_of(parsed.given, classes, parsed.initials))
        if cache is not None:
            cache.initials[ckey] = initials
    gender, source = record.gender, "given" if record.gender else ""
    if gender is None:
        genders = {CLASSES[c].gender for c in classes}
        if len(genders) == 1:
            gender, source = genders.pop(), "given name"
        elif parsed.patronymic and patronymic_gender(parsed.patronymic):
            gender, source = patronymic_gender(parsed.patronymic), "patronymic"
    date = record.birth_date if (record.birth_date is not None
                                 and record.birth_date.precision == Precision.DAY) else None
    return Features(
        readings=readings,
        surname_keys=surname_keys,
        surname_key="+".join(sorted(surname_keys)),
        alt_surname_keys=alt_keys,
        given_tokens=tokens,
        initials=initials,
        gender=gender,
        gender_source=source,
        year=record.year,
        date=date,
        region=region_id(record.region),
        articles=frozenset(record.articles),
        detained=record.detained_on,
    )


# --- blocking ------------------------------------------------------------------------------------


def block_keys(f: Features) -> set[tuple]:
    keys: set[tuple] = set()
    surnames = {f.surname_key} if f.surname_keys else set()
    if len(f.surname_keys) > 1:
        surnames |= set(f.surname_keys)  # a double surname also meets each of its parts
    surnames |= set(f.alt_surname_keys)
    for s in surnames:
        for g in f.given_tokens:
            keys.add(("sg", s, g))
        if f.year is not None:
            keys.add(("sy", s, f.year))
        for i in f.initials:
            keys.add(("si", s, i))
        if not f.given_tokens and not f.initials and f.year is None:
            keys.add(("s", s))
    if f.year is not None and f.surname_keys:
        # surname typos: the given name and the year, and the start or the end of the
        # surname's consonants (a lost or doubled vowel changes neither)
        skeleton = "".join(ch for ch in f.surname_key.replace("+", "") if ch not in "ai")
        for g in f.given_tokens:
            keys.add(("gy<", g, f.year, skeleton[:2]))
            keys.add(("gy>", g, f.year, skeleton[-3:]))
    return keys


# Block kinds chosen without looking at birth data: the pairs they produce, before any
# filter on birth years, are a sample in which birth agreement is not inflated by the
# blocking itself (see `estimate_encoded`). EM needs no more than FIT_SAMPLE of them.
NAME_ONLY_BLOCKS = frozenset({"sg", "si", "s"})
FIT_SAMPLE = 50_000


@functools.lru_cache(maxsize=512)
def _triu(size: int) -> tuple[np.ndarray, np.ndarray]:
    return np.triu_indices(size, k=1)


class _PairFilter:
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
    - The typo blocks (given name + year + part of the surname): surname keys at most two
      edits apart, as a typo is."""

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
        keep = (ya < 0) | (yb < 0) | (np.abs(ya - yb) <= 1)
        if kind == "si":
            keep &= self.initial_only[a] | self.initial_only[b]
        elif kind == "sy":
            ga, gb = self.given[a], self.given[b]
            same_date = (self.dates[a] == self.dates[b]) & (self.dates[a] >= 0)
            keep &= (ga < 0) | (gb < 0) | (ga == gb) | same_date
        a, b = a[keep], b[keep]
        if kind in ("gy<", "gy>") and len(a):
            s = self.surnames
            near = np.fromiter((Levenshtein.distance(s[x], s[y], score_cutoff=2) <= 2
                                for x, y in zip(a.tolist(), b.tolist(), strict=True)),
                               dtype=bool, count=len(a))
            a, b = a[near], b[near]
        return a, b


def candidate_pairs(feats: Sequence[Features], max_block: int, stats: dict[str, int]
                    ) -> tuple[np.ndarray, np.ndarray]:
    """Candidate pairs as sorted int64 codes a × n + b (a < b, n = number of records), and
    the codes of the sample EM learns from: up to FIT_SAMPLE pairs drawn (seeded) from the
    blocks chosen on the name alone, before `_PairFilter` looks at birth years. Codes, not
    Python tuples, so that millions of pairs fit in memory."""
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for i, f in enumerate(feats):
        for k in block_keys(f):
            blocks[k].append(i)
    n = len(feats)
    keep = _PairFilter(feats)
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


# --- comparison ----------------------------------------------------------------------------------


def _days(a, b) -> int:
    return abs((a.first_day - b.first_day).days)


def compare_fields(ra: Record, rb: Record, fa: Features, fb: Features
                   ) -> tuple[dict[str, str | None], dict[str, str]]:
    levels: dict[str, str | None] = {}
    texts: dict[str, str] = {}

    nc = compare_parsed(fa.readings, fb.readings)
    if nc.conflicts:
        levels["name"] = "conflict"
    elif nc.score >= 0.93:
        levels["name"] = "equivalent"
    elif nc.score >= 0.85:
        levels["name"] = "strong"
    elif nc.score >= 0.6:
        levels["name"] = "partial"
    else:
        levels["name"] = "weak"
    texts["name"] = "; ".join(nc.explanation) + f" [name score {nc.score:.2f}]"

    if fa.year is None or fb.year is None:
        levels["birth"] = None
        texts["birth"] = "birth: unknown on one side"
    elif fa.date is not None and fb.date is not None:
        same = fa.date == fb.date
        levels["birth"] = "date" if same else "conflict"
        texts["birth"] = f"birth date: {fa.date} {'=' if same else '≠'} {fb.date}"
    elif fa.year == fb.year:
        levels["birth"] = "year"
        texts["birth"] = f"birth year: {fa.year} = {fb.year}"
    else:
        levels["birth"] = "conflict"
        texts["birth"] = f"birth year: {fa.year} ≠ {fb.year}"

    # gender read from both names adds nothing the name comparison has not counted already
    if fa.gender and fb.gender and "given" in (fa.gender_source, fb.gender_source):
        same = fa.gender == fb.gender
        levels["gender"] = "agree" if same else "disagree"
        texts["gender"] = f"gender: {fa.gender} {'=' if same else '≠'} {fb.gender}"
    else:
        levels["gender"] = None

    (ida, known_a), (idb, known_b) = fa.region, fb.region
    if ida is None or idb is None:
        levels["region"] = None
    elif ida == idb:
        levels["region"] = "agree"
        texts["region"] = f"region: {ra.region} = {rb.region}"
    elif known_a and known_b:
        levels["region"] = "disagree"
        texts["region"] = f"region: {ra.region} ≠ {rb.region}"
    else:
        levels["region"] = None
        texts["region"] = f"region: {ra.region} / {rb.region} (not comparable)"

    if fa.articles and fb.articles:
        common = fa.articles & fb.articles
        levels["articles"] = "overlap" if common else "disjoint"
        texts["articles"] = (f"articles in common: {', '.join(sorted(common))}" if common else
                             f"articles: {', '.join(sorted(fa.articles))} vs "
                             f"{', '.join(sorted(fb.articles))}")
    else:
        levels["articles"] = None

    if fa.detained is not None and fb.detained is not None:
        da, db = fa.detained, fb.detained
        if da.precision == Precision.DAY and db.precision == Precision.DAY:
            d = _days(da, db)
            levels["detained"] = "same" if d == 0 else ("near" if d <= 31 else "far")
        elif da.contains(db.first_day) or db.contains(da.first_day):
            levels["detained"] = "near"
        else:
            levels["detained"] = "far" if _days(da, db) > 62 else "near"
        texts["detained"] = f"detained: {da} / {db} ({levels['detained']})"
    else:
        levels["detained"] = None
    return levels, texts


# --- Fellegi–Sunter with EM ----------------------------------------------------------------------


def _encode(vectors: Sequence[dict[str, str | None]]) -> np.ndarray:
    out = np.full((len(vectors), len(FIELD_NAMES)), -1, dtype=np.int16)
    for i, v in enumerate(vectors):
        for j, f in enumerate(FIELD_NAMES):
            lvl = v.get(f)
            if lvl is not None:
                out[i, j] = FIELDS[f][0].index(lvl)
    return out


def estimate(vectors: Sequence[dict[str, str | None]], iterations: int = 50
             ) -> tuple[list[np.ndarray], list[np.ndarray], float]:
    """EM for the m- and u-probabilities of every field level and the match rate."""
    return estimate_encoded(_encode(vectors), iterations)


def _weights(x: np.ndarray, m: list[np.ndarray], u: list[np.ndarray], lam: float
             ) -> np.ndarray:
    """Match weight (log2 odds) of every row of an encoded comparison matrix."""
    w = np.full(len(x), math.log2(lam / (1 - lam)))
    for j in range(len(FIELD_NAMES)):
        table = np.log2(m[j] / u[j])
        col = x[:, j]
        present = col >= 0
        w[present] += table[col[present]]
    return w


def estimate_encoded(x: np.ndarray, iterations: int = 50
                     ) -> tuple[list[np.ndarray], list[np.ndarray], float]:
    """EM for m, u and the match rate over an encoded matrix (pairs × fields, -1 = missing).

    Two precautions make the two-class mixture behave when few fields are filled in:

    - `x` should hold pairs chosen on the name alone (`candidate_pairs`' sample). A block on
      surname + birth year, or a filter on birth years, makes birth years agree among the
      non-matches it produces, which breaks the independence the model assumes and inflates
      u of "same year" (on a million generated records, fitting on filtered pairs left nine
      true pairs in ten below the automatic threshold);
    - among those, on the pairs whose birth data are known on both sides: a pair lacking them
      could be put in either class, and EM may settle with such matches counted as
      non-matches.

    Every estimate is smoothed towards the priors of FIELDS with the weight of PSEUDO_PAIRS
    pairs, and a field whose best level ends up no better than chance (or worst level no
    worse) falls back to its priors.
    """
    m = [np.array(FIELDS[f][1], dtype=float) for f in FIELD_NAMES]
    u = [np.array(FIELDS[f][2], dtype=float) for f in FIELD_NAMES]
    lam = PRIOR_MATCH_RATE
    birth_j = FIELD_NAMES.index("birth")
    fit = x[x[:, birth_j] >= 0]
    if len(fit) < 50:
        fit = x
    n = len(fit)
    if n == 0:
        return m, u, lam
    prior_m, prior_u = [a.copy() for a in m], [a.copy() for a in u]
    for _ in range(iterations):
        log_m = np.full(n, math.log(lam))
        log_u = np.full(n, math.log(1 - lam))
        for j in range(len(FIELD_NAMES)):
            col = fit[:, j]
            present = col >= 0
            log_m[present] += np.log(m[j][col[present]])
            log_u[present] += np.log(u[j][col[present]])
        g = 1.0 / (1.0 + np.exp(np.clip(log_u - log_m, -700, 700)))
        new_lam = float((g.sum() + PSEUDO_PAIRS * PRIOR_MATCH_RATE) / (n + PSEUDO_PAIRS))
        new_lam = min(max(new_lam, 1e-6), 1 - 1e-6)
        new_m, new_u = [], []
        for j in range(len(FIELD_NAMES)):
            col = fit[:, j]
            k = len(m[j])
            present = col >= 0
            cm = np.bincount(col[present], weights=g[present], minlength=k)
            cu = np.bincount(col[present], weights=1 - g[present], minlength=k)
            new_m.append((cm + PSEUDO_PAIRS * prior_m[j]) / (cm.sum() + PSEUDO_PAIRS))
            new_u.append((cu + PSEUDO_PAIRS * prior_u[j]) / (cu.sum() + PSEUDO_PAIRS))
        delta = abs(new_lam - lam) + sum(float(np.abs(a - b).sum()) for a, b in zip(
            new_m + new_u, m + u, strict=True))
        m, u, lam = new_m, new_u, new_lam
        if delta < 1e-7:
            break
    for j in range(len(FIELD_NAMES)):
        if m[j][0] <= u[j][0] or m[j][-1] >= u[j][-1]:
            m[j], u[j] = prior_m[j], prior_u[j]
    return m, u, lam


def score(levels: dict[str, str | None], m: list[np.ndarray], u: list[np.ndarray], lam: float
          ) -> tuple[float, float, dict[str, float]]:
    weight = math.log2(lam / (1 - lam))
    parts: dict[str, float] = {}
    for j, f in enumerate(FIELD_NAMES):
        lvl = levels.get(f)
        if lvl is None:
            continue
        k = FIELDS[f][0].index(lvl)
        w = math.log2(m[j][k] / u[j][k])
        parts[f] = w
        weight += w
    prob = 1.0 / (1.0 + 2.0 ** (-weight)) if weight > -1000 else 0.0
    return weight, prob, parts


# --- clustering ----------------------------------------------------------------------------------


class _Group:
    """What a cluster must keep consistent: its records, lists, birth years and dates."""

    __slots__ = ("members", "lists", "years", "dates")

    def __init__(self, i: int, record: Record, f: Features):
        self.members = [i]
        self.lists = {record.list}
        self.years = {f.year} if f.year is not None else set()
        self.dates = {f.date} if f.date is not None else set()


class _Clusters:
    """Union–find whose groups are created only for records that take part in a link, so a
    million singletons cost a list of integers and nothing more."""

    def __init__(self, records: Sequence[Record], feats: Sequence[Features]):
        self.records, self.feats = records, feats
        self.parent = list(range(len(records)))
        self.groups: dict[int, _Group] = {}
        self.forbidden: dict[int, set[int]] = defaultdict(set)

    def group(self, root: int) -> _Group:
        g = self.groups.get(root)
        if g is None:
            g = self.groups[root] = _Group(root, self.records[root], self.feats[root])
        return g

    def members(self, i: int) -> list[int]:
        root = self.find(i)
        g = self.groups.get(root)
        return g.members if g is not None else [root]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def forbid(self, a: int, b: int) -> None:
        self.forbidden[a].add(b)
        self.forbidden[b].add(a)

    def forbidden_between(self, a: int, b: int) -> bool:
        if self.find(a) == self.find(b):
            return False
        mb = set(self.members(b))
        return any(self.forbidden[x] & mb for x in self.members(a) if x in self.forbidden)

    def obstacle(self, a: int, b: int, one_per_list: bool) -> str | None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return None
        if self.forbidden_between(a, b):
            return "a reviewer said two of these records are not the same person"
        ga, gb = self.group(ra), self.group(rb)
        if len(ga.years | gb.years) > 1:
            return "birth years in the two groups disagree"
        if len(ga.dates | gb.dates) > 1:
            return "birth dates in the two groups disagree"
        if one_per_list and ga.lists & gb.lists:
            common = ", ".join(sorted(ga.lists & gb.lists))
            return f"would put two records of the list {common} into one person"
        return None

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        ga, gb = self.group(ra), self.group(rb)
        if len(ga.members) < len(gb.members):
            ra, rb, ga, gb = rb, ra, gb, ga
        self.parent[rb] = ra
        del self.groups[rb]
        ga.members += gb.members
        ga.lists |= gb.lists
        ga.years |= gb.years
        ga.dates |= gb.dates
        return True


def _names_clash(clusters: _Clusters, records: Sequence[Record], feats: Sequence[Features],
                 a: int, b: int) -> str | None:
    """Guard against chaining: every name of one group must be compatible with every name of
    the other (no conflict), not only the two records of the link."""
    ma = clusters.members(a)
    mb = clusters.members(b)
    if len(ma) * len(mb) > 400:
        return None
    for x in ma:
        for y in mb:
            if (x, y) in ((a, b), (b, a)):
                continue
            c = compare_parsed(feats[x].readings, feats[y].readings)
            if c.conflicts or c.score < 0.6:
                return (f"the names {records[x].name} and {records[y].name} in the two groups "
                        "do not agree")
    return None


def _has_other(levels: dict[str, str | None]) -> bool:
    return any(levels.get(f) is not None for f in ("detained", "articles", "region"))


def _corroborated(levels: dict[str, str | None]) -> bool:
    return (levels.get("detained") in ("same", "near") or levels.get("articles") == "overlap"
            or levels.get("region") == "agree")


_COMPATIBLE_NAME = {FIELDS["name"][0].index(lvl) for lvl in ("equivalent", "strong", "partial")}
_DISAGREEING = {("region", "disagree"), ("articles", "disjoint"), ("detained", "far")}


def _partners_by_name(x: np.ndarray, pair_a: np.ndarray, pair_b: np.ndarray
                      ) -> dict[int, list[int]]:
    """Every record's candidates whose name does not conflict with its own and whose birth
    data do not disagree: the people it could be."""
    name = x[:, FIELD_NAMES.index("name")]
    birth = x[:, FIELD_NAMES.index("birth")]
    ok = np.isin(name, list(_COMPATIBLE_NAME)) & (birth != FIELDS["birth"][0].index("conflict"))
    partners: dict[int, list[int]] = defaultdict(list)
    for a, b in zip(pair_a[ok].tolist(), pair_b[ok].tolist(), strict=True):
        partners[a].append(b)
        partners[b].append(a)
    return partners


def _link_unique_names(records, feats, clusters: _Clusters, x, pair_a, pair_b,
                       by_pair: dict[tuple[int, int], PairResult], policy: Policy,
                       links: list[PairResult]) -> None:
    """`Policy.unique_name_links`: a record without birth data joins the one person its name
    can belong to. Its rivals are all its candidates whose names are compatible (partial
    agreement included, and pairs too improbable for review); exactly one person with birth
    data must be among them (two records that both lack birth data never join on their own).
    The pair that links must have close names (`_names_close`), no disagreeing field, and
    pass the usual cluster checks."""
    partners = _partners_by_name(x, pair_a, pair_b)
    undated = [i for i, f in enumerate(feats) if f.year is None and i in partners]
    for i in undated:
        if len(clusters.members(i)) > 1:
            continue
        target = _sole_person(clusters, feats, partners[i])
        if target is None:
            continue
        best = max((by_pair.get((min(i, j), max(i, j))) for j in clusters.members(target)),
                   key=lambda p: p.probability if p is not None else -1.0)
        if best is None or best.status not in ("review", "unlinked"):
            continue
        if not _names_close(best, feats) or any(
                (f, lvl) in _DISAGREEING for f, lvl in best.levels.items()):
            continue
        if clusters.obstacle(best.a, best.b, policy.one_record_per_list) or _names_clash(
                clusters, records, feats, best.a, best.b):
            continue
        clusters.union(best.a, best.b)
        best.status = "auto"
        best.reason = ("linked automatically: no birth data on one side, and the only person "
                       "with birth data whose name is compatible")
        links.append(best)


def _names_close(p: PairResult, feats) -> bool:
    """Equivalent names, or strongly similar ones (a diminutive, a typo) when both records
    give a full given name, not an initial."""
    if p.levels["name"] == "equivalent":
        return True
    return p.levels["name"] == "strong" and all(
        feats[k].readings[0].given for k in (p.a, p.b))


def _sole_person(clusters: _Clusters, feats, candidates: list[int]) -> int | None:
    """The one person with birth data the candidates belong to, if there is exactly one.
    Undated candidates are no rivals: they may be that person too, and join them in turn."""
    roots = {clusters.find(j) for j in candidates}
    dated = {r for r in roots if any(feats[k].year is not None for k in clusters.members(r))}
    return dated.pop() if len(dated) == 1 else None


RARITY_BOUNDS = (-6.0, 2.0)  # bits


def _surname_rarity(feats: Sequence[Features], x: np.ndarray, pair_a: np.ndarray,
                    pair_b: np.ndarray, fit_codes: np.ndarray, n_rec: int) -> np.ndarray:
    """A term-frequency adjustment, in bits, for pairs whose names agree: log2 of how many
    records the EM sample's agreeing pairs share their surname with on average, over how many
    share this pair's. The learnt weight of an equivalent name is an average over common and
    rare surnames; two Ivanovs of one birth year may be two men, two Bialiatskis hardly.
    Bounded, so that a rare surname never stands in for the other evidence."""
    counts = Counter(f.surname_key for f in feats)
    ids = {key: i for i, key in enumerate(counts)}
    surname_id = np.array([ids[f.surname_key] for f in feats], dtype=np.int64)
    per_record = np.array([counts[f.surname_key] for f in feats], dtype=float)
    fit_a = fit_codes // n_rec
    if not len(fit_a):
        return np.zeros(len(pair_a))
    reference = float(np.mean(per_record[fit_a]))
    bits = np.clip(np.log2(reference / per_record[pair_a]), *RARITY_BOUNDS)
    # only where the surname keys are the same: a typo pair of two rare spellings is no rarer
    # a coincidence than the typo itself
    name = x[:, FIELD_NAMES.index("name")]
    names_agree = (name == FIELDS["name"][0].index("equivalent")) | (
        name == FIELDS["name"][0].index("strong"))
    same = (surname_id[pair_a] == surname_id[pair_b]) & names_agree
    return np.where(same, bits, 0.0)


def _compare_pairs(records: Sequence[Record], feats: Sequence[Features],
                   tick: Callable[[str, int, int], None], stage: str,
                   pair_a: np.ndarray, pair_b: np.ndarray) -> np.ndarray:
    """The encoded comparison matrix (pairs × fields, -1 = missing) of the given pairs."""
    x = np.full((len(pair_a), len(FIELD_NAMES)), -1, dtype=np.int8)
    level_index = {f: {lvl: k for k, lvl in enumerate(FIELDS[f][0])} for f in FIELD_NAMES}
    for n, (a, b) in enumerate(zip(pair_a.tolist(), pair_b.tolist(), strict=True)):
        lv, _ = compare_fields(records[a], records[b], feats[a], feats[b])
        for j, f in enumerate(FIELD_NAMES):
            if lv[f] is not None:
                x[n, j] = level_index[f][lv[f]]
        if n % 2000 == 0:
            tick(stage, n, len(pair_a))
    tick(stage, len(pair_a), len(pair_a))
    return x


# --- the whole run -------------------------------------------------------------------------------


def link(records: Sequence[Record], decisions: Iterable[Decision] = (),
         policy: Policy | None = None,
         progress: Callable[[str, int, int], None] | None = None,
         model: Model | None = None) -> LinkResult:
    """Link `records` into persons. `progress(stage, done, total)` is called now and then.

    With `model` (the `result.model` of an earlier run, perhaps stored as JSON), its weights
    are used as they are instead of being learnt from these records: a small import is then
    scored with the experience of a large list.
    """
    policy = policy or Policy()
    records = list(records)
    stats: dict[str, int] = {"records": len(records)}

    def tick(stage: str, done: int, total: int) -> None:
        if progress is not None:
            progress(stage, done, total)

    cache = _Cache()
    feats = []
    for i, r in enumerate(records):
        feats.append(features(r, cache))
        if i % 1000 == 0:
            tick("features", i, len(records))
    tick("features", len(records), len(records))

    index = {r.key: i for i, r in enumerate(records)}
    decided: dict[tuple[int, int], Decision] = {}
    for d in decisions:
        if d.a in index and d.b in index and d.a != d.b:
            ia, ib = index[d.a], index[d.b]
            decided[(min(ia, ib), max(ia, ib))] = d  # a later decision replaces an earlier one

    codes, fit_codes = candidate_pairs(feats, policy.max_block, stats)
    n_rec = max(len(records), 1)
    extra = sorted(a * n_rec + b for a, b in decided)
    extra_codes = np.setdiff1d(np.array(extra, dtype=np.int64), codes, assume_unique=True)
    pair_a = (codes // n_rec).astype(np.int64)
    pair_b = (codes % n_rec).astype(np.int64)
    if len(extra_codes):
        pair_a = np.concatenate([pair_a, extra_codes // n_rec])
        pair_b = np.concatenate([pair_b, extra_codes % n_rec])

    compare = functools.partial(_compare_pairs, records, feats, tick)
    x = compare("comparing", pair_a, pair_b)
    stats["pairs_scored"] = len(pair_a)

    if model is not None:
        m, u, lam = model.arrays()
    else:
        # the sample's pairs that were compared already are not compared again
        pos = np.minimum(np.searchsorted(codes, fit_codes), max(len(codes) - 1, 0))
        known = (codes[pos] == fit_codes) if len(codes) else np.zeros(0, dtype=bool)
        new_codes = fit_codes[~known]
        x_fit = np.concatenate([x[pos[known]], compare(
            "fitting", new_codes // n_rec, new_codes % n_rec)])
        m, u, lam = estimate_encoded(x_fit, policy.em_iterations)
    del codes
    weights = _weights(x, m, u, lam)
    rarity = _surname_rarity(feats, x, pair_a, pair_b, fit_codes, n_rec)
    weights += rarity
    probs = 1.0 / (1.0 + np.exp2(-np.clip(weights, -1000, 1000)))

    # Only the pairs that can matter become PairResults: those at or above the review
    # threshold, and those a reviewer decided.
    keep = probs >= policy.review_threshold
    if decided:
        decided_set = set(decided)
        keep |= np.fromiter(((int(a), int(b)) in decided_set for a, b in zip(
            pair_a, pair_b, strict=True)), dtype=bool, count=len(pair_a))

    def explain(p: PairResult) -> list[str]:
        lv, tx = compare_fields(records[p.a], records[p.b], feats[p.a], feats[p.b])
        weight, prob, parts = score(lv, m, u, lam)
        lines = [p.reason] if p.status.startswith("reviewer") else []
        for f in FIELD_NAMES:
            if f in tx:
                w = f" ({parts[f]:+.1f})" if f in parts else ""
                lines.append(tx[f] + w)
        rarity = p.weight - weight
        if abs(rarity) >= 0.05:
            lines.append(f"how common the surname is among these records ({rarity:+.1f})")
        lines.append(f"total weight {p.weight:+.1f}, probability {p.probability:.4f}")
        return lines

    results: list[PairResult] = []
    for n in np.flatnonzero(keep).tolist():
        a, b = int(pair_a[n]), int(pair_b[n])
        lv = {f: (FIELDS[f][0][x[n, j]] if x[n, j] >= 0 else None)
              for j, f in enumerate(FIELD_NAMES)}
        results.append(PairResult(a, b, float(probs[n]), float(weights[n]), lv,
                                  _explainer=explain))

    clusters = _Clusters(records, feats)
    links: list[PairResult] = []
    review: list[PairResult] = []
    by_pair = {(p.a, p.b): p for p in results}

    # 1. reviewer decisions always win
    for (a, b), d in decided.items():
        p = by_pair[(a, b)]
        who = f" by {d.who}" if d.who else ""
        when = f" on {d.when}" if d.when else ""
        if d.same:
            p.status, p.reason = "reviewer-same", f"a reviewer said: the same person{who}{when}"
        else:
            p.status = "reviewer-different"
            p.reason = f"a reviewer said: not the same person{who}{when}"
            clusters.forbid(a, b)
    for (a, b), d in decided.items():
        if d.same:
            p = by_pair[(a, b)]
            if clusters.forbidden_between(a, b):
                # contradictory decisions: "not the same" wins over a transitive "same"
                p.reason += " (not applied: contradicts another decision)"
                continue
            if clusters.union(a, b):
                links.append(p)

    # 2. automatic links, most probable first
    for p in sorted(results, key=lambda p: (-p.probability, p.a, p.b)):
        if p.status != "unlinked":
            continue
        if p.probability < policy.review_threshold:
            break
        same_cluster = clusters.find(p.a) == clusters.find(p.b)
        blocker = None
        if p.levels["name"] in ("conflict", "weak"):
            blocker = "the names conflict"
        elif p.levels["birth"] == "conflict":
            blocker = "birth data disagree"
        elif p.levels["birth"] not in ("date", "year") and (
                policy.require_birth_agreement or not _corroborated(p.levels)):
            blocker = ("no agreeing birth data (never merged on a name alone)"
                       if policy.require_birth_agreement or not _has_other(p.levels)
                       else "no agreeing birth data and nothing else agrees")
        elif p.probability < policy.auto_threshold:
            blocker = "probability below the automatic threshold"
        if blocker is None and not same_cluster:
            blocker = clusters.obstacle(p.a, p.b, policy.one_record_per_list)
        if blocker is None and not same_cluster:
            blocker = _names_clash(clusters, records, feats, p.a, p.b)
        if blocker is None:
            if not same_cluster:
                clusters.union(p.a, p.b)
                p.status, p.reason = "auto", "linked automatically"
                links.append(p)
            else:
                p.status, p.reason = "auto", "already in one cluster"
            continue
        if same_cluster:
            p.reason = f"in one cluster through other links ({blocker})"
            continue
        if (p.levels["birth"] == "conflict" or p.levels["name"] == "conflict") and (
                p.probability < policy.auto_threshold):
            # namesakes of different ages, relatives with different given names or
            # patronymics: not worth a reviewer's time unless all else looks the same
            p.reason = blocker
            continue
        p.status, p.reason = "review", blocker
        review.append(p)

    if policy.unique_name_links:
        _link_unique_names(records, feats, clusters, x, pair_a, pair_b, by_pair, policy, links)

    # cluster numbers in order of each cluster's first record
    number: dict[int, int] = {}
    cluster_of = []
    for i in range(len(records)):
        root = clusters.find(i)
        if root not in number:
            number[root] = len(number) + 1
        cluster_of.append(number[root])
    # one review item per pair of clusters (the most probable), none inside a cluster
    seen: set[tuple[int, int]] = set()
    kept = []
    for p in sorted(review, key=lambda p: (-p.probability, p.a, p.b)):
        ca, cb = clusters.find(p.a), clusters.find(p.b)
        pair_key = (min(ca, cb), max(ca, cb))
        if ca == cb or pair_key in seen:
            p.status = "unlinked"
            continue
        seen.add(pair_key)
        kept.append(p)
    review = kept
    stats["auto_links"] = sum(1 for p in links if p.status == "auto")
    stats["reviewer_links"] = sum(1 for p in links if p.status == "reviewer-same")
    stats["review_pairs"] = len(review)
    stats["clusters"] = len(number)
    return LinkResult(
        records=records,
        cluster_of=cluster_of,
        pairs=results,
        review=review,
        links=links,
        m={f: dict(zip(FIELDS[f][0], map(float, m[j]), strict=True))
           for j, f in enumerate(FIELD_NAMES)},
        u={f: dict(zip(FIELDS[f][0], map(float, u[j]), strict=True))
           for j, f in enumerate(FIELD_NAMES)},
        match_rate=float(lam),
        stats=stats,
    )
