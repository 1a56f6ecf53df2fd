"""Splitting a person's name into surname, given name, patronymic and initials.

Lists write names in either order: "Бяляцкі Алесь Віктаравіч" (surname first, as in most
Belarusian and Russian lists), "Алесь Віктаравіч Бяляцкі", "Ales Bialiatski" (given name
first, as in English), "Бяляцкі А. В." (initials). `parse_name` scores every way of giving
the words the roles surname / given / patronymic and keeps the best; `parse_candidates`
returns the close runners-up too, which `compare_names` tries when a name is ambiguous.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, field

from .given import lookup, patronymic_classes, patronymic_gender
from .normalise import normalise

# Surname endings of Belarusian, Russian, Ukrainian and Polish surnames, in normalised text
# (Cyrillic and the usual romanisations). A hint, not a rule.
_SURNAME_ENDING = re.compile(
    r"(оў|ов|ёў|ев|еў|ін|ин|ына|іна|ина|ова|ава|ева|ёва|скі|ски|ский|ская|цкі|цкий|цкая|"
    r"енка|енко|анка|ук|юк|чук|чык|ёнак|онак|ік|іч|віч|вич|ka|ko|ou|ov|ova|ava|eva|sky|ski|"
    r"skiy|skii|skaya|skaia|ska|enka|enko|uk|yuk|chuk|chyk|vich|vič|wicz|in|ina|yna|ik|yk|"
    r"ets|ec|iec|onak|ionak|ionok|yonak|yonok)$"
)

# A space typed in the wrong place, in a name written in capitalised words: "ПаўловічА нтон"
# (the capital moved to the word before), "Паўлові чАнтон" (the space moved left), and
# "МіхайловаЗоя" (the space lost). Cyrillic only: Latin names such as McDonald have capitals
# inside a word.
_LOWER, _UPPER = "а-яёіўґєї", "А-ЯЁІЎҐЄЇ"
_CAPITAL_MOVED_BACK = re.compile(rf"([{_LOWER}])([{_UPPER}])\s+([{_LOWER}])")
_SPACE_MOVED_LEFT = re.compile(rf"(?<![^\s])([{_UPPER}][{_LOWER}]+)\s+([{_LOWER}]+)([{_UPPER}])")
_SPACE_LOST = re.compile(rf"(?<=[{_LOWER}])(?=[{_UPPER}])")


def repair_spacing(text: str) -> str:
    """
    >>> repair_spacing("ПаўловічА нтон"), repair_spacing("МіхайловаЗоя")
    ('Паўловіч Антон', 'Міхайлова Зоя')
    """
    text = _CAPITAL_MOVED_BACK.sub(r"\1 \2\3", text)
    text = _SPACE_MOVED_LEFT.sub(r"\1\2 \3", text)
    return _SPACE_LOST.sub(" ", text)


_INITIAL = re.compile(r"^(?:[^\W\d_]{1,2}\.)+$|^[^\W\d_]$", re.UNICODE)
_TOKEN = re.compile(r"[^\s,;]+")
_PARENS = re.compile(r"[(\[]([^)\]]*)[)\]]")


@dataclass(frozen=True)
class ParsedName:
    raw: str
    surname: tuple[str, ...] = ()  # parts of a (possibly double) surname, normalised
    given: str | None = None
    patronymic: str | None = None
    initials: tuple[str, ...] = ()  # given-name initial first, then patronymic initial
    order: str = "unknown"  # "surname-first", "given-first" or "unknown"
    extra: tuple[str, ...] = ()  # words given no role
    aliases: tuple[str, ...] = ()  # words in parentheses: a maiden name, another spelling
    score: float = 0.0
    notes: tuple[str, ...] = field(default=(), compare=False)

    @property
    def given_initial(self) -> str | None:
        if self.given:
            return self.given[0]
        return self.initials[0] if self.initials else None

    @property
    def patronymic_initial(self) -> str | None:
        if self.patronymic:
            return self.patronymic[0]
        return self.initials[1] if len(self.initials) > 1 else None

    def display(self) -> str:
        parts = [" ".join(self.surname)] if self.surname else []
        if self.given:
            parts.append(self.given)
        if self.patronymic:
            parts.append(self.patronymic)
        parts += [i + "." for i in self.initials]
        return " ".join(parts)


def _tokens(text: str) -> tuple[list[list[str]], list[str]]:
    """Words (each a list of hyphen parts, normalised) and initials, in order."""
    words: list[list[str]] = []
    initials: list[str] = []
    for tok in _TOKEN.findall(text):
        if _INITIAL.match(tok):
            for part in tok.split("."):
                n = normalise(part)
                if n:
                    initials.append(n)
            continue
        parts = [normalise(p) for p in re.split(r"[-‐‑–]", tok)]
        parts = [p.replace(" ", "") for p in parts if p]
        if parts:
            words.append(parts)
    return words, initials


def _mostly_cyrillic(text: str) -> bool:
    cyr = sum(1 for ch in text if "\u0400" <= ch <= "\u04ff")
    lat = sum(1 for ch in text if ch.isalpha()) - cyr
    return cyr > lat


def _role_scores(word: list[str]) -> dict[str, float]:
    return _role_scores_of(tuple(word))


# A list of a million names has about a hundred thousand distinct words: scoring each once
# saves most of the parsing time.
@functools.lru_cache(maxsize=1 << 18)
def _role_scores_of(word: tuple[str, ...]) -> dict[str, float]:
    """Read-only: the dict is shared by every name with this word."""
    text = "".join(word)
    single = len(word) == 1
    given = lookup(text) if single else None
    pgender = patronymic_gender(text) if single else None
    pclasses = patronymic_classes(text) if pgender else frozenset()
    s = {"S": 1.0, "G": -0.3, "P": -6.0}
    if given:
        s["G"] = {"exact": 3.0, "romanised": 2.6, "phonetic": 1.6}[given.how]
        s["S"] -= 0.6
    if not single:
        s["S"] += 1.5  # a hyphenated word is a double surname (Корбут-Чарнецкая)
        s["G"] = -0.5  # or a double given name (Анна-Марыя)
    if _SURNAME_ENDING.search(text):
        s["S"] += 0.8
    if pgender == "f":
        s["P"] = 4.0 if pclasses else 2.5
        s["S"] -= 1.0
    elif pgender == "m":
        s["P"] = 3.0 if pclasses else 1.0
    return s


# The layouts a name of n words can have, with a prior: which order lists use.
@functools.cache
def _layouts(n: int) -> list[tuple[str, ...]]:
    out = []
    for roles in itertools.product("SGP", repeat=n):
        if roles.count("G") > 1 or roles.count("P") > 1 or "S" not in roles:
            continue
        s_idx = [i for i, r in enumerate(roles) if r == "S"]
        if s_idx != list(range(s_idx[0], s_idx[-1] + 1)):
            continue  # a surname's words are adjacent
        if "P" in roles and "G" in roles and roles.index("P") != roles.index("G") + 1:
            continue  # a patronymic follows the given name
        if "P" in roles and "G" not in roles:
            continue
        out.append(roles)
    return out


def _prior(roles: tuple[str, ...], cyrillic: bool) -> tuple[float, str]:
    if roles[0] == "S" and "G" in roles:
        return (0.5 if cyrillic else 0.2), "surname-first"
    if roles[0] == "G":
        return (0.2 if cyrillic else 0.5), "given-first"
    return 0.0, "unknown"


def parse_candidates(text: str, limit: int = 3, margin: float = 1.0) -> list[ParsedName]:
    """The best readings of a name, best first, those within `margin` of the best."""
    return list(_parse_candidates(text, limit, margin))


@functools.lru_cache(maxsize=1 << 16)
def _parse_candidates(text: str, limit: int, margin: float) -> tuple[ParsedName, ...]:
    aliases = tuple(w for inner in _PARENS.findall(text) for w in normalise(inner).split(" ")
                    if len(w) > 1)
    text_main = _PARENS.sub(" ", text)
    if aliases and not normalise(text_main):
        text_main, aliases = text, ()
    words, initials = _tokens(repair_spacing(text_main))
    if not words:
        return (ParsedName(raw=text, initials=tuple(initials), aliases=aliases, score=0.0),)
    if len(words) > 5:
        # too many words to enumerate: the first is the surname, the rest extra
        return (ParsedName(raw=text, surname=tuple(words[0]), initials=tuple(initials),
                           extra=tuple("".join(w) for w in words[1:]), aliases=aliases),)
    cyrillic = _mostly_cyrillic(text)
    scores = [_role_scores(w) for w in words]
    readings: list[ParsedName] = []
    for roles in _layouts(len(words)):
        prior, order = _prior(roles, cyrillic)
        total = prior + sum(scores[i][r] for i, r in enumerate(roles))
        # a surname of several words without a hyphen is rare: more likely a given name
        total -= 1.6 * (roles.count("S") - 1)
        surname: list[str] = []
        given = patronymic = None
        for w, r in zip(words, roles, strict=True):
            if r == "S":
                surname.extend(w)
            elif r == "G":
                given = "-".join(w)
            else:
                patronymic = "".join(w)
        if initials and not given and order == "unknown":
            order = "surname-first" if roles[0] == "S" else order
        readings.append(ParsedName(raw=text, surname=tuple(surname), given=given,
                                   patronymic=patronymic, initials=tuple(initials),
                                   order=order, aliases=aliases, score=round(total, 3)))
    readings.sort(key=lambda p: -p.score)
    best = readings[0].score
    return tuple(p for p in readings if p.score >= best - margin)[:limit]


def parse_name(text: str) -> ParsedName:
    """The best reading of a name.

    >>> p = parse_name("Бяляцкі Алесь Віктаравіч")
    >>> p.surname, p.given, p.patronymic, p.order
    (('бяляцкі',), 'алесь', 'віктаравіч', 'surname-first')
    >>> parse_name("Ales Bialiatski").surname
    ('bialiatski',)
    >>> parse_name("Бяляцкі А. В.").initials
    ('а', 'в')
    """
    return _parse_candidates(text, 3, 1.0)[0]
