"""Which spelling of a person's name a public page shows: Belarusian on Belarusian pages,
Russian on Russian pages, and on English pages a Latin form (the organisation's own, which is
the Belarusian national romanisation in Viasna's English texts); the others as alternatives."""

from __future__ import annotations

from dataclasses import dataclass

from vigil.registry import models as m


@dataclass(frozen=True)
class ShownName:
    text: str
    lang: str  # the BCP 47 tag of the spelling, for the `lang` attribute


def language_tag(name: m.NameVariant) -> str:
    if name.script == m.Script.LATIN:
        return "be-Latn" if name.kind == m.NameKind.LACINKA else "en"
    return name.language if name.language in ("be", "ru", "uk", "pl") else "und"


def _preference(language: str):
    def rank(name: m.NameVariant) -> tuple:
        if language == "be":
            fits = name.language == "be" and name.script == m.Script.CYRILLIC
        elif language == "ru":
            fits = name.language == "ru" and name.script == m.Script.CYRILLIC
        else:
            fits = name.script == m.Script.LATIN and name.kind != m.NameKind.LACINKA
        return (not fits, name.kind == m.NameKind.ALIAS, not name.is_primary, name.pk)
    return rank


def shown_text(names, language: str) -> str:
    """The text `names_for` shows first ("" for no name); `names` may be any objects with a
    NameVariant's attributes (the public lists sort plain rows)."""
    return min(names, key=_preference(language)).text if names else ""


def names_for(names: list[m.NameVariant], language: str) -> tuple[ShownName | None,
                                                                 list[ShownName]]:
    """The name to show in `language` and the other spellings, without repeats."""
    ordered = sorted(names, key=_preference(language))
    shown, seen = [], set()
    for name in ordered:
        if name.text not in seen:
            seen.add(name.text)
            shown.append(ShownName(name.text, language_tag(name)))
    return (shown[0] if shown else None), shown[1:]
