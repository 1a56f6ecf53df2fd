"""Which fields of a record an actor may see: the one place sensitivity classes are applied.

Pages, API answers, exports and history all ask here; none reads a non-public field directly.
"""

from vigil.accounts.actors import Actor
from vigil.registry.models import Record, Sensitivity


def may_see_field(actor: Actor, record: Record, field: str) -> bool:
    sensitivity = record.field_sensitivity(field)
    if sensitivity == Sensitivity.PUBLIC:
        return True
    if sensitivity == Sensitivity.INTERNAL:
        return not actor.is_anonymous
    return actor.sees_restricted_of(record.organisation_id)


def disclosed(actor: Actor, record: Record, field: str):
    """The field's value if the actor may see it, else None."""
    return getattr(record, field) if may_see_field(actor, record, field) else None


def disclosed_changes(actor: Actor, record: Record, changes) -> list[tuple[str, object, object]]:
    """(field, before, after) of a history diff, with withheld values replaced by a marker."""
    shown = []
    for change in changes:
        if may_see_field(actor, record, change.field):
            shown.append((change.field, change.old, change.new))
        else:
            shown.append((change.field, WITHHELD, WITHHELD))
    return shown


WITHHELD = "[withheld]"
