"""The "Figures" section of BENCHMARKS.md, written from bench/figures/results.json."""

from __future__ import annotations

# issue 4: a median time, and no more than this many times the hand-written SQL's median
TARGETS = {"stock": 0.050, "series": 0.500}
MAX_RATIO = 3.0
NAMES = {"stock": "stock count, two filters", "breakdown": "breakdown by article",
         "series": "ten-year monthly series"}


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f}" if seconds < 10 else f"{seconds * 1000:,.0f}"


def _ratio(ratio: float) -> str:
    return f"{ratio:.2f}" if ratio >= 0.1 else f"{ratio:.4f}"


def verdict(name: str, figure: dict) -> str:
    if name not in TARGETS:
        return "no target"
    ratio = figure["vigil_median"] / figure["sql_median"]
    fast = figure["vigil_median"] < TARGETS[name]
    close = ratio <= MAX_RATIO
    limit = f"< {TARGETS[name] * 1000:.0f} ms, ≤ {MAX_RATIO:.0f}× SQL"
    return f"{'**met**' if fast and close else '**not met**'} ({limit})"


def _answer(name: str, answer: dict) -> str:
    if name == "stock":
        return f"count {answer['count']:,}"
    if name == "breakdown":
        return f"{answer['rows']} rows, {answer['persons counted in rows']:,} in rows"
    return f"{answer['points']} points, {answer['first']:,} → {answer['last']:,}"


def _table(result: dict) -> list[str]:
    lines = ["| figure | Vigil, first call (loads the registry) (ms) | Vigil, median (ms) | "
             "hand-written SQL, median (ms) | Vigil ÷ SQL | target | answer (equal on every "
             "run) |",
             "| --- | ---: | ---: | ---: | ---: | --- | --- |"]
    for name, f in result["figures"].items():
        ratio = f["vigil_median"] / f["sql_median"]
        lines.append(f"| {NAMES[name]} | {_ms(f['vigil_cold'])} | {_ms(f['vigil_median'])} | "
                     f"{_ms(f['sql_median'])} | {_ratio(ratio)} | {verdict(name, f)} | "
                     f"{_answer(name, f['answer'])} |")
    return lines


def _data(result: dict) -> str:
    counts = result["info"]["counts"]
    kinds = ", ".join(f"{k} {v:,}" for k, v in counts.items() if k not in ("persons", "events"))
    prep = result["prepare"]
    made = ("reused from an earlier run" if prep.get("reused")
            else f"generated and inserted in {prep['generate_seconds']:,.0f} s")
    return (f"{counts['persons']:,} persons and {counts['events']:,} events ({kinds}); "
            f"{made}; peak RSS of the measuring process {result['maxrss_mb']:,.0f} MB.")


def render(run: dict) -> str:
    m = run["machine"]
    out = [
        "## Figures",
        "",
        "Written by `bench/figures/run.py` (`make bench-figures`); do not edit between the "
        "markers, the next run rewrites them. What is measured and how: docs/figures.md, "
        "section *Benchmark*.",
        "",
        "Each figure is computed through Vigil as `vigil count` computes it (the registry "
        "loader and the figures core, over the whole registry; the series as the figures page "
        "draws it) and by one hand-written SQL query on the same database; the harness stops "
        "if the two answers differ on any run (the count, every breakdown row, every point of "
        "the series). *First call*: Vigil with no loaded registry kept, as after any write to "
        "the registry (this was the cost of every call before loaded registries were kept). "
        f"*Median*: of {run['repeat']} further calls each. Wall-clock times on a machine "
        "shared with other work (load average at the start given), indicative to perhaps "
        "±30 %.",
        "",
        f"Run {run['when']} on {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM (load "
        f"average {m['load_avg']:.1f} at the start), Python {m['python']}. Command: "
        f"`{run['command']}`. Data: seed {run['seed']}.",
        "",
    ]
    for result in run["databases"].values():
        out += [f"### {result['info']['database']}", "", _data(result), ""]
        out += _table(result)
        out += ["", *_writes(result), ""]
    return "\n".join(out)


def _writes(result: dict) -> list[str]:
    """Issue 15's rows: the first figure after a write, a fresh `vigil count`."""
    w = result.get("writes")
    if not w:
        return []
    return [
        "| after a write (issue 15) | measured | target |",
        "| --- | ---: | --- |",
        f"| stock count, first call after one person's custody changed (median of "
        f"{len(w['after_write'])}) | {_ms(w['after_write_median'])} ms | "
        f"{'**met**' if w['after_write_median'] <= 1 else '**not met**'} (≤ 1 s) |",
        f"| `vigil count` in a fresh process | {w['fresh_count_seconds']:,.1f} s | "
        f"{'**met**' if w['fresh_count_seconds'] <= 3 else '**not met**'} (≤ 3 s) |",
        f"| peak RSS of that process | {w['fresh_count_maxrss_mb']:,.0f} MB | "
        f"{'**met**' if w['fresh_count_maxrss_mb'] <= 150 else '**not met**'} (≤ 150 MB) |",
    ]

