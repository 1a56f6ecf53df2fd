"""The statement's kinds of figure as releases of the demo, counted from its records.

Called by `vigil demo` (`vigil.registry.demo.load_demo`) after the records are loaded; counted
over the whole registry, as the command line counts, and published in the name of the
organisation whose recognition each figure relies on.
"""

from __future__ import annotations

import datetime as dt

from vigil.accounts.models import Organisation
from vigil.figures import FigureDefinition
from vigil.publishing.population import Scope, load_population
from vigil.publishing.service import compute, figure_day, publish

APRIL_30 = dt.date(2023, 4, 30)

# (publisher, title, definition, breakdown)
DEMO_FIGURES = [
    ("viasna", "Political prisoners as of 30 April 2023",
     FigureDefinition.stock(APRIL_30, recognised_by=("viasna",)), "occupation_group"),
    ("viasna", "Convicted in politically motivated trials since 2020",
     FigureDefinition.cumulative(APRIL_30, where={"case_status": "convicted"}), "article"),
    ("baj", "Media workers behind bars",
     FigureDefinition.stock(APRIL_30, recognised_by=("baj",),
                            where={"occupation_group": "media"}), "occupation"),
    ("viasna", "Cultural workers held during 2022",
     FigureDefinition.during(dt.date(2022, 1, 1), dt.date(2022, 12, 31),
                             recognised_by=("viasna",), where={"occupation_group": "culture"}),
     "occupation"),
]


def publish_demo_releases() -> list:
    """Publish the four figures; returns the releases."""
    orgs = {o.slug: o for o in Organisation.objects.filter(slug__in=["viasna", "baj"])}
    if len(orgs) < 2:
        return []
    scope = Scope.whole_registry()
    populations: dict = {}
    releases = []
    for publisher, title, definition, by in DEMO_FIGURES:
        day = figure_day(definition)
        if day not in populations:
            populations[day] = load_population(scope, day)
        result = compute(scope, definition, by, population=populations[day])
        releases.append(publish(result, orgs[publisher], title=title))
    return releases
