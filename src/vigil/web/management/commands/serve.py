import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from vigil.registry.demo.logins import logins_path
from vigil.web.servers import SERVERS

# Gunicorn forks worker processes, which only POSIX systems can; waitress serves anywhere.
DEFAULT_SERVER = "gunicorn" if sys.platform.startswith("linux") else "waitress"


class Command(BaseCommand):
    help = ("Serve Vigil over HTTP on 127.0.0.1:8000, or --host/--port: gunicorn with "
            "several processes on Linux, waitress (one process) elsewhere or with "
            "--server waitress.")

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--server", choices=sorted(SERVERS), default=DEFAULT_SERVER)
        parser.add_argument("--workers", type=int, default=settings.VIGIL_SERVER_WORKERS,
                            help="server processes (gunicorn only)")
        parser.add_argument("--threads", type=int, default=settings.VIGIL_SERVER_THREADS,
                            help="threads in each process")

    def handle(self, *args, host, port, server, workers, threads, **options):
        if not 0 < port < 65536:
            raise CommandError(f"--port {port}: expected a port number between 1 and 65535")
        for option, value in (("--workers", workers), ("--threads", threads)):
            if value < 1:
                raise CommandError(f"{option} {value}: expected at least 1")
        # Pages name their styles by content hash (whitenoise's manifest): collect them first,
        # so that the files of this very version are what is served.
        call_command("collectstatic", interactive=False, verbosity=0)
        connections.close_all()  # no connection may be shared by forked processes
        processes = workers if server == "gunicorn" else 1
        self.stdout.write(f"Vigil is serving on http://{host}:{port}/ with {server}, "
                          f"{processes} process(es) of {threads} thread(s) (Ctrl-C stops it)")
        if logins_path().exists():
            # Only where they are: what a server prints ends up in its logs.
            self.stdout.write(f"The demo logins are in {logins_path()} (readable by you only).")
        self.stdout.flush()
        SERVERS[server](host=host, port=port, workers=workers, threads=threads)
