"""What each record brings to linkage, computed once: its name parsed (`vigil.names`) with
phonetic surname keys, given-name classes and possible initials, gender (given, or read from
the given name or the patronymic), birth year and full date, region, articles, detention date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from vigil.dates import PartialDate, Precision
from vigil.names import ParsedName, given_classes, key_variants, parse_candidates, phonetic_key
from vigil.names.given import CLASSES, patronymic_gender

from .records import Record
from .regions import region_id


@dataclass(slots=True)
class Features:
    readings: tuple[ParsedName, ...]  # parse_candidates of the name, best first
    surname_keys: tuple[str, ...]
    surname_key: str  # the keys of every part, sorted and joined: the surname as one value
    alt_surname_keys: tuple[str, ...]  # ch read as х; names in parentheses; other reading
    given_tokens: frozenset[str]  # given-name classes, or "k:" + phonetic key
    initials: frozenset[str]  # first letters of the given name's keys in every spelling
    gender: str | None
    gender_source: str
    year: int | None
    date: PartialDate | None  # of day precision only
    region: tuple[str | None, bool]
    articles: frozenset[str]
    detained: PartialDate | None

    @property
    def has_full_given_name(self) -> bool:
        return bool(self.readings[0].given)


@dataclass
class FeatureCache:
    """Initials repeat with their given names: a million records have a few thousand."""

    initials: dict = field(default_factory=dict)


def _initials_of(given: str | None, classes: frozenset[str], initials: Sequence[str]) -> set[str]:
    out: set[str] = set()
    if given:
        out.add(phonetic_key(given)[:1])
    for cid in classes:
        cls = CLASSES[cid]
        for form in cls.cyrillic_forms(diminutives=False) + cls.latin_forms():
            out.add(phonetic_key(form)[:1])
    if not given and initials:
        out.add(phonetic_key(initials[0])[:1] or "i")
    return {x for x in out if x}


def _alt_surname_keys(readings: tuple[ParsedName, ...], surname_keys: tuple[str, ...]
                      ) -> tuple[str, ...]:
    parsed = readings[0]
    alt = tuple(k for p in parsed.surname for k in key_variants(p)[1:])
    alt += tuple(k for alias in parsed.aliases for k in key_variants(alias))
    # a name whose order is uncertain (two words, neither a known given name) also blocks on
    # the surname of its other reading
    alt += tuple(phonetic_key(p) for other in readings[1:2]
                 for p in other.surname if phonetic_key(p) not in surname_keys)
    return alt


def _given_tokens(given: str | None, classes: frozenset[str]) -> frozenset[str]:
    if classes:
        return frozenset(classes)
    if given:
        return frozenset({"k:" + phonetic_key(given)})
    return frozenset()


def _initials(parsed: ParsedName, classes: frozenset[str], cache: FeatureCache | None
              ) -> frozenset[str]:
    key = (parsed.given, classes, parsed.initials[:1])
    if cache is not None and key in cache.initials:
        return cache.initials[key]
    initials = frozenset(_initials_of(parsed.given, classes, parsed.initials))
    if cache is not None:
        cache.initials[key] = initials
    return initials


def _gender(record: Record, parsed: ParsedName, classes: frozenset[str]) -> tuple[str | None, str]:
    if record.gender:
        return record.gender, "given"
    genders = {CLASSES[c].gender for c in classes}
    if len(genders) == 1:
        return genders.pop(), "given name"
    if parsed.patronymic and patronymic_gender(parsed.patronymic):
        return patronymic_gender(parsed.patronymic), "patronymic"
    return None, ""


def features(record: Record, cache: FeatureCache | None = None) -> Features:
    readings = tuple(parse_candidates(record.name))
    parsed = readings[0]
    surname_keys = tuple(k for k in (phonetic_key(p) for p in parsed.surname) if k)
    classes = given_classes(parsed.given) if parsed.given else frozenset()
    gender, source = _gender(record, parsed, classes)
    date = record.birth_date if (record.birth_date is not None
                                 and record.birth_date.precision == Precision.DAY) else None
    return Features(
        readings=readings,
        surname_keys=surname_keys,
        surname_key="+".join(sorted(surname_keys)),
        alt_surname_keys=_alt_surname_keys(readings, surname_keys),
        given_tokens=_given_tokens(parsed.given, classes),
        initials=_initials(parsed, classes, cache),
        gender=gender,
        gender_source=source,
        year=record.year,
        date=date,
        region=region_id(record.region),
        articles=frozenset(record.articles),
        detained=record.detained_on,
    )
