"""Which fields of a record an actor may see: the one place sensitivity classes are applied.

Pages, API answers, exports and history all ask here; none reads a non-public field directly.
"""

from vigil.accounts.actors import Actor
from vigil.audit.log import note_field
from vigil.audit.models import ReadKind
from vigil.registry.models import Record, Sensitivity


def may_see_field(actor: Actor, record: Record, field: str) -> bool:
    sensitivity = record.field_sensitivity(field)
    if sensitivity == Sensitivity.PUBLIC:
        return True
    if sensitivity == Sensitivity.INTERNAL:
        return not actor.is_anonymous
    return actor.sees_restricted_of(record.organisation_id)


def disclosed(actor: Actor, record: Record, field: str):
    """The field's value if the actor may see it, else None; a restricted value shown on a
    page is noted in the read audit."""
    if not may_see_field(actor, record, field):
        return None
    note_if_restricted(actor, record, field, ReadKind.PAGE)
    return getattr(record, field)


def note_if_restricted(actor: Actor, record: Record, field: str, kind: ReadKind) -> None:
    if record.field_sensitivity(field) == Sensitivity.RESTRICTED:
        note_field(actor, record, field, kind)


def note_restricted_in_form(actor: Actor, form, record: Record) -> None:
    """An edit form shows the stored values of the fields it kept for the actor."""
    stored = {field.name for field in record._meta.concrete_fields}
    for name in form.fields:
        if name in stored:
            note_if_restricted(actor, record, name, ReadKind.FORM)


def disclosed_changes(actor: Actor, record: Record, changes) -> list[tuple[str, object, object]]:
    """(field, before, after) of a history diff, with withheld values replaced by a marker."""
    shown = []
    for change in changes:
        if may_see_field(actor, record, change.field):
            note_if_restricted(actor, record, change.field, ReadKind.HISTORY)
            shown.append((change.field, change.old, change.new))
        else:
            shown.append((change.field, WITHHELD, WITHHELD))
    return shown


WITHHELD = "[withheld]"
