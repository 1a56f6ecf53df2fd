"""Which script a word is written in, and a guess at its language.

The letters that only one orthography has decide: і ў ’ are Belarusian, ї є ґ Ukrainian,
и щ ъ Russian (Ukrainian has и and щ too, so і with и or щ is Ukrainian); č š ž ł ŭ ć ń ś ź
in a Latin word are Łacinka (or Polish, Czech: ł and the acutes alone are not conclusive).
A Cyrillic word with none of them (Алена, Марына) is reported as Cyrillic with both
Belarusian and Russian possible; a plain Latin word gets a weak guess from romanisation habits
(ia iu dz -ou → Belarusian passport style; ya yu kh -ov -iy → Russian).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .normalise import normalise

CYRILLIC = "cyrillic"
LATIN = "latin"
OTHER = "other"
EMPTY = "empty"

_BE_ONLY = frozenset("ўі’")  # і is also Ukrainian; see below
_UK_ONLY = frozenset("їєґ")
_RU_HINT = frozenset("ъщи")  # и and щ are also Ukrainian
_BE_RU_NO_UK = frozenset("ыэё")
_LACINKA = frozenset("čšžŭ")
_LACINKA_OR_POLISH = frozenset("łćńśź")
_POLISH = frozenset("ąęóż")

_BE_LATIN_HINTS = [
    re.compile(p) for p in (r"ia", r"iu", r"io", r"dz", r"[aeo]u$", r"au[^aeiouy]", r"^uł?",
                            r"ski$", r"ts", r"h")
]
_RU_LATIN_HINTS = [
    re.compile(p) for p in (r"ya", r"yu", r"yo", r"kh", r"ov$", r"ova$", r"iy$", r"yy$",
                            r"skiy$", r"skii$", r"g")
]


@dataclass(frozen=True)
class ScriptGuess:
    """`script` is cyrillic, latin, other or empty; `language` the best guess or None;
    `languages` every language still possible; `evidence` the letters that decided."""

    script: str
    language: str | None
    languages: tuple[str, ...]
    evidence: str = ""
    lacinka: bool = False


def _script_of(ch: str) -> str | None:
    if "\u0400" <= ch <= "\u052f" or ch == "’":
        return CYRILLIC
    if ch.isascii() and ch.isalpha():
        return LATIN
    if "\u00c0" <= ch <= "\u024f" or "\u1e00" <= ch <= "\u1eff":
        return LATIN
    if ch.isalpha():
        return OTHER
    return None


def detect_word(word: str) -> ScriptGuess:
    """Script and language of one word (normalised here, apostrophes kept)."""
    low = word.casefold().replace("ʼ", "’").replace("'", "’").strip()
    scripts = Counter(s for s in map(_script_of, low) if s)
    if not scripts:
        return ScriptGuess(EMPTY, None, ())
    script = scripts.most_common(1)[0][0]
    letters = set(low)
    if script == CYRILLIC:
        uk = letters & _UK_ONLY
        if uk or ("і" in letters and letters & frozenset("иь") and not letters & _BE_RU_NO_UK):
            ev = "".join(sorted(uk or letters & frozenset("іи")))
            return ScriptGuess(CYRILLIC, "uk", ("uk",), ev)
        be = letters & _BE_ONLY
        if be:
            return ScriptGuess(CYRILLIC, "be", ("be",), "".join(sorted(be)))
        ru = letters & _RU_HINT
        if ru:
            langs = ("ru", "uk") if not letters & _BE_RU_NO_UK and "ъ" not in ru else ("ru",)
            return ScriptGuess(CYRILLIC, "ru", langs, "".join(sorted(ru)))
        return ScriptGuess(CYRILLIC, None, ("be", "ru"), "")
    if script == LATIN:
        lac = letters & _LACINKA
        if lac:
            return ScriptGuess(LATIN, "be", ("be",), "".join(sorted(lac)), lacinka=True)
        pl = letters & _POLISH
        if pl or re.search(r"sz|cz|rz|w", low):
            ev = "".join(sorted(pl)) or "sz/cz/rz/w"
            return ScriptGuess(LATIN, "pl", ("pl", "be"), ev)
        lop = letters & _LACINKA_OR_POLISH
        if lop:
            return ScriptGuess(LATIN, "be", ("be", "pl"), "".join(sorted(lop)), lacinka=True)
        plain = normalise(low)
        be = sum(bool(p.search(plain)) for p in _BE_LATIN_HINTS)
        ru = sum(bool(p.search(plain)) for p in _RU_LATIN_HINTS)
        if be > ru:
            return ScriptGuess(LATIN, "be", ("be", "ru", "en"), "romanisation habits")
        if ru > be:
            return ScriptGuess(LATIN, "ru", ("ru", "be", "en"), "romanisation habits")
        return ScriptGuess(LATIN, None, ("be", "ru", "en"), "")
    return ScriptGuess(OTHER, None, (), "")


def detect(text: str) -> ScriptGuess:
    """Script and language of a whole name: the words' guesses combined.

    A decided word decides for the name (Алесь Бяляцкі is Belarusian because of і); two
    words that disagree give the language of the majority, and the script "mixed" when one
    word is Cyrillic and another Latin.
    """
    guesses = [detect_word(w) for w in re.split(r"[\s\-,.]+", text) if w]
    guesses = [g for g in guesses if g.script != EMPTY]
    if not guesses:
        return ScriptGuess(EMPTY, None, ())
    scripts = {g.script for g in guesses}
    script = scripts.pop() if len(scripts) == 1 else "mixed"
    decided = Counter(g.language for g in guesses if g.language and len(g.languages) == 1)
    weak = Counter(g.language for g in guesses if g.language)
    votes = decided or weak
    language = votes.most_common(1)[0][0] if votes else None
    languages: list[str] = []
    for g in guesses:
        for lang in g.languages:
            if lang not in languages:
                languages.append(lang)
    if language and decided:
        languages = [language] + [x for x in languages if x != language and x not in decided]
    evidence = " ".join(g.evidence for g in guesses if g.evidence)
    lacinka = any(g.lacinka for g in guesses)
    return ScriptGuess(script, language, tuple(languages), evidence, lacinka)
