"""Why the person list's "in custody now" and the figure for today may count differently.

The list shows every person the viewer may see with a custody period open today; the figure
(a stock at the end of today, in the figures' time zone, with no organisation chosen) leaves
out those whose tracking status is reported apart (status unknown, missing, abducted,
released under restrictions: docs/figures.md, "Reported apart"). The note splits the listed
persons into those the figure counts, those it reports apart by status, and any other.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from vigil.figures import FigureDefinition
from vigil.figures.counting import local_date
from vigil.publishing.population import TRACKING, Scope
from vigil.publishing.service import compute
from vigil.registry import models as m

STATUS_OF = {core: m.TrackingStatus(status) for status, core in TRACKING.items()}


def figures_today():
    """Today in the figures' time zone: the day "in custody now" and the figure both read."""
    return local_date(timezone.now(), settings.VIGIL_FIGURES_TIME_ZONE)


@dataclass(frozen=True)
class CustodyNote:
    day: object
    listed: int
    counted: int
    apart: tuple[tuple[str, int], ...]  # (status label, listed persons with that status)
    other: int


def custody_note(actor, listed_ids) -> CustodyNote:
    day = figures_today()
    definition = FigureDefinition.stock(day, timezone=settings.VIGIL_FIGURES_TIME_ZONE)
    figure = compute(Scope.for_actor(actor), definition).figure
    listed = set(listed_ids)
    counted = len(listed & set(figure.person_ids))
    apart = tuple((STATUS_OF[status].label, n) for status, ids in figure.reported_apart.items()
                  if (n := len(listed & set(ids))))
    return CustodyNote(day, len(listed), counted, apart,
                       len(listed) - counted - sum(n for _label, n in apart))
