"""SQLite's triggers on the registry's tables, put back after every `migrate`.

SQLite changes a column by rebuilding its table (a new table, the rows copied, the old one
dropped and the new one renamed), and a dropped table takes its triggers with it. Worse, a
trigger on one table that reads another (the change log's trigger on registry_case_charges
reads registry_case) makes the rename fail, so that the migration stops. So on SQLite these
triggers are not left to migrations: they are dropped before migrations run and created again
after them, whatever the migrations rebuilt. PostgreSQL keeps triggers through ALTER TABLE.
"""

import importlib
from collections.abc import Iterator

from django.db import connections

registry_change = importlib.import_module("vigil.publishing.migrations.0002_registrychange")
change_log = importlib.import_module("vigil.changelog.migrations.0001_person_change_log")
name_variants = importlib.import_module("vigil.changelog.migrations.0002_name_variants")

# The tables the triggers write to: no trigger is created before they exist.
TARGET_TABLES = {"publishing_registrychange", "changelog_personchange"}


def triggers() -> Iterator[tuple[str, str]]:
    """Every SQLite trigger as (name, CREATE statement)."""
    for table in [*registry_change.WATCHED_TABLES, "publishing_personpublication",
                  *name_variants.PERSON_OF]:
        for operation in registry_change.SQLITE_OPERATIONS:
            yield (f"vigil_registry_changed_{table}_{operation}",
                   registry_change.SQLITE_TRIGGER.format(table=table, operation=operation))
    person_of = {**change_log.PERSON_OF, **name_variants.PERSON_OF}
    for table in [*person_of, *change_log.VOCABULARIES]:
        for operation in change_log.operations_of(table):
            yield (f"changelog_{table}_{operation}", change_log.SQLITE_TRIGGER.format(
                table=table, operation=operation,
                rows=change_log.sqlite_rows(table, operation, person_of)))


def drop_before_migrate(using: str, **kwargs) -> None:
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for name, _ in triggers():
            cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')


def create_after_migrate(using: str, **kwargs) -> None:
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    if not set(connection.introspection.table_names()) >= TARGET_TABLES:
        return  # another database (the progress one), or one migrated only partly
    with connection.cursor() as cursor:
        for name, statement in triggers():
            cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
            cursor.execute(statement)
