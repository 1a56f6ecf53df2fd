"""The history page's words: field labels, choice labels, the names of linked records the
reader may see, partial dates as they were entered, and many-to-many sets."""

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from vigil.accounts.actors import Actor
from vigil.dates import PartialDate
from vigil.registry import models as m
from vigil.registry.disclosure import WITHHELD
from vigil.registry.models.base import Record


class Labels:
    """Turns a (field, before, after) into what a reader of the page understands. The values
    given were already checked by `disclosed_changes`: a linked record named here is one the
    reader may see, and a person is named by a spelling the reader may see."""

    def __init__(self, actor: Actor):
        self.actor = actor
        self._linked: dict[tuple[type, int], str] = {}

    def change(self, model, name: str, old, new) -> tuple[str, object, object]:
        field = model._meta.get_field(name)
        return capfirst(field.verbose_name), self.value(field, old), self.value(field, new)

    def value(self, field, value):
        if value is None or value == "" or value == WITHHELD:
            return value
        if isinstance(value, frozenset):
            return ", ".join(sorted(self.linked(field.related_model, pk) for pk in value))
        if isinstance(value, PartialDate):
            return str(value)
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if field.is_relation:
            return self.linked(field.related_model, value)
        return value

    def linked(self, model, pk) -> str:
        key = (model, pk)
        if key not in self._linked:
            self._linked[key] = self._name_of(model, pk)
        return self._linked[key]

    def _name_of(self, model, pk) -> str:
        if model is m.Person:
            name = m.NameVariant.objects.for_actor(self.actor).filter(person_id=pk).order_by(
                "-is_primary", "pk").first()
            return name.text if name else f"#{pk}"
        records = (model.objects.for_actor(self.actor) if issubclass(model, Record)
                   else model._base_manager)
        record = records.filter(pk=pk).first()
        if record is None:
            return f"#{pk}"
        # A case's number is internal; its heading (articles, court, verdict) is public.
        return record.heading if model is m.Case else str(record)
