"""`vigil estimate FILE [--json] [--method …]`: estimate the total from a CSV, by the chosen
method, with every other method's estimate beside it.

FILE has one column of 0/1 per list and a `count` column, one row per capture pattern;
patterns not listed count 0. Exit codes: 0 an estimate; 1 a refusal (fewer than three lists,
an estimate that does not exist); 2 a usage error or a malformed file.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
from collections.abc import Callable
from typing import TextIO

from vigil.core_errors import CoreError, gettext_noop
from vigil.figures import bma, bootstrap, comparison, lcmcr, mse
from vigil.figures.mse import CaptureTable, EstimationError

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


class InputError(CoreError):
    """A malformed input file; the message names the file, line and column."""


class _Exit(Exception):
    def __init__(self, status: int, message: str | None = None):
        super().__init__(message)
        self.status, self.message = status, message


class _Parser(argparse.ArgumentParser):
    """argparse that reports through our streams instead of exiting the process."""

    def __init__(self, *args, stdout: TextIO, stderr: TextIO, **kwargs):
        super().__init__(*args, **kwargs)
        self._out, self._err = stdout, stderr

    def _print_message(self, message: str, file=None) -> None:
        if message:
            (self._err if file is not None and file is not self._out else self._out).write(message)

    def print_help(self, file=None) -> None:
        self._out.write(self.format_help())

    def print_usage(self, file=None) -> None:
        self._err.write(self.format_usage())

    def exit(self, status: int = 0, message: str | None = None):
        raise _Exit(status, message)

    def error(self, message: str):
        raise _Exit(EXIT_USAGE, f"{self.format_usage()}{self.prog}: error: {message}\n")


def _parser(stdout: TextIO, stderr: TextIO) -> _Parser:
    parser = _Parser(
        prog="vigil estimate",
        description=(
            "Estimate the total, documented or not, from three or more record-linked lists "
            "(multiple systems estimation)."
        ),
        stdout=stdout,
        stderr=stderr,
    )
    parser.add_argument(
        "file",
        metavar="FILE",
        help="CSV: one 0/1 column per list and a 'count' column, one row per capture pattern",
    )
    parser.add_argument("--json", action="store_true", help="answer as a JSON object")
    add_method_arguments(parser)
    return parser


METHODS = (*comparison.LOGLINEAR, "bma", "lcmcr")


def add_method_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of the estimate itself, shared with `vigil estimate --from-registry`."""
    parser.add_argument(
        "--method",
        choices=METHODS,
        default="stepwise",
        help="the method whose estimate is reported: stepwise log-linear selection (default; "
        "Chan, Silverman & Vincent 2021), bic, bic-two-way, aic (a sensitivity analysis) "
        "bma (Bayesian model averaging over decomposable graphs) or lcmcr (Bayesian latent "
        "classes); every other method is shown beside it",
    )
    parser.add_argument(
        "--bootstrap",
        type=int,
        default=bootstrap.DEFAULT_REPLICATES,
        metavar="N",
        help="log-linear: bootstrap replicates of the BCa interval, the model chosen again on "
        f"each (default {bootstrap.DEFAULT_REPLICATES}; 0: the conditional profile interval)",
    )
    parser.add_argument(
        "--bootstrap-seed", type=int, default=bootstrap.DEFAULT_SEED, help="bootstrap seed"
    )
    parser.add_argument("--seed", type=int, default=lcmcr.DEFAULT_SEED, help="lcmcr: first seed")
    parser.add_argument(
        "--chains", type=int, default=lcmcr.DEFAULT_CHAINS, help="lcmcr: chains (seeds seed, …)"
    )
    parser.add_argument(
        "--samples",
        type=int,
        default=lcmcr.DEFAULT_SAMPLES,
        help=f"lcmcr: iterations after burn-in per chain, every {lcmcr.DEFAULT_THIN}th kept",
    )
    parser.add_argument(
        "--burn-in", type=int, default=lcmcr.DEFAULT_BURN_IN, help="lcmcr: iterations dropped"
    )


def option_error(options: dict) -> str | None:
    """The message for out-of-range estimate options, or None."""
    if options["samples"] < 1 or options["burn_in"] < 0:
        return "--samples must be ≥ 1 and --burn-in ≥ 0"
    if options["chains"] < 1:
        return "--chains must be ≥ 1"
    if options["bootstrap"] == 1 or options["bootstrap"] < 0:
        return "--bootstrap must be 0 or ≥ 2"
    return None


def estimate_all(table: CaptureTable, options: dict) -> tuple[mse.Estimate, tuple]:
    """The chosen method's estimate and every method's, side by side."""
    lcmcr_options = {
        "seed": options["seed"],
        "samples": options["samples"],
        "burn_in": options["burn_in"],
        "chains": options["chains"],
    }
    method = options["method"]
    if method == "lcmcr":
        result = lcmcr.estimate(table, **lcmcr_options)
    elif method == "bma":
        result = bma.estimate(table)
    else:
        selection, two_way_only, _ = comparison.LOGLINEAR[method]
        result = mse.estimate(
            table,
            selection,
            two_way_only=two_way_only,
            replicates=options["bootstrap"],
            seed=options["bootstrap_seed"],
        )
    return result, comparison.every_method(table, result, method, lcmcr_options)


def answer_dict(result: mse.Estimate, methods: tuple) -> dict:
    return {**result.as_dict(), "methods": [m.as_dict() for m in methods]}


def read_table(path: str) -> CaptureTable:
    """Read a capture-pattern CSV; raise `InputError` naming the file, line and column."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            text = handle.read()
    except FileNotFoundError:
        raise InputError("no_file", gettext_noop("%(path)s: no such file"), path=path) from None
    except UnicodeDecodeError as exc:
        raise InputError("not_utf8", gettext_noop("%(path)s: not UTF-8 text (%(reason)s at byte "
                                                  "%(byte)s)"),
                         path=path, reason=exc.reason, byte=exc.start) from None
    except OSError as exc:
        raise InputError("unreadable", gettext_noop("%(path)s: cannot read: %(reason)s"),
                         path=path, reason=exc.strerror) from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows = csv.reader(text.splitlines(), delimiter=delimiter)
    header = next(rows, None)
    if not header or not any(h.strip() for h in header):
        raise InputError("empty", gettext_noop("%(path)s:1: empty file: expected a header with "
                                               "list names and 'count'"), path=path)
    names = [h.strip() for h in header]
    lowered = [h.lower() for h in names]
    if "count" not in lowered:
        raise InputError("no_count", gettext_noop("%(path)s:1: no 'count' column (columns: "
                                                  "%(columns)s)"),
                         path=path, columns=", ".join(names))
    count_at = lowered.index("count")
    lists = [(i, name) for i, name in enumerate(names) if i != count_at]
    for i, name in lists:
        if not name:
            raise InputError("unnamed_column", gettext_noop("%(path)s:1: column %(column)s has "
                                                            "no name"), path=path, column=i + 1)
    seen: dict[str, int] = {}
    for i, name in enumerate(names):
        if name.lower() in seen:
            raise InputError("repeated_column", gettext_noop("%(path)s:1: column %(column)r "
                                                             "appears twice"),
                             path=path, column=name)
        seen[name.lower()] = i
    counts: dict[tuple[int, ...], int] = {}
    first_line: dict[tuple[int, ...], int] = {}
    for line, row in enumerate(rows, start=2):
        if not row or all(not cell.strip() for cell in row):
            continue
        if len(row) != len(names):
            raise InputError("width", gettext_noop("%(path)s:%(line)s: %(found)s fields, the "
                                                  "header has %(width)s"),
                             path=path, line=line, found=len(row), width=len(names))
        pattern = []
        for i, name in lists:
            cell = row[i].strip()
            if cell not in ("0", "1"):
                raise InputError("not_0_or_1", gettext_noop("%(path)s:%(line)s: column %(column)r: "
                                                           "%(cell)r is not 0 or 1"),
                                 path=path, line=line, column=name, cell=cell)
            pattern.append(int(cell))
        cell = row[count_at].strip()
        try:
            value = int(cell)
        except ValueError:
            raise InputError("count_not_whole", gettext_noop(
                "%(path)s:%(line)s: column 'count': %(cell)r is not a whole number"),
                path=path, line=line, cell=cell) from None
        if value < 0:
            raise InputError("count_negative", gettext_noop(
                "%(path)s:%(line)s: column 'count': %(value)s is negative"),
                path=path, line=line, value=value)
        key = tuple(pattern)
        if not any(key) and value:
            raise InputError("unobservable", gettext_noop(
                "%(path)s:%(line)s: the pattern on no list cannot be observed (count must be "
                "0; the number of persons on no list is what is estimated)"),
                path=path, line=line)
        if key in first_line:
            raise InputError("repeated_pattern", gettext_noop(
                "%(path)s:%(line)s: pattern %(pattern)s repeats line %(first)s"),
                path=path, line=line, pattern="".join(map(str, key)), first=first_line[key])
        first_line[key] = line
        counts[key] = value
    if not first_line:
        raise InputError("no_patterns", gettext_noop("%(path)s:2: no capture patterns after "
                                                    "the header"), path=path)
    return CaptureTable(tuple(name for _, name in lists), counts)


def _number(value: float) -> str:
    return "no finite bound" if not math.isfinite(value) else f"{value:,.1f}"


def _interval(interval) -> str:
    return "—" if interval is None else f"{_number(interval[0])} to {_number(interval[1])}"


def estimate_text(result: mse.Estimate, methods: tuple = ()) -> str:
    low, high = result.interval
    lines = [
        f"Estimated total: {result.estimate:,.1f} "
        f"(95% interval {_number(low)} to {_number(high)}; {result.observed:,} observed "
        f"on {len(result.lists)} lists: {', '.join(result.lists)})",
        f"Interval: {result.interval_kind}",
        f"Model: {result.model}",
        *result.notes,
    ]
    if methods:
        lines.append("\nEvery method (the spread is part of the answer):")
        for row in methods:
            mark = "*" if row.chosen else " "
            if row.estimate is None:
                lines.append(f" {mark}{'—':>12}  {row.name}: {row.reason}")
            else:
                lines.append(
                    f" {mark}{row.estimate:>12,.1f}  {row.name} "
                    f"({_interval(row.interval)}; {row.interval_kind})"
                )
    if result.method == "loglinear":
        name = result.criterion.upper()
        excluded = [m for m in result.models if not m.exists]
        lines.append(f"\nCandidate models (by {name}):")
        for model in result.models:
            if model.exists:
                value = getattr(model, result.criterion)
                lines.append(f"  {model.estimate:>12,.1f}  {name} {value:9.2f}  {model.words}")
        if excluded:
            lines.append(f"\nCandidate models excluded ({len(excluded)}):")
            lines += [f"  {model.words}: {model.reason}" for model in excluded]
    return "\n".join(lines) + "\n"


def run_estimate(argv: list[str], stdout: TextIO, stderr: TextIO,
                 translate: Callable[[str], str] = str) -> int:
    """Run `vigil estimate` with `argv` (the arguments after `estimate`); return the exit code.
    `translate` renders the input file's errors in the command's language."""
    parser = _parser(stdout, stderr)
    try:
        args = parser.parse_args(argv)
    except _Exit as exc:
        if exc.message:
            (stderr if exc.status else stdout).write(exc.message)
        return exc.status
    try:
        table = read_table(args.file)
    except InputError as exc:
        stderr.write(f"vigil estimate: {exc.render(translate)}\n")
        return EXIT_USAGE
    except ValueError as exc:  # e.g. a list name repeated after trimming
        stderr.write(f"vigil estimate: {args.file}:1: {exc}\n")
        return EXIT_USAGE
    options = vars(args)
    problem = option_error(options)
    if problem:
        stderr.write(f"vigil estimate: {problem}\n")
        return EXIT_USAGE
    try:
        result, methods = estimate_all(table, options)
    except EstimationError as exc:
        stderr.write(f"vigil estimate: no estimate: {exc}\n")
        return EXIT_REFUSED
    if args.json:
        json.dump(answer_dict(result, methods), stdout, ensure_ascii=False, indent=2)
        stdout.write("\n")
    else:
        stdout.write(estimate_text(result, methods))
    return EXIT_OK
