from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from vigil.accounts.actors import organisation_named
from vigil.accounts.models import Membership, Role


class Command(BaseCommand):
    help = "Create a user in an organisation with a role; the password is read from --password."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--org", required=True, help="organisation slug")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--password", required=True)
        parser.add_argument("--staff", action="store_true",
                            help="may open the Django admin (vocabularies)")

    def handle(self, *args, username, org, role, password, staff, **options):
        organisation = organisation_named(org)
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"{username!r}: a user with this name exists already")
        try:
            validate_password(password)
        except ValidationError as exc:
            raise CommandError(f"--password: {' '.join(exc.messages)}") from None
        with transaction.atomic():
            user = User.objects.create_user(username, password=password, is_staff=staff)
            Membership.objects.create(user=user, organisation=organisation, role=role)
        self.stdout.write(f"Created {username} ({role} of {organisation.slug}).")
