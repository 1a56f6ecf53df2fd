"""`vigil backup-keygen --out KEYFILE`: the key pair backups are encrypted to."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from vigil.backups.archive import BackupError, make_identity


class Command(BaseCommand):
    help = ("Make an age key pair for backups: the private key goes to KEYFILE (mode 0600; "
            "keep it off the server), the public key is printed for VIGIL_BACKUP_RECIPIENTS.")

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, type=Path, metavar="KEYFILE",
                            help="where to write the private key (must not exist yet)")

    def handle(self, *args, **options):
        try:
            public = make_identity(options["out"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Private key written to {options['out']}; move it off the server.\n"
                          f"Public key (set VIGIL_BACKUP_RECIPIENTS to it):\n{public}")
