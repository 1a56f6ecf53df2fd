"""What linkage works with: the fields and their levels with priors, the policy, the learnt
model, reviewer decisions and the results. Plain data; the stages live in their own modules."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np

from .records import Record

# Each field: its levels (best first) and prior m- and u-probabilities for them. The priors are
# judgement, stated here so that they can be argued with; EM moves away from them as far as the
# data allow. u is the probability of a level among candidate pairs of *different* persons, who
# already share a surname key, which is why u of a good name level is not tiny.
FIELDS: dict[str, tuple[tuple[str, ...], tuple[float, ...], tuple[float, ...]]] = {
    "name": (("equivalent", "strong", "partial", "weak", "conflict"),
             (0.82, 0.10, 0.05, 0.02, 0.01), (0.02, 0.03, 0.10, 0.30, 0.55)),
    # slip: birth years one apart (not two full dates), the clerical error DESIGN §5 tolerates
    "birth": (("date", "year", "slip", "conflict"), (0.55, 0.40, 0.02, 0.03),
              (0.001, 0.03, 0.05, 0.919)),
    "gender": (("agree", "disagree"), (0.99, 0.01), (0.55, 0.45)),
    "region": (("agree", "disagree"), (0.85, 0.15), (0.25, 0.75)),
    "articles": (("overlap", "disjoint"), (0.85, 0.15), (0.35, 0.65)),
    "detained": (("same", "near", "far"), (0.65, 0.25, 0.10), (0.01, 0.04, 0.95)),
}
FIELD_NAMES = tuple(FIELDS)
PRIOR_MATCH_RATE = 0.2  # among candidate pairs
PSEUDO_PAIRS = 20.0  # weight of the priors in EM, in pairs

Levels = dict[str, str | None]


def level_code(field_name: str, level: str) -> int:
    """The position of a level in its field, as the encoded comparison matrix stores it."""
    return FIELDS[field_name][0].index(level)


class Status(StrEnum):
    """What became of a pair. A StrEnum, so that stored and printed values stay plain text."""

    AUTO = "auto"
    REVIEWER_SAME = "reviewer-same"
    REVIEWER_DIFFERENT = "reviewer-different"
    REVIEW = "review"
    UNLINKED = "unlinked"


class Merging(StrEnum):
    """Which merge policy decides the automatic links (docs/linkage.md, *Policies*)."""

    # DESIGN §5 as revised: an unambiguous full name may carry a merge without birth data; a
    # name or name + birth year that two persons share never merges automatically
    REVISED = "revised"
    # the first policy: automatic merges need agreeing birth data, never a name alone
    STRICT = "strict"
    # corroborating fields, or the only candidate with birth data, stand in for birth data
    PERMISSIVE = "permissive"


class Rule(StrEnum):
    """The rule that carried a link, named in its explanation."""

    SCORE = "score"  # probability above the automatic threshold, birth data agree
    UNIQUE_NAME = "unambiguous full name"
    YEAR_SLIP = "birth year one apart, unambiguous full name"
    CORROBORATED = "corroborating fields"  # permissive
    ONLY_CANDIDATE = "only candidate with birth data"  # permissive
    REVIEWER = "reviewer"


NAME_ONLY_RULES = frozenset({Rule.UNIQUE_NAME, Rule.YEAR_SLIP, Rule.ONLY_CANDIDATE})


@dataclass(frozen=True)
class Policy:
    auto_threshold: float = 0.98
    review_threshold: float = 0.5
    merging: Merging = Merging.REVISED
    one_record_per_list: bool = True  # a list names a person once
    max_block: int = 2000
    em_iterations: int = 50

    @property
    def year_slip(self) -> int:
        """How far apart the birth years of one person's records may be."""
        return 1 if self.merging == Merging.REVISED else 0


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

    @classmethod
    def from_arrays(cls, m: list[np.ndarray], u: list[np.ndarray], lam: float) -> Model:
        def named(arrays: list[np.ndarray]) -> dict[str, dict[str, float]]:
            return {f: dict(zip(FIELDS[f][0], map(float, arrays[j]), strict=True))
                    for j, f in enumerate(FIELD_NAMES)}

        return cls(m=named(m), u=named(u), match_rate=float(lam))

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
    levels: Levels
    status: Status = Status.UNLINKED
    reason: str = ""
    rule: Rule | None = None  # what carried the link, when it is one
    rivals: float = 0.0  # bits lost to other records of the same lists (em.rival_bits)
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
    def name_only_links(self) -> list[PairResult]:
        """The links the name carried without agreeing birth data, to confirm in bulk."""
        return [p for p in self.links if p.rule in NAME_ONLY_RULES]

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
            how = ("reviewer: same" if p.status == Status.REVIEWER_SAME
                   else f"p={p.probability:.4f}")
            parts.append(f"= {other.label()} ({how}): " + "; ".join(p.explanation))
        if parts:
            return " | ".join(parts)
        return "no other record of this person found"
