from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from vigil.accounts.lockdown import login_refused_by_lockdown
from vigil.accounts.models import ApiToken
from vigil.accounts.second_factor import may_use_api


class Command(BaseCommand):
    help = "Issue an API token for a user and print it once (only its SHA-256 is stored)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--label", default="command line")

    def handle(self, *args, username, label, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"{username!r}: no such active user")
        if not may_use_api(user):
            raise CommandError(f"{username!r} must set up the second factor first (log in on "
                               "the web); tokens are issued only after it")
        if login_refused_by_lockdown(user):
            raise CommandError(f"{username!r}: their organisation is locked down")
        _record, token = ApiToken.issue(user, label)
        self.stdout.write(token)
