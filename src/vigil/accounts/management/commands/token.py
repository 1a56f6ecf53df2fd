from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from vigil.accounts.models import ApiToken


class Command(BaseCommand):
    help = "Issue an API token for a user and print it once (only its SHA-256 is stored)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--label", default="command line")

    def handle(self, *args, username, label, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"{username!r}: no such active user")
        _record, token = ApiToken.issue(user, label)
        self.stdout.write(token)
