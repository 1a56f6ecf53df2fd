"""The access choke points every page, list page and API route goes through.

`visible_or_404` fetches an object through its model's scoped helper: someone who may not see
it gets 404 whether or not it exists. `require` asks the actor one of its permissions (see
`vigil.accounts.actors.Actor`) and answers 403 when it is not granted. Both note what they
asked, so the access matrix can check that each route asked for the permission it documents
(datasette's `test_permissions_checked`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import PermissionDenied
from django.http import Http404

from vigil.accounts.actors import Actor, actor_for

_asked: ContextVar[list[str] | None] = ContextVar("vigil_permissions_asked", default=None)


def _note(permission: str) -> None:
    asked = _asked.get()
    if asked is not None:
        asked.append(permission)


def require(actor: Actor, permission: str, *args) -> None:
    """Raise PermissionDenied unless the actor has `permission` (an Actor attribute such as
    "may_review", or "may_edit" with the owning organisation's id)."""
    _note(permission)
    granted = getattr(actor, permission)
    if callable(granted):
        granted = granted(*args)
    if not granted:
        raise PermissionDenied


def visible_or_404(model, actor: Actor, pk, **filters):
    """The object of `model` (a model or a queryset with `for_actor`) with this primary key,
    if the actor may see it; Http404 otherwise."""
    queryset = getattr(model, "objects", model)
    _note(f"see {queryset.model._meta.model_name}")
    found = queryset.for_actor(actor).filter(pk=pk, **filters).first()
    if found is None:
        raise Http404
    return found


@contextmanager
def recording_permissions() -> Iterator[list[str]]:
    """Collect, in order, every permission asked inside the block (for the access tests)."""
    asked: list[str] = []
    token = _asked.set(asked)
    try:
        yield asked
    finally:
        _asked.reset(token)


def actor_of(request) -> Actor:
    """The actor of a page request or of an API request (whose token set `request.user`)."""
    return actor_for(request.user)
