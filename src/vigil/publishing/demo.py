"""The statement's kinds of figure as releases of the demo, counted from its records.

Called by `vigil demo` (`vigil.registry.demo.load_demo`) after the records are loaded; counted
over the whole registry, as the command line counts, and published in the name of the
organisation whose recognition each figure relies on.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

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
     FigureDefinition.cumulative(APRIL_30, recognised_by=("viasna",),
                                 where={"case_status": "convicted"}), "article"),
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


WITHHELD_SHARE = 0.04  # of published persons, whose families asked to withhold the name
UNCONFIRMED_SHARE = 0.03  # proposed, awaiting a reviewer: the workflow has something to show


def publish_demo_persons(seed: int = 1) -> dict[str, int]:
    """Publish the demo's public persons the way an organisation would: each proposed by a
    documenter and confirmed by a reviewer of its organisation (BAJ has no reviewer in the
    demo, so its persons stay proposed), a few withheld at their families' request, a few
    awaiting confirmation. Returns how many of each."""
    from vigil.accounts.models import Membership, Role
    from vigil.publishing.models import PersonPublication
    from vigil.publishing.publication import unique_slug
    from vigil.registry import models as m

    users = {(ms.organisation_id, ms.role): ms.user for ms in
             Membership.objects.select_related("user")}
    rng = random.Random(seed)
    counts = {"published": 0, "withheld": 0, "proposed": 0}
    persons = m.Person.objects.filter(visibility=m.Visibility.PUBLIC, deleted_at__isnull=True)
    taken: set[str] = set()
    publications = []
    for person in persons.prefetch_related("names").order_by("pk"):
        proposer = users.get((person.organisation_id, Role.DOCUMENTER))
        reviewer = users.get((person.organisation_id, Role.REVIEWER))
        confirmed = reviewer is not None and (not person.synthetic
                                              or rng.random() >= UNCONFIRMED_SHARE)
        withheld = person.synthetic and rng.random() < WITHHELD_SHARE
        slug = unique_slug(person, taken)
        taken.add(slug)
        now = timezone.now()
        publications.append(PersonPublication(
            person=person, slug=slug, name_withheld=withheld, proposed_by=proposer,
            proposed_at=now, confirmed_by=reviewer if confirmed else None,
            confirmed_at=now if confirmed else None))
        key = "proposed" if not confirmed else "withheld" if withheld else "published"
        counts[key] += 1
    PersonPublication.objects.bulk_create(publications, batch_size=1000)
    return counts
