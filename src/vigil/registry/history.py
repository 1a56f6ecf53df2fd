"""Who changed what and when, for one person and everything recorded about them."""

from dataclasses import dataclass
from datetime import date, datetime
from types import SimpleNamespace

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vigil.accounts.actors import Actor
from vigil.registry import models as m
from vigil.registry.disclosure import LinkCheck, disclosed_changes, strictest_classes

ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("removed")}
BOOKKEEPING = {"version", "updated_at", "created_at", "search_keys"}
HISTORY_LIMIT = 300


@dataclass
class Change:
    when: datetime
    who: str
    what: str
    record_id: int
    action: str  # translated
    fields: list[tuple[str, object, object]]


def person_history(person: m.Person, actor: Actor) -> list[Change]:
    custody_ids = list(m.CustodyPeriod.objects.filter(person=person).values_list("pk", flat=True))
    sources = [
        (m.Person, Q(id=person.pk)),
        *[(model, Q(person_id=person.pk)) for model in (
            m.NameVariant, m.Affiliation, m.Case, m.CustodyPeriod, m.Recognition,
            m.ConditionReport,
        )],
        (m.Placement, Q(custody_id__in=custody_ids)),
    ]
    changes = []
    for model, match in sources:
        changes.extend(_changes_of(model, match, actor))
    changes.sort(key=lambda c: c.when, reverse=True)
    return changes[:HISTORY_LIMIT]


def _changes_of(model, match: Q, actor: Actor) -> list[Change]:
    ids = set(model.objects.filter(match).values_list("pk", flat=True))
    # Deleted records are history only for those who may restore them.
    readable = {*model.objects.for_actor(actor).filter(pk__in=ids).values_list("pk", flat=True),
                *model.objects.deleted_for_admin(actor).filter(pk__in=ids)
                .values_list("pk", flat=True)}
    rows = list(
        model.history.filter(id__in=readable).select_related("history_user")
        .order_by("id", "history_date")[:HISTORY_LIMIT]
    )
    strictest = strictest_classes(model, readable)
    links = LinkCheck(actor)
    changes, previous = [], {}
    for row in rows:
        before = previous.get(row.id)
        previous[row.id] = row
        if before is None:
            values = _initial_values(row, model)
        else:
            values = row.diff_against(before, excluded_fields=BOOKKEEPING).changes
            if not values:
                continue
        fields = disclosed_changes(actor, row.instance, values, strictest, links)
        changes.append(Change(
            when=row.history_date,
            who=row.history_user.get_username() if row.history_user else "system",
            what=str(model._meta.verbose_name),
            record_id=row.id,
            action=_action(row, before),
            fields=[(name, _shown(old), _shown(new)) for name, old, new in fields],
        ))
    return changes


def _initial_values(row, model) -> list[SimpleNamespace]:
    """What a record was created with, shaped like a diff from nothing."""
    skip = BOOKKEEPING | {"id", "organisation", "deleted_at", "deleted_by", "created_by"}
    values = []
    for field in model._meta.concrete_fields:
        value = getattr(row, field.attname)
        if field.name in skip or field.name.endswith("_precision") or value in (None, "", False):
            continue
        values.append(SimpleNamespace(field=field.name, old=None, new=value))
    return values


def _shown(value):
    return value.isoformat() if isinstance(value, date) else value


def _action(row, before) -> str:
    if row.history_type == "~" and before is not None:
        if row.deleted_at and not before.deleted_at:
            return _("deleted")
        if before.deleted_at and not row.deleted_at:
            return _("restored")
    return ACTIONS[row.history_type]
