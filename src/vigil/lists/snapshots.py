"""An organisation's list version as a snapshot: the day it stands for and the persons on it.

Shared by the registry's estimate (`vigil estimate --from-registry`) and the reconciliation
of two versions (`vigil reconcile`, the comparison page). See docs/lists.md, "What a version
stands for".
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from vigil.figures import ListVersion as CoreListVersion
from vigil.figures import local_date
from vigil.lists.models import ListEntry, ListVersion


def version_date(version: ListVersion, timezone: str | None = None) -> dt.date:
    """The day a version stands for: the publication date of its source when someone
    recorded it (an old list imported late), else the local day it was imported."""
    source = version.source
    if source is not None and source.published_on is not None and source.deleted_at is None:
        return source.published_on
    return local_date(version.imported_at, timezone or settings.VIGIL_FIGURES_TIME_ZONE)


def version_as_of(organisation_id: int, list_name: str, as_of: dt.date | None,
                  timezone: str | None = None) -> ListVersion | None:
    """The list's version standing at the end of `as_of` (the latest when `as_of` is None):
    of those dated by then, the one with the latest date, then the highest number; None when
    the list had no version yet."""
    versions = (ListVersion.objects.filter(organisation_id=organisation_id, list_name=list_name)
                .select_related("source"))
    dated = [(version_date(v, timezone), v.number, v) for v in versions]
    standing = [d for d in dated if as_of is None or d[0] <= as_of]
    return max(standing, key=lambda d: d[:2])[2] if standing else None


def person_ids(version: ListVersion) -> frozenset[int]:
    """The persons the version's rows are linked to. A merge re-points the merged person's
    list entries to the survivor, so two rows of one merged person count once."""
    ids = ListEntry.objects.filter(version=version, person__isnull=False)
    return frozenset(ids.values_list("person_id", flat=True))


def core_version(version: ListVersion, organisation: str, timezone: str | None = None
                 ) -> CoreListVersion:
    """The version as the figures core's plain `ListVersion`."""
    return CoreListVersion(organisation, version_date(version, timezone), person_ids(version))
