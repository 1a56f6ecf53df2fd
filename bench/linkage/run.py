"""`make bench-linkage`: generate the lists, run every tool on the same data, write the table.

    python -m bench.linkage.run --sizes 10000,100000 --out BENCHMARKS.md
    python -m bench.linkage.run --sizes 1000000 --no-febrl --out BENCHMARKS.md   # once, ~1 h

Each tool runs in its own subprocess (so that its peak memory, ru_maxrss, is its own):
Vigil (`tool_vigil`), Splink set up as a careful user would (`tool_splink careful`), and
Splink fed Vigil's keys (`tool_splink vigil-keys`); on FEBRL4 also Splink with every FEBRL
column (`careful-all`). Metrics are computed here from the ground truth. Results accumulate in
`bench/linkage/results.json` (one entry per data set, a later run replacing the same data set
only), and the "Linkage" section of BENCHMARKS.md is rewritten from all of them between the
markers `<!-- bench-linkage:start -->` and `<!-- bench-linkage:end -->`; the rest of the file
is left as it is.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

from . import febrl, generate
from .ceiling import calibration, ceiling
from .metrics import components, evaluate, merge

ROOT = Path(__file__).resolve().parents[2]
RESULTS = Path(__file__).resolve().parent / "results.json"
START, END = "<!-- bench-linkage:start -->", "<!-- bench-linkage:end -->"
REVIEW_BUDGETS = (0.01, 0.05, 0.10)  # shares of the records a reviewer settles
SWEEP = (0.001, 0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 0.999)


def machine() -> dict:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(int(x.split()[1]) for x in Path("/proc/meminfo").read_text().splitlines()
                      if x.startswith("MemTotal"))
    except (OSError, StopIteration):
        mem_kb = 0
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gb": round(mem_kb / 1024 / 1024, 1),
            "python": platform.python_version(), "load_avg": os.getloadavg()[0]}


def versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for pkg in ("vigil", "splink", "duckdb", "Unidecode", "recordlinkage"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = None
    return out


def run_tool(cmd: list[str], out: Path, timeout: float) -> dict:
    """Run `cmd` (a module and its arguments, or `[PYTHON, "-m", module, …]` to run it with
    another interpreter: a Splink in a virtualenv of its own)."""
    t0 = time.perf_counter()
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    argv = cmd if cmd[1:2] == ["-m"] else [sys.executable, "-m", *cmd]
    proc = subprocess.run(  # noqa: S603 - runs this package's own modules
        argv, cwd=ROOT, env=env, timeout=timeout,
        capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-4000:])
        return {"error": f"exit {proc.returncode}: {proc.stderr.strip().splitlines()[-1:]}"}
    data = json.loads(out.read_text())
    data["process_wall"] = wall
    return data


def _round(m: dict) -> dict:
    return {s: {k: (round(v, 4) if isinstance(v, float) else v) for k, v in d.items()}
            for s, d in m.items()}


def _review_budget(tool: dict, truth: list[str], scripts: list[str]) -> dict:
    """F1 after a reviewer who is always right works down the queue, in its order, for as
    many decisions as 1 %, 5 %, 10 % of the records."""
    out = {}
    for share in REVIEW_BUDGETS:
        done = tool["review"][:round(share * len(truth))]
        same = [(a, b) for a, b, _ in done if truth[a] == truth[b]]
        out[f"{share:.0%}"] = _round(evaluate(merge(tool["labels"], same), truth, scripts))
    return out


def _false_links_by_rule(links: list, truth: list[str]) -> dict[str, list[int]]:
    """{rule: [links, wrong links]}"""
    out: dict[str, list[int]] = {}
    for a, b, rule in links:
        counts = out.setdefault(rule, [0, 0])
        counts[0] += 1
        counts[1] += truth[a] != truth[b]
    return out


def score(tool: dict, truth: list[str], scripts: list[str]) -> dict:
    """The metrics of one tool run, with the variants that matter for it."""
    n = len(truth)
    res = {
        "stages": {k: round(v, 2) for k, v in tool["stages"].items()},
        "total": round(tool["total"], 2),
        "process_wall": round(tool["process_wall"], 2),
        "pairs_scored": tool["pairs_scored"],
        "pairs_per_s": round(tool["pairs_scored"] / tool["total"]) if tool["total"] else 0,
        "maxrss_mb": round(tool["maxrss_mb"]),
        "main": _round(evaluate(tool["labels"], truth, scripts)),
    }
    if "splink" in tool:
        res["splink"] = tool["splink"]  # the version that ran
    if "review" in tool:  # Vigil: the review band with a reviewer who is always right
        review = tool["review"]
        true_review = [(a, b) for a, b, _ in review if truth[a] == truth[b]]
        res["review_pairs"] = len(review)
        res["review_true"] = len(true_review)
        res["with_review"] = _round(evaluate(merge(tool["labels"], true_review), truth,
                                             scripts))
        res["review_budget"] = _review_budget(tool, truth, scripts)
        res["stats"] = tool.get("stats", {})
    if "scored" in tool:
        res["calibration"] = calibration(tool["scored"], truth)
    if "links" in tool:
        res["false_links_by_rule"] = _false_links_by_rule(tool["links"], truth)
    if "pairs" in tool:  # Splink: the threshold stated, and the best one in hindsight
        pairs = tool["pairs"]
        sweep = {}
        for t in SWEEP:
            labels = components(n, [(a, b) for a, b, p in pairs if p >= t])
            sweep[t] = _round(evaluate(labels, truth, scripts))
        best = max(sweep, key=lambda t: sweep[t]["overall"]["f1"])
        res["threshold"] = tool["threshold"]
        res["best_threshold"] = best
        res["best"] = sweep[best]
        res["sweep_f1"] = {str(t): sweep[t]["overall"]["f1"] for t in SWEEP}
        res["lambda"] = tool.get("lambda")
    return res


def dataset_info(rows: list[dict]) -> dict:
    persons = {r["person"] for r in rows}
    by_list: dict[str, int] = {}
    for r in rows:
        by_list[r["list"]] = by_list.get(r["list"], 0) + 1
    no_birth = sum(1 for r in rows if not r["birth_year"] and not r["birth_date"])
    kinds: dict[str, int] = {}
    for r in rows:
        kinds[r["kind"]] = kinds.get(r["kind"], 0) + 1
    truth = evaluate([r["person"] for r in rows], [r["person"] for r in rows],
                     [r["script"] for r in rows])
    return {"records": len(rows), "persons": len(persons), "lists": by_list,
            "no_birth": no_birth, "kinds": kinds,
            "true_pairs": {s: d["true"] for s, d in truth.items()}}


def bench_dataset(name: str, path: Path, tools: list[tuple[str, list[str]]], work: Path,
                  timeout: float, extra: dict, save=None) -> dict:
    """Run every tool on one data file; `save(entry)` after each (a long run keeps what it
    has done)."""
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    truth = [r["person"] for r in rows]
    scripts = [r["script"] for r in rows]
    entry = {"dataset": name, "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
             "machine": machine(), "versions": versions(), "info": dataset_info(rows),
             "tools": {}, **extra}
    if "script" in rows[0] and name.startswith("generated"):
        entry["ceiling"] = _round(ceiling(rows))
    del rows
    for label, cmd in tools:
        out = work / f"{name}-{label}.json"
        print(f"  {name}: {label} …", file=sys.stderr, flush=True)
        try:
            tool = run_tool([*cmd, str(path), str(out)], out, timeout)
        except subprocess.TimeoutExpired:
            tool = {"error": f"timed out after {timeout:.0f} s"}
        if "error" in tool:
            entry["tools"][label] = {"error": tool["error"]}
            print(f"    {tool['error']}", file=sys.stderr)
            if save is not None:
                save(entry)
            continue
        entry["tools"][label] = score(tool, truth, scripts)
        t = entry["tools"][label]
        print(f"    F1 {t['main']['overall']['f1']:.4f}  {t['total']:.1f} s  "
              f"{t['maxrss_mb']} MB", file=sys.stderr, flush=True)
        if save is not None:
            save(entry)
    return entry


def load_results() -> dict:
    if RESULTS.exists():
        return json.loads(RESULTS.read_text())
    return {}


def _splink_tools(args, modes: tuple[str, ...]) -> list[tuple[str, list[str]]]:
    """(label, command) of each Splink set-up: Splink 4 as splink-MODE, and Splink 5 as
    splink5-MODE when an interpreter with it is given."""
    tools = [(f"splink-{mode}", [args.splink_python, "-m", "bench.linkage.tool_splink", mode])
             for mode in modes]
    if args.splink5_python:
        tools += [(f"splink5-{mode}",
                   [args.splink5_python, "-m", "bench.linkage.tool_splink", mode])
                  for mode in modes]
    return tools


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default="BENCHMARKS.md")
    ap.add_argument("--work", default="var/bench-linkage")
    ap.add_argument("--no-febrl", action="store_true")
    ap.add_argument("--no-splink", action="store_true", help="Vigil only")
    ap.add_argument("--tools", default="",
                    help="only these tools (comma-separated labels), kept beside the other "
                         "tools' earlier results for the same data set and seed")
    ap.add_argument("--splink-python", default=sys.executable,
                    help="the interpreter whose Splink 4 runs the splink-* tools")
    ap.add_argument("--splink5-python", default="",
                    help="an interpreter with Splink 5 (a virtualenv of its own): adds the "
                         "splink5-* tools, the same set-up")
    ap.add_argument("--timeout", type=float, default=3 * 3600)
    ap.add_argument("--render-only", action="store_true",
                    help="rewrite the BENCHMARKS.md section from results.json")
    args = ap.parse_args(argv)
    work = ROOT / args.work
    work.mkdir(parents=True, exist_ok=True)
    results = load_results()
    command = "python -m bench.linkage.run " + " ".join(argv if argv is not None
                                                         else sys.argv[1:])
    if not args.render_only:
        only = {t for t in args.tools.split(",") if t}
        gen_tools = [("vigil", ["bench.linkage.tool_vigil"]),
                     ("vigil-strict", ["bench.linkage.tool_vigil", "--policy", "strict"]),
                     ("vigil-permissive", ["bench.linkage.tool_vigil", "--policy", "permissive"])]
        if not args.no_splink:
            gen_tools += _splink_tools(args, ("careful", "vigil-keys"))
        if only:
            gen_tools = [t for t in gen_tools if t[0] in only]
        for size in [int(s) for s in args.sizes.split(",") if s.strip()]:
            print(f"generating {size} records (seed {args.seed}) …", file=sys.stderr)
            t0 = time.perf_counter()
            rows = generate.generate(size, seed=args.seed)
            path = work / f"gen-{size}.csv"
            generate.write(rows, path)
            gen_s = time.perf_counter() - t0
            del rows
            name = f"generated-{size}"
            old = results.get(name)
            keep_old = bool(only and old and old.get("seed") == args.seed)

            def save(entry: dict, name: str = name, old: dict | None = old,
                     keep_old: bool = keep_old) -> None:
                if keep_old:
                    merged = json.loads(json.dumps(old))
                    merged["tools"].update(entry["tools"])
                    merged.setdefault("extra_runs", []).append(
                        {"tools": sorted(entry["tools"]), "date": entry["date"],
                         "machine": entry["machine"], "command": entry["command"]})
                    entry = merged
                results[name] = entry
                RESULTS.write_text(json.dumps(results, indent=1, ensure_ascii=False))

            entry = bench_dataset(name, path, gen_tools, work, args.timeout,
                                  {"seed": args.seed, "generate_s": round(gen_s, 1),
                                   "command": command}, save)
            save(entry)
            RESULTS.write_text(json.dumps(results, indent=1, ensure_ascii=False))
        if not args.no_febrl:
            path = work / "febrl4.csv"
            febrl.write(path)
            f_tools = [("vigil", ["bench.linkage.tool_vigil"]),
                       ("vigil-strict", ["bench.linkage.tool_vigil", "--policy", "strict"]),
                       ("vigil-permissive",
                        ["bench.linkage.tool_vigil", "--policy", "permissive"])]
            if not args.no_splink:
                f_tools += _splink_tools(args, ("careful", "careful-all"))
            def save_febrl(entry: dict) -> None:
                results["febrl4"] = entry
                RESULTS.write_text(json.dumps(results, indent=1, ensure_ascii=False))

            save_febrl(bench_dataset("febrl4", path, f_tools, work, args.timeout,
                                     {"command": command}, save_febrl))
            RESULTS.write_text(json.dumps(results, indent=1, ensure_ascii=False))
    from .report import render

    out = ROOT / args.out
    text = out.read_text(encoding="utf-8") if out.exists() else "# Benchmarks\n"
    section = render(results)
    if START in text and END in text:
        head, rest = text.split(START, 1)
        _, tail = rest.split(END, 1)
        text = head + START + "\n" + section + END + tail
    else:
        text = text.rstrip("\n") + "\n\n" + START + "\n" + section + END + "\n"
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
