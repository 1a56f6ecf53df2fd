"""Who changed what and when, for one person and everything recorded about them."""

from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vigil.accounts.actors import Actor
from vigil.dates import PartialDate
from vigil.registry import models as m
from vigil.registry.disclosure import LinkCheck, disclosed_changes, strictest_classes
from vigil.registry.history_labels import Labels
from vigil.registry.history_m2m import m2m_names, m2m_snapshots

ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("removed")}
BOOKKEEPING = {"version", "updated_at", "created_at", "search_keys"}
CREATION_SKIPS = {"id", "organisation"}
HISTORY_LIMIT = 300


@dataclass
class Change:
    when: datetime
    who: str
    what: str
    record_id: int
    action: str  # translated
    fields: list[tuple[str, object, object]]  # label, before, after: as the reader sees them


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
    labels = Labels(actor)
    for model, match in sources:
        changes.extend(_changes_of(model, match, actor, labels))
    changes.sort(key=lambda c: c.when, reverse=True)
    return changes[:HISTORY_LIMIT]


def _changes_of(model, match: Q, actor: Actor, labels: Labels) -> list[Change]:
    ids = set(model.objects.filter(match).values_list("pk", flat=True))
    # Deleted records are history only for those who may restore them.
    readable = {*model.objects.for_actor(actor).filter(pk__in=ids).values_list("pk", flat=True),
                *model.objects.deleted_for_admin(actor).filter(pk__in=ids)
                .values_list("pk", flat=True)}
    rows = list(
        model.history.filter(id__in=readable).select_related("history_user")
        .order_by("id", "history_date", "history_id")[:HISTORY_LIMIT]
    )
    strictest = strictest_classes(model, readable)
    snapshots = m2m_snapshots(model, rows)
    links = LinkCheck(actor)
    changes, previous = [], {}
    for row in rows:
        before = previous.get(row.id)
        previous[row.id] = row
        values = _values(row, before, model, snapshots)
        if before is not None and not values:
            continue
        fields = disclosed_changes(actor, row.instance, values, strictest, links)
        changes.append(Change(
            when=row.history_date,
            who=row.history_user.get_username() if row.history_user else "system",
            what=str(model._meta.verbose_name),
            record_id=row.id,
            action=_action(row, before),
            fields=[labels.change(model, name, old, new) for name, old, new in fields],
        ))
    return changes


def _values(row, before, model, snapshots) -> list[SimpleNamespace]:
    """(field, old, new) from the version before (nothing, for a creation) to this one; a
    partial date is one value with its precision, a many-to-many field the set it holds."""
    values = []
    for field in model._meta.concrete_fields:
        name = field.name
        if (not field.editable or name.endswith("_precision") or name in BOOKKEEPING
                or (before is None and name in CREATION_SKIPS)):
            continue
        old, new = _value(before, field), _value(row, field)
        if old != new and new not in ((None, "", False) if before is None else ()):
            values.append(SimpleNamespace(field=name, old=old, new=new))
    for name in m2m_names(model):
        old = snapshots.get((before.history_id, name), frozenset()) if before else frozenset()
        new = snapshots.get((row.history_id, name), frozenset())
        if old != new:
            values.append(SimpleNamespace(field=name, old=old, new=new))
    return values


def _value(row, field):
    if row is None:
        return None
    value = getattr(row, field.attname)
    precision = f"{field.name}_precision"
    if hasattr(row, precision):
        return PartialDate.from_parts(value, getattr(row, precision))
    return value


def _action(row, before) -> str:
    if row.history_type == "~" and before is not None:
        if row.deleted_at and not before.deleted_at:
            return _("deleted")
        if before.deleted_at and not row.deleted_at:
            return _("restored")
    return ACTIONS[row.history_type]
