"""Finding persons from any spelling of their names."""

from functools import reduce
from operator import or_

from django.db.models import Exists, OuterRef, Q, QuerySet

from vigil.accounts.actors import Actor
from vigil.names import query_token_groups
from vigil.registry.models import NameVariant


def matching_persons(persons: QuerySet, actor: Actor, text: str) -> QuerySet:
    """Persons having, for every word typed, a visible name variant with a token starting so.

    A word's tokens are its phonetic keys and, for a given name, its class (Kolya and Мікалай
    share one). Tokens are stored space-separated, so `contains(" " + token)` is a prefix
    match on any stored token: typing "Бяляц" already finds Бяляцкі.
    """
    for tokens in query_token_groups(text):
        starts = reduce(or_, (Q(search_keys__contains=f" {token}") for token in tokens))
        names = NameVariant.objects.for_actor(actor).filter(starts, person=OuterRef("pk"))
        persons = persons.filter(Exists(names))
    return persons


def matching_officials(officials: QuerySet, text: str) -> QuerySet:
    """Court officials whose name has, for every word typed, a token starting so (as for
    persons, so that "Ivanou", "Иванов" and "Іваноў" find one another)."""
    for tokens in query_token_groups(text):
        officials = officials.filter(
            reduce(or_, (Q(search_keys__contains=f" {token}") for token in tokens)))
    return officials
