"""Possible duplicates already inside the registry, sent to the review queue.

The persons an organisation can see are linked with each other (`vigil.linkage`, every
person its own record). Nothing is merged here: every pair the linker would link or is
unsure of becomes a review pair, unless a reviewer already decided it or it is already
waiting. At least one person of a pair belongs to the organisation.
"""

from __future__ import annotations

from django.db.models import Q

from vigil.accounts.actors import Actor
from vigil.linkage import Decision, Policy, link
from vigil.lists.models import MatchDecision, ReviewPair
from vigil.lists.planning import REGISTRY, registry_record, visible_names
from vigil.registry import models as m


def find_duplicates(actor: Actor, progress=None) -> int:
    """Open review pairs for likely duplicates; return how many were opened."""
    persons = (m.Person.objects.for_actor(actor).select_related("region")
               .prefetch_related(visible_names(actor)).order_by("pk"))
    records, owner = [], {}
    for person in persons.iterator(chunk_size=2000):
        record = registry_record(person)
        if record is not None:
            records.append(record)
            owner[person.pk] = person.organisation_id
    keys = {int(r.id) for r in records}
    decisions = [
        Decision((REGISTRY, str(d.a_person_id)), (REGISTRY, str(d.b_person_id)), d.same)
        for d in MatchDecision.objects.for_actor(actor).filter(
            withdrawn_at__isnull=True, a_person__isnull=False, b_person__isnull=False)
        if d.a_person_id in keys and d.b_person_id in keys
    ]
    result = link(records, decisions, Policy(one_record_per_list=False), progress=progress)
    known = set()
    for a, b in ReviewPair.objects.for_actor(actor).filter(
            ~Q(status="skipped")).values_list("person_a_id", "person_b_id"):
        known.add(frozenset((a, b)))
    opened = []
    for p in [*result.links, *result.review]:
        if p.status.startswith("reviewer"):
            continue
        a, b = sorted((int(records[p.a].id), int(records[p.b].id)), reverse=True)
        if frozenset((a, b)) in known or actor.organisation_id not in (owner[a], owner[b]):
            continue
        known.add(frozenset((a, b)))
        opened.append(ReviewPair(
            organisation_id=actor.organisation_id, person_a_id=a, person_b_id=b,
            score=p.probability, reason=(p.reason if p.status == "review"
                                         else "possible duplicate in the registry")[:300],
            explanation=list(p.explanation)))
    ReviewPair.objects.bulk_create(opened)
    return len(opened)
