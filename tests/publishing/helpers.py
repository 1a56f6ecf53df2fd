"""Small builders for the publishing tests: recognitions beside tests.factories."""

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
