"""The HTTP servers `vigil serve` can run Vigil's WSGI application in.

Gunicorn (Linux, several processes) for a shared instance: a request that computes a figure
or reads an upload keeps one process busy, not the whole server. Waitress (one process of
threads) where gunicorn cannot run and for a laptop. Neither writes an access log: the URLs
of searches hold the names searched for.
"""


def serve_gunicorn(*, host: str, port: int, workers: int, threads: int) -> None:
    from gunicorn.app.base import BaseApplication  # imports POSIX-only modules

    class Gunicorn(BaseApplication):
        """Gunicorn run from inside `vigil serve`, its settings given here, not in a file."""

        def load_config(self):
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            from vigil.wsgi import application

            return application

    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "proc_name": "vigil",
        "accesslog": None,
        # Workers start from a copy of the command's process, which has set Django up.
        "preload_app": True,
    }
    Gunicorn().run()


def serve_waitress(*, host: str, port: int, workers: int, threads: int) -> None:
    from waitress import serve

    from vigil.wsgi import application

    serve(application, host=host, port=port, threads=threads, ident="Vigil")


SERVERS = {"gunicorn": serve_gunicorn, "waitress": serve_waitress}
