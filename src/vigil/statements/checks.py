"""The figure check: numbers typed by hand next to a figure-like phrase ("33 media workers",
"more than 3,200 people convicted"), which should be figures bound to a definition. Pure:
no Django; the web layer looks up what the registry says for each.

A hand-typed number is one written in digits (groups of three with a comma, a point, a space
or a no-break space allowed) followed within three words by a noun that counts people in any
of the three languages. Years and other numbers not followed by such a noun are left alone.
Figure tokens have been replaced by the caller before the check, so bound figures are never
flagged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NOUNS = (
    # English
    "prisoner", "people", "person", "worker", "journalist", "writer", "detainee", "activist",
    "defender", "convicted", "member", "blogger", "artist", "musician", "student",
    # Russian
    "политзаключ", "заключ", "человек", "журналист", "работник", "осужд", "задержан",
    "писател", "деятел", "активист",
    # Belarusian
    "палітвязн", "вязн", "чалавек", "журналіст", "работнік", "асуджан", "затрыман",
    "пісьменнік", "дзеяч", "актывіст",
)
NUMBER = r"(?<![\w.,])(\d{1,3}(?:[,.\u00a0 ]\d{3})+|\d+)(?![\w]|[.,]\d)"
WORD = r"[^\W\d_][\w’'-]*"
PATTERN = re.compile(NUMBER + r"((?:\s+" + WORD + r"){1,3})", re.UNICODE)


@dataclass(frozen=True)
class HandTyped:
    phrase: str  # the number and the words up to the noun: "33 media workers"
    number: int


def hand_typed(text: str) -> list[HandTyped]:
    """Every hand-typed number next to a figure-like phrase, in the order they appear (each
    phrase once)."""
    found, seen = [], set()
    for match in PATTERN.finditer(text):
        words = match.group(2).split()
        for n, word in enumerate(words):
            if word.casefold().startswith(NOUNS):
                phrase = f"{match.group(1)} {' '.join(words[:n + 1])}".strip(".,;:")
                if phrase not in seen:
                    seen.add(phrase)
                    found.append(HandTyped(phrase, int(re.sub(r"\D", "", match.group(1)))))
                break
    return found


def nearest(number: int, candidates: list[tuple[str, int]]) -> tuple[str, int] | None:
    """The candidate (label, count) closest to `number` (by relative difference; the first
    one on a tie), or None when there is none."""
    if not candidates:
        return None
    return min(candidates, key=lambda c: abs(c[1] - number) / max(number, c[1], 1))
