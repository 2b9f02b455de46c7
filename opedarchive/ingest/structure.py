"""Read the shape of a pasted essay: title line, byline, dateline, body paragraphs, trailing
author note and web debris. Pure functions over text; nothing here guesses a fact the text
does not state (an unnamed author stays unnamed)."""

from __future__ import annotations

import re

from ..core.dates import parse_dateline
from ..core.models import DateValue, Structure

# Lines that web pages leave after the text: navigation, sharing, teasers. Only short lines at
# the very end are dropped, and never one that ends like a sentence ("Subscribe to no ideology.").
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
# Headings of a page's teaser list ("Other reviews", then the titles of other articles): from
# such a heading near the end, everything after it is the list, not the essay.
_TEASER_HEADING = re.compile(
    r"^(?:other reviews|related(?: articles| stories| posts| reading)?|more from .{1,40}|read more|"
    r"you (?:may|might) also like|recommended(?: for you)?|most (?:read|popular)|popular(?: now)?)$",
    re.IGNORECASE,
)
_TEASER_MAX_LINES = 15
_TEASER_MAX_WORDS = 20
# A line that is nothing but this, anywhere in the text, is an ad slot, not the essay's words.
_AD_SLOT = re.compile(r"^(?:advertisement|advertisement\s*-\s*scroll to continue|sponsored)$", re.IGNORECASE)
_DEBRIS_MAX = 100
_SENTENCE_END = re.compile(r"(?<!\.\.)[.!?][\"'”’)\]]*$")


def _upper_class() -> str:
    """A regex class of every uppercase letter Python knows (Ł, Ş, Č, Б...): re has no \\p{Lu}."""
    ranges: list[list[int]] = []
    for code in range(0x2000):  # Latin, Greek, Cyrillic, Armenian, Georgian and their extensions
        if chr(code).isupper():
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    return "[" + "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges) + "]"


_UPPER = _upper_class()
# A name: capitalised words, initials, and the particles of many naming traditions.
_NAME_WORD = rf"(?:{_UPPER}[\w'’.-]*|(?:de|da|do|dos|das|del|della|di|du|van|von|der|den|la|le|bin|ibn|al|y|e)(?=\s))"
_NAME = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,5}}"
_HONORIFIC = re.compile(r"^(?:Dr|Prof|Professor|Mr|Mrs|Ms|Mx|Sir|Dame|Rev)\.?\s+(?=\S)")
# Words that open a description of someone's roles: they end the name that precedes them.
# Compared in the singular ("correspondents" -> "correspondent").
_ROLE_WORDS = frozenset(
    """president professor director senior fellow phd dr lecturer researcher research editor
    associate assistant chair chairman chairwoman founder co-founder ceo head member analyst
    journalist former ambassador minister coordinator executive deputy vice author writer
    correspondent columnist contributing visiting adjunct distinguished emeritus student
    candidate scholar dean adviser advisor expert secretary principal partner reporter
    staff lawyer attorney historian economist diplomat consultant general colonel
    retired special contributor""".split()
)
# Words that show a paragraph is about someone's work and affiliation: an author note has one.
# Broad role words ("former", "general", "president") are left out: an essay's last paragraph
# may well say "Putin is a former intelligence officer".
_BIO_HINTS = frozenset(
    """professor fellow phd lecturer researcher editor columnist correspondent journalist
    author writer analyst scholar candidate student dean adviser advisor contributor emeritus
    university institute institution center centre school association council foundation
    college academy department faculty program programme magazine newspaper journal
    think-tank""".split()
)
# An author note describes; an essay's closing paragraph argues. These words mark the latter.
_ARGUING = re.compile(r"\b(?:will|would|should|must|we|our|us|my|We|Our|My|I)\b")
_NOTE_VERB = re.compile(r"^(?:is|are|was|were|teaches|taught|writes|wrote|serves|served|has|holds|works|leads)\b")
_BYLINE = re.compile(r"^(?:by|written by|words by)\s+(.+)$", re.IGNORECASE)
_HEADING_MARK = re.compile(r"^#{1,6}\s+")
_SPLIT_NAMES = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)")
_MAX_TITLE_WORDS = 25
_MAX_NOTE_WORDS = 90
# A line this long inside a blank-line-separated block is a paragraph of its own, not a
# hard-wrapped line (wrapping happens at 72 to 80 characters).
_UNWRAPPED_LINE = 120


def _in_singular(word: str, vocabulary: frozenset[str]) -> bool:
    """Is the word, or its singular ("correspondents" -> "correspondent"), in the vocabulary?"""
    word = word.lower().strip(".,;:()")
    return word in vocabulary or (word.endswith("s") and word[:-1] in vocabulary)


def _is_role(word: str) -> bool:
    return _in_singular(word, _ROLE_WORDS)


def _is_name(text: str, single_word_ok: bool) -> bool:
    if not re.fullmatch(_NAME, text):
        return False
    words = text.split()
    if any(_is_role(w) for w in words):
        return False
    return single_word_ok or len(words) >= 2


def _names(text: str, single_word_ok: bool) -> tuple[str, ...] | None:
    """'A, B and C' -> (A, B, C) when every part is a name; None otherwise."""
    parts = [p.strip() for p in _SPLIT_NAMES.split(text.strip()) if p.strip()]
    if parts and all(_is_name(p, single_word_ok) for p in parts):
        return tuple(parts)
    return None


def _split_trailing_date(text: str) -> tuple[str, DateValue | None]:
    """'Jane Doe, March 3, 2024' -> ('Jane Doe', March 3, 2024): the leftmost split whose tail
    is a whole date."""
    for m in re.finditer(r"\s+(?:\||—|–|-|·|on)\s+|,\s+", text):
        if parsed := parse_dateline(text[m.end() :]):
            return text[: m.start()].strip(), parsed
    return text, None


def parse_byline(line: str) -> tuple[tuple[str, ...], DateValue | None] | None:
    """'By Jane Doe and John Roe | March 3, 2024' -> names and the date, or None."""
    m = _BYLINE.match(line.strip())
    if not m or len(line.split()) > 20:
        return None
    rest, when = _split_trailing_date(m.group(1).strip())
    # "By Jane Doe, Staff Writer", "By Jane Doe, Special to The Times": keep the names only.
    parts = [p for p in rest.split(", ") if p]
    while len(parts) > 1 and _is_role(parts[-1].split()[0]):
        parts.pop()
    names = _names(", ".join(parts), single_word_ok=True)
    return (names, when) if names else None


def _is_title(line: str, has_more: bool) -> bool:
    words = line.split()
    ending = line.rstrip("\"'”’)]")
    return (
        has_more
        and 0 < len(words) <= _MAX_TITLE_WORDS
        and len(line) <= 200
        and not ending.endswith((".", ",", ";", ":"))
        and not _BYLINE.match(line)
        and parse_dateline(line) is None
    )


def parse_author_note(paragraph: str) -> tuple[str, ...] | None:
    """The authors named by a trailing note such as 'Jane Doe is a fellow at X.' or
    'Jane Doe, Professor at Y.' or 'Jane Doe President of Z.'; None when it is not one."""
    text = " ".join(paragraph.split())
    words = text.split()
    if not 3 <= len(words) <= _MAX_NOTE_WORDS or _ARGUING.search(text):
        return None
    if not any(_in_singular(w, _BIO_HINTS) for w in words[:30]):
        return None
    text = _HONORIFIC.sub("", text, count=1)  # "Dr. Jane Doe is..." names Jane Doe
    # Try the longest run of name-like words first, then shorter ones.
    m = re.match(rf"({_NAME}(?:(?:,\s*|\s+and\s+|\s*&\s*){_NAME})*)", text)
    if not m:
        return None
    run = m.group(1).split()
    for end in range(len(run), 1, -1):
        candidate = " ".join(run[:end])
        rest = text[len(candidate) :].lstrip()
        opens_bio = (
            rest.startswith((",", "(", "—", "–", "-", ":"))
            or bool(_NOTE_VERB.match(rest))
            or (bool(rest) and _is_role(rest.split(" ", 1)[0]))
        )
        if opens_bio and (names := _names(candidate.rstrip(","), single_word_ok=False)):
            return names
    return None


def _split_blocks(lines: list[str]) -> list[str]:
    """Lines -> paragraphs. Blank lines separate paragraphs; a text without any blank line
    (or a block of long unwrapped lines) has one paragraph per line."""
    if all(line.strip() for line in lines):
        return [line for line in lines if line.strip()]
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


def _cut_teaser_list(lines: list[str]) -> list[str]:
    """'Other reviews' and the article titles under it, at the end of the text."""
    content = [i for i, line in enumerate(lines) if line.strip()]
    for position in reversed(content[-_TEASER_MAX_LINES:]):
        if _TEASER_HEADING.match(lines[position].strip()):
            after = [lines[i].strip() for i in content if i > position]
            if all(len(t.split()) <= _TEASER_MAX_WORDS and not _SENTENCE_END.search(t) for t in after):
                return lines[:position]
    return lines


def _trim_debris(lines: list[str]) -> list[str]:
    """The lines without web debris: a teaser list, trailing share lines, ad slots."""
    lines = _cut_teaser_list(lines)
    while lines:
        last = lines[-1].strip()
        if last and not (len(last) <= _DEBRIS_MAX and _DEBRIS.match(last) and not _SENTENCE_END.search(last)):
            break
        lines.pop()
    return [line for line in lines if not _AD_SLOT.match(line.strip())]


def _next_content(lines: list[str], i: int) -> int:
    while i < len(lines) and not lines[i].strip():
        i += 1
    return i


def extract_structure(text: str) -> Structure:
    lines = _trim_debris(text.split("\n"))
    i = _next_content(lines, 0)
    title = None
    byline: tuple[str, ...] = ()
    dateline = None
    dateline_text = None
    if i < len(lines):
        # A title pasted from Markdown ("# Title") loses its heading mark, which is not a word.
        candidate = _HEADING_MARK.sub("", lines[i].strip())
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
    )
