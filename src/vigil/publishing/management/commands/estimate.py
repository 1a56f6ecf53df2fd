"""`vigil estimate`: multiple systems estimation from a capture-pattern file (no database),
or with `--from-registry` from the organisations' imported lists (docs/figures.md).

The file form is the pure core's command (`vigil.figures.cli`). The registry form counts, as
the command line does everywhere, every organisation's live records (an operator's view).
"""

import json
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from vigil.figures.cli import (
    EXIT_REFUSED,
    EXIT_USAGE,
    add_method_arguments,
    answer_dict,
    estimate_all,
    estimate_text,
    option_error,
    run_estimate,
)
from vigil.figures.mse import EstimationError
from vigil.publishing.management.commands.count import FILTER_FIELDS, parse_day, parse_where
from vigil.publishing.overlap import Overlap, OverlapError, build_overlap
from vigil.publishing.population import Scope
from vigil.pure_command import PureCommand

FROM_REGISTRY = "--from-registry"
WHERE_HELP = ("Count only the persons matching, as `vigil count --where` does (repeatable). "
              f"Fields: {', '.join(FILTER_FIELDS)}.")


class Command(PureCommand):
    help = ("Estimate the undocumented total from three or more overlapping lists (multiple "
            f"systems estimation): from a capture-pattern FILE, or with {FROM_REGISTRY} from "
            "the organisations' lists imported into the registry.")
    runner = run_estimate
    translated = True

    def run_from_argv(self, argv: list[str]) -> None:
        if FROM_REGISTRY in argv[2:]:
            BaseCommand.run_from_argv(self, argv)
        else:
            super().run_from_argv(argv)

    def print_help(self, prog_name: str, subcommand: str) -> None:
        super().print_help(prog_name, subcommand)
        sys.stdout.write(f"\nFrom the registry ({FROM_REGISTRY}):\n")
        BaseCommand.print_help(self, prog_name, subcommand)

    def add_arguments(self, parser):
        parser.add_argument(FROM_REGISTRY, action="store_true", required=True,
                            help="Build the table from the lists imported into the registry.")
        parser.add_argument("--list", dest="lists", action="append", default=[],
                            metavar="ORG[/LIST]",
                            help="A capture list: an organisation's list (viasna/prisoners), "
                                 "or all of an organisation's lists (viasna). Three or more.")
        parser.add_argument("--as-of", metavar="DATE",
                            help="Take each list's version standing at the end of this day "
                                 "(YYYY-MM-DD; default: the latest versions).")
        parser.add_argument("--where", action="extend", nargs="+", default=[],
                            metavar="FIELD=VALUE", help=WHERE_HELP)
        parser.add_argument("--json", action="store_true",
                            help="Answer with a JSON object: the estimate's keys and overlap.")
        add_method_arguments(parser)
        parser.add_argument("--timezone", default=None, metavar="ZONE",
                            help="Time zone of the day's end (default VIGIL_FIGURES_TIME_ZONE).")

    def handle(self, *args, **options):
        as_of = parse_day("--as-of", options["as_of"])
        problem = option_error(options)
        if problem:
            raise CommandError(problem, returncode=EXIT_USAGE)
        try:
            overlap = build_overlap(
                options["lists"], Scope.whole_registry(), as_of, parse_where(options["where"]),
                options["timezone"] or settings.VIGIL_FIGURES_TIME_ZONE)
        except OverlapError as exc:
            raise CommandError(f"{exc.option}: {exc}", returncode=EXIT_USAGE) from None
        try:
            result, methods = estimate_all(overlap.table, options)
        except EstimationError as exc:
            self.stdout.write(overlap_text(overlap))
            raise CommandError(f"no estimate: {exc}", returncode=EXIT_REFUSED) from None
        if options["json"]:
            answer = {**answer_dict(result, methods), "overlap": overlap.as_dict()}
            self.stdout.write(json.dumps(answer, ensure_ascii=False, indent=2))
            return
        self.stdout.write(overlap_text(overlap) + "\n" + estimate_text(result, methods), ending="")


def overlap_text(overlap: Overlap) -> str:
    """The lists, the versions taken, and the observed overlap, one pattern a line."""
    when = f"standing on {overlap.as_of.isoformat()}" if overlap.as_of else "latest versions"
    lines = [f"Observed overlap of {len(overlap.lists)} lists ({when}; {overlap.scope}):"]
    for capture in overlap.lists:
        versions = ", ".join(f"{v.list_name} v{v.number} ({v.date.isoformat()})"
                             for v in capture.versions)
        lines.append(f"  {capture.choice.label}: {capture.persons:,} persons — {versions}")
    if overlap.where:
        lines.append("  only: " + "; ".join(f"{k} = {' or '.join(v)}" for k, v in overlap.where))
    labels = [c.choice.label for c in overlap.lists]
    lines.append("  " + "  ".join(labels) + "  persons")
    for pattern, count in overlap.patterns():
        marks = "  ".join(("x" if bit else "·").center(len(label))
                          for bit, label in zip(pattern, labels, strict=True))
        lines.append(f"  {marks}  {count:>7,}")
    lines.append(f"  {overlap.table.observed:,} persons observed")
    lines += [f"  {note}" for note in overlap.notes()]
    return "\n".join(lines) + "\n"
