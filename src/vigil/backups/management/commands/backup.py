"""`vigil backup --to FILE`: the database and archived files, encrypted to the backup key."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from vigil.backups.archive import BackupError, backup


class Command(BaseCommand):
    help = ("Write one file holding every row of the database and every archived source "
            "file, encrypted (age) to the public keys of VIGIL_BACKUP_RECIPIENTS.")

    def add_arguments(self, parser):
        parser.add_argument("--to", required=True, type=Path, metavar="FILE",
                            help="the backup file to write (must not exist yet)")

    def handle(self, *args, **options):
        try:
            made = backup(options["to"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        rows = sum(made.tables.values())
        self.stdout.write(f"Wrote {made.path}: {rows} rows in {len(made.tables)} tables, "
                          f"{len(made.files)} archived files.")
