"""Text normalisation shared by every part of `vigil.names`.

`normalise` is deliberately conservative: it keeps letters (with their diacritics, which the
script detector and the Łacinka rules need), digits and single spaces, and nothing else.
"""

from __future__ import annotations

import re
import unicodedata

# Apostrophes and their look-alikes are deleted, not turned into spaces: Вераб’ёў, Vol'ski,
# Мар'яна are one word. U+2019 is the Belarusian apostrophe of the 2008 orthography, U+02BC
# the modifier letter apostrophe recommended by Unicode for it, U+0027 the typewriter form.
# Double quotes and primes go too: BGN/PCGN writes the Belarusian apostrophe as " (Dar"ya) and
# the Russian hard sign as ”, ISO 9 the hard and soft signs as ʺ and ʹ.
APOSTROPHES = frozenset("'’ʼ‘`´ʹ′\u02bb\u02bd\"”“″ʺ")

_SPACES = re.compile(r"\s+")
_PLAIN = re.compile(r"^[^\W_]*(?: [^\W_]+)* ?$")


def _keep(ch: str) -> str:
    """One character of casefolded NFC text → itself, "" (apostrophe) or " " (other)."""
    if ch in APOSTROPHES:
        return ""
    cat = unicodedata.category(ch)
    if cat[0] in "LN":
        return ch
    if cat[0] == "M":
        return ch  # combining marks stay attached to their letter
    return " "


def normalise(text: str) -> str:
    """NFC, casefold, apostrophes deleted, other punctuation → space, spaces collapsed.

    >>> normalise("  Бяляцкі,  Алесь ")
    'бяляцкі алесь'
    >>> normalise("Вераб’ёў-Vol'ski")
    'верабёў volski'
    """
    text = unicodedata.normalize("NFC", text)
    text = unicodedata.normalize("NFC", text.casefold())
    if _PLAIN.match(text) and APOSTROPHES.isdisjoint(text):  # the usual case
        return " ".join(text.split())
    text = "".join(_keep(ch) for ch in text)
    # A combining mark left at the start of a word (after a deleted apostrophe or a space)
    # has no base letter; drop it so that the result is stable under re-normalisation.
    text = _SPACES.sub(" ", text).strip()
    out = []
    for word in text.split(" "):
        while word and unicodedata.category(word[0])[0] == "M":
            word = word[1:]
        if word:
            out.append(word)
    return " ".join(out)


def words(text: str) -> list[str]:
    """The words of `normalise(text)`."""
    n = normalise(text)
    return n.split(" ") if n else []
