"""Read the shape of a pasted essay: title line, byline, dateline, body paragraphs, trailing
author note and web debris. Pure functions over text; nothing here guesses a fact the text
does not state (an unnamed author stays unnamed)."""

from __future__ import annotations

import re

from .dates import parse_dateline
from .models import DateValue, Structure

# Lines that web pages leave after the text: navigation, sharing, teasers. Only short lines at
# the very end are dropped, so a sentence that happens to start "Read more" is kept.
_SHARE = r"(?:tweet|email|print|facebook|twitter|linkedin|whatsapp|reddit)"
_DEBRIS = re.compile(
    rf"""^(?:
        other\ reviews | related(?:\ (?:articles|stories|posts|reading))? | read\ more.* | continue\ reading.*
      | more\ from\ .{{1,40}} | share(?:\ this(?:\ article|\ story)?)?:? | share\ on\ .{{1,30}}
      | {_SHARE}(?:\s*[|·•,]\s*{_SHARE})* | subscribe.{{0,80}} | sign\ up\ for\ .{{1,80}}
      | follow\ us\ on\ .{{1,40}} | advertisement | comments?(?:\ \(\d+\))? | click\ here\ to\ .{{1,60}}
      | \d+\ comments? | leave\ a\ (?:comment|reply) | back\ to\ top
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_DEBRIS_MAX = 100

# A name: capitalised words, initials, and the particles of many naming traditions.
_NAME_WORD = (
    r"(?:[A-ZÀ-ÖØ-Þ][\w'’.-]*|[A-Z]\.|(?:de|da|do|dos|das|del|della|di|du|van|von|der|den|la|le|bin|ibn|al|y|e)(?=\s))"
)
_NAME = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,5}}"
# Words that open a description of someone's roles: they end the name that precedes them.
_ROLE_WORDS = frozenset(
    """president professor director senior fellow phd dr lecturer researcher research editor
    associate assistant chair chairman chairwoman founder co-founder ceo head member analyst
    journalist former ambassador minister coordinator executive deputy vice author writer
    correspondent columnist contributing visiting adjunct distinguished emeritus student
    candidate scholar dean adviser advisor expert secretary principal partner reporter
    staff lawyer attorney historian economist diplomat consultant general colonel
    retired""".split()
)
_BIO_HINTS = _ROLE_WORDS | frozenset(
    """university institute institution center centre school association council foundation
    college academy department faculty program programme magazine newspaper journal
    think-tank""".split()
)
_NOTE_VERB = re.compile(r"^(?:is|are|was|were|teaches|taught|writes|wrote|serves|served|has|holds|works|leads)\b")
_BYLINE = re.compile(r"^(?:by|written by|words by)\s+(.+)$", re.IGNORECASE)
_TITLE_END_OK = re.compile(r"[^.,;:]$")
_SPLIT_NAMES = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)")
_MAX_TITLE_WORDS = 25
_MAX_NOTE_WORDS = 90
# A line this long inside a blank-line-separated block is a paragraph of its own, not a
# hard-wrapped line (wrapping happens at 72 to 80 characters).
_UNWRAPPED_LINE = 120


def _is_name(text: str, single_word_ok: bool) -> bool:
    if not re.fullmatch(_NAME, text):
        return False
    words = text.split()
    if any(w.lower().strip(".") in _ROLE_WORDS for w in words):
        return False
    return single_word_ok or len(words) >= 2


def _names(text: str, single_word_ok: bool) -> tuple[str, ...] | None:
    """'A, B and C' -> (A, B, C) when every part is a name; None otherwise."""
    parts = [p.strip() for p in _SPLIT_NAMES.split(text.strip()) if p.strip()]
    if parts and all(_is_name(p, single_word_ok) for p in parts):
        return tuple(parts)
    return None


def parse_byline(line: str) -> tuple[tuple[str, ...], DateValue | None] | None:
    """'By Jane Doe and John Roe | March 3, 2024' -> names and the date, or None."""
    m = _BYLINE.match(line.strip())
    if not m or len(line.split()) > 20:
        return None
    rest = m.group(1).strip()
    when = None
    for separator in (" | ", " — ", " – ", " - ", " · ", ", ", " on "):
        head, sep, tail = rest.rpartition(separator)
        if sep and (parsed := parse_dateline(tail)):
            rest, when = head.strip(), parsed
            break
    # "By Jane Doe, Staff Writer": drop trailing role descriptions, keep the names.
    parts = [p for p in rest.split(", ") if p]
    while len(parts) > 1 and any(w.lower().strip(".") in _ROLE_WORDS for w in parts[-1].split()):
        parts.pop()
    names = _names(", ".join(parts), single_word_ok=True)
    return (names, when) if names else None


def _is_title(line: str, has_more: bool) -> bool:
    words = line.split()
    return (
        has_more
        and 0 < len(words) <= _MAX_TITLE_WORDS
        and len(line) <= 200
        and bool(_TITLE_END_OK.search(line))
        and not _BYLINE.match(line)
        and parse_dateline(line) is None
    )


def parse_author_note(paragraph: str) -> tuple[str, ...] | None:
    """The authors named by a trailing note such as 'Jane Doe is a fellow at X.' or
    'Jane Doe, Professor at Y.' or 'Jane Doe President of Z.'; None when it is not one."""
    text = " ".join(paragraph.split())
    words = text.split()
    if not 3 <= len(words) <= _MAX_NOTE_WORDS:
        return None
    if not any(w.lower().strip(".,;:()") in _BIO_HINTS for w in words[:30]):
        return None
    # Try the longest run of name-like words first, then shorter ones.
    m = re.match(rf"({_NAME}(?:(?:,\s*|\s+and\s+|\s*&\s*){_NAME})*)", text)
    if not m:
        return None
    run = m.group(1).split()
    for end in range(len(run), 1, -1):
        candidate = " ".join(run[:end])
        rest = text[len(candidate) :].lstrip()
        first_rest_word = rest.split(" ", 1)[0].lower().strip(".,;:()") if rest else ""
        opens_bio = (
            rest.startswith((",", "(", "—", "–", "-", ":"))
            or bool(_NOTE_VERB.match(rest))
            or first_rest_word in _ROLE_WORDS
        )
        if opens_bio and (names := _names(candidate.rstrip(","), single_word_ok=False)):
            return names
    return None


def _split_blocks(lines: list[str]) -> list[str]:
    """Lines -> paragraphs. Blank lines separate paragraphs; a text without any blank line
    (or a block of long unwrapped lines) has one paragraph per line."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    paragraphs = []
    for block in blocks:
        if not block:
            continue
        if len(block) > 1 and any(len(line) > _UNWRAPPED_LINE for line in block[:-1]):
            paragraphs.extend(block)
        else:
            paragraphs.append("\n".join(block))
    return paragraphs


def _trim_debris(lines: list[str]) -> tuple[list[str], tuple[str, ...]]:
    removed = []
    while lines:
        last = lines[-1].strip()
        if not last:
            lines.pop()
        elif len(last) <= _DEBRIS_MAX and _DEBRIS.match(last):
            removed.append(last)
            lines.pop()
        else:
            break
    return lines, tuple(reversed(removed))


def _next_content(lines: list[str], i: int) -> int:
    while i < len(lines) and not lines[i].strip():
        i += 1
    return i


def extract_structure(text: str) -> Structure:
    lines, debris = _trim_debris(text.split("\n"))
    i = _next_content(lines, 0)
    title = None
    byline: tuple[str, ...] = ()
    dateline = None
    dateline_text = None
    if i < len(lines):
        candidate = lines[i].strip()
        following = _next_content(lines, i + 1)
        if _is_title(candidate, has_more=following < len(lines)):
            title, i = candidate, following
    # Up to one byline and one dateline, in either order, right after the title.
    for _ in range(2):
        if i >= len(lines):
            break
        line = lines[i].strip()
        if not byline and (parsed := parse_byline(line)):
            byline, stated = parsed
            if stated and dateline is None:
                dateline, dateline_text = stated, line
        elif dateline is None and (stated := parse_dateline(line)):
            dateline, dateline_text = stated, line
        else:
            break
        i = _next_content(lines, i + 1)
    paragraphs = _split_blocks(lines[i:])
    note_authors: tuple[str, ...] = ()
    author_note = None
    if len(paragraphs) > 1 and (named := parse_author_note(paragraphs[-1])):
        note_authors, author_note = named, paragraphs.pop()
    return Structure(
        title=title,
        byline_authors=byline,
        dateline=dateline,
        dateline_text=dateline_text,
        paragraphs=tuple(paragraphs),
        note_authors=note_authors,
        author_note=author_note,
        debris=debris,
    )
