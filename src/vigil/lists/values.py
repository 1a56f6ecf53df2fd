"""Parsing a list's `articles` and `sentence` cells (pure Python).

Lists write charges and sentences in English, Belarusian and Russian, with abbreviations
("ч. 2 ст. 342", "361-1 part 2", "3 г. 6 мес. усиленного режима"). The parsers return plain
values and raise `ValueError` with a message for the person who must fix the file; the reader
adds the row and the column.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

# --- text into tokens --------------------------------------------------------------------------

# Belarusian and Russian letters that differ only in spelling are folded together, so that one
# pattern covers "пазбаўленне волі" and "лишение свободы" alike.
_FOLD = str.maketrans({"ё": "е", "ў": "у", "і": "и", "’": "", "'": ""})
_TOKEN = re.compile(r"\d+(?:[.,]\d+)?(?:-\d+)?|[^\W\d_]+")
_PARENTHESES = re.compile(r"\([^()]*\)")


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.casefold().translate(_FOLD))


@functools.lru_cache(maxsize=65536)
def _is(pattern: str, word: str) -> bool:
    """Whether a word matches a pattern; lists repeat their words, so answers are kept."""
    return re.fullmatch(pattern, word) is not None


def _phrase(tokens: list[str], i: int, patterns: tuple[str, ...]) -> int:
    """How many tokens from `i` match the word patterns in order (0: no match)."""
    if i + len(patterns) > len(tokens):
        return 0
    for k, pattern in enumerate(patterns):
        if not _is(pattern, tokens[i + k]):
            return 0
    return len(patterns)


def _longest(tokens: list[str], i: int, table: dict[str, tuple]) -> tuple[str | None, int]:
    """The value whose phrase matches most tokens at `i`, and how many it matched."""
    best, length = None, 0
    for value, phrases in table.items():
        for patterns in phrases:
            n = _phrase(tokens, i, patterns)
            if n > length:
                best, length = value, n
    return best, length


# --- articles --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Charge:
    article: str  # "342", "361-1"
    part: str = ""  # "2", or "" when the list names no part

    def __str__(self) -> str:
        return f"{self.article} part {self.part}" if self.part else self.article


_PART_MARK = r"ч|час\w*|част\w*|part|parts|pt|p"
_ARTICLE_MARK = r"ст|стат\w*|арт|art|arts|article|articles"
_CODE_WORDS = (r"ук|кк|cc|уголовн\w*|крымин\w*|criminal|code|кодекс\w*|рб|rb|by|"
               r"республики|рэспублики|беларус\w*|belarus|of|the|и|and|або|или|or")
_ARTICLE_NUMBER = re.compile(r"\d{1,3}(?:-\d{1,2})?")
_PART_NUMBER = re.compile(r"\d{1,2}")


@functools.lru_cache(maxsize=4096)  # lists repeat the same few texts
def parse_articles(text: str | None) -> tuple[Charge, ...]:
    """The charges a cell names, each with its part when given, in order, without repeats.

    "ч. 2 ст. 342", "ст. 342 ч. 2", "342 ч.2", "361-1 part 2", "ч. 1, 2 ст. 342" and
    "342, 361-1" are understood; words in parentheses are comments and skipped. A part
    before "ст." belongs to the article that follows; a part after an article, to it.
    """
    if text is None or not text.strip():
        return ()
    # a comma only separates here ("ч. 1,2 ст. 342"): no decimal numbers in articles
    tokens = _tokens(_PARENTHESES.sub(" ", text).replace(",", " "))
    charges: list[Charge] = []
    last: str | None = None  # the article a following part belongs to
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if _is(_PART_MARK, token):
            parts, i = _numbers(tokens, _after(tokens, i, _PART_MARK), _PART_NUMBER, text,
                                "a part")
            if i < len(tokens) and _is(_ARTICLE_MARK, tokens[i]):
                articles, i = _numbers(tokens, _after(tokens, i, _ARTICLE_MARK),
                                       _ARTICLE_NUMBER, text, "an article")
                last = articles[-1]
                charges.extend(Charge(a, p) for a in articles for p in parts)
            elif last is not None:
                if Charge(last) in charges:
                    charges.remove(Charge(last))
                charges.extend(Charge(last, p) for p in parts)
            else:
                raise ValueError(f"not articles: {text!r}: a part without its article")
        elif _is(_ARTICLE_MARK, token) or _ARTICLE_NUMBER.fullmatch(token):
            start = _after(tokens, i, _ARTICLE_MARK)
            articles, i = _numbers(tokens, start, _ARTICLE_NUMBER, text, "an article")
            charges.extend(Charge(a) for a in articles)
            last = articles[-1]
        elif _is(_CODE_WORDS, token):
            i += 1
        else:
            raise ValueError(f"not articles: {text!r} (cannot read {token!r}; write "
                             "for example “ч. 2 ст. 342, 361-1”)")
    if not charges:
        raise ValueError(f"not articles: {text!r}: no article number")
    return tuple(dict.fromkeys(charges))


def _after(tokens: list[str], i: int, mark: str) -> int:
    """The position after the marks at `i` ("ст.ст. 342" has two)."""
    while i < len(tokens) and _is(mark, tokens[i]):
        i += 1
    return i


def _numbers(tokens: list[str], i: int, shape: re.Pattern, text: str, what: str
             ) -> tuple[list[str], int]:
    """A run of numbers joined by nothing, commas or "и/і/and": ("1", "2") of "ч. 1, 2"."""
    found = []
    while i < len(tokens):
        if shape.fullmatch(tokens[i]):
            found.append(tokens[i])
            i += 1
        elif found and tokens[i] in ("и", "and") and i + 1 < len(tokens) \
                and shape.fullmatch(tokens[i + 1]):
            i += 1
        else:
            break
    if not found:
        raise ValueError(f"not articles: {text!r}: {what} number is missing")
    return found, i


# --- sentences -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sentence:
    kind: str  # a registry SentenceKind value
    months: int | None = None  # None: no length (a fine, life) or a length the list omits
    regime: str = ""  # a registry Regime value, or ""

    def __str__(self) -> str:
        length = f" {self.months} months" if self.months is not None else ""
        regime = f", {self.regime} regime" if self.regime else ""
        return f"{self.kind}{length}{regime}"


LIFE, IMPRISONMENT, SUSPENDED = "life", "imprisonment", "suspended"
RESTRICTED, FINE, ARREST = "restricted_freedom", "fine", "arrest"
TREATMENT = "compulsory_treatment"
CUSTODIAL = (LIFE, IMPRISONMENT, ARREST)  # sentences served in custody
# When a cell names several, the main punishment is kept (a fine beside prison is an
# additional punishment; "suspended" qualifies the imprisonment it is written with).
_PRECEDENCE = (LIFE, SUSPENDED, IMPRISONMENT, ARREST, RESTRICTED, TREATMENT, FINE)
_WITHOUT_LENGTH = (LIFE, FINE, TREATMENT)
MAX_MONTHS = 30 * 12

_KINDS: dict[str, tuple[tuple[str, ...], ...]] = {
    LIFE: ((r"life",), (r"пожизненн\w*",), (r"пажыццев\w*",)),
    IMPRISONMENT: ((r"imprisonment",), (r"prison",), (r"deprivation", r"of", r"liberty|freedom"),
                   (r"лишени\w*", r"свобод\w*"), (r"пазбауленн\w*", r"вол\w*"), (r"л", r"с"),
                   (r"лс",), (r"заключени\w*",), (r"зняволенн\w*",), (r"колони\w*",),
                   (r"калони\w*",), (r"colony",), (r"тюрьм\w*",), (r"турм\w*",)),
    SUSPENDED: ((r"suspended",), (r"probation",), (r"условн\w*",), (r"умоун\w*",)),
    RESTRICTED: ((r"restricted|restriction", r"of", r"freedom|liberty"),
                 (r"restricted", r"freedom|liberty"), (r"огранич\w*|огр", r"свобод\w*"),
                 (r"абмежаванн\w*", r"вол\w*"), (r"домашн\w*|хатн\w*", r"хими\w*"),
                 (r"хими\w*",)),
    FINE: ((r"fine|fined",), (r"штраф\w*",)),
    ARREST: ((r"arrest",), (r"арест\w*",), (r"арышт\w*",)),
    TREATMENT: ((r"compulsory", r"treatment"), (r"принудительн\w*", r"лечени\w*"),
                (r"примусов\w*", r"лячэнн\w*")),
}
_REGIMES: dict[str, tuple[tuple[str, ...], ...]] = {
    "general": ((r"general",), (r"общ\w*",), (r"агульн\w*",)),
    "enhanced": ((r"enhanced|reinforced",), (r"усилен\w*",), (r"узмоцнен\w*",)),
    "strict": ((r"strict",), (r"строг\w*",)),
    "special": ((r"special",), (r"особ\w*",), (r"асабл\w*",)),
    "prison": ((r"prison", r"regime"), (r"тюремн\w*",), (r"турэмн\w*",)),
    "settlement": ((r"settlement",), (r"поселени\w*",), (r"пасяленн\w*",)),
}
_UNITS = {
    12: r"y|yr|yrs|year|years|г|год|года|годы|лет|л|гад|гады|гадоу",
    1: r"m|mo|mos|month|months|мес|месяц\w*|мес\w*",
}
_DAYS = r"d|day|days|сут\w*|дн\w*|день|дзен\w*|сутак"
# An amount of a fine (not stored: the registry keeps the kind of a fine, not its sum).
_AMOUNT = ((r"базов\w*|базав\w*", r"велич\w*"), (r"базов\w*|базав\w*",), (r"бв",), (r"б", r"в"),
           (r"base", r"units?"), (r"руб\w*|byn|br|rubles?|roubles?",))
_FILLER = (r"в|у|и|and|of|in|a|an|the|to|with|on|at|на|с|з|со|режим\w*|рэжым\w*|regime|"
           r"исправительн\w*|папрауч\w*|отбывани\w*|адбыванн\w*|serving|served|sentence|"
           r"term|срок\w*|тэрмин\w*|sentenced|приговор\w*|виде|выглядзе|form|"
           # restricted freedom "with referral to an open-type institution"
           r"направлени\w*|накираванн\w*|учреждени\w*|установ\w*|открыт\w*|адкрыт\w*|"
           r"тип\w*|open|type|institution")


@functools.lru_cache(maxsize=4096)
def parse_sentence(text: str | None) -> Sentence | None:
    """A sentence: its kind, its length in months and the colony regime when given.

    "5 years", "3 years 6 months", "2 г.", "5 гадоў", "restricted freedom 3 years",
    "life", "8 лет колонии усиленного режима", "2 года условно", "штраф 200 базовых".
    A length alone is imprisonment. Days, a length without a unit, a length for a kind that
    has none (life, a fine) and anything not understood are refused.
    """
    if text is None or not text.strip():
        return None
    tokens = _tokens(_PARENTHESES.sub(" ", text))
    kinds: set[str] = set()
    regimes: set[str] = set()
    months: int | None = None
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token[0].isdigit():
            length, i = _length(tokens, i, text)
            months = (months or 0) + length
            continue
        kind, n = _longest(tokens, i, _KINDS)
        regime, r = _longest(tokens, i, _REGIMES)
        if n and n >= r:
            kinds.add(kind)
            i += n
        elif r:
            regimes.add(regime)
            i += r
        elif _is(_FILLER, token):
            i += 1
        else:
            raise ValueError(f"not a sentence: {text!r} (cannot read {token!r}; write for "
                             "example “5 years”, “3 г. 6 мес.”, “restricted freedom 3 years” "
                             "or “life”)")
    return _sentence(text, kinds, regimes, months)


def _length(tokens: list[str], i: int, text: str) -> tuple[int, int]:
    """Months of "<number> <unit>" at `i` (0 for a fine's amount), and the next position."""
    number = tokens[i].replace(",", ".")
    if "-" in number:
        raise ValueError(f"not a sentence: {text!r}: {tokens[i]!r} is not a length")
    unit = tokens[i + 1] if i + 1 < len(tokens) else ""
    for factor, pattern in _UNITS.items():
        if _is(pattern, unit):
            months = float(number) * factor
            if months != int(months):
                raise ValueError(f"not a sentence: {text!r}: {tokens[i]} {unit} is not a "
                                 "whole number of months")
            return int(months), i + 2
    if _is(_DAYS, unit):
        raise ValueError(f"not a sentence: {text!r}: the registry keeps sentences in months, "
                         "not days")
    for patterns in _AMOUNT:
        n = _phrase(tokens, i + 1, patterns)
        if n:
            return 0, i + 1 + n
    raise ValueError(f"not a sentence: {text!r}: {tokens[i]} what? (write “years” or "
                     "“months”, “г.” or “мес.”)")


def _sentence(text: str, kinds: set[str], regimes: set[str], months: int | None) -> Sentence:
    if len(regimes) > 1:
        raise ValueError(f"not a sentence: {text!r}: two regimes")
    if months and not kinds - {FINE}:
        kinds = kinds | {IMPRISONMENT}  # "5 years and a fine": prison, the fine beside it
    kind = next((k for k in _PRECEDENCE if k in kinds), None)
    if kind is None:
        raise ValueError(f"not a sentence: {text!r}: neither a kind nor a length")
    if months == 0:
        months = None  # only a fine's amount was written
    if kind in _WITHOUT_LENGTH and months is not None:
        raise ValueError(f"not a sentence: {text!r}: a {kind.replace('_', ' ')} sentence "
                         "has no length")
    if months is not None and months > MAX_MONTHS:
        raise ValueError(f"not a sentence: {text!r}: {months} months is longer than "
                         f"{MAX_MONTHS // 12} years")
    regime = next(iter(regimes), "")
    if regime and kind not in (IMPRISONMENT, LIFE):
        raise ValueError(f"not a sentence: {text!r}: a regime belongs to imprisonment")
    return Sentence(kind, months, regime)
