"""`vigil count`: a figure from the registry, with the persons behind it and its citation.

The command line acts as an operator of the server: it counts every organisation's live
(not deleted) records, the whole registry (see docs/commands.md).
"""

import datetime as dt
import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from vigil.figures import FigureDefinition, FigureError, Kind
from vigil.publishing.population import Scope
from vigil.publishing.service import BREAKDOWN_FIELDS, DefinitionError, compute

FILTER_FIELDS = [f for f in BREAKDOWN_FIELDS if f != "custody"]


def parse_day(option: str, text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(f"{option}: {text!r} is not a date; write YYYY-MM-DD "
                           "(e.g. 2023-04-30)") from None


def parse_where(items: list[str]) -> list[tuple[str, str]]:
    out = []
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise CommandError(f"--where: {item!r} is not FIELD=VALUE "
                               "(e.g. --where occupation_group=media)")
        out += [(name.strip(), v.strip()) for v in value.split(",") if v.strip()]
    return out


class Command(BaseCommand):
    help = (
        "Count a figure from the registry (stock at the end of a day, cumulative up to a day, "
        "or during a period), with the persons behind it and its citation. Counts every "
        "organisation's live records (the command line acts as an operator)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--as-of", metavar="DATE",
                            help="The day (YYYY-MM-DD): a stock at its end, or cumulative up "
                                 "to its end.")
        parser.add_argument("--kind", choices=[str(k) for k in Kind], default="stock",
                            help="stock (default), cumulative or during.")
        parser.add_argument("--from", dest="start", metavar="DATE",
                            help="First day of the period (with --kind during).")
        parser.add_argument("--to", dest="end", metavar="DATE",
                            help="Last day of the period (with --kind during).")
        parser.add_argument("--recognised-by", action="extend", nargs="+", default=[],
                            metavar="SLUG",
                            help="Organisations whose recognition counts (one or more; the "
                                 "option may be repeated).")
        parser.add_argument("--match", choices=["any", "all"], default="any",
                            help="With several organisations: recognised by any (default) "
                                 "or by all of them on the same day.")
        parser.add_argument("--where", action="extend", nargs="+", default=[],
                            metavar="FIELD=VALUE",
                            help="A filter (repeatable; VALUE may be a comma-separated list). "
                                 f"Fields: {', '.join(FILTER_FIELDS)}.")
        parser.add_argument("--by", metavar="FIELD",
                            help="Break the figure down by a field: "
                                 f"{', '.join(BREAKDOWN_FIELDS)}.")
        parser.add_argument("--timezone", default=None, metavar="ZONE",
                            help="Time zone of the day's end (default VIGIL_FIGURES_TIME_ZONE).")
        parser.add_argument("--json", action="store_true",
                            help="Answer with a JSON object (count, definition, as_of, "
                                 "citation, person_ids, breakdown with --by).")

    def handle(self, *args, **options):
        kind = options["kind"]
        as_of = parse_day("--as-of", options["as_of"])
        start = parse_day("--from", options["start"])
        end = parse_day("--to", options["end"])
        if kind == Kind.DURING:
            if start is None or end is None:
                raise CommandError("--from and --to: a 'during' count needs both days")
        elif as_of is None:
            raise CommandError(f"--as-of: a {kind} count needs the day (YYYY-MM-DD)")
        try:
            definition = FigureDefinition(
                kind, as_of=as_of, start=start, end=end,
                recognised_by=tuple(options["recognised_by"]), match=options["match"],
                where=parse_where(options["where"]),
                timezone=options["timezone"] or settings.VIGIL_FIGURES_TIME_ZONE,
            )
            result = compute(Scope.whole_registry(), definition, options["by"])
        except DefinitionError as exc:
            option = {"recognised_by": "--recognised-by", "by": "--by"}[exc.option]
            raise CommandError(f"{option}: {exc}") from None
        except FigureError as exc:
            raise CommandError(f"{self._option_of(str(exc))}{exc}") from None
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(self._text(result))

    @staticmethod
    def _option_of(message: str) -> str:
        if "field" in message:
            return "--where: "
        if "time zone" in message:
            return "--timezone: "
        if "period" in message:
            return "--from/--to: "
        return ""

    @staticmethod
    def _text(result) -> str:
        figure = result.figure
        lines = [f"{figure.count:,}", figure.citation, f"({result.scope.description})"]
        lines += list(figure.notes)
        for status, ids in figure.reported_apart.items():
            lines.append(f"reported apart, {status}: {', '.join(map(str, ids))}")
        if result.breakdown is not None:
            lines.append("")
            lines.append(f"by {result.breakdown.field}:")
            width = max((len(str(r.value)) for r in result.breakdown.rows), default=0)
            for row in result.breakdown.rows:
                value = "(not recorded)" if row.value is None else row.value
                lines.append(f"  {value:<{max(width, 14)}}  {row.count:>7,}")
            if result.breakdown.note:
                lines.append(result.breakdown.note)
        return "\n".join(lines)
