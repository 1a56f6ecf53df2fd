import getpass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from vigil.accounts.actors import organisation_named
from vigil.accounts.models import Membership, Role
from vigil.accounts.second_factor import must_have_second_factor


def read_password(password_file: Path | None) -> tuple[str, str]:
    """The password and where it came from. Never an argument: the command line of a running
    program is readable by every user of the machine and lands in shell histories."""
    if password_file is not None:
        try:
            lines = password_file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"--password-file {password_file}: cannot read it ({exc})") from None
        return (lines[0] if lines else ""), "--password-file"
    password = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != password:
        raise CommandError("the two passwords differ; nothing was created")
    return password, "password"


class Command(BaseCommand):
    help = ("Create a user in an organisation with a role; the password is asked for at a "
            "prompt, or read from the first line of --password-file.")

    def create_parser(self, prog_name, subcommand, **kwargs):
        # Without this, argparse reads a habitual `--password SECRET` as `--password-file`
        # and would name the secret in its error.
        return super().create_parser(prog_name, subcommand, allow_abbrev=False, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--org", required=True, help="organisation slug")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--password-file", type=Path, metavar="PATH",
                            help="read the password from the first line of this file")
        parser.add_argument("--staff", action="store_true",
                            help="may open the Django admin (vocabularies)")

    def handle(self, *args, username, org, role, password_file, staff, **options):
        organisation = organisation_named(org)
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"{username!r}: a user with this name exists already")
        password, source = read_password(password_file)
        try:
            validate_password(password, User(username=username))
        except ValidationError as exc:
            raise CommandError(f"{source}: {' '.join(exc.messages)}") from None
        with transaction.atomic():
            user = User.objects.create_user(username, password=password, is_staff=staff)
            Membership.objects.create(user=user, organisation=organisation, role=role)
        self.stdout.write(f"Created {username} ({role} of {organisation.slug}).")
        if must_have_second_factor(user):
            self.stdout.write("They set up their second factor at their first login.")
