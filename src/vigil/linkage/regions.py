"""Regions of Belarus in any spelling → one canonical id, for comparing records.

The six oblasts and the city of Minsk, with their centres: a record's region may be written
as the oblast (Гродзенская вобласць, Гродненская область, Hrodna region) or as its centre
(Гродна, Гродно, Hrodna, Grodno). Spelling variants are bridged by the phonetic key of
`vigil.names`, so only one form per language needs listing. Any other place falls back to
its own phonetic key: two records naming the same town agree, a town and an oblast are
"unknown" rather than "different".

Oblasts and centres: the administrative-territorial division of the Republic of Belarus
(Law No. 154-З of 5 May 1998 "On the administrative-territorial division").
"""

from __future__ import annotations

import re

from vigil.names import normalise, phonetic_key

_REGIONS = {
    "brest": ["Брэсцкая", "Брестская", "Brest", "Брэст", "Брест", "Bierascie", "Берасце"],
    "vitebsk": ["Віцебская", "Витебская", "Vitebsk", "Віцебск", "Витебск", "Viciebsk"],
    "gomel": ["Гомельская", "Гомельская", "Gomel", "Гомель", "Homiel", "Homyel"],
    "grodno": ["Гродзенская", "Гродненская", "Grodno", "Гродна", "Гродно", "Hrodna"],
    "mogilev": ["Магілёўская", "Могилёвская", "Могилевская", "Mogilev", "Магілёў", "Могилёв",
                "Mahilyow", "Mahiliou"],
    "minsk-region": ["Мінская вобласць", "Минская область", "Minsk region", "Minsk oblast"],
    "minsk": ["Мінск", "Минск", "Minsk", "Miensk", "Менск", "г. Мінск", "Minsk city"],
}

# Words that say "region", "city", "district" and carry no information of their own.
_FILLER = {
    "вобласць", "область", "обл", "voblasc", "voblasts", "oblast", "oblast'", "region",
    "province", "горад", "город", "г", "city", "раён", "район", "district", "rayon", "raion",
    "р-н", "рн", "vobl", "the",
}

_INDEX: dict[str, str] = {}
for _rid, _forms in _REGIONS.items():
    for _form in _forms:
        _words = [w for w in normalise(_form).split(" ") if w not in _FILLER]
        if _words:
            _INDEX[" ".join(phonetic_key(w) for w in _words)] = _rid
# The oblast adjectives as keys (Гродзенская → kradzanskaa ...) match whatever ending.
_ADJECTIVE = re.compile(r"(skaa|ska|skai|sk)$")


def region_id(text: str | None) -> tuple[str | None, bool]:
    """(canonical id or the place's key, whether it is a known oblast/Minsk), or (None, False)."""
    if not text:
        return None, False
    all_words = normalise(text).split(" ")
    words = [w for w in all_words if w and w not in _FILLER]
    if not words:
        return None, False
    rid, known = _lookup(words)
    if rid == "minsk" and _OBLAST_WORDS & set(all_words):
        return "minsk-region", True
    return rid, known


_OBLAST_WORDS = {"вобласць", "область", "обл", "voblasc", "voblasts", "oblast", "region",
                 "province", "vobl"}


def _lookup(words: list[str]) -> tuple[str, bool]:
    key = " ".join(phonetic_key(w) for w in words)
    if key in _INDEX:
        return _INDEX[key], True
    first = phonetic_key(words[0])
    if first in _INDEX:
        return _INDEX[first], True
    stem = _ADJECTIVE.sub("", first)
    for known, rid in _INDEX.items():
        if " " not in known and stem and _ADJECTIVE.sub("", known) == stem:
            return rid, True
    return key, False
