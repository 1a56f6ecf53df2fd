"""The access choke points of the web interface (one per kind of object).

Outsiders get 404 whether or not the record exists; insiders who may only read get 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from vigil.accounts.actors import Actor, actor_for
from vigil.registry.models import Record


def actor_of(request) -> Actor:
    return actor_for(request.user)


def visible_or_404(model: type[Record], actor: Actor, pk: int, **filters) -> Record:
    record = model.objects.for_actor(actor).filter(pk=pk, **filters).first()
    if record is None:
        raise Http404
    return record


def check_may_edit(actor: Actor, record: Record) -> None:
    if not actor.may_edit_records_of(record.organisation_id):
        raise PermissionDenied


def check_may_create(actor: Actor) -> None:
    if not actor.can_edit:
        raise PermissionDenied


def check_org_admin(actor: Actor) -> None:
    if not actor.is_org_admin:
        raise PermissionDenied
