"""Errors of the pure cores (names, linkage, figures) in the reader's language, without Django.

A core raises a `CoreError` carrying a code (stable, for programs), an English message
template marked with `gettext_noop` (so that `vigil messages` puts it in the catalogues) and
its parameters. Whoever shows it renders it in a language: the Django layer with Django's
`gettext`, the commands that run without Django with `translator(language)`, which reads the
same compiled catalogues with Python's own gettext (docs/i18n.md, "Commands")."""

from __future__ import annotations

import gettext
from collections.abc import Callable
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("en", "be", "ru")


def gettext_noop(message: str) -> str:
    """Marks `message` for the catalogues; it is translated where it is shown."""
    return message


class CoreError(ValueError):
    """`code` names the problem, `message % params` says it in English."""

    def __init__(self, code: str, message: str, **params):
        super().__init__(message % params)
        self.code, self.message, self.params = code, message, params

    def render(self, translate: Callable[[str], str]) -> str:
        return translate(self.message) % self.params


def translator(language: str) -> Callable[[str], str]:
    """The gettext of `language` ("be", "ru", "en") from Vigil's compiled catalogues."""
    if language not in LANGUAGES:
        raise ValueError(f"--language {language!r}: choose one of {', '.join(LANGUAGES)}")
    if language == "en":
        return str
    return gettext.translation("django", LOCALE_DIR, languages=[language]).gettext
