"""`vigil demo [--once] [--synthetic N] [--seed S]`: load the demonstration data."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import NoReverseMatch, reverse

from vigil.registry.demo import DEFAULT_SEED, DEFAULT_SIZE, is_loaded, load_demo
from vigil.registry.demo.logins import current_logins, format_logins


def _login_url() -> str:
    try:
        path = reverse("login")
    except NoReverseMatch:
        path = "/"
    return f"http://127.0.0.1:8000{path}"


class Command(BaseCommand):
    help = (
        "Load the demo: the seed statement's organisations, named people and facts (each cited "
        "to the statement), a generated population of fictional persons, and one user per "
        "role. Prints how to log in."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true",
            help="Load only if the demo is not loaded yet; print the logins either way.",
        )
        parser.add_argument(
            "--synthetic", type=int, default=DEFAULT_SIZE, metavar="N",
            help=f"How many fictional persons to generate (default {DEFAULT_SIZE}; 0 for none).",
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, metavar="S",
            help=f"Random seed of the generated population (default {DEFAULT_SEED}).",
        )
        parser.add_argument(
            "--statement-file", type=Path, default=None, metavar="PATH",
            help="Text of the seed statement (default: ../shared/seed/ beside the checkout, "
                 "else the excerpt kept in vigil/registry/data).",
        )

    def handle(self, *args, once=False, synthetic=DEFAULT_SIZE, seed=DEFAULT_SEED,
               statement_file=None, **options):
        if synthetic < 0:
            raise CommandError("--synthetic: give a number of persons, 0 or more.")
        if is_loaded():
            if not once:
                raise CommandError(
                    "The demo is already loaded in this database. Run `vigil demo --once` to "
                    "see the logins, or load it into a fresh database."
                )
            self.stdout.write("The demo is already loaded.")
            with transaction.atomic():
                passwords = current_logins()
        else:
            result = load_demo(synthetic=synthetic, seed=seed, statement_file=statement_file)
            counts = result.counts
            self.stdout.write(
                f"Demo loaded in {result.seconds:.1f} s: {counts['organisations']} "
                f"organisations, {counts['named persons']} persons named in the statement, "
                f"{counts['persons']} synthetic persons ({counts['cases']} cases, "
                f"{counts['custody periods']} custody periods, {counts['recognitions']} "
                f"recognitions)."
            )
            passwords = result.passwords
        self.stdout.write(format_logins(passwords, _login_url()))
