"""`vigil restore FILE --identity KEYFILE`: a backup into an empty database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from vigil.backups.archive import BackupError, restore


class Command(BaseCommand):
    help = ("Restore a backup made by `vigil backup` into an empty database (migrating it "
            "first), with the age identity that opens it. All rows or none.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the backup file")
        parser.add_argument("--identity", required=True, type=Path, metavar="KEYFILE",
                            help="the age identity (private key) file from `vigil "
                                 "backup-keygen`")

    def handle(self, *args, **options):
        try:
            done = restore(options["file"], options["identity"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        rows = sum(done.tables.values())
        self.stdout.write(f"Restored the backup of {done.made_at}: {rows} rows, "
                          f"{len(done.files)} archived files.")
