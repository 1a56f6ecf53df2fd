"""Writes to a person's spellings renew the registry's change token and enter the change log.

The public lists are sorted by the spelling each language shows and kept per change token
(`vigil.public.listing`), so a new, edited, deleted or re-published spelling must renew the
token like any other table the public projection reads, and name its person in the change log
(the kept figures then read that person again: cheap, and still correct).

PostgreSQL gets the triggers here; SQLite's are created after every migrate with the others
(`vigil.publishing.sqlite_triggers`, which reads `PERSON_OF` below).
"""

import importlib

from django.db import migrations

registry_change = importlib.import_module("vigil.publishing.migrations.0002_registrychange")
change_log = importlib.import_module("vigil.changelog.migrations.0001_person_change_log")

# table -> the person a row belongs to (as in 0001's PERSON_OF)
PERSON_OF = {"registry_namevariant": "{row}.person_id"}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    execute = schema_editor.execute
    for table in PERSON_OF:
        execute(registry_change.POSTGRES_TRIGGER.format(table=table))
        for operation in change_log.operations_of(table):
            execute(change_log.POSTGRES_TRIGGER.format(
                table=table, operation=operation,
                rows=change_log.postgres_rows(table, operation, PERSON_OF),
                transition=change_log.TRANSITIONS[operation][0]))
        execute(f'CREATE TRIGGER changelog_truncate AFTER TRUNCATE ON "{table}" '
                "FOR EACH STATEMENT EXECUTE FUNCTION changelog_everyone()")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    execute = schema_editor.execute
    for table in PERSON_OF:
        execute(f'DROP TRIGGER vigil_registry_changed ON "{table}"')
        for operation in [*change_log.operations_of(table), "TRUNCATE"]:
            execute(f'DROP TRIGGER changelog_{operation.lower()} ON "{table}"')
        for operation in change_log.operations_of(table):
            execute(f"DROP FUNCTION changelog_{table}_{operation}()")


class Migration(migrations.Migration):
    dependencies = [("changelog", "0001_person_change_log")]

    operations = [migrations.RunPython(create, drop)]
