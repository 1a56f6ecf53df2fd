"""Run Splink 4 or Splink 5 (DuckDB) on one data file, in its own process.

Whichever Splink the interpreter has installed runs: Splink 5 registers each list with
`db_api.register` before the `Linker` sees it and counts comparisons with
`count_comparisons_from_blocking_rules`; Splink 4 takes the data frames and the `db_api` in
`Linker(...)`. The model, blocking and training are the same for both, each version's own
defaults otherwise (Splink 5's EM samples 1 % of the blocked pairs by default).

`python -m bench.linkage.tool_splink MODE IN OUT [--threshold P]`, MODE one of:

- ``careful``: Splink as a careful user sets it up without Vigil. Each list's name column is
  split into surname / first name / patronymic by the order the list documents
  (`LIST_ORDER`: a user reads each list's conventions, so this is more than Vigil is told);
  every name and region is lower-cased and passed through Unidecode; Jaro-Winkler levels on
  surname, first name and patronymic (term-frequency adjustment on surname), exact birth year,
  exact region; blocking on surname prefix + first initial, two letters of surname + birth
  year, birth year + both initials; λ from a deterministic rule with an assumed recall, u by random
  sampling, m by EM in two sessions (blocked on surname, then on birth year + first initial).
- ``vigil-keys``: the same Splink, fed Vigil's parse of the name (order resolved), the
  phonetic surname and patronymic keys (`vigil.names.phonetic_key`), the given-name classes
  (`vigil.names.given_classes`) and Vigil's region ids, and blocking on those keys.
- ``careful-all``: ``careful`` plus every extra column FEBRL has (street number, address,
  suburb, postcode, state, social security id) — for the FEBRL4 check only.

OUT gets JSON: clusters at the stated threshold (Splink's own clustering), the scored pairs at
or above `KEEP_PAIRS_FROM` (for the threshold sweep), wall time per stage, pairs scored (the
comparisons the blocking rules generate, counted by Splink), and ru_maxrss of this process.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import re
import resource
import sys
import time
from pathlib import Path

LIST_ORDER = {"viasna": "sgp", "memorial": "sgp", "local": "sgp", "cpj": "gs", "pen": "gs",
              "lacinka": "sg"}
ASSUMED_RECALL = 0.4
KEEP_PAIRS_FROM = 0.001  # pairs written out for the threshold sweep
FEBRL_EXTRA = ["street_number", "address_1", "address_2", "postcode", "state", "soc_sec_id"]


def _clean(text: str | None) -> str | None:
    from unidecode import unidecode

    if not text:
        return None
    t = re.sub(r"[^a-z0-9 \-]", " ", unidecode(text).lower())
    t = re.sub(r"\s+", " ", t).strip()
    return t or None


def _split(name: str, order: str) -> tuple[str | None, str | None, str | None]:
    toks = name.split()
    if not toks:
        return None, None, None
    if order.startswith("s"):
        return toks[0], (toks[1] if len(toks) > 1 else None), (
            " ".join(toks[2:]) if len(toks) > 2 else None)
    return toks[-1], (toks[0] if len(toks) > 1 else None), (
        " ".join(toks[1:-1]) if len(toks) > 2 else None)


def _year(r: dict) -> int | None:
    if r.get("birth_year"):
        return int(r["birth_year"])
    d = r.get("birth_date") or ""
    m = re.search(r"(\d{4})", d)
    return int(m.group(1)) if m else None


def frames(rows: list[dict], mode: str):
    import pandas as pd

    has_parts = "given_name" in rows[0]
    if mode == "vigil-keys":
        from vigil.linkage import region_id
        from vigil.names import given_classes, parse_name, phonetic_key
    out = []
    for i, r in enumerate(rows):
        rec = {"unique_id": i, "list": r["list"], "birth_year": _year(r),
               "region": _clean(r.get("region"))}
        if r.get("birth_date") and len(r["birth_date"]) >= 8:
            rec["dob"] = r["birth_date"]
        else:
            rec["dob"] = None
        if mode == "vigil-keys":
            p = parse_name(r["name"])
            rec["surname"] = _clean(" ".join(p.surname))
            rec["first_name"] = _clean(p.given) if p.given else (
                p.initials[0] if p.initials else None)
            rec["surname_key"] = "+".join(phonetic_key(s) for s in p.surname) or None
            classes = sorted(given_classes(p.given)) if p.given else []
            if not classes and p.given:
                classes = ["k:" + phonetic_key(p.given)]
            rec["given_classes"] = classes or None
            rec["given0"] = classes[0] if classes else None
            rec["patronymic_key"] = phonetic_key(p.patronymic) if p.patronymic else None
            rid = region_id(r.get("region"))
            rec["region"] = rid[0] if rid and rid[0] else None
        elif has_parts:
            rec["surname"] = _clean(r.get("surname"))
            rec["first_name"] = _clean(r.get("given_name"))
            rec["patronymic"] = None
            for c in FEBRL_EXTRA:
                rec[c] = _clean(r.get(c))
        else:
            s, g, pa = _split(_clean(r["name"]) or "", LIST_ORDER.get(r["list"], "gs"))
            rec["surname"], rec["first_name"], rec["patronymic"] = s, g, pa
        out.append(rec)
    df = pd.DataFrame(out)
    return {name: part.drop(columns=["list"]).reset_index(drop=True)
            for name, part in df.groupby("list", sort=True)}


def settings_for(mode: str, has_patronymic: bool, febrl: bool = False):
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    if mode == "vigil-keys":
        comparisons = [
            cl.JaroWinklerAtThresholds("surname_key", [0.92, 0.85, 0.7])
            .configure(term_frequency_adjustments=True),
            cl.ArrayIntersectAtSizes("given_classes", [1]),
            cl.JaroWinklerAtThresholds("patronymic_key", [0.92, 0.8]),
            cl.ExactMatch("birth_year"),
            cl.ExactMatch("region"),
        ]
        blocking = [
            block_on("surname_key", "given0"),
            block_on("surname_key", "birth_year"),
            block_on("given0", "birth_year", "substr(surname_key, 1, 2)"),
        ]
        training = [block_on("surname_key", "given0"), block_on("given0", "birth_year")]
        deterministic = [block_on("surname_key", "given0", "birth_year")]
    else:
        comparisons = [
            cl.JaroWinklerAtThresholds("surname", [0.92, 0.85, 0.7])
            .configure(term_frequency_adjustments=True),
            cl.JaroWinklerAtThresholds("first_name", [0.92, 0.8]),
        ]
        if has_patronymic:
            comparisons.append(cl.JaroWinklerAtThresholds("patronymic", [0.92, 0.8]))
        if febrl:
            comparisons += [cl.ExactMatch("dob"), cl.ExactMatch("region")]
        else:
            comparisons += [cl.ExactMatch("birth_year"), cl.ExactMatch("region")]
        if mode == "careful-all":
            comparisons += [cl.ExactMatch("postcode"), cl.ExactMatch("state"),
                            cl.JaroWinklerAtThresholds("address_1", [0.9, 0.7]),
                            cl.ExactMatch("street_number"),
                            cl.JaroWinklerAtThresholds("soc_sec_id", [0.95])]
        blocking = [
            block_on("substr(surname, 1, 3)", "substr(first_name, 1, 1)"),
            block_on("substr(surname, 1, 2)", "birth_year"),
            block_on("birth_year", "substr(first_name, 1, 1)", "substr(surname, 1, 1)"),
        ]
        if mode == "careful-all":
            blocking += [block_on("soc_sec_id"), block_on("dob"),
                         block_on("postcode", "substr(first_name, 1, 1)")]
        training = [block_on("substr(surname, 1, 3)", "substr(first_name, 1, 1)"),
                    block_on("birth_year", "substr(first_name, 1, 1)")]
        deterministic = [block_on("surname", "first_name", "birth_year")]
    settings = SettingsCreator(
        link_type="link_only",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=blocking,
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )
    return settings, blocking, training, deterministic


def splink_version() -> str:
    from importlib.metadata import version

    return version("splink")


def _splink5() -> bool:
    return int(splink_version().split(".")[0]) >= 5


def _linker(dfs: list, names: list[str], settings):
    """The Linker over the lists, and what `_count_pairs` needs of its inputs."""
    from splink import DuckDBAPI, Linker

    db_api = DuckDBAPI()
    if _splink5():
        tables = [db_api.register(df, dataset_display_name=name)
                  for df, name in zip(dfs, names, strict=True)]
        return Linker(tables, settings), tables
    return Linker(dfs, settings, db_api, input_table_aliases=names), (dfs, db_api)


def _count_pairs(inputs, blocking) -> int:
    """The comparisons the blocking rules generate, counted exactly by Splink itself."""
    if _splink5():
        from splink.blocking_analysis import count_comparisons_from_blocking_rules

        counted = count_comparisons_from_blocking_rules(
            inputs, blocking_rules=blocking, link_type="link_only",
            record_sample_proportion=1.0)
        return int(counted[-1]["cumulative_comparison_count"])
    from splink.blocking_analysis import (
        cumulative_comparisons_to_be_scored_from_blocking_rules_data,
    )

    dfs, db_api = inputs
    counted = cumulative_comparisons_to_be_scored_from_blocking_rules_data(
        table_or_tables=dfs, blocking_rules=blocking, link_type="link_only", db_api=db_api)
    return int(counted["row_count"].sum())


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["careful", "vigil-keys", "careful-all"])
    ap.add_argument("src")
    ap.add_argument("dst")
    ap.add_argument("--threshold", type=float, default=0.9)
    ap.add_argument("--u-pairs", type=float, default=5e6)
    args = ap.parse_args(argv)
    logging.disable(logging.WARNING)
    t0 = time.perf_counter()
    with Path(args.src).open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    n = len(rows)
    marks = {"load": time.perf_counter()}
    tables = frames(rows, args.mode)
    del rows
    names = list(tables)
    dfs = [tables[k] for k in names]
    has_patronymic = args.mode != "vigil-keys" and any(
        df["patronymic"].notna().any() for df in dfs)
    febrl = "postcode" in dfs[0].columns
    marks["prepare"] = time.perf_counter()
    settings, blocking, training, deterministic = settings_for(args.mode, has_patronymic, febrl)
    linker, inputs = _linker(dfs, names, settings)
    linker.training.estimate_probability_two_random_records_match(
        deterministic, recall=ASSUMED_RECALL)
    linker.training.estimate_u_using_random_sampling(max_pairs=args.u_pairs)
    for rule in training:
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    marks["train (λ, u, EM)"] = time.perf_counter()
    predictions = linker.inference.predict(threshold_match_probability=KEEP_PAIRS_FROM)
    marks["predict (block + score)"] = time.perf_counter()
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=args.threshold)
    cdf = clusters.as_pandas_dataframe()
    marks["cluster"] = time.perf_counter()
    labels = [0] * n
    for uid, cid in zip(cdf["unique_id"], cdf["cluster_id"], strict=True):
        labels[int(uid)] = str(cid)
    pdf = predictions.as_pandas_dataframe()
    pairs = [[int(a), int(b), round(float(p), 5)] for a, b, p in zip(
        pdf["unique_id_l"], pdf["unique_id_r"], pdf["match_probability"], strict=True)]
    total = marks["cluster"] - t0
    # the number of pairs the blocking rules make Splink score (counted apart, not timed)
    pairs_scored = _count_pairs(inputs, blocking)
    stages, prev = {}, t0
    for k, v in marks.items():
        stages[k] = v - prev
        prev = v
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    m_u = {}
    try:
        m_u = linker.misc.save_model_to_json()
    except Exception:  # noqa: BLE001 - the model is a courtesy in the output
        m_u = {}
    out = {
        "tool": f"splink-{args.mode}", "splink": splink_version(),
        "labels": labels,
        "pairs": pairs,
        "threshold": args.threshold,
        "stages": stages,
        "total": total,
        "pairs_scored": pairs_scored,
        "compare_seconds": stages["predict (block + score)"],
        "maxrss_mb": rss,
        "lambda": m_u.get("probability_two_random_records_match"),
    }
    Path(args.dst).write_text(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
