"""BENCHMARKS.md is written by several benchmarks, each between its own markers."""

from __future__ import annotations

import re
from pathlib import Path


def replace_section(path: Path, start: str, end: str, body: str) -> None:
    """Replace what stands between the markers (or add the markers at the end)."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    block = f"{start}\n{body}{end}"
    between = re.compile(re.escape(start) + ".*?" + re.escape(end), re.DOTALL)
    if between.search(text):
        text = between.sub(lambda _: block, text, count=1)
    else:
        text = f"{text.rstrip()}\n\n{block}\n"
    path.write_text(text, encoding="utf-8")
