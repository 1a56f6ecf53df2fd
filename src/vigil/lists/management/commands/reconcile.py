"""`vigil reconcile`: do two versions of an organisation's list add up (docs/lists.md)?

The command line acts as an operator: the registry's records of every organisation explain
why a person left the list.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from vigil.accounts.actors import organisation_named
from vigil.figures import Flow, FlowKind
from vigil.lists.models import ListVersion
from vigil.lists.reconciling import REMOVALS, VersionReconciliation, reconcile_versions
from vigil.publishing.population import Scope

KINDS = ", ".join(str(k) for k in FlowKind)


def parse_stated(text: str) -> Flow:
    """`amnestied=35:released`, or `released=10` when the label is itself a kind."""
    label, sep, rest = text.partition("=")
    count, _, kind = rest.partition(":")
    kind = (kind or label).strip()
    if not sep or not label.strip() or not count.strip().isdigit():
        raise CommandError(f"--stated: {text!r} is not LABEL=COUNT[:KIND] "
                           "(e.g. --stated amnestied=35:released)")
    if kind not in {str(k) for k in FlowKind}:
        raise CommandError(f"--stated: {text!r}: {kind!r} is not a kind of flow; "
                           f"add :KIND, one of {KINDS}")
    return Flow(label.strip(), int(count), FlowKind(kind))


def version_named(organisation, list_name: str, option: str, text: str) -> ListVersion:
    versions = ListVersion.objects.filter(organisation=organisation, list_name=list_name)
    numbers = sorted(versions.values_list("number", flat=True))
    if not numbers:
        names = sorted(set(ListVersion.objects.filter(organisation=organisation)
                           .values_list("list_name", flat=True)))
        raise CommandError(f"--list {list_name!r}: {organisation.slug} has no such list "
                           f"(its lists: {', '.join(names) or 'none'})")
    number = text.strip().lower().removeprefix("v")
    version = versions.filter(number=int(number)).first() if number.isdigit() else None
    if version is None:
        raise CommandError(f"{option} {text!r}: no such version of {list_name!r} "
                           f"(versions: {', '.join(map(str, numbers))})")
    return version


class Command(BaseCommand):
    help = ("Reconcile two versions of an organisation's list: the first version, plus those "
            "added, less those released, died or withdrawn as the registry records, against "
            "the second; and against the flows the organisation stated. Persons who left with "
            "no recorded reason are named.")

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="the organisation's slug")
        parser.add_argument("--list", dest="list_name", required=True, metavar="NAME",
                            help="the list's name (as on /lists/)")
        parser.add_argument("--from", dest="old", required=True, metavar="VERSION",
                            help="the earlier version's number (2 or v2)")
        parser.add_argument("--to", dest="new", required=True, metavar="VERSION",
                            help="the later version's number")
        parser.add_argument("--stated", action="append", default=[], type=parse_stated,
                            metavar="LABEL=COUNT[:KIND]",
                            help=f"A flow the organisation published (repeatable), KIND one of "
                                 f"{KINDS}: --stated amnestied=35:released --stated added=24")
        parser.add_argument("--json", action="store_true",
                            help="Answer with a JSON object (the reconciliation's keys).")

    def handle(self, *args, **options):
        organisation = organisation_named(options["org"])
        name = options["list_name"]
        old = version_named(organisation, name, "--from", options["old"])
        new = version_named(organisation, name, "--to", options["new"])
        if old.pk == new.pk:
            raise CommandError(f"--from and --to: both name version {old.number}")
        done = reconcile_versions(old, new, Scope.whole_registry(), options["stated"])
        if options["json"]:
            self.stdout.write(json.dumps(done.as_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(reconciliation_text(done))


def reconciliation_text(done: VersionReconciliation) -> str:
    result = done.result
    lines = [f"{result.organisation}, list “{done.new.list_name}”: version {done.old.number} "
             f"({result.old_as_of}) → version {done.new.number} ({result.new_as_of})",
             f"  version {done.old.number:<22} {result.old_count:>7,}",
             f"+ {'added':<30} {done.flow(FlowKind.ADDED):>7,}"]
    lines += [f"− {str(kind):<30} {done.flow(kind):>7,}" for kind in REMOVALS]
    lines += [f"= {'expected':<30} {done.expected_from_flows:>7,}",
              f"  version {done.new.number:<22} {result.new_count:>7,}"]
    if done.same_day:
        lines.append("Both versions stand for the same day, so no release can fall between "
                     "them: record each list's publication date on its source.")
    lines += list(result.messages)
    if result.unexplained_removals:
        lines.append("  they are: " + ", ".join(f"#{pid}" for pid in result.unexplained_removals))
    lines.append("Adds up." if result.adds_up else "Does not add up.")
    return "\n".join(lines)
