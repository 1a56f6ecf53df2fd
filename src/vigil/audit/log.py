"""Noting reads. Within a request the events are gathered (one per record, field and kind)
and written together when the response is ready; elsewhere (commands, tasks) at once."""

from contextvars import ContextVar

from vigil.accounts.actors import Actor
from vigil.audit.models import ReadEvent, ReadKind

_pending: ContextVar[dict | None] = ContextVar("vigil_audit_pending", default=None)


def note_field(actor: Actor, record, field: str, kind: ReadKind) -> None:
    """A restricted value of `record` was shown to `actor` (the value itself is not kept)."""
    if actor.is_anonymous:
        return
    _note(ReadEvent(user_id=actor.user_id, owner_id=record.organisation_id, kind=kind,
                    record_type=record._meta.label_lower, record_id=record.pk,
                    person_id=_person_of(record), field=field))


def note_api_read(actor: Actor, record) -> None:
    """A record was sent in an API answer: noted when another organisation owns it."""
    if actor.is_anonymous or record.organisation_id == actor.organisation_id:
        return
    _note(ReadEvent(user_id=actor.user_id, owner_id=record.organisation_id,
                    kind=ReadKind.FOREIGN_API, record_type=record._meta.label_lower,
                    record_id=record.pk, person_id=_person_of(record)))


def note_export(actor: Actor, what: str) -> None:
    """Records left Vigil as a file (`what` names the export, not its rows); the exporting
    organisation's administrators answer for it."""
    if actor.is_anonymous:
        return
    _note(ReadEvent(user_id=actor.user_id, owner_id=actor.organisation_id,
                    kind=ReadKind.EXPORT, what=what[:200]))


def _person_of(record) -> int | None:
    if record._meta.label_lower == "registry.person":
        return record.pk
    return getattr(record, "person_id", None)


def _note(event: ReadEvent) -> None:
    pending = _pending.get()
    if pending is None:
        event.save()
        return
    key = (event.user_id, event.kind, event.record_type, event.record_id, event.field,
           event.what)
    pending.setdefault(key, event)


class AuditMiddleware:
    """Writes the reads a request noted, once its response is rendered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _pending.set({})
        try:
            return self.get_response(request)
        finally:
            events = list(_pending.get().values())
            _pending.reset(token)
            if events:
                ReadEvent.objects.bulk_create(events)
