import getpass

from django.core.management.base import BaseCommand, CommandError

from vigil.accounts.actors import organisation_named
from vigil.accounts.lockdown import LockdownError, lift_lockdown, start_lockdown


class Command(BaseCommand):
    help = ("Emergency lockdown of an organisation: end every session of its members, revoke "
            "every API token of theirs, and let only its administrators log in (with their "
            "second factor) until --lift.")

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="organisation slug")
        parser.add_argument("--lift", action="store_true",
                            help="lift the lockdown: members may log in again (revoked tokens "
                                 "stay revoked)")

    def handle(self, *args, org, lift, **options):
        organisation = organisation_named(org)
        via = f"command line ({getpass.getuser()})"
        try:
            if lift:
                lift_lockdown(organisation, via=via)
                self.stdout.write(f"Lifted the lockdown of {organisation.slug}: its members may "
                                  "log in again; revoked API tokens stay revoked.")
                return
            lockdown = start_lockdown(organisation, via=via)
        except LockdownError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Locked {organisation.slug} down: {lockdown.sessions_ended} session(s) ended, "
            f"{lockdown.tokens_revoked} API token(s) revoked. Only its administrators can log "
            f"in now, with their second factor. Lift it with "
            f"`vigil lockdown --org {organisation.slug} --lift`.")
