import csv

from django.core.management.base import BaseCommand, CommandError

from vigil.accounts.actors import Actor
from vigil.accounts.models import Organisation, Role
from vigil.lists.merging import decisions_csv_rows


class Command(BaseCommand):
    help = ("Write an organisation's reviewer decisions as CSV for `vigil link --decisions` "
            "(those with a list and an id on both sides).")

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="the organisation's slug")

    def handle(self, *args, **options):
        org = Organisation.objects.filter(slug=options["org"]).first()
        if org is None:
            raise CommandError(f"no organisation with the slug {options['org']!r}")
        actor = Actor(None, org.pk, Role.REVIEWER, frozenset())
        csv.writer(self.stdout, lineterminator="\n").writerows(decisions_csv_rows(actor))
