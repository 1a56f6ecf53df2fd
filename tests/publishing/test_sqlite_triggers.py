"""SQLite's triggers survive migrations that rebuild the registry's tables.

registry.0007 rebuilds registry_case on SQLite; before vigil.publishing.sqlite_triggers, the
change log's trigger on registry_case_charges made that rebuild fail, and the registry-change
triggers on rebuilt tables were silently gone, so kept figures went stale after a write.
"""

import pytest
from django.core.management import call_command
from django.db import connection

from vigil.publishing import sqlite_triggers

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's table rebuilds")


def trigger_names() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.django_db
def test_every_trigger_is_there_after_the_migrations():
    expected = {name for name, _ in sqlite_triggers.triggers()}
    assert len(expected) > 50
    assert expected <= trigger_names()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migrating_back_over_a_table_rebuild_and_forward_keeps_them():
    # registry.0007 rebuilt registry_case: undoing and redoing it rebuilds it twice more.
    call_command("migrate", "registry", "0006", verbosity=0)
    call_command("migrate", verbosity=0)
    expected = {name for name, _ in sqlite_triggers.triggers()}
    assert expected <= trigger_names()
