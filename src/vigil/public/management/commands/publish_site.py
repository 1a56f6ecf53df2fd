"""`vigil publish-site DIR [--base-url URL]`: write the public site as static files."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from vigil.public.static_site import SiteError, publish_site


class Command(BaseCommand):
    help = (
        "Write the whole public site (every page in every language, the feeds, the open data "
        "and a search index) as static files that any static host can serve."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, metavar="DIR",
                            help="an empty or new folder, or one publish-site wrote before")
        parser.add_argument("--base-url", default=None, metavar="URL",
                            help="where the copy will be served (default VIGIL_PUBLIC_URL)")

    def handle(self, *args, directory, base_url=None, **options):
        try:
            report = publish_site(directory, base_url or settings.VIGIL_PUBLIC_URL)
        except SiteError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Public site written to {directory}: {report.pages} pages and "
                          f"{report.files} other files in {report.seconds:.1f} s.")
