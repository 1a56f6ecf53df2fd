"""Tokens for the registry's search column: phonetic keys plus given-name classes.

`search_keys` bridges spellings of one word (Бяляцкі = Bialiatski) but not different names
of one person (Мікалай ≠ Николай as keys). `search_tokens` adds, for every word that is a
known given name (in any script or romanisation, or a diminutive), one token per class:
``g`` + the class id (``gnikolai``). Phonetic keys never contain the letter g (g, h and х
become k), so the two kinds of token cannot collide.

Store `search_tokens(variant)` for every name variant of a person; search with
`search_tokens(query)` and match any token (the last one of a query as a prefix while the
user types). Мікалай Клімовіч, Николай Климович and Kolya Klimovich all carry ``gnikolai``
and ``klimavith``.
"""

from __future__ import annotations

from .given import lookup
from .normalise import normalise
from .phonetic import _reduce, _spell_out, key_variants


def search_tokens(text: str) -> list[str]:
    """Phonetic keys of the words of `text`, each followed by its given-name class tokens.

    >>> search_tokens("Мікалай Клімовіч")
    ['mikala', 'gnikolai', 'klimavith']
    >>> search_tokens("Kolya Klimovich")
    ['kala', 'gnikolai', 'klimavith']
    """
    out: list[str] = []
    for word in normalise(text).split(" "):
        if not word:
            continue
        key = _reduce(_spell_out(word))
        if key:
            out.append(key)
            out.extend(k for k in key_variants(word)[1:] if k != key)
        match = lookup(word) if len(word) > 1 else None
        if match:
            out.extend("g" + cid.replace("_", "") for cid in sorted(match.classes))
    return out


def search_index(text: str) -> str:
    """The text stored in a searchable column: tokens separated and surrounded by spaces, so
    that `contains(" " + token)` matches any stored token by its beginning."""
    return " " + " ".join(search_tokens(text)) + " "


def query_token_groups(text: str) -> list[list[str]]:
    """For each word of a query, the tokens any one of which a stored name must start with."""
    return [tokens for word in normalise(text).split(" ") if (tokens := search_tokens(word))]
