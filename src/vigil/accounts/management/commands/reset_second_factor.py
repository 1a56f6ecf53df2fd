import getpass

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from vigil.accounts.lockdown import end_sessions_of
from vigil.accounts.second_factor import reset_second_factor


class Command(BaseCommand):
    help = ("Forget a user's authenticator app and recovery codes (a lost or seized phone) and "
            "end their sessions; they set up a new second factor at their next login. For an "
            "administrator who cannot log in; other members are reset on the Security page.")

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"{username!r}: no such user")
        reset_second_factor(user, via=f"command line ({getpass.getuser()})")
        ended = end_sessions_of({user.pk})
        self.stdout.write(f"Reset the second factor of {username}; {ended} session(s) ended.")
