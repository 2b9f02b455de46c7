"""The small pieces every generated Markdown page is made of: front matter plus body, escaped
links, and English lists ("A, B and C")."""

from __future__ import annotations

import html
import re

from . import escape, frontyaml
from .urls import ARCHIVE_JSON, JSON_FEED, RSS_FEED

GENERATOR = "build_archive.py"
_GENERATED_MARK = f"generator: {GENERATOR}".encode()
# Generated files that are not Markdown pages, and the mark each carries near its top.
GENERATED_DATA_FILES = {
    ARCHIVE_JSON: f'"generator": "{GENERATOR}"'.encode(),
    JSON_FEED: f'"generator": "{GENERATOR}"'.encode(),
    RSS_FEED: f"<generator>{GENERATOR}</generator>".encode(),
}
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


def heading_link(level: int, text: str, target: str) -> str:
    """An ATX heading that is one link, its text escaped as heading() escapes it."""
    return "#" * level + f" [{_UNESCAPED_HASH.sub('&#35;', escape.markdown_inline(text))}]({escape.url(target)})"


def join(parts: list[str]) -> str:
    if len(parts) <= 2:
        return " and ".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else (words or word + 's')}"


def html_text(text: str) -> str:
    """Text for raw HTML blocks that Markdown passes through untouched."""
    return html.escape(text, quote=True)


def inline_html(text: str) -> str:
    """Text inside one line of a raw HTML block: escaped, its whitespace runs one space (a blank
    line in it would end the block and hand the rest to Markdown)."""
    return html_text(" ".join(text.split()))


def is_generated_file(rel: str, data: bytes) -> bool:
    """Whether a file under docs/ is one this tool wrote (and so may rewrite or remove): its
    front matter, or the top of a data file, carries the generator's mark."""
    if rel in GENERATED_DATA_FILES:
        return GENERATED_DATA_FILES[rel] in data[:2000]
    if not data.startswith(b"---\n"):
        return False
    end = data.find(b"\n---\n", 3)
    return end != -1 and _GENERATED_MARK in data[4:end].split(b"\n")
