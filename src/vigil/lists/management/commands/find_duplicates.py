import sys

from django.core.management.base import BaseCommand

from vigil.accounts.actors import acting_for, organisation_named
from vigil.accounts.models import Role
from vigil.linkage.cli import _Progress
from vigil.lists.duplicates import find_duplicates


class Command(BaseCommand):
    help = ("Send likely duplicate persons already in the registry to the organisation's "
            "review queue; nothing is merged.")

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="the organisation's slug")

    def handle(self, *args, **options):
        org = organisation_named(options["org"])
        actor = acting_for(org.pk, Role.REVIEWER)
        progress = _Progress(sys.stderr)
        opened = find_duplicates(actor, progress=progress)
        progress.close()
        self.stdout.write(f"{opened} pairs sent to the review queue of {org.slug}.")
