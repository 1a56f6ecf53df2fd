"""What the translation catalogues hold: per language, the messages left untranslated or
marked fuzzy, and whether the compiled .mo says what its .po says (the .po read with Babel,
the .mo with the standard library's gettext, so a catalogue edited but not compiled shows)."""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"


@dataclass(frozen=True)
class CatalogueState:
    language: str
    messages: int
    untranslated: list[str]
    fuzzy: list[str]
    stale: bool  # the .mo is missing or does not hold the .po's translations

    def __str__(self) -> str:
        stale = ", compiled copy out of date" if self.stale else ""
        return (f"{self.language}: {self.messages} messages, {len(self.untranslated)} "
                f"untranslated, {len(self.fuzzy)} fuzzy{stale}")


def catalogue_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def _text(message) -> str:
    return message.id[0] if isinstance(message.id, tuple) else message.id


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(strings)


def _key(message, index: int | None = None):
    text = _text(message)
    text = f"{message.context}\x04{text}" if message.context else text
    return text if index is None else (text, index)


def _expected_compiled(messages) -> dict:
    """What msgfmt writes for these messages: the translated ones that are not fuzzy."""
    compiled = {}
    for message in messages:
        if message.fuzzy or not _translated(message):
            continue
        if isinstance(message.string, tuple):
            compiled.update({_key(message, i): s for i, s in enumerate(message.string)})
        else:
            compiled[_key(message)] = message.string
    return compiled


def _compiled(mo: Path) -> dict | None:
    if not mo.exists():
        return None
    with mo.open("rb") as handle:
        catalogue = dict(gettext.GNUTranslations(handle)._catalog)
    catalogue.pop("", None)  # the header
    return catalogue


def state_of(language: str, po: Path | None = None) -> CatalogueState:
    """The state of a language's catalogue (or of the .po at `po` and the .mo beside it)."""
    po = po or catalogue_path(language)
    with po.open("rb") as handle:
        catalogue = read_po(handle, locale=language)
    messages = [message for message in catalogue if message.id]
    mo = po.with_suffix(".mo")
    return CatalogueState(
        language=language,
        messages=len(messages),
        untranslated=[_text(m) for m in messages if not _translated(m)],
        fuzzy=[_text(m) for m in messages if m.fuzzy],
        stale=_compiled(mo) != _expected_compiled(messages),
    )
