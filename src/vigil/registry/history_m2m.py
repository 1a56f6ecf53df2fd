"""Many-to-many fields in the history: each version of a person keeps its occupations, each
version of a case its charges (django-simple-history's `_history_m2m_fields`)."""

from collections import defaultdict
from contextlib import contextmanager

from simple_history.utils import get_m2m_field_name, get_m2m_reverse_field_name


def m2m_names(model) -> list[str]:
    """The many-to-many fields whose every state the history keeps (`_history_m2m_fields`)."""
    return [field.name for field in model.history.model._history_m2m_fields]


def m2m_snapshots(model, rows) -> dict[tuple[int, str], frozenset]:
    """(history row, field) → the ids the field held in that version, in one query a field."""
    history_ids = [row.history_id for row in rows]
    held = defaultdict(set)
    for name in m2m_names(model):
        target = get_m2m_reverse_field_name(model._meta.get_field(name))
        snapshot_model = getattr(model.history.model, name).model
        for history_id, pk in snapshot_model.objects.filter(
                history_id__in=history_ids).values_list("history_id", f"{target}_id"):
            held[(history_id, name)].add(pk)
    return {key: frozenset(ids) for key, ids in held.items()}


@contextmanager
def one_version(record):
    """Occupations or charges changed inside this block write no history row of their own
    (a `set` would write two, its removals and its additions): the version the save before
    it wrote is given the sets the record holds after the block."""
    record.skip_history_when_saving = True
    try:
        yield
    finally:
        del record.skip_history_when_saving
    _snapshot(record)


def _snapshot(record) -> None:
    names = m2m_names(type(record))
    latest = record.history.order_by("-history_id").first() if names else None
    for name in names:
        snapshot_model = getattr(type(record).history.model, name).model
        through = getattr(record, name).through
        own = get_m2m_field_name(record._meta.get_field(name))
        snapshot_model.objects.filter(history=latest).delete()
        snapshot_model.objects.bulk_create(
            snapshot_model(history=latest, **{f.attname: getattr(row, f.attname)
                                              for f in through._meta.fields})
            for row in through.objects.filter(**{own: record}).order_by("pk"))
