"""Run Vigil on one data file, in its own process: `python -m bench.linkage.tool_vigil IN OUT`.

`--policy NAME` (anywhere; revised, strict or permissive) chooses the merge policy of
docs/linkage.md, *Policies*; the default is DESIGN §5's revised policy.
IN is a CSV written by `generate.write` (or `febrl.write`); OUT gets JSON with the cluster of
every record (in file order), the review pairs, wall time per stage, pairs scored and the
process's peak resident memory (ru_maxrss).
"""

from __future__ import annotations

import csv
import json
import resource
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    merging = "revised"
    if "--policy" in argv:
        at = argv.index("--policy")
        merging = argv[at + 1]
        argv = argv[:at] + argv[at + 2:]
    src, dst = Path(argv[0]), Path(argv[1])
    t0 = time.perf_counter()
    from vigil.linkage import Merging, Policy, Record, link, parse_articles, parse_date

    with src.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    records = [
        Record(r["list"], r["id"], r["name"],
               birth_year=int(r["birth_year"]) if r.get("birth_year") else None,
               birth_date=parse_date(r.get("birth_date")),
               region=r.get("region") or None,
               articles=parse_articles(r.get("articles")),
               detained_on=parse_date(r.get("detained_on")))
        for r in rows
    ]
    del rows
    marks: dict[str, float] = {"load": time.perf_counter()}

    def progress(stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        if stage == "features" and done == total:
            marks.setdefault("features", now)
        elif stage == "comparing":
            marks.setdefault("blocking", now)  # the first comparing tick: pairs are known
            if done == total:
                marks["comparing"] = now

    policy = Policy(merging=Merging(merging))
    result = link(records, policy=policy, progress=progress)
    marks["EM + clustering"] = time.perf_counter()
    order = ["load", "features", "blocking", "comparing", "EM + clustering"]
    stages, prev = {}, t0
    for k in order:
        if k in marks:
            stages[k] = marks[k] - prev
            prev = marks[k]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    out = {
        "tool": "vigil" if merging == "revised" else f"vigil-{merging}",
        "labels": result.cluster_of,
        "review": [[p.a, p.b, round(p.probability, 4)] for p in result.review],
        "scored": [[p.a, p.b, round(p.probability, 4)] for p in result.pairs],
        "links": [[p.a, p.b, str(p.rule)] for p in result.links],
        "stages": stages,
        "total": prev - t0,
        "pairs_scored": result.stats.get("pairs_scored", 0),
        "compare_seconds": stages.get("comparing", 0.0),
        "maxrss_mb": rss,
        "stats": result.stats,
        "match_rate": result.match_rate,
    }
    dst.write_text(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
