"""Small builders for the publishing tests: recognitions beside tests.factories, and the
tables that carry a trigger."""

from vigil.dates import PartialDate
from vigil.registry import models as m


def recognise(person, organisation=None, since="2021-01-01", status="recognised", until=None,
              visibility=None):
    record = m.Recognition(person=person, organisation=organisation or person.organisation,
                           visibility=visibility or person.visibility, status=status)
    record.set_partial("since", PartialDate.parse(since))
    record.set_partial("until", PartialDate.parse(until) if until else None)
    record.save()
    return record


def response_text(response) -> str:
    """A response's text; a zip of tables (the figures' downloads) as all its files."""
    import io
    import zipfile

    if response.get("Content-Type") != "application/zip":
        return response.content.decode()
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return "\n".join(archive.read(name).decode() for name in archive.namelist())


def zip_tables(response) -> dict[str, list[list[str]]]:
    """The CSV files of a zip response, each as its rows."""
    import csv
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return {name: list(csv.reader(io.StringIO(archive.read(name).decode())))
                for name in archive.namelist() if name.endswith(".csv")}


def triggered_tables(sqlite_name_like: str, postgres_name_like: str) -> set[str]:
    """The tables with a trigger whose name is like the pattern (SQL LIKE) of the database
    in use: SQLite names a trigger per table, PostgreSQL per table and function."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' "
                           "AND name LIKE %s", [sqlite_name_like])
        else:
            cursor.execute("SELECT event_object_table FROM information_schema.triggers "
                           "WHERE trigger_name LIKE %s", [postgres_name_like])
        return {row[0] for row in cursor.fetchall()}
