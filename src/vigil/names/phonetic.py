"""A deliberately lossy phonetic key that bridges Belarusian, Russian, Łacinka and Latin.

The key is for finding candidates (search, blocking), never for deciding that two names are
the same. It works in two stages:

1. *Spell out*: every word is rewritten into plain Latin letters, one Cyrillic or accented
   letter at a time (ж → zh, ц → ts, я → ia, ў → u, č → ch, ł → l …). Anything the tables do
   not know goes through Unidecode.
2. *Reduce*: a left-to-right pass over those letters that looks only at the letters already
   read, never ahead, and merges what Belarusian and Russian spelling and the usual
   romanisations keep apart:

   - akanne and yakanne: a, o, e (and я, ё, э through their spelling) are one vowel ``a``;
   - і / и / ы / й / y / j are one ``i``, dropped next to another vowel (ia, ai, iu, ya, ei)
     and at the end of a word (-скі / -ский / -ski / -skiy / -skij, -ай / -ai / -ay);
   - ў / в / у / w / u are one ``v`` (-оў / -ов / -ou / -ov, initial у- / в-);
   - дз / д are ``d`` (dz → d), ц / т are ``t`` (ts → t, tz → t, c → t);
   - г / ґ / х / g / h / k / kh / q are one velar ``k``;
   - ш / ж / ч are ``sh`` / ``zh`` / ``th`` (sh, zh, ch, sz, cz spell them), дж is ``dh``;
   - soft signs and apostrophes vanish; doubled letters collapse.

Because the reduction never looks ahead, the key of the beginning of a word is a prefix of
the key of the whole word (Бяляц → ``balat``, Бяляцкі → ``balatk``), which lets the registry
answer a user who is still typing. The one exception is ``ch`` in a Łacinka-style word (х, as
in Chałezin or Mochikskaja), recognised from the whole word: its diacritics, or a ``j`` beside
a vowel.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from unidecode import unidecode

from .normalise import normalise

# Stage 1 tables. These are a spelling-out aid for the key, not a romanisation standard;
# the standards live in `vigil.names.translit`.
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "ie", "ё": "io",
    "є": "ie", "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "ii", "й": "i", "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ў": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "i", "ь": "", "э": "e", "ю": "iu", "я": "ia",
    # pre-1918 Russian and other Cyrillic letters seen in old records
    "ѣ": "ie", "ѳ": "f", "ѵ": "i", "ј": "i", "ђ": "dzh", "ћ": "ch", "љ": "l", "њ": "n",
    "џ": "dzh", "ѕ": "dz",
}

# Łacinka (Belarusian Latin alphabet) and the accented letters of Polish, Czech, Lithuanian
# and the scholarly transliterations; ć ś ź ń ĺ are the soft consonants of Łacinka.
_LATIN = {
    "č": "ch", "š": "sh", "ž": "zh", "ł": "l", "ŭ": "u", "ć": "ts", "ś": "s", "ź": "z",
    "ń": "n", "ĺ": "l", "ż": "zh", "ó": "o", "ą": "a", "ę": "e", "ě": "ie", "ř": "r",
    "ǵ": "g", "ğ": "g", "ď": "d", "ť": "t", "ň": "n", "ľ": "l", "ŕ": "r", "ȟ": "kh",
    "x": "ks", "q": "k", "w": "v", "j": "i", "y": "i", "ß": "ss",
}

# Letters that mark a word as Łacinka, Polish or Czech, where "ch" spells х and not ч.
LACINKA_MARKS = frozenset("čšžłŭćńśźĺ")

_VOWELS = frozenset("aeo")

# j next to a vowel (ja, je, aj, oj) is the spelling of й and of я/е/ё/ю in Łacinka, the 2007
# national system, Polish and Czech, and a c that is not ch is their ц (Cichan, Cimoch); all of
# them write х as ch (Mochikskaja, Jachimovič, Cichanoŭski). English-style romanisations write
# ц as ts and й as y or i.
_J_SPELLING = re.compile(r"j[aeiouy]|[aeiouy]j|c(?!h)")


def _spell_out(word: str) -> str:
    """Stage 1: lower-case letters a-z only."""
    if "ch" in word and (any(ch in LACINKA_MARKS for ch in word) or _J_SPELLING.search(word)):
        word = word.replace("ch", "kh")
    out: list[str] = []
    for ch in word:
        if ch in _CYRILLIC:
            out.append(_CYRILLIC[ch])
        elif ch in _LATIN:
            out.append(_LATIN[ch])
        elif "a" <= ch <= "z":
            out.append(ch)
        else:
            base = unicodedata.normalize("NFD", ch)[0]
            if base in _LATIN:
                out.append(_LATIN[base])
            elif "a" <= base <= "z":
                out.append(base)
            else:
                spelt = unidecode(ch).lower()
                out.append("".join(_LATIN.get(c, c) for c in spelt if "a" <= c <= "z"))
    return "".join(out)


def _reduce(letters: str) -> str:
    """Stage 2: the left-to-right reduction described in the module docstring."""
    out: list[str] = []
    pending_i = False  # an i/y/j run that is not yet known to stand alone
    full_vowel = False  # the current vowel run already has a, e, o or u

    def emit(sym: str) -> None:
        if not out or out[-1] != sym:
            out.append(sym)

    prev = ""
    for ch in letters:
        if ch in _VOWELS or ch == "u":
            pending_i = False
            full_vowel = True
            emit("v" if ch == "u" else "a")
        elif ch == "i":
            if not full_vowel:
                pending_i = True
        else:
            if pending_i:
                emit("i")
            pending_i = False
            full_vowel = False
            if ch == "h":
                if prev in ("s", "z", "c", "t"):
                    emit("h")
                elif prev in ("k", "g", "h"):
                    ch = prev  # kh, gh: the h is silent and what follows sees a k
                else:
                    emit("k")
            elif ch == "s":
                if prev in ("t", "c"):
                    ch = "t"  # ts: what follows sees a t, so tss is t as well
                else:
                    emit("s")
            elif ch == "z":
                if prev in ("s", "c"):
                    emit("h")  # Polish sz, cz
                elif prev == "d":
                    ch = "d"  # dz
                elif prev == "t":
                    ch = "t"  # tz, the German-style ц of newsroom spellings (Tzibulinuk)
                else:
                    emit("z")
            elif ch in ("c", "t"):
                emit("t")
            elif ch in ("g", "k"):
                emit("k")
            else:
                emit(ch)
        prev = ch
    return "".join(out)


@functools.lru_cache(maxsize=1 << 20)
def phonetic_key(word: str) -> str:
    """The phonetic key of one word (already split; normalised here). May be empty."""
    return "".join(_reduce(_spell_out(w)) for w in normalise(word).split(" ") if w)


@functools.lru_cache(maxsize=1 << 16)
def key_variants(word: str) -> tuple[str, ...]:
    """The phonetic key of `word`, and for a Latin word with "ch" also the key that reads it
    as х (the Łacinka / 2007 reading: Mochavina = Мохавіна) when that differs."""
    key = phonetic_key(word)
    n = normalise(word)
    if "ch" in n and n.isascii():
        alt = _reduce(_spell_out(n.replace("ch", "kh")))
        if alt != key:
            return (key, alt)
    return (key,)


def search_keys(text: str) -> list[str]:
    """One phonetic key per word of `text`, in order; words with an empty key are skipped.

    >>> search_keys("Бяляцкі Алесь")
    ['balatk', 'alas']
    >>> search_keys("Ales Bialiatski")
    ['alas', 'balatk']
    """
    keys = []
    for word in normalise(text).split(" "):
        if word:
            key = _reduce(_spell_out(word))
            if key:
                keys.append(key)
    return keys
