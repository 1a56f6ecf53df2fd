"""Latin spellings as real lists write them: the generator's own tables (not `vigil.names`).

- ``be_passport``: Belarusian passports and the 2007 national system without diacritics
  (Аляксандр Бяляцкі → Aliaksandr Bialiatski);
- ``be_bgn``: BGN/PCGN for Belarusian (ў → w, я → ya: Byalyatski);
- ``lacinka``: Belarusian Łacinka (Aleś Bialacki, Mikałaj Klimovič);
- ``ru_icao``: Russian passports since 2013 (ICAO 9303: Beliatskii);
- ``ru_bgn``: BGN/PCGN for Russian (Belyatskiy, Yevgeniy);
- ``adhoc``: what English-language newsrooms type (Belyatsky, Aleksandr, Kh or H, -sky).
"""

from __future__ import annotations

import random

_VOWELS = set("аеёиоуыэюяіў")
_SOFT_NEXT = set("еёюяіь'")

_COMMON = {
    "а": "a", "б": "b", "в": "v", "д": "d", "з": "z", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f",
    "э": "e", "'": "", "ь": "", "ъ": "",
}


def _iotated(ch: str, prev: str | None, y: str, soft: str) -> str:
    """я/е/ё/ю: y+vowel at the start or after a vowel or sign, else soft+vowel."""
    v = {"я": "a", "е": "e", "ё": "o", "ю": "u"}[ch]
    if prev is None or prev in _VOWELS or prev in "ьъ'":
        return y + v
    return soft + v


def be_passport(word: str) -> str:
    out = []
    prev = None
    for ch in word.lower():
        if ch in "яеёю":
            v = {"я": "a", "е": "e", "ё": "o", "ю": "u"}[ch]
            out.append(("y" if prev is None or prev in _VOWELS else "i") + v)
        else:
            out.append({"г": "h", "ж": "zh", "й": "i", "і": "i", "ў": "u", "х": "kh",
                        "ц": "ts", "ч": "ch", "ш": "sh", "ы": "y", "и": "i", "щ": "shch"}
                       .get(ch, _COMMON.get(ch, ch)))
        prev = ch
    return "".join(out)


def be_bgn(word: str) -> str:
    out = []
    prev = None
    for ch in word.lower():
        if ch in "яеёю":
            if ch == "е" and prev is not None and prev not in _VOWELS and prev not in "ь'":
                out.append("e")
            else:
                out.append(_iotated(ch, prev, "y", "y"))
        else:
            out.append({"г": "h", "ж": "zh", "й": "y", "і": "i", "ў": "w", "х": "kh",
                        "ц": "ts", "ч": "ch", "ш": "sh", "ы": "y", "и": "i", "щ": "shch"}
                       .get(ch, _COMMON.get(ch, ch)))
        prev = ch
    return "".join(out)


def lacinka(word: str) -> str:
    w = word.lower()
    out = []
    for i, ch in enumerate(w):
        prev = w[i - 1] if i else None
        nxt = w[i + 1] if i + 1 < len(w) else ""
        if ch in "яеёю":
            v = {"я": "a", "е": "e", "ё": "o", "ю": "u"}[ch]
            if prev is None or prev in _VOWELS or prev in "ьъ'":
                out.append("j" + v)
            elif prev == "л":
                out.append(v)  # л before a soft vowel is l, written by the л itself
            else:
                out.append("i" + v)
        elif ch == "л":
            out.append("l" if nxt in _SOFT_NEXT else "ł")
        elif ch in "нсцз" and nxt == "ь":
            out.append({"н": "ń", "с": "ś", "ц": "ć", "з": "ź"}[ch])
        else:
            out.append({"г": "h", "ж": "ž", "й": "j", "і": "i", "ў": "ŭ", "х": "ch",
                        "ц": "c", "ч": "č", "ш": "š", "ы": "y", "и": "i", "щ": "šč"}
                       .get(ch, _COMMON.get(ch, ch)))
    return "".join(out)


def ru_icao(word: str) -> str:
    return "".join({"г": "g", "е": "e", "ё": "e", "ж": "zh", "и": "i", "й": "i", "х": "kh",
                    "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "ie", "ы": "y",
                    "ю": "iu", "я": "ia", "і": "i", "ў": "u"}
                   .get(ch, _COMMON.get(ch, ch)) for ch in word.lower())


def ru_bgn(word: str) -> str:
    w = word.lower()
    out = []
    for i, ch in enumerate(w):
        prev = w[i - 1] if i else None
        if ch in "её":
            initial = prev is None or prev in _VOWELS or prev in "ьъ"
            out.append(("y" if initial else "") + ("e" if ch == "е" else "o"))
        else:
            out.append({"г": "g", "ж": "zh", "и": "i", "й": "y", "х": "kh", "ц": "ts",
                        "ч": "ch", "ш": "sh", "щ": "shch", "ы": "y", "ю": "yu", "я": "ya",
                        "і": "i", "ў": "u"}.get(ch, _COMMON.get(ch, ch)))
    return "".join(out)


def adhoc(word: str, rng: random.Random) -> str:
    """A newsroom's spelling of a Russian form: choices vary from one writer to another."""
    w = word.lower()
    if w.endswith("ский") or w.endswith("цкий"):
        w = w[:-2] + rng.choice(["ий", "и", "ы"])
    choice = {
        "й": rng.choice(["y", "i"]), "х": rng.choice(["kh", "h", "kh"]),
        "я": rng.choice(["ya", "ia"]), "ю": rng.choice(["yu", "iu"]),
        "ё": rng.choice(["yo", "e"]), "ж": rng.choice(["zh", "zh", "j"]),
        "ц": rng.choice(["ts", "ts", "tz"]), "ы": "y", "и": "i", "ш": "sh",
        "ч": "ch", "щ": "shch", "г": "g", "е": "e", "і": "i", "ў": "u",
    }
    out = []
    for i, ch in enumerate(w):
        prev = w[i - 1] if i else None
        if ch == "е" and (prev is None or prev in _VOWELS):
            out.append(rng.choice(["ye", "e"]))
        elif ch == "и" and prev == "и":
            out.append("")
        elif ch == "ы" and i + 1 < len(w) and w[i + 1] == "й":
            out.append("y")
        elif ch == "й" and prev in ("ы", "и") and i == len(w) - 1:
            out.append(rng.choice(["", "y"]))
        elif ch == "к" and i + 1 < len(w) and w[i + 1] == "с" and rng.random() < 0.3:
            out.append("x")
        elif ch == "с" and prev == "к" and out and out[-1] == "x":
            out.append("")
        else:
            out.append(choice.get(ch, _COMMON.get(ch, ch)))
    return "".join(out)


SYSTEMS_BE = ("be_passport", "be_bgn", "lacinka")
SYSTEMS_RU = ("ru_icao", "ru_bgn", "adhoc")


def romanise(word: str, system: str, rng: random.Random) -> str:
    fn = {"be_passport": be_passport, "be_bgn": be_bgn, "lacinka": lacinka,
          "ru_icao": ru_icao, "ru_bgn": ru_bgn}.get(system)
    text = fn(word) if fn else adhoc(word, rng)
    return text[:1].upper() + text[1:]
