"""`vigil link FILE [FILE ...] [--explain] [--review FILE] [--decisions FILE]`.

Reads CSV lists (UTF-8, comma- or semicolon-separated, a header row; columns `id` and `name`
required; `birth_year`, `birth_date`, `gender`, `region`, `articles`, `detained_on` optional;
other columns ignored) and writes `cluster_id,list,id` to standard output: one row per input
record, in input order, `list` being the file's name without its extension, records of one
person sharing a `cluster_id`.

- `--explain` adds an `explanation` column: why each record was linked to the others.
- `--review FILE` writes the uncertain pairs (CSV) for a reviewer.
- `--decisions FILE` (repeatable) reads reviewer decisions, CSV with the columns
  `list_a,id_a,list_b,id_b,decision` (`same` or `different`; optional `who`, `when`); a review
  file with a filled-in `decision` column is such a file. Decisions always win.

Every file is read and checked before anything is written: a malformed file (bad encoding,
missing column, wrong number of fields, duplicate id, a value that is not a year, date or
gender) gets `vigil link: FILE:LINE: message` on standard error, exit status 1 and no output.
Usage errors exit with 2. On a terminal, progress goes to standard error.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import TextIO

from vigil.csv_cells import SafeWriter

from .fields import Decision, LinkResult, Merging, PairResult, Policy
from .link import link
from .records import (
    Implausible,
    Record,
    check_past,
    parse_articles,
    parse_birth_date,
    parse_date,
    parse_gender,
    parse_year,
)

REQUIRED = ("id", "name")
OPTIONAL = ("birth_year", "birth_date", "gender", "region", "articles", "detained_on")
OUTPUT_HEADER = ["cluster_id", "list", "id"]
REVIEW_HEADER = ["list_a", "id_a", "name_a", "list_b", "id_b", "name_b", "probability",
                 "reason", "explanation", "decision"]

_SAME = {"same", "the same", "yes", "y", "1", "true", "да", "так"}
_DIFFERENT = {"different", "not same", "not the same", "not_same", "no", "n", "0", "false",
              "нет", "не"}


class InputError(Exception):
    """A problem in an input file, with the place it was found."""

    def __init__(self, path: str, line: int | None, message: str):
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def __init__(self, out: TextIO, err: TextIO, **kw):
        super().__init__(**kw)
        self._out, self._err = out, err

    def error(self, message: str):  # type: ignore[override]
        raise _UsageError(message)

    def _print_message(self, message: str, file=None) -> None:
        if message:
            to_out = file is None or file is sys.stdout or file is self._out
            (self._out if to_out else self._err).write(message)

    def exit(self, status: int = 0, message: str | None = None):  # type: ignore[override]
        if message:
            self._err.write(message)
        raise SystemExit(status)


def _decode(path: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(path, line, f"not UTF-8 text (byte 0x{data[exc.start]:02x}); "
                                     "save the file as UTF-8") from exc


def _rows(path: str, text: str):
    """(line number, row) for every non-blank row; csv errors carry their line.

    Comma-separated; a file whose first line has semicolons and no comma (what spreadsheet
    programs write in Belarusian and Russian locales) is read with semicolons."""
    first = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first and "," not in first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    try:
        for row in reader:
            line, start = start, reader.line_num + 1
            if not row or all(not c.strip() for c in row):
                continue
            yield line, row
    except csv.Error as exc:
        raise InputError(path, reader.line_num or 1, f"not valid CSV: {exc}") from exc


def _header(path: str, rows) -> tuple[int, dict[str, int]]:
    try:
        line, head = next(rows)
    except StopIteration:
        raise InputError(path, 1, "empty file: expected a header row with the columns "
                                  "id and name") from None
    columns: dict[str, int] = {}
    for i, name in enumerate(head):
        key = name.strip().casefold()
        if key in columns and key in REQUIRED + OPTIONAL:
            raise InputError(path, line, f"column {key!r} appears twice in the header")
        columns.setdefault(key, i)
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise InputError(path, line, f"missing column{'s' if len(missing) > 1 else ''} "
                                     f"{', '.join(missing)} (the header has: "
                                     f"{', '.join(h.strip() for h in head)})")
    return len(head), columns


def _optional_cells(path: str, line: int, cell, warnings: list[str]) -> dict:
    """The optional values of a row. A value that cannot be read stops the file; a value no
    list can mean (`Implausible`) becomes a warning naming the cell, and is ignored."""
    readers = {
        "birth_year": parse_year,
        "birth_date": parse_birth_date,
        "gender": parse_gender,
        "detained_on": lambda text: check_past(parse_date(text)),
    }
    values = {}
    for column, read in readers.items():
        try:
            values[column] = read(cell(column))
        except Implausible as exc:
            warnings.append(f"{path}:{line}: column {column}: {exc}; the value is ignored")
            values[column] = None
        except ValueError as exc:
            raise InputError(path, line, f"column {column}: {exc}") from exc
    return values


def read_list(path: str, list_name: str, warnings: list[str] | None = None) -> list[Record]:
    """The records of one file; implausible values are ignored and described in `warnings`."""
    warnings = [] if warnings is None else warnings
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(path, None, f"cannot read the file: {exc.strerror or exc}") from exc
    text = _decode(path, data)
    rows = _rows(path, text)
    width, columns = _header(path, rows)
    records: list[Record] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        if len(row) != width:
            raise InputError(path, line, f"expected {width} fields as in the header, found "
                                         f"{len(row)}")

        def cell(name: str, row=row) -> str:
            i = columns.get(name)
            return row[i].strip() if i is not None else ""

        rid, name = cell("id"), cell("name")
        if not rid:
            raise InputError(path, line, "empty id")
        if rid in seen:
            raise InputError(path, line, f"duplicate id {rid!r} (first on line {seen[rid]})")
        seen[rid] = line
        if not name:
            raise InputError(path, line, f"empty name for id {rid!r}")
        v = _optional_cells(path, line, cell, warnings)
        year, bdate = v["birth_year"], v["birth_date"]
        if year is not None and bdate is not None and bdate.first_day.year != year:
            raise InputError(path, line, f"birth_year {year} and birth_date {bdate} disagree")
        records.append(Record(
            list=list_name, id=rid, name=name, birth_year=year, birth_date=bdate,
            gender=v["gender"], region=cell("region") or None,
            articles=parse_articles(cell("articles")), detained_on=v["detained_on"], line=line,
        ))
    return records


def read_decisions(path: str) -> list[Decision]:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(path, None, f"cannot read the file: {exc.strerror or exc}") from exc
    rows = _rows(path, _decode(path, data))
    try:
        line, head = next(rows)
    except StopIteration:
        return []
    cols = {h.strip().casefold(): i for i, h in enumerate(head)}
    need = ("list_a", "id_a", "list_b", "id_b", "decision")
    missing = [c for c in need if c not in cols]
    if missing:
        raise InputError(path, line, f"missing columns {', '.join(missing)}")
    out = []
    for line, row in rows:
        def cell(name: str, row=row) -> str:
            i = cols.get(name)
            return row[i].strip() if i is not None and i < len(row) else ""

        value = cell("decision").casefold()
        if not value:
            continue
        if value in _SAME:
            same = True
        elif value in _DIFFERENT:
            same = False
        else:
            raise InputError(path, line, f"decision {cell('decision')!r} is neither "
                                         "'same' nor 'different'")
        out.append(Decision((cell("list_a"), cell("id_a")), (cell("list_b"), cell("id_b")),
                            same, who=cell("who"), when=cell("when")))
    return out


class _Progress:
    """A one-line progress report with rate and time left, on a terminal only."""

    def __init__(self, err: TextIO):
        self.err = err
        self.on = hasattr(err, "isatty") and err.isatty()
        self.stage = ""
        self.started = self.last = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.on:
            return
        now = time.monotonic()
        if stage != self.stage:
            if self.stage:
                self.err.write("\n")
            self.stage, self.started, self.last = stage, now, 0.0
        if now - self.last < 0.2 and done < total:
            return
        self.last = now
        elapsed = max(now - self.started, 1e-9)
        rate = done / elapsed
        left = (total - done) / rate if rate > 0 else 0.0
        width = 30
        filled = int(width * done / total) if total else width
        bar = "#" * filled + "-" * (width - filled)
        self.err.write(f"\r{stage:<10} [{bar}] {done}/{total} {rate:,.0f}/s "
                       f"{left:,.0f} s left ")
        self.err.flush()

    def close(self) -> None:
        if self.on and self.stage:
            self.err.write("\n")


def _review_rows(result: LinkResult, pairs: list[PairResult]) -> list[list[str]]:
    rows = []
    for p in pairs:
        a, b = result.records[p.a], result.records[p.b]
        rows.append([a.list, a.id, a.name, b.list, b.id, b.name, f"{p.probability:.4f}",
                     p.reason, " | ".join(p.explanation), ""])
    return rows


def _write_atomically(path: str, content: str) -> None:
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=".vigil-link-", dir=str(target.parent or Path(".")))
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(content)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _write_pairs(path: str, result: LinkResult, pairs: list[PairResult], stderr: TextIO) -> bool:
    content = io.StringIO()
    writer = SafeWriter(content, lineterminator="\n")
    writer.writerow(REVIEW_HEADER)
    writer.writerows(_review_rows(result, pairs))
    try:
        _write_atomically(path, content.getvalue())
    except OSError as exc:
        stderr.write(f"vigil link: {path}: cannot write: {exc.strerror or exc}\n")
        return False
    return True


POLICIES = {merging.value: Policy(merging=merging) for merging in Merging}


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"a whole number of at least 1 is needed, not {text!r}")
    return int(text)


def run_link(argv: list[str], stdout: TextIO, stderr: TextIO) -> int:
    """The `vigil link` command; returns the exit status."""
    parser = _Parser(stdout, stderr, prog="vigil link",
                     description="Link CSV lists of persons; write cluster_id,list,id.")
    parser.add_argument("files", nargs="+", metavar="FILE", help="CSV lists (UTF-8)")
    parser.add_argument("--explain", action="store_true", help="add the reasons")
    parser.add_argument("--review", metavar="FILE", help="write the uncertain pairs here")
    parser.add_argument("--name-only", metavar="FILE",
                        help="write the merges the name carried without agreeing birth data "
                             "here, in the review file's format, to confirm in bulk")
    parser.add_argument("--decisions", metavar="FILE", action="append", default=[],
                        help="reviewer decisions to respect (repeatable)")
    parser.add_argument("--policy", choices=sorted(POLICIES), default=Merging.REVISED.value,
                        help="revised (the default, DESIGN §5: an unambiguous full name may "
                             "merge without birth data, a shared one never), strict "
                             "(automatic merges need agreeing birth data) or permissive "
                             "(corroborating fields or the only candidate with birth data "
                             "stand in for them)")
    parser.add_argument("--workers", type=_positive, metavar="N",
                        help="processes for features and comparisons (default: one per core "
                             "for a large input); the output is the same for any number")
    try:
        args = parser.parse_args(argv)
    except _UsageError as exc:
        stderr.write(parser.format_usage())
        stderr.write(f"vigil link: {exc}\n")
        return 2
    except SystemExit as exc:  # --help
        return int(exc.code or 0)

    progress = _Progress(stderr)
    try:
        names: dict[str, str] = {}
        records: list[Record] = []
        warnings: list[str] = []
        for path in args.files:
            list_name = Path(path).stem
            if list_name in names:
                raise InputError(path, None, f"the list name {list_name!r} is already used "
                                             f"by {names[list_name]}; rename one file")
            names[list_name] = path
            records.extend(read_list(path, list_name, warnings))
        decisions = [d for path in args.decisions for d in read_decisions(path)]
    except InputError as exc:
        stderr.write(f"vigil link: {exc}\n")
        return 1

    for warning in warnings:
        stderr.write(f"vigil link: warning: {warning}\n")
    result = link(records, decisions, POLICIES[args.policy], progress=progress,
                  workers=args.workers)
    progress.close()

    out = io.StringIO()
    writer = SafeWriter(out, lineterminator="\n")
    writer.writerow(OUTPUT_HEADER + (["explanation"] if args.explain else []))
    for i, r in enumerate(records):
        row = [result.cluster_id(i), r.list, r.id]
        if args.explain:
            row.append(result.explain_record(i))
        writer.writerow(row)

    for path, pairs in ((args.review, result.review), (args.name_only, result.name_only_links)):
        if path and not _write_pairs(path, result, pairs, stderr):
            return 1

    stdout.write(out.getvalue())
    if stderr is not None and progress.on:
        s = result.stats
        stderr.write(f"{s['records']} records, {s['candidate_pairs']} candidate pairs, "
                     f"{s['clusters']} persons, {s['review_pairs']} pairs to review\n")
    return 0
