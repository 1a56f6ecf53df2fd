"""The merge policy (DESIGN §5): which scored pairs become links, which go to a reviewer.

Reviewer decisions come first and always win (same → linked; not the same → never in one
cluster). Then pairs are linked from the most probable down, automatically only when the
policy's conditions hold and the clusters stay consistent; the others that look alike go to
review, one item per pair of clusters."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from .ambiguity import NameIndex
from .clusters import Clusters
from .features import Features
from .fields import (
    FIELD_NAMES,
    NAME_ONLY_RULES,
    Decision,
    Levels,
    Merging,
    PairResult,
    Policy,
    Rule,
    Status,
    level_code,
)

_COMPATIBLE_NAME = [level_code("name", lvl) for lvl in ("equivalent", "strong", "partial")]
_DISAGREEING = {("region", "disagree"), ("articles", "disjoint"), ("detained", "far"),
                ("gender", "disagree")}


def apply_decisions(decided: dict[tuple[int, int], Decision],
                    by_pair: dict[tuple[int, int], PairResult], clusters: Clusters,
                    links: list[PairResult]) -> None:
    """Reviewer decisions always win; a "same" that would contradict a "not the same" (directly
    or through others) is not applied."""
    for (a, b), d in decided.items():
        p = by_pair[(a, b)]
        who = f" by {d.who}" if d.who else ""
        when = f" on {d.when}" if d.when else ""
        if d.same:
            p.status, p.rule = Status.REVIEWER_SAME, Rule.REVIEWER
            p.reason = f"a reviewer said: the same person{who}{when}"
        else:
            p.status = Status.REVIEWER_DIFFERENT
            p.reason = f"a reviewer said: not the same person{who}{when}"
            clusters.forbid(a, b)
    for (a, b), d in decided.items():
        if d.same:
            p = by_pair[(a, b)]
            if clusters.forbidden_between(a, b):
                p.reason += " (not applied: contradicts another decision)"
                continue
            if clusters.union(a, b):
                links.append(p)


def _has_other(levels: Levels) -> bool:
    return any(levels.get(f) is not None for f in ("detained", "articles", "region"))


def _corroborated(levels: Levels) -> bool:
    return (levels.get("detained") in ("same", "near") or levels.get("articles") == "overlap"
            or levels.get("region") == "agree")


def _birth_disagrees(p: PairResult, policy: Policy) -> bool:
    return p.levels["birth"] == "conflict" or (p.levels["birth"] == "slip"
                                               and not policy.year_slip)


REASONS = {
    Rule.SCORE: "linked automatically: probability at or above the automatic threshold with "
                "agreeing birth data",
    Rule.UNIQUE_NAME: "linked automatically on the name: a full name that fits one person "
                      "only in these records, and nothing disagrees",
    Rule.YEAR_SLIP: "linked automatically: birth years one apart taken for a slip, as the "
                    "full name fits one person only and nothing else disagrees",
    Rule.CORROBORATED: "linked automatically: no birth data on one side, and another field "
                       "agrees",
    Rule.ONLY_CANDIDATE: "linked automatically: no birth data on one side, and the only "
                         "person with birth data whose name is compatible",
}


def reason_of(rule: Rule) -> str:
    return f"{REASONS[rule]} (rule: {rule})"


RIVALS = ("other records of the same lists fit as well: less likely than not the same "
          "person")
Verdict = tuple[Rule | None, str | None]  # the rule that allows the link, or why not


def _first_policies(p: PairResult, policy: Policy) -> Verdict:
    """The strict policy (never without agreeing birth data) and the permissive one
    (corroborating fields may stand in for them)."""
    if p.levels["birth"] in ("date", "year"):
        rule = Rule.SCORE
    elif policy.merging == Merging.PERMISSIVE and _corroborated(p.levels):
        rule = Rule.CORROBORATED
    elif policy.merging == Merging.PERMISSIVE and _has_other(p.levels):
        return None, "no agreeing birth data and nothing else agrees"
    else:
        return None, "no agreeing birth data (never merged on a name alone)"
    if p.probability < policy.auto_threshold:
        return None, "probability below the automatic threshold"
    return rule, None


def _name_only_obstacle(p: PairResult, names: NameIndex, feats: Sequence[Features]
                        ) -> str | None:
    """Why the name may not carry this merge on its own (DESIGN §5), or None."""
    if not all(feats[k].has_full_given_name for k in (p.a, p.b)):
        return "an initial is not a full name: never merged on it alone"
    if not names_close(p, feats):
        return "the names are not close enough to merge on them alone"
    if feats[p.a].surname_key != feats[p.b].surname_key and p.levels["name"] != "equivalent":
        # Маркотко / Markakka: a typo, or two different rare surnames, each fitting one person
        return "the surnames differ (a typo, or two surnames?): never merged on the name alone"
    disagreeing = sorted(f for f, lvl in p.levels.items() if (f, lvl) in _DISAGREEING)
    if disagreeing:
        return f"{', '.join(disagreeing)} disagree{'s' if len(disagreeing) == 1 else ''}"
    shared = names.name_ambiguity(p.a, p.b)
    if shared:
        return f"{shared}: never merged on the name alone"
    return None


def _revised(p: PairResult, policy: Policy, names: NameIndex, feats: Sequence[Features]
             ) -> Verdict:
    """DESIGN §5 as revised: a high probability with agreeing birth data merges unless the
    name and birth year fit another person; a full name that fits one person only merges on
    its own (a birth year one apart then counts as a slip)."""
    agreeing = p.levels["birth"] in ("date", "year")
    if agreeing:
        shared = names.year_ambiguity(p.a, p.b)
        if shared:
            return None, f"{shared}: never merged automatically on it"
        if p.probability >= policy.auto_threshold:
            return Rule.SCORE, None
    why_not = _name_only_obstacle(p, names, feats)
    if why_not is None:
        return (Rule.YEAR_SLIP if p.levels["birth"] == "slip" else Rule.UNIQUE_NAME), None
    return None, ("probability below the automatic threshold" if agreeing else why_not)


def verdict(p: PairResult, policy: Policy, names: NameIndex, feats: Sequence[Features]
            ) -> Verdict:
    """Whether the pair itself may merge automatically, whatever the clusters hold."""
    if p.levels["name"] in ("conflict", "weak"):
        return None, "the names conflict"
    if _birth_disagrees(p, policy):
        return None, "birth data disagree"
    if policy.merging == Merging.REVISED:
        return _revised(p, policy, names, feats)
    return _first_policies(p, policy)


def _not_worth_review(p: PairResult, policy: Policy) -> bool:
    """Namesakes of different ages, relatives with different given names or patronymics: not
    worth a reviewer's time unless all else looks the same."""
    return ((_birth_disagrees(p, policy) or p.levels["name"] == "conflict")
            and p.probability < policy.auto_threshold)


def link_automatically(results: Sequence[PairResult], clusters: Clusters, policy: Policy,
                       names: NameIndex, links: list[PairResult]) -> list[PairResult]:
    """Link the pairs the policy allows, most probable first; return the pairs for review."""
    review: list[PairResult] = []
    for p in sorted(results, key=lambda p: (-p.probability, p.a, p.b)):
        if p.status != Status.UNLINKED:
            continue
        same_cluster = clusters.find(p.a) == clusters.find(p.b)
        rule, blocker = verdict(p, policy, names, clusters.feats)
        if blocker is None and p.probability < policy.review_threshold:
            rule, blocker = None, RIVALS
        if blocker is None and not same_cluster:
            blocker = (clusters.obstacle(p.a, p.b, policy.one_record_per_list, policy.year_slip)
                       or clusters.names_clash(p.a, p.b)
                       or (clusters.fields_clash(p.a, p.b) if rule in NAME_ONLY_RULES
                           else None))
        if blocker is None:
            p.status = Status.AUTO
            if same_cluster:
                p.reason = "already in one cluster"
            else:
                p.rule, p.reason = rule, reason_of(rule)
                clusters.union(p.a, p.b)
                links.append(p)
        elif same_cluster:
            p.reason = f"in one cluster through other links ({blocker})"
        elif _not_worth_review(p, policy):
            p.reason = blocker
        else:
            p.status, p.reason = Status.REVIEW, blocker
            review.append(p)
    return review


def _partners_by_name(x: np.ndarray, pair_a: np.ndarray, pair_b: np.ndarray
                      ) -> dict[int, list[int]]:
    """Every record's candidates whose name does not conflict with its own and whose birth
    data do not disagree: the people it could be."""
    name = x[:, FIELD_NAMES.index("name")]
    birth = x[:, FIELD_NAMES.index("birth")]
    ok = np.isin(name, _COMPATIBLE_NAME) & (birth != level_code("birth", "conflict"))
    partners: dict[int, list[int]] = defaultdict(list)
    for a, b in zip(pair_a[ok].tolist(), pair_b[ok].tolist(), strict=True):
        partners[a].append(b)
        partners[b].append(a)
    return partners


def names_close(p: PairResult, feats: Sequence[Features]) -> bool:
    """Equivalent names, or strongly similar ones (a diminutive, a typo) when both records
    give a full given name, not an initial."""
    if p.levels["name"] == "equivalent":
        return True
    return p.levels["name"] == "strong" and all(feats[k].has_full_given_name for k in (p.a, p.b))


def _sole_person(clusters: Clusters, feats: Sequence[Features], candidates: list[int]
                 ) -> int | None:
    """The one person with birth data the candidates belong to, if there is exactly one.
    Undated candidates are no rivals: they may be that person too, and join them in turn."""
    roots = {clusters.find(j) for j in candidates}
    dated = {r for r in roots if any(feats[k].year is not None for k in clusters.members(r))}
    return dated.pop() if len(dated) == 1 else None


def link_unique_names(feats: Sequence[Features], clusters: Clusters, x: np.ndarray,
                      pair_a: np.ndarray, pair_b: np.ndarray,
                      by_pair: dict[tuple[int, int], PairResult], policy: Policy,
                      links: list[PairResult]) -> None:
    """The permissive policy's last step: a record without birth data joins the one person its name
    can belong to. Its rivals are all its candidates whose names are compatible (partial
    agreement included, and pairs too improbable for review); exactly one person with birth
    data must be among them (two records that both lack birth data never join on their own).
    The pair that links must have close names (`names_close`), no disagreeing field, and
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
        if best is None or best.status not in (Status.REVIEW, Status.UNLINKED):
            continue
        if not names_close(best, feats) or any(
                (f, lvl) in _DISAGREEING for f, lvl in best.levels.items()):
            continue
        if clusters.obstacle(best.a, best.b, policy.one_record_per_list) or (
                clusters.names_clash(best.a, best.b)):
            continue
        clusters.union(best.a, best.b)
        best.status, best.rule = Status.AUTO, Rule.ONLY_CANDIDATE
        best.reason = reason_of(Rule.ONLY_CANDIDATE)
        links.append(best)


def one_item_per_cluster_pair(review: Sequence[PairResult], clusters: Clusters,
                              by_pair: dict[tuple[int, int], PairResult] | None = None
                              ) -> list[PairResult]:
    """One review item per pair of clusters (the most probable), none inside a cluster; a
    decision on it settles every pair of records between the two clusters. The queue puts
    first the decisions expected to settle the most links: the probability that the two
    clusters are one person times the record pairs it settles (ties: most probable pair,
    then record order).

    Two clusters are one person only if every pair of records between them is, so the
    clusters are as doubtful as the most doubtful of those pairs (`cluster_probability`),
    not as sure as the best one: at 100,000 generated records, items settling three or more
    pairs were 6 % the same person where their best pair said 0.6."""
    seen: set[tuple[int, int]] = set()
    kept = []
    for p in sorted(review, key=lambda p: (-p.probability, p.a, p.b)):
        ca, cb = clusters.find(p.a), clusters.find(p.b)
        pair_key = (min(ca, cb), max(ca, cb))
        if ca == cb or pair_key in seen:
            p.status = Status.UNLINKED
            continue
        seen.add(pair_key)
        kept.append(p)
    by_pair = by_pair if by_pair is not None else {(p.a, p.b): p for p in review}

    def expected(p: PairResult) -> float:
        ma, mb = clusters.members(p.a), clusters.members(p.b)
        return cluster_probability(ma, mb, by_pair) * len(ma) * len(mb)

    return sorted(kept, key=lambda p: (-expected(p), -p.probability, p.a, p.b))


def cluster_probability(ma: Sequence[int], mb: Sequence[int],
                        by_pair: dict[tuple[int, int], PairResult]) -> float:
    """The least probability among the record pairs between two clusters; a pair that was
    not kept (below the review threshold, or never a candidate: names or birth years too
    far apart) counts as 0."""
    least = 1.0
    for x in ma:
        for y in mb:
            p = by_pair.get((min(x, y), max(x, y)))
            least = min(least, p.probability if p is not None else 0.0)
    return least
