"""Records to JSON-ready dicts, through the same disclosure rules as the pages."""

from django.db import models

from vigil.accounts.actors import Actor
from vigil.audit.log import note_api_read
from vigil.audit.models import ReadKind
from vigil.registry import models as m
from vigil.registry.disclosure import LinkCheck, may_see_field, note_if_restricted

BOOKKEEPING = {"created_at", "updated_at", "created_by", "deleted_at", "deleted_by",
               "organisation", "visibility", "version", "search_keys"}


def record_fields(model: type[m.Record]) -> list[str]:
    """The model's own data fields, a partial date named once (its precision folded in)."""
    names = []
    for field in model._meta.get_fields():
        if field.auto_created or not field.concrete and not field.many_to_many:
            continue
        if field.name in BOOKKEEPING or field.name.endswith("_precision"):
            continue
        if field.name in ("content_type", "object_id", "record"):
            continue
        names.append(field.name)
    return names


def value_of(record: m.Record, name: str, links: LinkCheck):
    field = record._meta.get_field(name)
    if isinstance(field, models.DateField) and f"{name}_precision" in _field_names(record):
        value = record.partial(name)
        return str(value) if value else None
    if field.many_to_many:
        return sorted(related.pk for related in getattr(record, name).all()
                      if links.shows(field, related.pk))
    if field.is_relation:
        pk = getattr(record, f"{name}_id")
        return pk if links.shows(field, pk) else None  # no id of a record one may not see
    if isinstance(field, models.FileField):
        return getattr(record, name).name or None
    return getattr(record, name)


def _field_names(record) -> set[str]:
    return {f.name for f in record._meta.concrete_fields}


def to_json(record: m.Record, actor: Actor, links: LinkCheck | None = None) -> dict:
    data = {
        "id": record.pk,
        "organisation": record.organisation.slug,
        "version": record.version,
        "withheld": [],
    }
    if not actor.is_anonymous:
        data["visibility"] = record.visibility
    links = links or LinkCheck(actor)
    note_api_read(actor, record)
    for name in record_fields(type(record)):
        if may_see_field(actor, record, name):
            note_if_restricted(actor, record, name, ReadKind.API)
            data[name] = value_of(record, name, links)
        else:
            data["withheld"].append(name)
    return data
