"""Progress and heartbeats go through the `progress` database alias (settings.py says where
it is): a worker writes them every few seconds while an import holds the main database's
write transaction, which must neither hide them (PostgreSQL) nor block them (SQLite)."""

from django.conf import settings

PROGRESS_MODELS = {"jobprogress", "workerheartbeat"}  # of vigil.lists


def _is_progress(app_label: str, model_name: str | None) -> bool:
    return app_label == "lists" and model_name in PROGRESS_MODELS


def progress_is_separate() -> bool:
    """True on SQLite: the store is a file of its own, migrated with --database progress."""
    return not settings.DATABASES["progress"].get("TEST", {}).get("MIRROR")


class ProgressRouter:
    def db_for_read(self, model, **hints):
        return "progress" if _is_progress(model._meta.app_label, model._meta.model_name) else None

    db_for_write = db_for_read

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        progress = _is_progress(app_label, model_name)
        if db == "progress":
            return progress and progress_is_separate()
        if progress:
            return not progress_is_separate()
        return None
