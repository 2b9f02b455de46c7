"""Make essay text safe for the two places it lands: Markdown bodies and raw-HTML front matter.

The Markdown escaper is tied to the extensions in mkdocs.yml (MkDocs always adds toc, tables
and fenced_code; we add attr_list). It uses a backslash where Python-Markdown
accepts one and a numeric entity where it does not, and touches only characters that could
otherwise start markup, so the Markdown stays readable. tests/test_escape.py renders every case
with the real extension list and checks the visible text comes back unchanged.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Characters that start inline markup anywhere in a line. All are in Python-Markdown's
# ESCAPED_CHARS once the tables extension (always on in MkDocs) has added "|".
_INLINE_SPECIAL = re.compile(r"([\\`*_{}\[\]|])")
# "<" starts a tag, comment or autolink only before a letter, "/", "!" or "?".
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
# "&" starts an entity only when an entity-shaped run follows.
_ENTITY_START = re.compile(r"&(?=#?[A-Za-z0-9]+;)")

# Constructs that only count at the start of a line (after any indentation, which we drop:
# four spaces would make a code block).
_LINE_START_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(#)"), r"\\\1"),  # ATX heading
    (re.compile(r"^(>)"), r"\\\1"),  # block quote
    (re.compile(r"^([-+])"), r"\\\1"),  # bullet list, setext underline, rule
    (re.compile(r"^(=)"), "&#61;"),  # setext underline; "=" has no backslash escape
    (re.compile(r"^(~)"), "&#126;"),  # fenced code; "~" has no backslash escape
    (re.compile(r"^(\d+)\.(?=\s|$)"), r"\1\\."),  # ordered list ("1986. ")
    (re.compile(r"^(:)"), "&#58;"),  # definition lists, should one ever be enabled
    (re.compile(r"^(!!!|\?\?\?)"), lambda m: "&#33;" * 3 if m.group(1)[0] == "!" else "&#63;" * 3),
)


def _escape_inline(text: str) -> str:
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    text = _ENTITY_START.sub("&amp;", text)
    return _TAG_START.sub("&lt;", text)


def _escape_line(line: str) -> str:
    line = line.strip()
    # Inline escapes first: the line-start rules below insert "\" and "&", which must survive.
    line = _escape_inline(line)
    for pattern, replacement in _LINE_START_RULES:
        line = pattern.sub(replacement, line, count=1)
    return line


def markdown_text(text: str) -> str:
    """Escape a block of plain text (one paragraph, maybe several lines) as Markdown.

    Leading and trailing blanks of each line are dropped (they carry no words and would make
    code blocks or hard line breaks); blank lines are dropped so the result stays one block.
    """
    lines = [_escape_line(line) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


@lru_cache(maxsize=65536)  # titles, names and event names recur on many pages
def markdown_inline(text: str) -> str:
    """Escape text that sits inside a line of generated Markdown (link text, list items)."""
    return _escape_line(" ".join(text.split()))


def html_attribute(text: str) -> str:
    """Entity-encode the four characters that matter where MkDocs and Material paste a
    front-matter value into HTML unescaped (<title>, <h1>, <meta content="...">)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def url(value: str) -> str:
    """Make an http(s) URL safe inside a Markdown link target: no spaces, parentheses or angle
    brackets that would end the target early."""
    return value.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")
