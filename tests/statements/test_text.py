"""The text's Markdown, tokens and sanitising; the figure check's detection. No database."""

from html.parser import HTMLParser

import pytest

from vigil.statements.checks import hand_typed, nearest
from vigil.statements.text import figure_keys, fill_tokens, person_keys, plain, render

XSS = [
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "<a href='javascript:alert(1)'>x</a>",
    "<svg onload=alert(1)>",
    "![x](javascript:alert(1))",
    "<iframe src='https://evil.example'></iframe>",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<div style='background:url(javascript:alert(1))'>x</div>",
    '"><script>alert(1)</script>',
]


class Elements(HTMLParser):
    """Every element and attribute the browser would build from the HTML."""

    def __init__(self, html):
        super().__init__()
        self.found = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def assert_inert(html):
    """Only harmless elements and attributes, and no link to a script or data URL."""
    for tag, attrs in Elements(html).found:
        assert tag in {"p", "a", "strong", "em", "ul", "li", "h2"}, html
        assert set(attrs) <= {"href", "rel", "id"}, html
        assert not attrs.get("href", "").lower().startswith(("javascript", "data", "vbscript"))


@pytest.mark.parametrize("payload", XSS)
def test_no_payload_survives(payload):
    assert_inert(render(f"Text {payload} and more\n\n{payload}", {}, {}))


@pytest.mark.parametrize("payload", XSS)
def test_payload_in_a_person_name_stays_text(payload):
    assert_inert(render("[[person:ales|" + payload.replace("]", ")") + "]]", {},
                        {"ales": "/en/prisoners/ales/"}))


def test_markdown_is_rendered():
    html = render("**Free** them\n\n- one\n- [two](https://example.org/)", {}, {})
    assert "<strong>Free</strong>" in html
    assert '<a href="https://example.org/" rel="noopener noreferrer">two</a>' in html


def test_tokens_become_links():
    text = "[[figure:viasna]] prisoners, among them [[person:ales|Ales Bialiatski]]."
    assert figure_keys(text) == ["viasna"] and person_keys(text) == ["ales"]
    html = render(text, {"viasna": ("1,495", "#figure-viasna")}, {"ales": "/en/p/ales/"})
    assert '<a href="#figure-viasna" rel="noopener noreferrer">1,495</a>' in html
    assert '<a href="/en/p/ales/" rel="noopener noreferrer">Ales Bialiatski</a>' in html


def test_a_person_without_a_page_is_named_without_a_link():
    assert fill_tokens("[[person:x|A *B*]]", {}, {}) == r"A \*B\*"
    assert plain("[[figure:a]] and [[person:x|A B]]", {"a": "33"}) == "33 and A B"


def test_unknown_figure_key_shows_as_written():
    assert "[[figure:gone]]" in render("[[figure:gone]]", {}, {})


def test_hand_typed_numbers_in_the_seed_sentences():
    text = ("there were 1,495 political prisoners in Belarus and more than 3,200 people "
            "convicted, sentenced to 10 years in prison in March 2023, with 33 media workers "
            "currently behind bars")
    assert [(h.phrase, h.number) for h in hand_typed(text)] == [
        ("1,495 political prisoners", 1495), ("3,200 people", 3200), ("33 media workers", 33)]


def test_hand_typed_in_russian_and_belarusian():
    found = hand_typed("1 495 политзаключённых; 33 журналіста; у 2021 годзе")
    assert [(h.phrase, h.number) for h in found] == [("1 495 политзаключённых", 1495),
                                                     ("33 журналіста", 33)]


def test_nearest_figure():
    assert nearest(33, [("a", 1495), ("b", 34)]) == ("b", 34)
    assert nearest(1500, [("a", 1495), ("b", 33)]) == ("a", 1495)
    assert nearest(5, []) is None
