"""`vigil rotate-keys`: re-encrypt every restricted value under a new field key."""

from django.core.management.base import BaseCommand, CommandError

from vigil.registry.encryption import UnreadableValue
from vigil.registry.rotation import SETTLE_SECONDS, rotate_keys


class Command(BaseCommand):
    help = ("Put a new field key first, re-encrypt every encrypted value (history included) "
            "under it while the server runs, then drop the old key. Run it again to finish a "
            "rotation that was stopped.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--settle", type=float, default=SETTLE_SECONDS, metavar="SECONDS",
            help="How long running servers get to pick up the new key before the rows are "
                 f"walked (default {SETTLE_SECONDS}).",
        )

    def handle(self, *args, **options):
        def progress(column: str, rewritten: int) -> None:
            self.stdout.write(f"{column}: {rewritten} re-encrypted")

        try:
            done = rotate_keys(settle_seconds=options["settle"], progress=progress)
        except UnreadableValue as exc:
            raise CommandError(str(exc)) from None
        if done.env_keys:
            self.stdout.write(f"{done.rewritten.total} values re-encrypted. Every value is "
                              "under the first key of VIGIL_FIELD_KEYS: remove the other keys "
                              "from it and restart the servers.")
            return
        how = "new key" if done.new_key else "the key of the rotation that was stopped"
        self.stdout.write(f"{done.rewritten.total} values re-encrypted under {how}; "
                          f"{done.retired} old key(s) removed from the key file.")
