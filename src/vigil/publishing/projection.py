"""The public projection of the registry (DESIGN §8): the one place that says what the public
may see. Every public output (the public site, and later open data, feeds, reconciliation and
the static export) reads persons and records through these helpers.

A fact is public only when three switches are on: its record's visibility is public (the
anonymous actor's `for_actor` scope), its field's sensitivity is public (`disclosure`), and
the person's organisation has published the person (a confirmed, unwithdrawn
`PersonPublication`). Persons whose names are withheld at their families' request count in
public figures and are never named: `named_persons` leaves them out.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from vigil.accounts.actors import ANONYMOUS
from vigil.registry import models as m

PUBLISHED = {"publication__confirmed_at__isnull": False,
             "publication__withdrawn_at__isnull": True}


def person_path(model: type[m.Record]) -> str:
    """The lookup from a record to the person it is about ("" for a person)."""
    if model is m.Person:
        return ""
    for path in model.scope_parents:
        if path == "person" or path.endswith("__person"):
            return f"{path}__"
    raise ValueError(f"{model.__name__} is not about one person")


def published_q(model: type[m.Record], named: bool = False) -> Q:
    """Records of `model` about published persons (named ones only when `named`)."""
    prefix = person_path(model)
    conditions = {f"{prefix}{key}": value for key, value in PUBLISHED.items()}
    if named:
        conditions[f"{prefix}publication__name_withheld"] = False
    return Q(**conditions)


def public_records(model: type[m.Record], named: bool = True) -> QuerySet:
    """The public records of `model`: public visibility, about a published person."""
    return model.objects.for_actor(ANONYMOUS).filter(published_q(model, named=named))


def published_persons() -> QuerySet:
    """Every published person, named or withheld: what public figures count."""
    return public_records(m.Person, named=False)


def named_persons() -> QuerySet:
    """Published persons who may be named: the ones with public pages."""
    return public_records(m.Person, named=True)


def withheld_count() -> int:
    return published_persons().filter(publication__name_withheld=True).count()
