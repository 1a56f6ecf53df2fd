"""Finding persons from any spelling of their names."""

from django.db.models import Exists, OuterRef, QuerySet

from vigil.accounts.actors import Actor
from vigil.names import search_keys
from vigil.registry.models import NameVariant


def matching_persons(persons: QuerySet, actor: Actor, text: str) -> QuerySet:
    """Persons having, for every word typed, a visible name variant with a word starting so.

    Keys are stored space-separated with a leading space, so `contains(" " + key)` is a
    prefix match on any word: typing "Бяляц" already finds Бяляцкі.
    """
    for key in search_keys(text):
        names = NameVariant.objects.for_actor(actor).filter(
            person=OuterRef("pk"), search_keys__contains=f" {key}"
        )
        persons = persons.filter(Exists(names))
    return persons
