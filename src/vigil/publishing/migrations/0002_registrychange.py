"""The registry change marker: a one-row table and the triggers that give it a new random
token whenever a table the figures read is written (see `RegistryChange`).

SQLite: a row trigger per table and operation; SQLite runs one writer at a time anyway.

PostgreSQL: a statement trigger per table notes, once per transaction, that the transaction
wrote (a transaction-local setting, `vigil.registry_written`, and one row in
`vigil_registry_written`); a deferred constraint trigger on that row replaces the token when
the transaction commits. So the marker row is locked only while a writing transaction commits
(no deadlock with other writers, no queue behind a long import), and a transaction that has
written but not committed sees the setting and bypasses the kept registries.
"""

from django.db import migrations, models

# Every table `publishing.population.load_persons` reads (a test checks the list).
WATCHED_TABLES = [
    "accounts_organisation",
    "registry_article",
    "registry_case",
    "registry_case_charges",
    "registry_custodyperiod",
    "registry_facility",
    "registry_occupation",
    "registry_person",
    "registry_person_occupations",
    "registry_placement",
    "registry_recognition",
    "registry_region",
]
SQLITE_OPERATIONS = ["INSERT", "UPDATE", "DELETE"]

SQLITE_TRIGGER = """
CREATE TRIGGER vigil_registry_changed_{table}_{operation} AFTER {operation} ON "{table}"
BEGIN
  INSERT INTO publishing_registrychange (id, token) VALUES (1, lower(hex(randomblob(16))))
  ON CONFLICT (id) DO UPDATE SET token = excluded.token;
END
"""

POSTGRES_FUNCTIONS = """
CREATE TABLE vigil_registry_written (id bigserial PRIMARY KEY);

CREATE FUNCTION vigil_registry_written() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('vigil.registry_written', true) IS DISTINCT FROM 'on' THEN
    PERFORM set_config('vigil.registry_written', 'on', true);
    INSERT INTO vigil_registry_written DEFAULT VALUES;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION vigil_registry_committed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO publishing_registrychange (id, token)
  VALUES (1, md5(random()::text || clock_timestamp()::text || txid_current()::text))
  ON CONFLICT (id) DO UPDATE SET token = excluded.token;
  DELETE FROM vigil_registry_written WHERE id = NEW.id;
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER vigil_registry_committed AFTER INSERT ON vigil_registry_written
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION vigil_registry_committed();
"""

POSTGRES_TRIGGER = """
CREATE TRIGGER vigil_registry_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION vigil_registry_written();
"""


def create_triggers(apps, schema_editor):
    execute = schema_editor.execute
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for table in WATCHED_TABLES:
            for operation in SQLITE_OPERATIONS:
                execute(SQLITE_TRIGGER.format(table=table, operation=operation))
    elif vendor == "postgresql":
        execute(POSTGRES_FUNCTIONS)
        for table in WATCHED_TABLES:
            execute(POSTGRES_TRIGGER.format(table=table))
    else:  # settings accept SQLite and PostgreSQL only
        raise NotImplementedError(f"no registry change triggers for {vendor}")
    execute("INSERT INTO publishing_registrychange (id, token) VALUES (1, 'initial')")


def drop_triggers(apps, schema_editor):
    execute = schema_editor.execute
    if schema_editor.connection.vendor == "sqlite":
        for table in WATCHED_TABLES:
            for operation in SQLITE_OPERATIONS:
                execute(f"DROP TRIGGER vigil_registry_changed_{table}_{operation}")
        return
    for table in WATCHED_TABLES:
        execute(f'DROP TRIGGER vigil_registry_changed ON "{table}"')
    execute("DROP TABLE vigil_registry_written")
    execute("DROP FUNCTION vigil_registry_written(), vigil_registry_committed()")


class Migration(migrations.Migration):
    dependencies = [
        ("publishing", "0001_initial"),
        ("registry", "0003_reindex_name_search"),
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="RegistryChange",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True,
                                           serialize=False, verbose_name="ID")),
                ("token", models.CharField(max_length=64)),
            ],
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
