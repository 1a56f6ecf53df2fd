"""One comparator per field: each takes the two records' features and returns its level (None:
no evidence either way, a value missing on a side) and a line explaining it. `compare_fields`
runs them all; `compare_pairs` encodes many pairs for EM."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from vigil.dates import PartialDate, Precision
from vigil.names import compare_parsed

from .features import Features
from .fields import FIELD_NAMES, FIELDS, Levels
from .records import Record

Compared = tuple[str | None, str | None]  # level, explanation

# Name score bands (vigil.names.compare_parsed scores 0..1)
NAME_EQUIVALENT = 0.93
NAME_STRONG = 0.85
NAME_PARTIAL = 0.6
DETAINED_NEAR_DAYS = 31  # two day-precise detention dates this close: the same arrest, told twice
DETAINED_FAR_DAYS = 62  # partial dates whose first days are further apart are different arrests


def compare_name(fa: Features, fb: Features) -> Compared:
    nc = compare_parsed(fa.readings, fb.readings)
    if nc.conflicts:
        level = "conflict"
    elif nc.score >= NAME_EQUIVALENT:
        level = "equivalent"
    elif nc.score >= NAME_STRONG:
        level = "strong"
    elif nc.score >= NAME_PARTIAL:
        level = "partial"
    else:
        level = "weak"
    return level, "; ".join(nc.explanation) + f" [name score {nc.score:.2f}]"


def compare_birth(fa: Features, fb: Features) -> Compared:
    if fa.year is None or fb.year is None:
        return None, "birth: unknown on one side"
    if fa.date is not None and fb.date is not None:
        same = fa.date == fb.date
        return ("date" if same else "conflict"), (
            f"birth date: {fa.date} {'=' if same else '≠'} {fb.date}")
    if fa.year == fb.year:
        return "year", f"birth year: {fa.year} = {fb.year}"
    if abs(fa.year - fb.year) == 1:
        return "slip", f"birth year: {fa.year} / {fb.year} (one apart: a slip?)"
    return "conflict", f"birth year: {fa.year} ≠ {fb.year}"


def compare_gender(fa: Features, fb: Features) -> Compared:
    # gender read from both names adds nothing the name comparison has not counted already
    if fa.gender and fb.gender and "given" in (fa.gender_source, fb.gender_source):
        same = fa.gender == fb.gender
        return ("agree" if same else "disagree"), (
            f"gender: {_gender_said(fa)} {'=' if same else '≠'} {_gender_said(fb)}")
    return None, None


def _gender_said(f: Features) -> str:
    """A gender as the record gives it: a side that states none shows the gender its given
    name suggests as such (never as if the record said it)."""
    # gender_source "given": the record states it; else "given name" or "patronymic"
    return f.gender if f.gender_source == "given" else f"{f.gender} (from the {f.gender_source})"


def compare_region(fa: Features, fb: Features, ra: Record, rb: Record) -> Compared:
    (ida, known_a), (idb, known_b) = fa.region, fb.region
    if ida is None or idb is None:
        return None, None
    if ida == idb:
        return "agree", f"region: {ra.region} = {rb.region}"
    if known_a and known_b:
        return "disagree", f"region: {ra.region} ≠ {rb.region}"
    return None, f"region: {ra.region} / {rb.region} (not comparable)"


def compare_articles(fa: Features, fb: Features) -> Compared:
    if not (fa.articles and fb.articles):
        return None, None
    common = fa.articles & fb.articles
    if common:
        return "overlap", f"articles in common: {', '.join(sorted(common))}"
    return "disjoint", (f"articles: {', '.join(sorted(fa.articles))} vs "
                        f"{', '.join(sorted(fb.articles))}")


def _days(a: PartialDate, b: PartialDate) -> int:
    return abs((a.first_day - b.first_day).days)


def detained_level(da: PartialDate, db: PartialDate) -> str:
    if da.precision == Precision.DAY and db.precision == Precision.DAY:
        d = _days(da, db)
        return "same" if d == 0 else ("near" if d <= DETAINED_NEAR_DAYS else "far")
    if da.contains(db.first_day) or db.contains(da.first_day):
        return "near"
    return "far" if _days(da, db) > DETAINED_FAR_DAYS else "near"


def compare_detained(fa: Features, fb: Features) -> Compared:
    da, db = fa.detained, fb.detained
    if da is None or db is None:
        return None, None
    level = detained_level(da, db)
    return level, f"detained: {da} / {db} ({level})"


def compare_fields(ra: Record, rb: Record, fa: Features, fb: Features
                   ) -> tuple[Levels, dict[str, str]]:
    """Every field's level, and the explanation of each field that has one."""
    compared = {
        "name": compare_name(fa, fb),
        "birth": compare_birth(fa, fb),
        "gender": compare_gender(fa, fb),
        "region": compare_region(fa, fb, ra, rb),
        "articles": compare_articles(fa, fb),
        "detained": compare_detained(fa, fb),
    }
    levels = {f: level for f, (level, _) in compared.items()}
    texts = {f: text for f, (_, text) in compared.items() if text is not None}
    return levels, texts


_LEVEL_INDEX = {f: {lvl: k for k, lvl in enumerate(FIELDS[f][0])} for f in FIELD_NAMES}


def encode_levels(levels: Levels, row: np.ndarray) -> None:
    """Write one pair's levels into its row of an encoded matrix (-1 = missing)."""
    for j, f in enumerate(FIELD_NAMES):
        if levels.get(f) is not None:
            row[j] = _LEVEL_INDEX[f][levels[f]]


def decode_levels(row: np.ndarray) -> Levels:
    return {f: (FIELDS[f][0][row[j]] if row[j] >= 0 else None)
            for j, f in enumerate(FIELD_NAMES)}


def compare_pairs(records: Sequence[Record], feats: Sequence[Features],
                  tick: Callable[[str, int, int], None], stage: str,
                  pair_a: np.ndarray, pair_b: np.ndarray) -> np.ndarray:
    """The encoded comparison matrix (pairs × fields, -1 = missing) of the given pairs."""
    x = np.full((len(pair_a), len(FIELD_NAMES)), -1, dtype=np.int8)
    for n, (a, b) in enumerate(zip(pair_a.tolist(), pair_b.tolist(), strict=True)):
        levels, _ = compare_fields(records[a], records[b], feats[a], feats[b])
        encode_levels(levels, x[n])
        if n % 2000 == 0:
            tick(stage, n, len(pair_a))
    tick(stage, len(pair_a), len(pair_a))
    return x
