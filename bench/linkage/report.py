"""The "Linkage" section of BENCHMARKS.md, written from bench/linkage/results.json."""

from __future__ import annotations

SLICE_COLS = ("overall", "be↔ru", "Cyrillic↔Latin", "Latin↔Latin", "ru↔ru")
# issue 10's targets, automatic links of the default policy: precision on every slice, F1
# overall, F1 after a reviewer settled 5 % of the records, F1 as a share of the ceiling
TARGET_PRECISION, TARGET_F1, TARGET_REVIEWED_F1, TARGET_CEILING_SHARE = 0.99, 0.93, 0.97, 0.95
VIGIL_TOOLS = ("vigil", "vigil-strict", "vigil-permissive")

TOOL_NAMES = {
    "vigil": "Vigil, revised policy (the default; DESIGN §5), automatic links",
    "vigil-strict": "Vigil, strict policy (automatic merges need agreeing birth data)",
    "vigil-permissive": ("Vigil, permissive policy (corroborating fields or the only "
                         "candidate with birth data stand in for birth data), automatic links"),
    "splink-careful": "Splink, careful user",
    "splink-vigil-keys": "Splink + Vigil's keys",
    "splink-careful-all": "Splink, careful user, all FEBRL columns",
    "splink5-careful": "Splink 5, careful user (the same set-up)",
    "splink5-vigil-keys": "Splink 5 + Vigil's keys",
    "splink5-careful-all": "Splink 5, careful user, all FEBRL columns",
}


def _prf(d: dict | None) -> str:
    if not d:
        return "–"
    return f"{d['precision']:.3f} / {d['recall']:.3f} / **{d['f1']:.3f}**"


def _variants(label: str, t: dict) -> list[tuple[str, dict]]:
    name = TOOL_NAMES.get(label, label)
    if t.get("splink"):
        name = f"{name} [splink {t['splink']}]"
    if "error" in t:
        return [(f"{name}: {t['error']}", {})]
    if label in VIGIL_TOOLS:
        short = name.split(" (")[0]
        rows = [(name, t["main"])]
        rows += [(f"{short}, after a reviewer who is always right settled the first {share} "
                  "of the records' number of queue items", metrics)
                 for share, metrics in t.get("review_budget", {}).items()]
        rows.append((f"{short}, automatic + the whole review band (a reviewer who is always "
                     f"right; {t['review_pairs']:,} pairs to review, {t['review_true']:,} of "
                     "them the same person)", t["with_review"]))
        return rows
    if "best" in t:
        return [(f"{name}, threshold {t['threshold']} (stated in advance)", t["main"]),
                (f"{name}, best threshold in hindsight ({t['best_threshold']}; chosen with "
                 "the ground truth, which no user has)", t["best"])]
    return [(name, t["main"])]


def _accuracy_table(entry: dict) -> list[str]:
    slices = [s for s in SLICE_COLS if entry["info"]["true_pairs"].get(s)]
    lines = ["| tool | " + " | ".join(f"{s} P / R / F1" for s in slices) + " |",
             "| --- |" + " --- |" * len(slices)]
    for label, t in entry["tools"].items():
        for name, metrics in _variants(label, t):
            cells = [_prf(metrics.get(s)) for s in slices]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


def _perf_table(entry: dict) -> list[str]:
    lines = ["| tool | end to end (s) | process incl. imports (s) | stages (s) | pairs scored "
             "| pairs scored / s (end to end) | peak RSS (MB) |",
             "| --- | ---: | ---: | --- | ---: | ---: | ---: |"]
    for label, t in entry["tools"].items():
        if "error" in t:
            lines.append(f"| {TOOL_NAMES.get(label, label)} | {t['error']} | | | | | |")
            continue
        stages = ", ".join(f"{k} {v:.1f}" for k, v in t["stages"].items())
        lines.append(f"| {TOOL_NAMES.get(label, label)} | {t['total']:.1f} | "
                     f"{t['process_wall']:.1f} | {stages} | {t['pairs_scored']:,} | "
                     f"{t['pairs_per_s']:,} | {t['maxrss_mb']:,} |")
    return lines


def _ceiling_lines(entry: dict) -> list[str]:
    c = entry.get("ceiling")
    v = entry["tools"].get("vigil")
    if not c or not v or "error" in v:
        return []
    share = v["main"]["overall"]["f1"] / c["overall"]["f1"] if c["overall"]["f1"] else 0.0
    slices = ", ".join(f"{s} {c[s]['f1']:.3f}" for s in SLICE_COLS if s in c)
    return [f"Attainable ceiling under DESIGN §5 (an oracle merging exactly the true pairs "
            f"whose birth data agree with a name and year that fit one person, or whose birth "
            f"data are absent or one year apart with a full name that fits one person; "
            f"bench/linkage/ceiling.py): F1 {slices}. Vigil's default reaches "
            f"{share:.1%} of the overall ceiling.", ""]


def _calibration_table(entry: dict) -> list[str]:
    v = entry["tools"].get("vigil")
    if not v or "calibration" not in v:
        return []
    lines = ["Calibration of Vigil's probabilities (default policy; every pair scored at or "
             "above the review threshold):", "",
             "| predicted probability | pairs | observed share of true pairs |",
             "| --- | ---: | ---: |"]
    for band in v["calibration"]:
        share = "–" if band["true_share"] is None else f"{band['true_share']:.3f}"
        lines.append(f"| {band['band']} | {band['pairs']:,} | {share} |")
    rules = v.get("false_links_by_rule")
    if rules:
        lines += ["", "Vigil's automatic links by the rule that carried them: " + "; ".join(
            f"{rule}: {n:,} links, {bad:,} wrong" for rule, (n, bad) in sorted(rules.items()))
            + "."]
    return lines + [""]


def _targets(entry: dict, v: dict) -> list[str]:
    """Issue 10's targets for the default policy's automatic links."""
    main = v["main"]
    low = [f"{s} {main[s]['precision']:.3f}" for s in SLICE_COLS
           if s in main and main[s]["precision"] < TARGET_PRECISION]
    out = [f"- Precision ≥ {TARGET_PRECISION} on every slice: "
           + ("met." if not low else "**not met**: " + ", ".join(low) + ".")]
    f1 = main["overall"]["f1"]
    out.append(f"- F1 ≥ {TARGET_F1} overall: {f1:.3f}, "
               + ("met." if f1 >= TARGET_F1 else "**not met**."))
    reviewed = v.get("review_budget", {}).get("5%")
    if reviewed:
        rf = reviewed["overall"]["f1"]
        out.append(f"- F1 ≥ {TARGET_REVIEWED_F1} after reviewing at most 5 % of the records: "
                   f"{rf:.3f}, " + ("met." if rf >= TARGET_REVIEWED_F1 else "**not met**."))
    c = entry.get("ceiling")
    if c and c["overall"]["f1"]:
        share = f1 / c["overall"]["f1"]
        out.append(f"- F1 ≥ {TARGET_CEILING_SHARE:.0%} of the ceiling: {share:.1%}, "
                   + ("met." if share >= TARGET_CEILING_SHARE else "**not met**."))
    return out


def _verdict(entry: dict) -> list[str]:
    tools = entry["tools"]
    v, s = tools.get("vigil"), tools.get("splink-careful")
    if not v or "error" in v:
        return []
    if not s or "error" in s:
        return _targets(entry, v) if entry["dataset"].startswith("generated") else []
    out = []
    vf = v["main"]["overall"]["f1"]
    rf = v["with_review"]["overall"]["f1"]
    sf = s["main"]["overall"]["f1"]
    sb = s["best"]["overall"]["f1"]
    out.append(f"- Overall F1: Vigil {vf:.3f} automatic, {rf:.3f} with the review band "
               f"settled; careful Splink {sf:.3f} at its stated threshold, {sb:.3f} at the "
               "best threshold in hindsight.")
    for label in ("vigil-strict", "vigil-permissive"):
        other = tools.get(label)
        if other and "error" not in other:
            main = other["main"]["overall"]
            out.append(f"- {TOOL_NAMES[label].split(' (')[0]}: F1 {main['f1']:.3f} automatic "
                       f"at precision {main['precision']:.3f}, "
                       f"{other['with_review']['overall']['f1']:.3f} with its review band "
                       f"settled ({other['review_pairs']:,} pairs to review; the default "
                       f"{v['review_pairs']:,}).")
    for label, who in (("splink-vigil-keys", "Splink fed Vigil's keys"),
                       ("splink5-careful", "Splink 5, careful user"),
                       ("splink5-vigil-keys", "Splink 5 fed Vigil's keys")):
        k = tools.get(label)
        if k and "error" not in k:
            out.append(f"- {who}: {k['main']['overall']['f1']:.3f} at its stated threshold, "
                       f"{k['best']['overall']['f1']:.3f} at the best one.")
    if entry["dataset"].startswith("generated"):
        out += _targets(entry, v)
        vt, st = v["total"], s["total"]
        out.append(f"- End-to-end time: Vigil {vt:.0f} s, careful Splink {st:.0f} s.")
    return out


def render(results: dict) -> str:
    lines = ["## Linkage", ""]
    lines += [
        "Written by `bench/linkage/run.py` (`make bench-linkage`); do not edit between the "
        "markers, the next run rewrites them. What is measured and how: docs/linkage.md, "
        "section *Benchmark*.",
        "",
        "Pairwise precision / recall / F1 on the clusters each tool produces (every pair of "
        "records in one cluster is a predicted pair; a tool is graded on its transitive "
        "links too), overall and per script pair of the two records: be↔ru (Belarusian and "
        "Russian Cyrillic), Cyrillic↔Latin, Latin↔Latin, ru↔ru (two Russian-language lists). "
        "Times are wall-clock seconds on a machine shared with other work (the load average "
        "when the run started is given), so they are indicative to perhaps ±30 %. Each tool ran "
        "in its own process; peak RSS is that process's `ru_maxrss`. Vigil is single-threaded "
        "Python; DuckDB used every core. Results of earlier runs (before issue 10's policy) "
        "stay in a data set's section until it is run again.",
        "",
    ]
    order = sorted((k for k in results if k.startswith("generated-")),
                   key=lambda k: int(k.split("-")[1]))
    order += [k for k in results if not k.startswith("generated-")]
    for key in order:
        e = results[key]
        m, info = e["machine"], e["info"]
        title = (f"{info['records']:,} generated records" if key.startswith("generated")
                 else "FEBRL4 (Latin-only check)")
        lines += [f"### {title}", ""]
        load = (f"load average {m['load_avg']:.1f} at the start"
                if m.get("load_avg") is not None else "load average not recorded")
        lines.append(f"Run {e['date']} on {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM "
                     f"({load}), Python {m['python']}; "
                     + ", ".join(f"{k} {v}" for k, v in e["versions"].items() if v)
                     + f". Command: `{e.get('command', '')}`.")
        for extra in e.get("extra_runs", []):
            em = extra["machine"]
            load = (f"load average {em['load_avg']:.1f} at the start"
                    if em.get("load_avg") is not None else "load average not recorded")
            lines.append(f"Rerun {extra['date']} ({load}) of {', '.join(extra['tools'])}: "
                         f"`{extra['command']}`; those rows are from the rerun.")
        lines.append("")
        if key.startswith("generated"):
            kinds = info["kinds"]
            hard = ", ".join(f"{kinds.get(k, 0):,} {k}" for k in
                             ("namesake", "son", "daughter", "brother"))
            lists = ", ".join(f"{k} {v:,}" for k, v in sorted(info["lists"].items()))
            tp = info["true_pairs"]
            lines.append(
                f"Data: seed {e.get('seed')}, {info['records']:,} records of "
                f"{info['persons']:,} persons in six lists ({lists}); "
                f"{info['no_birth']:,} records ({info['no_birth'] / info['records']:.0%}) "
                f"without birth data; hard-negative records: {hard}. True pairs: "
                + ", ".join(f"{s} {tp.get(s, 0):,}" for s in SLICE_COLS) + ".")
        else:
            lines.append(f"Data: {info['records']:,} records, "
                         f"{info['true_pairs'].get('overall', 0):,} true pairs. Vigil sees "
                         "name, date of birth and suburb; careful Splink the same fields in "
                         "columns; the last Splink row every FEBRL column.")
        lines += ["", *_accuracy_table(e), "", *_ceiling_lines(e), *_calibration_table(e),
                  *_perf_table(e), ""]
        expected = ([*VIGIL_TOOLS, "splink-careful", "splink-vigil-keys"]
                    if key.startswith("generated") else
                    [*VIGIL_TOOLS, "splink-careful", "splink-careful-all"])
        missing = [TOOL_NAMES[t] for t in expected if t not in e["tools"]]
        if missing:
            lines += ["Not run on this data set: " + "; ".join(missing) + " (run them with "
                      f"`python -m bench.linkage.run --sizes {info['records']} --no-febrl "
                      "--tools ...`).", ""]
        verdict = _verdict(e)
        if verdict:
            lines += verdict + [""]
    return "\n".join(lines) + "\n"
