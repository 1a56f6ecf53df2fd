"""Which spelling of a person's name a page shows — the one function every page that shows a
person's name calls, public or documenter (`names_for`): Belarusian on Belarusian pages,
Russian on Russian pages, and on English pages the Latin form the organisation chooses (its
romanisation, `Organisation.romanisation`: by default the Belarusian passport romanisation
that Viasna's English texts use, "Aliaksandr", "Siarhei"); the other spellings as
alternatives, each with its `lang` (docs/i18n.md)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from vigil.accounts.actors import actor_for
from vigil.accounts.models import DEFAULT_ROMANISATION, Organisation
from vigil.names import SYSTEMS, romanise
from vigil.registry import models as m

# A romanisation of last resort, for a spelling the organisation's system is not meant for.
_FALLBACK_ROMANISATION = "icao"


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


def shown_text(names, language: str, romanisation: str = DEFAULT_ROMANISATION) -> str:
    """The text `names_for` shows first ("" for no name); `names` may be any objects with a
    NameVariant's attributes (the public lists sort plain rows)."""
    first, _others = names_for(list(names), language, romanisation)
    return first.text if first else ""


def _first(names: list[m.NameVariant]) -> m.NameVariant | None:
    return min(names, key=lambda name: (name.kind == m.NameKind.ALIAS, not name.is_primary,
                                        name.pk), default=None)


def _romanised(names: list[m.NameVariant], system: str) -> ShownName | None:
    """`system` applied to the Belarusian spelling, or to the Russian one, whichever of the
    two languages the system is meant for comes first."""
    for language in ("be", "ru"):
        source = _first([name for name in names if name.language == language
                         and name.script == m.Script.CYRILLIC])
        if source is not None and language in SYSTEMS[system].languages:
            return ShownName(romanise(source.text, system),
                             "be-Latn" if system == "be-lacinka" else "en")
    return None


def latin_name(names: list[m.NameVariant], romanisation: str) -> ShownName | None:
    """The person's name in Latin letters: `romanisation` (a system of the names core) of
    their Belarusian or Russian spelling; for a person whose spellings that system is not
    meant for, a Latin spelling on record, else ICAO's romanisation (as passports print it);
    None for a person with no spelling in Latin, Belarusian or Russian."""
    made = _romanised(names, romanisation)
    if made is not None:
        return made
    stored = _first([name for name in names if name.script == m.Script.LATIN
                     and name.kind != m.NameKind.LACINKA])
    if stored is not None:
        return ShownName(stored.text, language_tag(stored))
    return _romanised(names, _FALLBACK_ROMANISATION)


def names_for(names: list[m.NameVariant], language: str,
              romanisation: str = DEFAULT_ROMANISATION) -> tuple[ShownName | None,
                                                                  list[ShownName]]:
    """The name to show in `language` and the other spellings, without repeats. On English
    pages the first is `latin_name`."""
    ordered = sorted(names, key=_preference(language))
    shown = [ShownName(name.text, language_tag(name)) for name in ordered]
    latin = latin_name(names, romanisation) if language not in ("be", "ru") else None
    if latin is not None:
        shown.insert(0, latin)
    seen: set[str] = set()
    unique = [name for name in shown if not (name.text in seen or seen.add(name.text))]
    return (unique[0] if unique else None), unique[1:]


def romanisation_of(organisation_id: int | None) -> str:
    """The romanisation an organisation chose for its English pages (the default for none)."""
    if organisation_id is None:
        return DEFAULT_ROMANISATION
    chosen = Organisation.objects.filter(pk=organisation_id).values_list(
        "romanisation", flat=True).first()
    return chosen or DEFAULT_ROMANISATION


def user_romanisation(user) -> str:
    """The romanisation of the user's organisation, asked once per request's user."""
    cached = getattr(user, "_vigil_romanisation", None)
    if cached is None:
        cached = romanisation_of(actor_for(user).organisation_id)
        if user is not None:
            user._vigil_romanisation = cached
    return cached


def site_romanisation() -> str:
    """The romanisation of the public site: that of the first organisation it names
    (VIGIL_PUBLIC_ORGANISATIONS), the default while it names none."""
    slugs = settings.VIGIL_PUBLIC_ORGANISATIONS
    chosen = Organisation.objects.filter(slug__in=slugs[:1]).values_list(
        "romanisation", flat=True).first()
    return chosen or DEFAULT_ROMANISATION
