"""The person change log (`vigil.changelog`): its tables and the triggers that fill it.

SQLite: a row trigger per table and operation (created after every migrate, see
vigil.publishing.sqlite_triggers) inserts the person's id (the old and the new
one on an update, so a record moved to another person, as a merge does, names both).

PostgreSQL: a statement trigger per table and operation inserts the distinct person ids of
its transition table, tagged with the transaction's id, and marks the transaction once (a
transaction-local setting and one row in `changelog_commit`); a deferred constraint trigger
on that row, at commit, takes the next serial from `changelog_counter` (locking its row, so
commits are numbered in the order they happen) and gives it to the transaction's rows.
"""

from django.db import migrations

# table -> the person a row belongs to, from the row `{row}` (NEW or OLD)
PERSON_OF = {
    "registry_person": "{row}.id",
    "registry_person_occupations": "{row}.person_id",
    "registry_custodyperiod": "{row}.person_id",
    "registry_recognition": "{row}.person_id",
    "registry_case": "{row}.person_id",
    "registry_case_charges": "(SELECT person_id FROM registry_case WHERE id = {row}.case_id)",
    "registry_placement":
        "(SELECT person_id FROM registry_custodyperiod WHERE id = {row}.custody_id)",
    "publishing_personpublication": "{row}.person_id",
}
# Vocabularies and organisations whose slugs figures show: changing or deleting one may change
# every person (logged as no person); a new one changes no one until a record uses it.
VOCABULARIES = ["accounts_organisation", "registry_article", "registry_facility",
                "registry_occupation", "registry_region"]

SQLITE_TABLE = """
CREATE TABLE changelog_personchange (
  id integer PRIMARY KEY AUTOINCREMENT, person_id bigint NULL)
"""
SQLITE_TRIGGER = """
CREATE TRIGGER changelog_{table}_{operation} AFTER {operation} ON "{table}"
BEGIN
  INSERT INTO changelog_personchange (person_id) {rows};
END
"""

POSTGRES_TABLES = """
CREATE TABLE changelog_personchange (
  id bigserial PRIMARY KEY, txid bigint NOT NULL, serial bigint NULL, person_id bigint NULL);
CREATE INDEX changelog_personchange_serial ON changelog_personchange (serial);
CREATE INDEX changelog_personchange_uncommitted ON changelog_personchange (txid)
  WHERE serial IS NULL;
CREATE TABLE changelog_counter (id integer PRIMARY KEY, serial bigint NOT NULL);
INSERT INTO changelog_counter VALUES (1, 0);
CREATE TABLE changelog_commit (id bigserial PRIMARY KEY);

CREATE FUNCTION changelog_mark() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('vigil.changelog_marked', true) IS DISTINCT FROM 'on' THEN
    PERFORM set_config('vigil.changelog_marked', 'on', true);
    INSERT INTO changelog_commit DEFAULT VALUES;
  END IF;
END $$;

CREATE FUNCTION changelog_committed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  next_serial bigint;
BEGIN
  UPDATE changelog_counter SET serial = serial + 1 WHERE id = 1 RETURNING serial
    INTO next_serial;
  UPDATE changelog_personchange SET serial = next_serial
    WHERE txid = txid_current() AND serial IS NULL;
  DELETE FROM changelog_commit WHERE id = NEW.id;
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER changelog_committed AFTER INSERT ON changelog_commit
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION changelog_committed();
"""
POSTGRES_TRIGGER = """
CREATE FUNCTION changelog_{table}_{operation}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO changelog_personchange (txid, person_id) {rows};
  PERFORM changelog_mark();
  RETURN NULL;
END $$;
CREATE TRIGGER changelog_{operation} AFTER {operation} ON "{table}"
REFERENCING {transition} FOR EACH STATEMENT EXECUTE FUNCTION changelog_{table}_{operation}();
"""
POSTGRES_TRUNCATE = """
CREATE FUNCTION changelog_everyone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO changelog_personchange (txid, person_id) VALUES (txid_current(), NULL);
  PERFORM changelog_mark();
  RETURN NULL;
END $$;
"""
TRANSITIONS = {"INSERT": ["NEW TABLE AS new_rows"], "DELETE": ["OLD TABLE AS old_rows"],
               "UPDATE": ["OLD TABLE AS old_rows NEW TABLE AS new_rows"]}


def sqlite_rows(table: str, operation: str, person_of: dict | None = None) -> str:
    if table in VOCABULARIES:
        return "VALUES (NULL)"
    person = (person_of or PERSON_OF)[table]
    rows = {"INSERT": ["NEW"], "DELETE": ["OLD"], "UPDATE": ["OLD", "NEW"]}[operation]
    return " UNION ".join(f"SELECT {person.format(row=row)}" for row in rows)


def postgres_rows(table: str, operation: str, person_of: dict | None = None) -> str:
    if table in VOCABULARIES:
        return "VALUES (txid_current(), NULL)"
    person = (person_of or PERSON_OF)[table]
    aliases = {"INSERT": ["new_rows"], "DELETE": ["old_rows"],
               "UPDATE": ["old_rows", "new_rows"]}[operation]
    selects = " UNION ".join(f"SELECT {person.format(row='r')} FROM {alias} r"  # noqa: S608
                             for alias in aliases)
    return f"SELECT txid_current(), person_id FROM ({selects}) AS persons(person_id)"  # noqa: S608


def operations_of(table: str) -> list[str]:
    return ["UPDATE", "DELETE"] if table in VOCABULARIES else ["INSERT", "UPDATE", "DELETE"]


def create_sqlite(execute) -> None:
    # The triggers come after every migrate (vigil.publishing.sqlite_triggers): one made here
    # would stop a later migration that rebuilds registry_case.
    execute(SQLITE_TABLE)


def create_postgres(execute) -> None:
    execute(POSTGRES_TABLES)
    execute(POSTGRES_TRUNCATE)
    for table in [*PERSON_OF, *VOCABULARIES]:
        for operation in operations_of(table):
            execute(POSTGRES_TRIGGER.format(
                table=table, operation=operation, rows=postgres_rows(table, operation),
                transition=TRANSITIONS[operation][0]))
        execute(f'CREATE TRIGGER changelog_truncate AFTER TRUNCATE ON "{table}" '
                "FOR EACH STATEMENT EXECUTE FUNCTION changelog_everyone()")


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        create_sqlite(schema_editor.execute)
    elif vendor == "postgresql":
        create_postgres(schema_editor.execute)
    else:  # settings accept SQLite and PostgreSQL only
        raise NotImplementedError(f"no change log triggers for {vendor}")


def drop(apps, schema_editor):
    execute = schema_editor.execute
    tables = [*PERSON_OF, *VOCABULARIES]
    if schema_editor.connection.vendor == "sqlite":
        for table in tables:
            for operation in operations_of(table):
                execute(f"DROP TRIGGER IF EXISTS changelog_{table}_{operation}")
        execute("DROP TABLE changelog_personchange")
        return
    for table in tables:
        for operation in [*operations_of(table), "TRUNCATE"]:
            execute(f'DROP TRIGGER changelog_{operation.lower()} ON "{table}"')
        for operation in operations_of(table):
            execute(f"DROP FUNCTION changelog_{table}_{operation}()")
    execute("DROP TABLE changelog_personchange, changelog_counter, changelog_commit")
    execute("DROP FUNCTION changelog_mark(), changelog_committed(), changelog_everyone()")


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0006_end_reason_sentenced"),
        ("publishing", "0004_triggers_after_table_rebuilds"),
        ("accounts", "0002_second_factor_and_lockdown"),
    ]

    operations = [migrations.RunPython(create, drop)]
