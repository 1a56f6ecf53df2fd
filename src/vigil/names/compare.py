"""Comparing two names: a score in [0, 1] and the reasons a reviewer can read.

The comparison reads each name in its most likely ways (`parse_candidates`), compares surname,
given name and patronymic part by part, and keeps the best pairing of readings. Each part
says why it scored what it did:

- surname: identical; the same once romanised; the same phonetic key (Бяляцкі ≈ Беляцкий);
  masculine and feminine forms (Іваноў / Іванова: usually two people); similar spelling;
- given name: identical; one equivalence class (Алесь = Ales = Аляксандр); a diminutive
  (Коля for Мікалай); an initial that fits (А. for Алесь); different names;
- patronymic: the same; from the same father's name (Віктаравіч = Викторович); different.

A name is never enough to merge two records (DESIGN §5); `score` is one input of
`vigil.linkage`, and `conflicts` lists what speaks against the match (different given names or
patronymics, as between a father and a son).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import JaroWinkler, Levenshtein

from .given import CLASSES, GivenNameMatch, lookup, patronymic_classes, patronymic_gender
from .parse import ParsedName, parse_candidates
from .phonetic import key_variants, phonetic_key
from .translit import fold

WEIGHTS = {"surname": 0.5, "given": 0.35, "patronymic": 0.15}
# Multipliers of the score when a part speaks against the match.
CONFLICT_FACTOR = {
    "surname": 0.4, "given": 0.35, "patronymic": 0.5, "surname-gender": 0.6, "initial": 0.5,
}
ONE_SIDED_FACTOR = 0.8  # only one side has a given name or initial at all


@dataclass(frozen=True)
class PartComparison:
    part: str  # "surname", "given", "patronymic"
    score: float | None  # None: nothing to compare (missing on one side)
    reason: str
    conflict: str | None = None


@dataclass(frozen=True)
class NameComparison:
    score: float
    explanation: tuple[str, ...]
    parts: tuple[PartComparison, ...]
    conflicts: tuple[str, ...]
    a: ParsedName
    b: ParsedName

    def part(self, name: str) -> PartComparison | None:
        return next((p for p in self.parts if p.part == name), None)


@functools.lru_cache(maxsize=1 << 16)
def _show(word: str) -> str:
    return "-".join(w[:1].upper() + w[1:] for w in word.split("-"))


def _jw(x: str, y: str) -> float:
    return JaroWinkler.normalized_similarity(x, y)


def _typo_distance(x: str, y: str) -> int:
    """Levenshtein distance when it is small enough for a typo, else 99: one edit in a word of
    five letters or more, two in one of nine or more, and never in the first letter (two
    edits: the first two), except the first two letters swapped. Keys are already reduced,
    so different surnames of one pattern (Таранка / Тарачук, Каравін / Баравін) are further
    apart than that."""
    shorter = min(len(x), len(y))
    limit = 2 if shorter >= 9 else (1 if shorter >= 5 else 0)
    if limit and len(x) == len(y) and x[:2] == y[1::-1] and x[2:] == y[2:] and x[0] != x[1]:
        return 1  # the first two letters swapped (Лкимович): one slip of the fingers
    if limit == 0 or x[:limit] != y[:limit]:
        return 99
    d = Levenshtein.distance(x, y, score_cutoff=limit)
    return d if d <= limit else 99


# The comparisons of each part are cached on the part's words: a list of a million names has
# far fewer distinct surname, given-name and patronymic pairs than candidate pairs.
@functools.lru_cache(maxsize=1 << 18)
def compare_surnames(sa: tuple[str, ...], sb: tuple[str, ...]) -> PartComparison:
    a, b = "-".join(sa), "-".join(sb)
    shown = f"{_show(a)} ≈ {_show(b)}"
    if not sa or not sb:
        return PartComparison("surname", None, "surname: missing on one side")
    if sa == sb:
        return PartComparison("surname", 1.0, f"surname: {_show(a)} (identical)")
    if fold(" ".join(sa)) == fold(" ".join(sb)):
        return PartComparison("surname", 0.98, f"surname: {shown} (same letters romanised)")
    ka = [phonetic_key(p) for p in sa]
    kb = [phonetic_key(p) for p in sb]
    if ka == kb:
        return PartComparison("surname", 0.95,
                              f"surname: {shown} (same phonetic key {' '.join(ka)})")
    if len(sa) == len(sb) and all(set(key_variants(x)) & set(key_variants(y))
                                  for x, y in zip(sa, sb, strict=True)):
        return PartComparison("surname", 0.93, f"surname: {shown} (same phonetic key when "
                                               "ch is read as х, as in Łacinka)")
    common = set(ka) & set(kb)
    if common and len(sa) != len(sb):
        return PartComparison("surname", 0.85,
                              f"surname: {shown} (one part of a double surname in common)")
    ja, jb = "".join(ka), "".join(kb)
    if ja and jb and ja.rstrip("a") == jb.rstrip("a") and ja != jb:
        return PartComparison(
            "surname", 0.6, f"surname: {shown} (masculine and feminine forms of one surname)",
            conflict="surname-gender")
    dist = min(_typo_distance(ja, jb), _typo_distance(fold(a), fold(b)))
    if dist <= 2:
        value = 0.85 if dist == 1 else 0.8
        return PartComparison("surname", value, f"surname: {shown} (spelling differs by "
                                                f"{dist} letter{'s' if dist > 1 else ''}: "
                                                "a typo?)")
    sim = max(_jw(ja, jb), _jw(fold(a), fold(b)))
    return PartComparison("surname", round(sim * 0.3, 4),
                          f"surname: {_show(a)} ≠ {_show(b)} (different surnames)",
                          conflict="surname")


def _class_label(m: GivenNameMatch) -> str:
    return "/".join(sorted(m.classes))


def _initial_fits(initial: str, word: str, match: GivenNameMatch | None) -> bool:
    ik = phonetic_key(initial) or ("i" if initial else "")
    if not ik:
        return False
    forms = [word]
    if match:
        for cid in match.classes:
            cls = CLASSES[cid]
            forms += cls.cyrillic_forms(diminutives=False) + cls.latin_forms()
    return any(phonetic_key(f).startswith(ik) or fold(f).startswith(fold(initial))
               for f in forms)


def compare_given(pa: ParsedName, pb: ParsedName) -> PartComparison:
    return _compare_given(pa.given, pb.given, pa.given_initial, pb.given_initial)


@functools.lru_cache(maxsize=1 << 16)
def _compare_given(ga: str | None, gb: str | None, ia: str | None, ib: str | None
                   ) -> PartComparison:
    if ga and gb:
        shown = f"{_show(ga)} / {_show(gb)}"
        if ga == gb:
            return PartComparison("given", 1.0, f"given name: {_show(ga)} (identical)")
        ma, mb = lookup(ga), lookup(gb)
        if ma and mb and ma.classes & mb.classes:
            label = "/".join(sorted(ma.classes & mb.classes))
            if ma.diminutive or mb.diminutive:
                return PartComparison("given", 0.9,
                                      f"given name: {shown} (diminutive, class {label})")
            return PartComparison("given", 0.95, f"given name: {_show(ga)} = {_show(gb)} "
                                                 f"(equivalent class {label})")
        ka, kb = phonetic_key(ga), phonetic_key(gb)
        if ka == kb:
            return PartComparison("given", 0.9,
                                  f"given name: {shown} (same phonetic key {ka})")
        if ma and mb:
            genders = {CLASSES[c].gender for c in ma.classes | mb.classes}
            why = "a man's and a woman's name" if len(genders) > 1 else "different names"
            return PartComparison(
                "given", 0.0,
                f"given name: {_show(ga)} ≠ {_show(gb)} ({why}: {_class_label(ma)} vs "
                f"{_class_label(mb)})", conflict="given")
        sim = _jw(ka, kb)
        if sim >= 0.88:
            return PartComparison("given", round(sim * 0.85, 4),
                                  f"given name: {shown} (similar spelling, {sim:.2f})")
        return PartComparison("given", 0.05, f"given name: {_show(ga)} ≠ {_show(gb)}",
                              conflict="given")
    if (ga and ib) or (gb and ia):
        full, initial = (ga, ib) if ga else (gb, ia)
        if _initial_fits(initial, full, lookup(full)):
            return PartComparison("given", 0.75,
                                  f"given name: initial {initial.upper()}. fits {_show(full)}")
        return PartComparison("given", 0.0,
                              f"given name: initial {initial.upper()}. does not fit "
                              f"{_show(full)}", conflict="initial")
    if ia and ib:
        if phonetic_key(ia)[:1] == phonetic_key(ib)[:1] or fold(ia) == fold(ib):
            return PartComparison("given", 0.6, f"given name: initials {ia.upper()}. / "
                                                f"{ib.upper()}. agree")
        return PartComparison("given", 0.0, f"given name: initials {ia.upper()}. ≠ "
                                            f"{ib.upper()}.", conflict="initial")
    if ia or ib or ga or gb:
        return PartComparison("given", None, "given name: on one side only")
    return PartComparison("given", None, "given name: on neither side")


def compare_patronymics(pa: ParsedName, pb: ParsedName) -> PartComparison:
    return _compare_patronymics(pa.patronymic, pb.patronymic, pa.patronymic_initial,
                                pb.patronymic_initial)


@functools.lru_cache(maxsize=1 << 16)
def _compare_patronymics(xa: str | None, xb: str | None, ia: str | None, ib: str | None
                         ) -> PartComparison:
    if xa and xb:
        shown = f"{_show(xa)} / {_show(xb)}"
        if xa == xb:
            return PartComparison("patronymic", 1.0, f"patronymic: {_show(xa)} (identical)")
        ga, gb = patronymic_gender(xa), patronymic_gender(xb)
        if ga and gb and ga != gb:
            return PartComparison("patronymic", 0.0,
                                  f"patronymic: {shown} (a man's and a woman's)",
                                  conflict="patronymic")
        ka, kb = phonetic_key(xa), phonetic_key(xb)
        if ka == kb:
            return PartComparison("patronymic", 0.95,
                                  f"patronymic: {shown} (same phonetic key {ka})")
        ca, cb = patronymic_classes(xa), patronymic_classes(xb)
        if ca & cb:
            label = "/".join(sorted(ca & cb))
            return PartComparison("patronymic", 0.9,
                                  f"patronymic: {shown} (father's name of class {label})")
        sim = _jw(ka, kb)
        if sim >= 0.9 and not (ca and cb):
            return PartComparison("patronymic", round(sim * 0.8, 4),
                                  f"patronymic: {shown} (similar spelling, {sim:.2f})")
        return PartComparison("patronymic", 0.0,
                              f"patronymic: {_show(xa)} ≠ {_show(xb)} (different fathers)",
                              conflict="patronymic")
    if (xa and ib) or (xb and ia):
        full, initial = (xa, ib) if xa else (xb, ia)
        if _initial_fits(initial, full, None):
            return PartComparison("patronymic", 0.75,
                                  f"patronymic: initial {initial.upper()}. fits {_show(full)}")
        return PartComparison("patronymic", 0.0,
                              f"patronymic: initial {initial.upper()}. does not fit "
                              f"{_show(full)}", conflict="patronymic")
    if ia and ib:
        if phonetic_key(ia)[:1] == phonetic_key(ib)[:1] or fold(ia) == fold(ib):
            return PartComparison("patronymic", 0.7,
                                  f"patronymic: initials {ia.upper()}. agree")
        return PartComparison("patronymic", 0.0,
                              f"patronymic: initials {ia.upper()}. ≠ {ib.upper()}.",
                              conflict="patronymic")
    return PartComparison("patronymic", None, "patronymic: not on both sides")


def _combine(parts: list[PartComparison]) -> tuple[float, list[str]]:
    num = den = 0.0
    for p in parts:
        if p.score is not None:
            num += WEIGHTS[p.part] * p.score
            den += WEIGHTS[p.part]
    score = num / den if den else 0.0
    conflicts = [p.conflict for p in parts if p.conflict]
    for c in conflicts:
        score *= CONFLICT_FACTOR[c]
    given = next(p for p in parts if p.part == "given")
    if given.score is None:
        score *= ONE_SIDED_FACTOR
    return round(min(max(score, 0.0), 1.0), 4), conflicts


def _surname_with_aliases(pa: ParsedName, pb: ParsedName) -> PartComparison:
    """The surnames, and when they differ, an alias in parentheses of one side (a maiden
    name: Іванова (Пятрова) Марыя) against the other's surname."""
    main = compare_surnames(pa.surname, pb.surname)
    if main.score is not None and main.score >= 0.85:
        return main
    best = main
    for x, y in ((pa, pb), (pb, pa)):
        for alias in x.aliases:
            c = compare_surnames((alias,), y.surname)
            if c.score is not None and c.score >= 0.85 and (
                    best.score is None or c.score > best.score):
                best = PartComparison("surname", c.score * 0.95,
                                      c.reason + f" — {_show(alias)} is in parentheses, "
                                      f"beside {_show('-'.join(x.surname))}")
    return best


def _compare_parsed(pa: ParsedName, pb: ParsedName) -> NameComparison:
    parts = [_surname_with_aliases(pa, pb), compare_given(pa, pb),
             compare_patronymics(pa, pb)]
    score, conflicts = _combine(parts)
    explanation = [p.reason for p in parts if not p.reason.endswith(("neither side",
                                                                      "not on both sides"))]
    return NameComparison(score, tuple(explanation), tuple(parts), tuple(conflicts), pa, pb)


def compare_names(a: str, b: str) -> NameComparison:
    """Compare two names in any scripts and orders.

    >>> c = compare_names("Бяляцкі Алесь", "Ales Bialiatski")
    >>> c.score > 0.9
    True
    >>> c.explanation[1]
    'given name: Алесь = Ales (equivalent class aleksandr)'
    """
    return compare_parsed(parse_candidates(a), parse_candidates(b))


def compare_parsed(a: Sequence[ParsedName], b: Sequence[ParsedName]) -> NameComparison:
    """`compare_names` on readings already made by `parse_candidates` (callers comparing one
    name with many, like `vigil.linkage`, parse each name once)."""
    best: NameComparison | None = None
    for pa in a:
        for pb in b:
            c = _compare_parsed(pa, pb)
            if best is None or c.score > best.score:
                best = c
    if best is None:
        raise ValueError("compare_parsed needs at least one reading of each name")
    return best
