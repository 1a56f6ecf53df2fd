from axes.utils import reset
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = ("Lift a login lockout after too many failed logins: of an account (USERNAME), of "
            "an address (--ip), or both.")

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", help="the account that was locked")
        parser.add_argument("--ip", metavar="ADDRESS", help="the address that was locked")

    def handle(self, *args, username, ip, **options):
        if not username and not ip:
            raise CommandError("give the USERNAME of the locked account, --ip ADDRESS, or both")
        removed = 0
        if username:
            removed += reset(username=username)
        if ip:
            removed += reset(ip=ip)
        named = " and ".join(filter(None, [username and repr(username), ip and f"address {ip}"]))
        if removed:
            self.stdout.write(f"Unlocked {named}: {removed} failed login record(s) cleared.")
        else:
            self.stdout.write(f"{named}: no failed logins were recorded; nothing to unlock.")
