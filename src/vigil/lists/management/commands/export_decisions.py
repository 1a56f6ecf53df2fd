from django.core.management.base import BaseCommand

from vigil.accounts.actors import acting_for, organisation_named
from vigil.accounts.models import Role
from vigil.audit.log import note_export
from vigil.csv_cells import SafeWriter
from vigil.lists.merging import decisions_csv_rows


class Command(BaseCommand):
    help = ("Write an organisation's reviewer decisions as CSV for `vigil link --decisions` "
            "(those with a list and an id on both sides).")

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="the organisation's slug")

    def handle(self, *args, **options):
        org = organisation_named(options["org"])
        actor = acting_for(org.pk, Role.REVIEWER)
        note_export(actor, "vigil export-decisions")
        SafeWriter(self.stdout, lineterminator="\n").writerows(decisions_csv_rows(actor))
