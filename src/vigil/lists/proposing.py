"""Merges proposed by hand, and the duplicates page's list of pairs.

A documenter who sees that two persons are one proposes the merge; the proposal is an open
review pair like those the linker opens, so it is merged only when a reviewer or an
administrator other than the proposer decides "the same" in the review queue
(`vigil.lists.merging.decide`), with its decision, its `PersonMerge` and its undo.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from vigil.accounts.actors import Actor
from vigil.lists.models import PairStatus, ReviewPair
from vigil.registry import models as m

HAND_SCORE = 0.0  # the linker did not score the pair; the queue shows "proposed by hand"


class ProposalError(Exception):
    """A proposal that cannot be made; the message says why."""


def propose_merge(merged: m.Person, kept: m.Person, user, actor: Actor,
                  note: str = "") -> ReviewPair:
    """Open a review pair, proposed by `user`, to merge `merged` into `kept` (two persons
    the actor sees; `merged` the actor's organisation's, as a merge needs)."""
    if merged.pk == kept.pk:
        raise ProposalError(_("Choose two different persons."))
    if not actor.may_edit(merged.organisation_id):
        raise ProposalError(_("Person #%(pk)d is another organisation's record: only its "
                              "own organisation can merge it away. Merge the other person "
                              "into it instead.") % {"pk": merged.pk})
    a, b = merged, kept
    waiting = ReviewPair.objects.for_actor(actor).filter(
        Q(person_a=a, person_b=b) | Q(person_a=b, person_b=a), status=PairStatus.OPEN)
    if waiting.exists():
        raise ProposalError(_("These two persons are already waiting in the review queue."))
    reason = _("proposed by hand by %(who)s") % {"who": user.get_username()}
    note = " ".join(note.split())[:200]
    return ReviewPair.objects.create(
        # person_a is the one merged away (vigil.lists.merging._merge_pair)
        organisation_id=actor.organisation_id, person_a=merged, person_b=kept,
        score=HAND_SCORE, reason=(f"{reason}: {note}" if note else reason)[:300],
        explanation=[], proposed_by=user)


def may_confirm(pair: ReviewPair, user) -> bool:
    """Whether `user` may decide "the same" on the pair: not its own proposal."""
    return pair.proposed_by_id is None or pair.proposed_by_id != user.pk


def registry_pairs(actor: Actor):
    """The open review pairs without a list row (duplicates found in the registry, merges
    proposed by hand) between persons the actor sees, the most probable first."""
    visible = m.Person.objects.for_actor(actor)
    return (ReviewPair.objects.for_actor(actor)
            .filter(status=PairStatus.OPEN, entry__isnull=True,
                    person_a__in=visible, person_b__in=visible)
            .select_related("proposed_by").order_by("-score", "pk"))
