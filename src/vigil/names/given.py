"""Given-name equivalence classes across Belarusian, Russian, Ukrainian, Polish and English.

The table is `data/given_names.csv`, one class a row: the Cyrillic forms of each language
(full and short forms such as Алесь, Наста), the Polish and English forms, colloquial
diminutives (Саша, Коля, Ксюша) and the row's sources. Latin forms are *generated*: every
Cyrillic form is romanised by every system of `vigil.names.translit` (Mikalai, Mikalay,
Mikałaj, Nikolai, Nikolay, Nikolaj …) and indexed in folded ASCII, so the table never lists a
romanisation by hand.

A form may belong to several classes (Саша is Aleksandr and Aleksandra, Слава five names);
callers get the set and decide.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from importlib import resources

from .normalise import normalise
from .phonetic import phonetic_key
from .translit import SYSTEMS, _romanise_word, fold

LANGUAGES = ("be", "ru", "uk", "pl", "en")


@dataclass(frozen=True)
class GivenNameClass:
    id: str
    gender: str  # "m" or "f"
    forms: dict  # language → tuple of forms, as written in the table
    diminutives: tuple[str, ...]
    sources: str

    def cyrillic_forms(self, diminutives: bool = True) -> list[str]:
        out = [f for lang in ("be", "ru", "uk") for f in self.forms.get(lang, ())]
        if diminutives:
            out += list(self.diminutives)
        return list(dict.fromkeys(out))

    def latin_forms(self) -> list[str]:
        """Hand-written pl/en forms plus every romanisation of every full Cyrillic form."""
        return list(_latin_forms(self.id))


@functools.cache
def _latin_forms(class_id: str) -> tuple[str, ...]:
    cls = CLASSES[class_id]
    out = [f for lang in ("pl", "en") for f in cls.forms.get(lang, ())]
    for form in cls.cyrillic_forms(diminutives=False):
        low = normalise(form)
        for spec in SYSTEMS.values():
            out.append(_romanise_word(low, spec).capitalize())
    return tuple(dict.fromkeys(out))


@dataclass(frozen=True)
class GivenNameMatch:
    """What a word is as a given name: its classes and how that was found."""

    classes: frozenset[str]
    how: str  # "exact" (the table's own form), "romanised" (a generated Latin form), "phonetic"
    diminutive: bool = False

    @property
    def gender(self) -> str | None:
        genders = {CLASSES[c].gender for c in self.classes}
        return genders.pop() if len(genders) == 1 else None


def _split(cell: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in cell.split("|") if x.strip())


def _load() -> dict[str, GivenNameClass]:
    text = resources.files("vigil.names.data").joinpath("given_names.csv").read_text("utf-8")
    classes: dict[str, GivenNameClass] = {}
    for row in csv.DictReader(text.splitlines()):
        forms = {lang: _split(row[lang]) for lang in LANGUAGES if _split(row[lang])}
        classes[row["class"]] = GivenNameClass(
            id=row["class"],
            gender=row["gender"],
            forms=forms,
            diminutives=_split(row["diminutives"]),
            sources=row["source"],
        )
    return classes


CLASSES: dict[str, GivenNameClass] = _load()


def _add(index: dict, key: str, cls: str, diminutive: bool) -> None:
    if not key:
        return
    slot = index.setdefault(key, {})
    # a full form wins over a diminutive reading of the same word
    slot[cls] = slot.get(cls, True) and diminutive


@functools.cache
def _indexes() -> tuple[dict, dict, dict]:
    exact: dict[str, dict[str, bool]] = {}
    latin: dict[str, dict[str, bool]] = {}
    keys: dict[str, dict[str, bool]] = {}
    for cls in CLASSES.values():
        full = cls.cyrillic_forms(diminutives=False)
        for form in full + list(cls.diminutives):
            dim = form not in full
            low = normalise(form)
            _add(exact, low, cls.id, dim)
            _add(exact, low.replace("ё", "е"), cls.id, dim)
            for spec in SYSTEMS.values():
                _add(latin, fold(_romanise_word(low, spec)), cls.id, dim)
            _add(latin, fold(low), cls.id, dim)
            _add(keys, phonetic_key(low), cls.id, dim)
        for lang in ("pl", "en"):
            for form in cls.forms.get(lang, ()):
                _add(exact, normalise(form), cls.id, False)
                _add(latin, fold(form), cls.id, False)
                _add(keys, phonetic_key(form), cls.id, False)
    return exact, latin, keys


def _match(slot: dict[str, bool], how: str) -> GivenNameMatch:
    full = {c for c, dim in slot.items() if not dim}
    return GivenNameMatch(frozenset(full or slot), how, diminutive=not full)


@functools.lru_cache(maxsize=1 << 18)
def lookup(word: str) -> GivenNameMatch | None:
    """The given-name classes of `word` (one word: Алесь, Mikalay, Ксюша), or None.

    >>> sorted(lookup("Mikalay").classes)
    ['nikolai']
    >>> lookup("Ales").classes == lookup("Аляксандр").classes
    True
    """
    exact, latin, keys = _indexes()
    n = normalise(word).replace(" ", "")
    if not n:
        return None
    if n in exact:
        return _match(exact[n], "exact")
    f = fold(n).replace(" ", "")
    if f in latin:
        return _match(latin[f], "romanised")
    k = phonetic_key(n)
    if len(k) >= 3 and k in keys:
        return _match(keys[k], "phonetic")
    return None


def classes_of(word: str) -> frozenset[str]:
    m = lookup(word)
    return m.classes if m else frozenset()


# --- patronymics ---------------------------------------------------------------------------

# Patronymic endings, in the phonetic-key alphabet (see vigil.names.phonetic): -авіч/-овіч/
# -евіч/-ович/-evich/-avich → "avith"; -іч/-ич (Ільіч, Кузьміч) → "ith"; -аўна/-оўна/-овна/
# -evna/-auna → "avna"; -ічна/-інічна/-ична (Ільінічна, Кузьмінічна) → "ithna".
_PATRONYMIC_KEY_SUFFIXES = ("inithna", "ithna", "avith", "avna", "vith", "vna", "ith")


def patronymic_gender(word: str) -> str | None:
    """"m" or "f" when `word` has a patronymic ending, else None (surnames share -віч!).

    Decided on the phonetic key, so that every script and romanisation agrees: -віч, -вич,
    -vich, -vič, -wicz, -vitch end in "vith"; -іч, -ич, -ich in "ith"; -ўна, -вна, -vna,
    -auna, -wna in "vna"; -ічна, -ична, -ichna in "ithna".
    """
    key = phonetic_key(word)
    if len(key) >= 5 and key.endswith(("vna", "ithna")):
        return "f"
    if len(key) >= 5 and key.endswith("ith"):
        return "m"
    return None


def _stem_key(key: str) -> str:
    for suffix in _PATRONYMIC_KEY_SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix) + 1:
            return key[: -len(suffix)]
    return key


def _skeleton(key: str) -> str:
    return re.sub(r"[aiv]", "", key)


@functools.cache
def _stem_indexes() -> tuple[dict, dict]:
    stems: dict[str, set[str]] = {}
    skeletons: dict[str, set[str]] = {}
    for cls in CLASSES.values():
        if cls.gender != "m":
            continue
        for form in cls.cyrillic_forms(diminutives=False):
            k = phonetic_key(form)
            for stem in {k, k.rstrip("a"), k.rstrip("av")}:
                if len(stem) >= 2:
                    stems.setdefault(stem, set()).add(cls.id)
            skeletons.setdefault(_skeleton(k), set()).add(cls.id)
    return stems, skeletons


@functools.lru_cache(maxsize=1 << 16)
def patronymic_classes(word: str) -> frozenset[str]:
    """The classes of the father's given name in a patronymic (Віктаравіч → viktor).

    >>> sorted(patronymic_classes("Николаевна"))
    ['nikolai']
    """
    key = phonetic_key(word)
    stem = _stem_key(key)
    if stem == key:
        return frozenset()
    stems, skeletons = _stem_indexes()
    if stem in stems:
        return frozenset(stems[stem])
    skel = _skeleton(stem)
    if len(skel) >= 2 and skel in skeletons:
        return frozenset(skeletons[skel])
    return frozenset()
