"""`vigil export-open-data [DIR] [--as-of YYYY-MM-DD]`: write the public registry's open data."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from vigil.public.opendata import export_open_data
from vigil.public.registry import today
from vigil.publishing.management.commands.count import parse_day


class Command(BaseCommand):
    help = (
        "Write the public registry's open data (CSV, JSON Lines, SQLite with Datasette "
        "metadata, a Frictionless data package and SHA-256 sums) as of the end of a day. "
        "Without DIR, into the server's open-data folder, where /data/ serves it from."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", type=Path, default=None, metavar="DIR",
                            help="where to write (default: VIGIL_VAR_DIR/open-data/<day>/)")
        parser.add_argument("--as-of", default=None, metavar="YYYY-MM-DD",
                            help="the day the data stands at (default: today)")

    def handle(self, *args, directory=None, as_of=None, **options):
        day = parse_day("--as-of", as_of) or today()
        directory = directory or Path(settings.VAR_DIR) / "open-data" / day.isoformat()
        files = export_open_data(directory, day)
        self.stdout.write(f"Open data as of {day.isoformat()}: {len(files)} files in "
                          f"{directory}")
