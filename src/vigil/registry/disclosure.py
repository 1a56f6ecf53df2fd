"""Which fields of a record an actor may see: the one place sensitivity classes are applied.

Pages, API answers, exports and history all ask here; none reads a non-public field directly.
"""

from django.db import models

from vigil.accounts.actors import Actor
from vigil.audit.log import note_field
from vigil.audit.models import ReadKind
from vigil.registry.models import Record, Sensitivity

STRICTNESS = [Sensitivity.PUBLIC, Sensitivity.INTERNAL, Sensitivity.RESTRICTED]


def may_see_field(actor: Actor, record: Record, field: str) -> bool:
    return actor.may_see(record.field_sensitivity(field), record.organisation_id)


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


class LinkCheck:
    """Whether the record a foreign key points to is one the actor may see: an id of a
    record one may not see is itself a fact about it (that it exists, and which it is)."""

    def __init__(self, actor: Actor):
        self.actor = actor
        self._seen: dict[tuple[type, int], bool] = {}

    def shows(self, field: models.Field, pk) -> bool:
        target = field.related_model
        if pk is None or not (isinstance(target, type) and issubclass(target, Record)):
            return True
        key = (target, pk)
        if key not in self._seen:
            self._seen[key] = target.objects.for_actor(self.actor).filter(pk=pk).exists()
        return self._seen[key]


def strictest_classes(model: type[Record], ids) -> dict[tuple[int, str], Sensitivity]:
    """(record id, field) → the strictest class the field has had in any version of the
    record, for the fields whose class a record sets itself: history judges every past value
    by it, so reclassifying a description as restricted also withholds its old text."""
    strictest: dict[tuple[int, str], Sensitivity] = {}
    for field, column in model.sensitivity_columns.items():
        versions = [*model.history.filter(id__in=ids).values_list("id", column),
                    *model.objects.filter(pk__in=ids).values_list("pk", column)]
        for pk, value in versions:
            known = strictest.get((pk, field), Sensitivity.PUBLIC)
            strictest[(pk, field)] = max(known, Sensitivity(value), key=STRICTNESS.index)
    return strictest


def disclosed_changes(actor: Actor, record: Record, changes, strictest=None,
                      links: LinkCheck | None = None) -> list[tuple[str, object, object]]:
    """(field, before, after) of a history diff, with withheld values replaced by a marker:
    values of a class the actor may not see (the strictest the field has had, when given)
    and ids of linked records the actor may not see."""
    strictest = strictest or {}
    links = links or LinkCheck(actor)
    shown = []
    for change in changes:
        sensitivity = strictest.get((record.pk, change.field), record.field_sensitivity(
            change.field))
        field = record._meta.get_field(change.field)
        visible = actor.may_see(sensitivity, record.organisation_id) and (
            not field.is_relation or links.shows(field, change.old)
            and links.shows(field, change.new))
        if visible:
            note_if_restricted(actor, record, change.field, ReadKind.HISTORY)
        shown.append((change.field, change.old, change.new) if visible
                     else (change.field, WITHHELD, WITHHELD))
    return shown


WITHHELD = "[withheld]"
