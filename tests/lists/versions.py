"""List versions written directly (no linkage), so a test fixes exactly who is on which list."""

import datetime as dt
import hashlib

from vigil.lists.models import ListEntry, ListVersion, Outcome


def make_version(organisation, persons, day: str, list_name="prisoners", source=None):
    """A new version of `list_name` imported at noon (UTC) on `day`, one row per person."""
    number = ListVersion.objects.filter(organisation=organisation, list_name=list_name).count() + 1
    version = ListVersion.objects.create(
        organisation=organisation, list_name=list_name, number=number,
        file_name=f"{list_name}-{day}.csv", row_count=len(persons), source=source,
        sha256=hashlib.sha256(f"{organisation.slug}/{list_name}/{day}".encode()).hexdigest())
    noon = dt.datetime.fromisoformat(f"{day}T12:00:00+00:00")
    ListVersion.objects.filter(pk=version.pk).update(imported_at=noon)
    ListEntry.objects.bulk_create(
        ListEntry(version=version, row=i, external_id=str(i), person=p, outcome=Outcome.CREATED,
                  values={"name": p.display_name})
        for i, p in enumerate(persons, start=1))
    version.refresh_from_db()
    return version
