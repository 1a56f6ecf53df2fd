"""The registry change triggers again on SQLite, after registry.0005.

SQLite changes a column by rebuilding its table (a new table, the rows copied, the old one
dropped), and a dropped table takes its triggers with it: registry.0005 (encrypted fields)
rebuilt registry_person and registry_case, whose writes then no longer renewed the change
token, so a kept figure was not counted again after them. This puts every watched table's
triggers back (dropping any that survived); PostgreSQL keeps triggers through ALTER TABLE.
"""

import importlib

from django.db import migrations

registry_change = importlib.import_module("vigil.publishing.migrations.0002_registrychange")
TABLES = [*registry_change.WATCHED_TABLES, "publishing_personpublication"]


def recreate_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for table in TABLES:
        for operation in registry_change.SQLITE_OPERATIONS:
            schema_editor.execute(
                f"DROP TRIGGER IF EXISTS vigil_registry_changed_{table}_{operation}")
            schema_editor.execute(
                registry_change.SQLITE_TRIGGER.format(table=table, operation=operation))


class Migration(migrations.Migration):
    dependencies = [
        ("publishing", "0003_personpublication"),
        ("registry", "0005_encrypt_restricted_fields"),
    ]

    operations = [migrations.RunPython(recreate_triggers, migrations.RunPython.noop)]
