from django.core.management.base import BaseCommand, CommandError
from waitress import serve

from vigil.registry.demo.logins import logins_path
from vigil.wsgi import application


class Command(BaseCommand):
    help = "Serve Vigil over HTTP (waitress) on 127.0.0.1:8000, or --host/--port."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args, host, port, threads, **options):
        if not 0 < port < 65536:
            raise CommandError(f"--port {port}: expected a port number between 1 and 65535")
        self.stdout.write(f"Vigil is serving on http://{host}:{port}/ (Ctrl-C stops it)")
        if logins_path().exists():
            # Only where they are: what a server prints ends up in its logs.
            self.stdout.write(f"The demo logins are in {logins_path()} (readable by you only).")
        serve(application, host=host, port=port, threads=threads, ident="Vigil")
