import sys

from django.core.management.base import BaseCommand, CommandError

from vigil.accounts.actors import Actor
from vigil.accounts.models import Organisation, Role
from vigil.linkage.cli import _Progress
from vigil.lists.duplicates import find_duplicates


class Command(BaseCommand):
    help = ("Send likely duplicate persons already in the registry to the organisation's "
            "review queue; nothing is merged.")

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="the organisation's slug")

    def handle(self, *args, **options):
        org = Organisation.objects.filter(slug=options["org"]).first()
        if org is None:
            raise CommandError(f"no organisation with the slug {options['org']!r}")
        partners = Organisation.objects.filter(coalitions__members=org).values_list("pk",
                                                                                   flat=True)
        actor = Actor(None, org.pk, Role.REVIEWER, frozenset(partners))
        progress = _Progress(sys.stderr)
        opened = find_duplicates(actor, progress=progress)
        progress.close()
        self.stdout.write(f"{opened} pairs sent to the review queue of {org.slug}.")
