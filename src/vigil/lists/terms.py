"""The vocabulary terms a list row names: facilities and criminal-code articles.

A list writes a facility as "ИК-3, Витебск", "ПК-3 Віцебск", "IK-3 Viciebsk" or "Валадарка";
`Facilities` finds the vocabulary's facility under any of those spellings and adds one when
there is none. `Articles` finds the article and part a charge names, adding a part that the
vocabulary has only as a whole article.
"""

from __future__ import annotations

import hashlib
import re

from django.utils.text import slugify

from vigil.linkage import region_id
from vigil.lists.values import Charge
from vigil.names import romanise
from vigil.registry import models as m

_FOLD = str.maketrans({"ё": "е", "ў": "у", "і": "и", "’": "", "'": ""})
_WORDS = re.compile(r"\d+|[^\W\d_]+")
# words that do not tell facilities apart ("г. Витебск", "№ 3")
_NOISE = {"г", "гор", "город", "горад", "city", "town", "no", "n", "nr", "номер", "нумар"}
_KIND_WORDS = (  # the kind of a facility the vocabulary lacks, from its name
    ("pretrial", r"сизо|сиза|sizo|следствен\w*|следч\w*|pre|pretrial"),
    ("colony", r"ик|пк|ik|pk|колони\w*|калони\w*|colony"),
    ("prison", r"тюрьм\w*|турм\w*|prison"),
    ("temporary_detention", r"ивс|ицс|цип|ivs|tsip|окрестин\w*|акрэсцин\w*|temporary"),
    ("psychiatric", r"психиатр\w*|психиятр\w*|psychiatric|новинки|навинки|navinki"),
)


def facility_key(text: str) -> str:
    """A facility's name reduced to the words and numbers that tell it apart."""
    words = _WORDS.findall(text.casefold().translate(_FOLD))
    return " ".join(w for w in words if w not in _NOISE)


def facility_aliases(name: str) -> set[str]:
    """Keys a name is known by: itself, without its parentheses, a nickname in them
    ("Валадарка"), and a code in them with the town after them ("СИЗО-1 Минск")."""
    aliases = {facility_key(name)}
    inside = re.findall(r"\(([^()]*)\)", name)
    outside = re.sub(r"\([^()]*\)", " ", name)
    aliases.add(facility_key(outside))
    town = outside.rsplit(",", 1)[1] if "," in outside else ""
    for group in inside:
        for part in group.split(","):
            if not re.search(r"\d", part):
                aliases.add(facility_key(part))  # a nickname
            elif town:
                aliases.add(facility_key(f"{part} {town}"))  # a code needs its town
    aliases.discard("")
    return aliases


class Facilities:
    """The vocabulary's facilities by every alias that names only one of them."""

    def __init__(self):
        owners: dict[str, set[int]] = {}
        self.by_pk: dict[int, m.Facility] = {}
        for facility in m.Facility.objects.all():
            self.by_pk[facility.pk] = facility
            names = {facility.slug, facility.name_en, facility.name_be, facility.name_ru}
            for name in filter(None, names):
                for alias in facility_aliases(name):
                    owners.setdefault(alias, set()).add(facility.pk)
        self.by_alias = {alias: self.by_pk[next(iter(pks))]
                         for alias, pks in owners.items() if len(pks) == 1}
        self.created: list[m.Facility] = []

    def find(self, text: str) -> m.Facility | None:
        return self.by_alias.get(facility_key(text))

    def find_or_create(self, text: str) -> m.Facility:
        found = self.find(text)
        if found is None:
            found = m.Facility.objects.create(
                slug=_new_slug(text), name_en=text[:200], kind=_guess_kind(text),
                region=_guess_region(text))
            self.by_alias[facility_key(text)] = found
            self.created.append(found)
        return found


def _new_slug(text: str) -> str:
    readable = slugify(romanise(text.casefold(), "icao"))[:40].strip("-") or "facility"
    digest = hashlib.sha256(facility_key(text).encode()).hexdigest()[:8]
    return f"{readable}-{digest}"


def _guess_kind(text: str) -> str:
    words = facility_key(text).split()
    for kind, pattern in _KIND_WORDS:
        if any(re.fullmatch(pattern, w) for w in words):
            return kind
    return "other"


def _guess_region(text: str) -> m.Region | None:
    for word in facility_key(text).split():
        slug, known = region_id(word)
        if known:
            return m.Region.objects.filter(slug=slug).first()
    return None


class Articles:
    """The vocabulary's articles by (article, part).

    A part the vocabulary lacks is added, titled as its article, when the vocabulary has the
    article; a charge under an article the vocabulary lacks is not made (the list's text is
    still cited).
    """

    def __init__(self):
        self.by_key = {(a.article, a.part): a for a in m.Article.objects.all()}

    def find_or_create(self, charge: Charge) -> m.Article | None:
        key = (charge.article, charge.part)
        if key not in self.by_key:
            whole = self.by_key.get((charge.article, "")) or next(
                (a for (number, _), a in sorted(self.by_key.items()) if number == charge.article),
                None)
            if whole is None:
                return None
            self.by_key[key] = m.Article.objects.create(
                country=whole.country, code=whole.code, article=charge.article,
                part=charge.part, title_en=whole.title_en, title_be=whole.title_be,
                title_ru=whole.title_ru)
        return self.by_key[key]
