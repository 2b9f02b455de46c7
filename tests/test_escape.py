"""The Markdown escaper against the real renderer: whatever the text, the page shows exactly
that text, and no markup comes from it. Rendered with the extensions mkdocs.yml enables plus
the three MkDocs always adds, so a new extension in mkdocs.yml is tested automatically."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from opedarchive.pages import escape

from .mdrender import renderer

ROOT = Path(__file__).resolve().parent.parent
CASES = sorted((ROOT / "tests" / "cases" / "escape").glob("*.txt"))


RENDER = renderer()

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "# not a heading",
    "* not a list",
    "- not a list",
    "+ not a list",
    "> not a quote",
    "1986. A year, not a list item.",
    "---",
    "***",
    "___",
    "===",
    "Line one\n---",
    "Line one\n===",
    "~~~\ncode?\n~~~",
    "```\ncode?\n```",
    "    indented four spaces",
    "\tindented with a tab",
    "[x](javascript:alert(1))",
    "![img](http://example.com/x.png)",
    "<http://example.com>",
    "<mail@example.com>",
    "{{ config.site_name }} and {% raw %}",
    'Paragraph\n{: onclick="alert(1)" }',
    "a | b\n--|--\nc | d",
    "&amp; &copy; &#60; &#x3C; AT&T",
    "back\\slash \\* \\_ \\\\",
    "*emphasis* _under_ **strong** __strong__ `code`",
    "[TOC]",
    "<!-- comment -->",
    "trailing two spaces  \nnext line",
    "[^1] footnote-ish and *[HTML]: abbreviation-ish",
    "!!! note\n    admonition-ish",
    ": definition-ish",
    "snake_case_word and 2*3*4",
    "< 3 and 5 > 2 and a<b",
    "</p><p>closing tags",
    "Text with\u00a0non-breaking space, emoji 🙂 and Cyrillic Беслан.",
]


def _visible(text: str) -> str:
    return " ".join(text.split())


def _check(text: str) -> None:
    html = RENDER.reset().convert(escape.markdown_text(text))
    soup = BeautifulSoup(html, "html.parser")
    tags = [tag.name for tag in soup.find_all(True)]
    assert tags == ["p"], f"markup from text: {tags} in {html!r}"
    assert _visible(soup.get_text()) == _visible(text)


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_renders_as_itself(text):
    _check(text)


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_escape_case_renders_as_itself(path):
    _check(path.read_text(encoding="utf-8"))


def test_plain_prose_is_left_readable():
    text = "The result: approximately 334 adults and 186 children died (see p. 3)."
    assert escape.markdown_text(text) == text


def test_inline_escape_inside_link_text():
    html = RENDER.reset().convert(f"[{escape.markdown_inline('A [b] *c* <i>d</i>')}](x.md)")
    soup = BeautifulSoup(html, "html.parser")
    assert [tag.name for tag in soup.find_all(True)] == ["p", "a"]
    assert soup.a.get_text() == "A [b] *c* <i>d</i>"


def test_html_attribute_encodes_the_four_characters():
    assert escape.html_attribute('<script>"x" & y</script>') == "&lt;script&gt;&quot;x&quot; &amp; y&lt;/script&gt;"


def test_url_cannot_end_a_markdown_link_early():
    assert escape.url("https://example.com/a b(c)<d>") == "https://example.com/a%20b%28c%29%3Cd%3E"
