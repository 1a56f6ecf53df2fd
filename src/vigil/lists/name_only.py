"""Matches the name carried alone (DESIGN §5: "such merges say so in their explanation and can
be listed and confirmed in bulk").

An import links a row to an existing person on its full name alone when that name fits one
person only and nothing disagrees (`vigil.linkage.Rule.UNIQUE_NAME`, `YEAR_SLIP`,
`ONLY_CANDIDATE`); the row's `ListEntry` keeps the rule and the explanation. A reviewer
confirms a selection of them at once: one *same* `MatchDecision` per row, gathered in one
`NameOnlyConfirmation`, which is undone as a whole.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from vigil.accounts.actors import Actor
from vigil.linkage.fields import NAME_ONLY_RULES
from vigil.lists.models import ListEntry, MatchDecision, NameOnlyConfirmation, Outcome
from vigil.registry import models as m


class StaleSelection(Exception):
    """A row of the selection changed since the page was shown; nothing was confirmed."""


def _confirmed(organisation_id: int):
    """A live *same* decision on the entry's list key and its person."""
    return MatchDecision.objects.filter(
        organisation_id=organisation_id, same=True, withdrawn_at__isnull=True,
        a_list=OuterRef("version__list_name"), a_id=OuterRef("external_id"),
        b_person_id=OuterRef("person_id"))


def name_only_entries(actor: Actor) -> QuerySet[ListEntry]:
    """The actor's organisation's rows matched on the name alone and not yet confirmed, to
    persons the actor may see; the most recent import first."""
    visible = m.Person.objects.for_actor(actor)
    return (ListEntry.objects.filter(version__organisation_id=actor.organisation_id,
                                     outcome=Outcome.MATCHED,
                                     match_rule__in=sorted(NAME_ONLY_RULES),
                                     person__in=visible)
            .exclude(Exists(_confirmed(actor.organisation_id)))
            .select_related("version").order_by("-version__imported_at", "row", "pk"))


def _selection(actor: Actor, shown: dict[int, int]) -> list[ListEntry]:
    """The entries of `shown` (entry id → the person id the page showed it with), each
    still open and still with that person; otherwise StaleSelection."""
    entries = {e.pk: e for e in name_only_entries(actor).filter(pk__in=list(shown))}
    if set(entries) != set(shown) or any(entries[pk].person_id != person
                                         for pk, person in shown.items()):
        raise StaleSelection
    return [entries[pk] for pk in sorted(entries)]


def _other_key(entry: ListEntry) -> tuple[str, str]:
    """The person's latest entry in another list, as a decision's other side ("" if none)."""
    other = (ListEntry.objects.filter(person_id=entry.person_id,
                                      version__organisation_id=entry.version.organisation_id)
             .exclude(version__list_name=entry.version.list_name)
             .select_related("version").order_by("-version__imported_at", "-pk").first())
    return (other.version.list_name, other.external_id) if other else ("", "")


def confirm(actor: Actor, user, shown: dict[int, int]) -> NameOnlyConfirmation:
    """Confirm the selected rows as the same person as their match, in one step."""
    if not shown:
        raise ValueError("nothing selected")
    with transaction.atomic():
        entries = _selection(actor, shown)
        now = timezone.now()
        decisions = []
        for entry in entries:
            b_list, b_id = _other_key(entry)
            decisions.append(MatchDecision.objects.create(
                organisation_id=actor.organisation_id, a_list=entry.version.list_name,
                a_id=entry.external_id, b_list=b_list, b_id=b_id,
                b_person_id=entry.person_id, same=True, decided_by=user, decided_at=now))
        confirmation = NameOnlyConfirmation.objects.create(
            organisation_id=actor.organisation_id, confirmed_by=user, confirmed_at=now)
        confirmation.decisions.set(decisions)
    return confirmation


def undo(confirmation: NameOnlyConfirmation, user) -> None:
    """Withdraw every decision of the confirmation; its rows are listed again."""
    if confirmation.undone_at is not None:
        return
    with transaction.atomic():
        now = timezone.now()
        confirmation.decisions.update(withdrawn_at=now)
        confirmation.undone_at, confirmation.undone_by = now, user
        confirmation.save(update_fields=["undone_at", "undone_by"])
