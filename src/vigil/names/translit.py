"""Romanisation of Cyrillic names by the published systems, and folding of Latin ones.

`romanise("Алесь Бяляцкі", "be-passport")` → ``"Ales Bialiatski"``;
`romanisations("Алесь Бяляцкі")` → every system that fits the language of each word.
The tables live in `vigil.names.data.romanisation`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from unidecode import unidecode

from .data.romanisation import SYSTEMS as _SYSTEM_TABLES
from .normalise import normalise

_CYR_VOWELS = frozenset("аеёіиоуыэюяєї")
# After these, е ё ю я keep their initial (iotated) rendering.
_IOTATING = _CYR_VOWELS | frozenset("ьъ’'ўй")


@dataclass(frozen=True)
class System:
    name: str
    languages: tuple[str, ...]
    citation: str
    letters: dict
    iotated: dict
    pairs: dict
    iotated_initial_only: bool = False


SYSTEMS: dict[str, System] = {
    name: System(
        name=name,
        languages=langs,
        citation=citation,
        letters=table["letters"],
        iotated=table["iotated"],
        pairs=table["pairs"],
        iotated_initial_only=table.get("iotated_initial_only", False),
    )
    for name, (table, langs, citation) in _SYSTEM_TABLES.items()
}


def _romanise_word(word: str, system: System) -> str:
    """One lower-case word; letters the table does not know pass through unchanged."""
    out: list[str] = []
    i = 0
    n = len(word)
    while i < n:
        for size in (3, 2):
            chunk = word[i : i + size]
            if len(chunk) == size and chunk in system.pairs:
                out.append(system.pairs[chunk])
                i += size
                break
        else:
            ch = word[i]
            prev = word[i - 1] if i else ""
            initial = i == 0 or (not system.iotated_initial_only and prev in _IOTATING)
            if initial and ch in system.iotated:
                out.append(system.iotated[ch])
            else:
                out.append(system.letters.get(ch, ch))
            i += 1
    return "".join(out)


_WORD = re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*", re.UNICODE)


def _match_case(src: str, dst: str) -> str:
    if not dst:
        return dst
    if len(src) > 1 and src.isupper():
        return dst.upper()
    if src[:1].isupper():
        return dst[:1].upper() + dst[1:]
    return dst


def romanise(text: str, system: str) -> str:
    """`text` with every Cyrillic word romanised by `system`; the rest is kept as it is.

    Capitalisation follows the source word (Бяляцкі → Bialiatski, БЯЛЯЦКІ → BIALIATSKI).
    """
    spec = SYSTEMS[system]

    def one(m: re.Match) -> str:
        word = m.group(0)
        low = unicodedata.normalize("NFC", word.casefold()).replace("ʼ", "’")
        return _match_case(word, _romanise_word(low, spec))

    return _WORD.sub(one, unicodedata.normalize("NFC", text))


def systems_for(language: str | None) -> list[str]:
    """The systems meant for a language ("be", "ru", "uk"); all of them for None."""
    if language is None:
        return list(SYSTEMS)
    return [name for name, spec in SYSTEMS.items() if language in spec.languages]


def romanisations(text: str, language: str | None = None) -> dict[str, str]:
    """`{system: romanised text}` for the systems meant for `language` (detected if None).

    Identical renderings are kept under every system that produces them.
    """
    if language is None:
        from .script import detect  # late import: script imports nothing from here

        language = detect(text).language
    return {name: romanise(text, name) for name in systems_for(language)}


@functools.lru_cache(maxsize=1 << 20)
def fold(text: str) -> str:
    """A plain ASCII, lower-case, letters-and-spaces form of any text, for loose matching.

    Cyrillic goes through the Belarusian passport table for і ў and ICAO for the rest, Latin
    loses its diacritics (Łacinka ŭ → u, č → c), apostrophes disappear.
    """
    n = normalise(text)
    out = []
    for word in n.split(" "):
        if not word:
            continue
        if any("\u0400" <= ch <= "\u04ff" for ch in word):
            word = _romanise_word(word, SYSTEMS["icao"])
        word = unidecode(word).lower()
        word = "".join(ch for ch in word if "a" <= ch <= "z")
        if word:
            out.append(word)
    return " ".join(out)
