"""A statement's text: figure and person tokens, Markdown to HTML, and sanitising. Pure: no
Django (the web layer passes the numbers and links in).

The text is Markdown (CommonMark, by markdown-it-py) with raw HTML off, so a `<script>` typed
in the text is shown as text; the HTML is then sanitised by nh3 (ammonia) to a short list of
tags and attributes, so nothing executable survives even a bug in either step. Two tokens
stand for what Vigil fills in: `[[figure:KEY]]` (the phrased number, linked to its citation)
and `[[person:KEY|the name as written]]` (the name, linked to the person's page).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import nh3
from markdown_it import MarkdownIt

FIGURE_TOKEN = re.compile(r"\[\[figure:([a-z0-9_-]+)\]\]")
PERSON_TOKEN = re.compile(r"\[\[person:([a-z0-9_-]+)\|([^\]\n]+)\]\]")
TAGS = {"p", "a", "em", "strong", "ul", "ol", "li", "blockquote", "h2", "h3", "h4", "br",
        "hr", "code", "pre"}
ATTRIBUTES = {"a": {"href", "id"}}
SCHEMES = {"http", "https", "mailto"}

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def figure_keys(text: str) -> list[str]:
    return FIGURE_TOKEN.findall(text)


def person_keys(text: str) -> list[str]:
    return [key for key, _name in PERSON_TOKEN.findall(text)]


def escape_markdown(text: str) -> str:
    """Text that Markdown shows as it is (a name with brackets or stars in it)."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!<>|~])", r"\\\1", text)


def fill_tokens(text: str, numbers: Mapping[str, tuple[str, str]],
                people: Mapping[str, str]) -> str:
    """The text with each figure token replaced by its number as a link to its citation
    (`numbers[key] = (shown text, link)`) and each person token by the name, linked to
    `people[key]` when there is a page to link to. An unknown key shows as written."""
    def figure(match):
        key = match.group(1)
        if key not in numbers:
            return escape_markdown(match.group(0))
        shown, link = numbers[key]
        return f"[{escape_markdown(shown)}]({link})"

    def person(match):
        key, name = match.groups()
        link = people.get(key)
        return f"[{escape_markdown(name)}]({link})" if link else escape_markdown(name)

    return PERSON_TOKEN.sub(person, FIGURE_TOKEN.sub(figure, text))


def plain(text: str, numbers: Mapping[str, str]) -> str:
    """The text with figure tokens as their numbers and person tokens as the names, for the
    figure check and for feeds' summaries."""
    text = FIGURE_TOKEN.sub(lambda m: numbers.get(m.group(1), m.group(0)), text)
    return PERSON_TOKEN.sub(lambda m: m.group(2), text)


def to_html(markdown_text: str) -> str:
    """Markdown to sanitised HTML."""
    return sanitise(_markdown.render(markdown_text))


def sanitise(html: str) -> str:
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES,
                     link_rel="noopener noreferrer")


def render(text: str, numbers: Mapping[str, tuple[str, str]],
           people: Mapping[str, str]) -> str:
    return to_html(fill_tokens(text, numbers, people))
