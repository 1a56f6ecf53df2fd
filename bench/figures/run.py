"""`make bench-figures`: generate the registry on SQLite and on PostgreSQL, time the three
figures through Vigil and as hand-written SQL on each, write the table.

    python -m bench.figures.run --persons 100000 \\
        --sqlite var/bench-figures.sqlite3 \\
        --postgres postgres://postgres@127.0.0.1:5432/vigil_bench_figures --out BENCHMARKS.md

For each database: a fresh database (the SQLite file is replaced; the PostgreSQL database is
dropped and created again), `vigil migrate`, the seeded generator (`generate`), ANALYZE (as
any database holding a registry of this size would have run), then `measure` in a process of
its own. `--reuse` keeps a database that already holds the same number of generated persons.
Results go to `bench/figures/results.json`, and the "Figures" section of BENCHMARKS.md is
rewritten between the markers `<!-- bench-figures:start -->` and `<!-- bench-figures:end -->`;
the rest of the file is left as it is.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bench.linkage.run import machine

ROOT = Path(__file__).resolve().parents[2]
RESULTS = Path(__file__).resolve().parent / "results.json"
START, END = "<!-- bench-figures:start -->", "<!-- bench-figures:end -->"


def _python(module: list[str], database_url: str, timeout: float) -> str:
    env = dict(os.environ, DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="vigil.settings",
               PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run(  # noqa: S603 - runs this project's own modules
        [sys.executable, "-m", *module], cwd=ROOT, env=env, timeout=timeout,
        capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-4000:])
        raise SystemExit(f"{' '.join(module)} failed on {database_url} (exit {proc.returncode})")
    return proc.stdout


def _sql(database_url: str, statements: list[str]) -> None:
    """Run statements on a database through Django (a maintenance connection for CREATE
    DATABASE, the database itself for ANALYZE)."""
    code = ("import sys; import django; django.setup()\n"
            "from django.db import connection\n"
            "with connection.cursor() as c:\n"
            "    for s in sys.argv[1:]: c.execute(s)\n")
    env = dict(os.environ, DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="vigil.settings")
    subprocess.run([sys.executable, "-c", code, *statements], cwd=ROOT, env=env,  # noqa: S603
                   check=True)


def fresh_database(url: str) -> None:
    if url.startswith("sqlite:"):
        path = Path(url.split("sqlite://", 1)[1])
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        return
    base, name = url.rsplit("/", 1)
    _sql(f"{base}/postgres", [f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'])


def holds_persons(url: str, persons: int) -> bool:
    out = _python(["bench.figures.generate", "--count-only"], url, 600)
    return out.strip() == str(persons)


def prepare(url: str, persons: int, seed: int, reuse: bool) -> dict:
    """A database holding the generated registry; how long generating it took."""
    if reuse and holds_persons(url, persons):
        return {"reused": True}
    fresh_database(url)
    t0 = time.perf_counter()
    out = _python(["bench.figures.generate", "--persons", str(persons), "--seed", str(seed)],
                  url, 7200)
    seconds = time.perf_counter() - t0
    _sql(url, ["ANALYZE" if url.startswith("sqlite:") else "VACUUM ANALYZE"])
    return {"reused": False, "generate_seconds": round(seconds, 1),
            "generated": json.loads(out.strip().splitlines()[-1])}


def bench_database(url: str, args) -> dict:
    prep = prepare(url, args.persons, args.seed, args.reuse)
    out = ROOT / "var" / "bench-figures-result.json"
    out.parent.mkdir(exist_ok=True)
    t0 = time.perf_counter()
    _python(["bench.figures.measure", "--repeat", str(args.repeat), "--out", str(out)], url,
            args.timeout)
    result = json.loads(out.read_text())
    out.unlink()
    result["prepare"] = prep
    result["measure_seconds"] = round(time.perf_counter() - t0, 1)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--sqlite", help="the SQLite file to generate into")
    parser.add_argument("--postgres", help="postgres://…/NAME: the database to (re)create")
    parser.add_argument("--reuse", action="store_true",
                        help="keep a database that already holds --persons generated persons")
    parser.add_argument("--timeout", type=float, default=3600)
    parser.add_argument("--out", default="BENCHMARKS.md")
    parser.add_argument("--render-only", action="store_true",
                        help="rewrite the section from bench/figures/results.json, measure "
                             "nothing")
    args = parser.parse_args(argv)
    if args.render_only:
        write_section(ROOT / args.out, json.loads(RESULTS.read_text()))
        return 0
    urls = []
    if args.sqlite:
        urls.append(f"sqlite:///{Path(args.sqlite).resolve()}")
    if args.postgres:
        urls.append(args.postgres)
    if not urls:
        parser.error("name a database: --sqlite FILE and/or --postgres URL")
    command = "python -m bench.figures.run " + " ".join(
        a if not a.startswith("postgres://") else "postgres://…" for a in (argv or sys.argv[1:]))
    run = {"when": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"), "machine": machine(),
           "command": command, "persons": args.persons, "seed": args.seed,
           "repeat": args.repeat, "databases": {}}
    for url in urls:
        result = bench_database(url, args)
        run["databases"][result["info"]["vendor"]] = result
        print(f"{result['info']['database']}: done", file=sys.stderr)
    RESULTS.write_text(json.dumps(run, indent=1, default=str))
    write_section(ROOT / args.out, run)
    return 0


def write_section(path: Path, run: dict) -> None:
    from bench.figures.report import render
    from bench.sections import replace_section

    replace_section(path, START, END, render(run))
    print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
