"""Imports at size: two 100,000-row lists imported as jobs into a fresh PostgreSQL database.

    python -m bench.imports.run --rows 100000 \\
        --postgres postgres://postgres@127.0.0.1:5432/vigil_bench_imports --out BENCHMARKS.md

The rows come from bench/linkage's seeded generator (persons in six lists' styles and
scripts, with namesakes, sons, brothers…): 2 × ROWS records, the first ROWS the file of the
first import (into an empty registry: every row a new person), the next ROWS the second
(linked against the ROWS persons the first made; the generator's persons recur across the
two). Each import runs in a process of its own, as `vigil worker` runs a job (`jobs.run`:
read the stored file, check, link, write in one transaction), bounded by --timeout. The
PostgreSQL database is dropped and created again. Results go to bench/imports/results.json
and between the markers `<!-- bench-imports:start -->` / `<!-- bench-imports:end -->` of
BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import sys
import tempfile
from pathlib import Path

from bench.figures.run import ROOT, _python, fresh_database
from bench.linkage.generate import generate
from bench.linkage.run import machine
from bench.sections import replace_section

RESULTS = Path(__file__).resolve().parent / "results.json"
START, END = "<!-- bench-imports:start -->", "<!-- bench-imports:end -->"
COLUMNS = ["id", "name", "birth_year", "birth_date", "region", "articles", "detained_on"]


def write_lists(rows: int, seed: int, directory: Path) -> list[Path]:
    records = generate(2 * rows, seed)
    paths = []
    for n, part in enumerate((records[:rows], records[rows:2 * rows]), 1):
        path = directory / f"list-{n}.csv"
        with path.open("w", newline="", encoding="utf-8") as fh:
            out = csv.writer(fh)
            out.writerow(COLUMNS)
            for r in part:
                out.writerow([f"{r.list}-{r.id}", r.name, r.birth_year, r.birth_date, r.region,
                              r.articles, r.detained_on])
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--postgres", required=True,
                        help="postgres://…/NAME: the database to drop and create again")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per import")
    parser.add_argument("--out", default="BENCHMARKS.md")
    args = parser.parse_args(argv)
    command = "python -m bench.imports.run " + " ".join(
        "postgres://…" if a.startswith("postgres://") else a for a in (argv or sys.argv[1:]))
    run = {"when": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"), "machine": machine(),
           "command": command, "rows": args.rows, "seed": args.seed, "imports": []}
    fresh_database(args.postgres)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["VIGIL_VAR_DIR"] = str(Path(tmp) / "var")  # for the processes started
        _python(["vigil.cli", "migrate", "--no-input"], args.postgres, 1800)
        for n, path in enumerate(write_lists(args.rows, args.seed, Path(tmp)), 1):
            out = _python(["bench.imports.measure", str(path), "--list-name", f"list-{n}"],
                          args.postgres, args.timeout)
            run["imports"].append(json.loads(out.strip().splitlines()[-1]))
            print(f"import {n}: {run['imports'][-1]['seconds']} s", file=sys.stderr)
    RESULTS.write_text(json.dumps(run, indent=1))
    replace_section(ROOT / args.out, START, END, render(run))
    return 0


def render(run: dict) -> str:
    m = run["machine"]
    lines = [
        "## Imports at size", "",
        "Written by `bench/imports/run.py`; do not edit between the markers. Each import is "
        "a job run as `vigil worker` runs it (read the stored file, check every row, link "
        "against the registry, write in one transaction), in a process of its own, on "
        "PostgreSQL; wall-clock seconds on a machine shared with other work (the load average "
        "when the run started is given), and the CPU seconds of the job's own process (the "
        "database server's are not counted), which the load inflates far less.", "",
        f"Run {run['when']} on {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM (load "
        f"average {m['load_avg']:.1f} at the start), Python {m['python']}, "
        f"{run['imports'][0]['database']}. Command: `{run['command']}`.", "",
        "| import | rows | registry before | created / matched / review | seconds | rows/s "
        "| CPU seconds of the job's process | peak RSS (MB) | longest stages (s) |",
        "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for n, r in enumerate(run["imports"], 1):
        c = r["counts"]
        stages = sorted(r["stages"].items(), key=lambda s: -s[1])[:5]
        lines.append(
            f"| {n} | {r['rows']:,} | {r['persons_before']:,} | {c['created']:,} / "
            f"{c['matched']:,} / {c['review']:,} | **{r['seconds']}** | "
            f"{r['rows'] / r['seconds']:,.0f} | {r['cpu_seconds']} | {r['peak_rss_mb']} | "
            + ", ".join(f"{s} {t}" for s, t in stages) + " |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
