"""The small pieces every generated Markdown page is made of: front matter plus body, escaped
links, and English lists ("A, B and C")."""

from __future__ import annotations

import html
import re

from . import escape, frontyaml

GENERATOR = "build_archive.py"
_UNESCAPED_HASH = re.compile(r"(?<!\\)#")


def page(meta: dict, body: str) -> str:
    meta = {**meta, "generator": GENERATOR}
    return f"---\n{frontyaml.dump(meta, frozenset({'generator'}))}---\n\n{body}\n"


def link(text: str, target: str) -> str:
    """A Markdown link with escaped text; target is a .md path or an http(s) URL."""
    return f"[{escape.markdown_inline(text)}]({escape.url(target)})"


def heading(level: int, text: str) -> str:
    """An ATX heading of plain text. A '#' that is not escaped would be taken for the heading's
    optional closing sequence at the end of the line, so each is written as an entity."""
    return "#" * level + " " + _UNESCAPED_HASH.sub("&#35;", escape.markdown_inline(text))


def join(parts: list[str]) -> str:
    if len(parts) <= 2:
        return " and ".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else (words or word + 's')}"


def html_text(text: str) -> str:
    """Text for raw HTML blocks that Markdown passes through untouched."""
    return html.escape(text, quote=True)
