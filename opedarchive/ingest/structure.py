"""Read the shape of a pasted essay: the page's head (title, deck, byline, dateline), the body
paragraphs, the trailing author note or editorial credit, and the page's own lines around them
(navigation, captions, comments, residue), each listed with its line number.

Pure functions over text; nothing here guesses a fact the text does not state (an unnamed author
stays unnamed), and nothing is dropped without being listed: every non-blank line of the source
is a paragraph's, a metadata field's, or listed debris.
"""

from __future__ import annotations

import re

from ..core.models import Debris, Structure
from .datelines import read_dateline
from .head import Head, read_head
from .line_rules import title_shaped
from .names import HONORIFIC, NAME, in_singular, is_role, names
from .tail import Tail, read_tail

# A line that is nothing but this, anywhere in the text, is an ad slot, not the essay's words.
_AD_SLOT = re.compile(r"^(?:advertisement|advertisement\s*-\s*scroll to continue|sponsored)$", re.IGNORECASE)
_HEADING_MARK = re.compile(r"^#{1,6}\s+")
# Words that show a paragraph is about someone's work and affiliation: an author note has one.
# Broad role words ("former", "general", "president") are left out: an essay's last paragraph
# may well say "Putin is a former intelligence officer".
_BIO_HINTS = frozenset(
    """professor fellow phd lecturer researcher editor columnist correspondent journalist
    author writer analyst scholar candidate student dean adviser advisor contributor emeritus
    university institute institution center centre school association council foundation
    college academy department faculty program programme magazine newspaper journal
    think-tank historian economist sociologist scientist strategist commentator novelist consultant""".split()
)
# An author note describes; an essay's closing paragraph argues. These words mark the latter.
_ARGUING = re.compile(r"\b(?:will|would|should|must|we|our|us|my|We|Our|My|I)\b")
_NOTE_VERB = re.compile(r"^(?:is|are|was|were|teaches|taught|writes|wrote|serves|served|has|holds|works|leads)\b")
_MAX_NOTE_WORDS = 90
# A line this long inside a blank-line-separated block is a paragraph of its own, not a
# hard-wrapped line (wrapping happens at 72 to 80 characters).
_UNWRAPPED_LINE = 120
_NAME_COMMA = re.compile(rf"^({NAME}),$")
_WRAP_MIN = 45  # characters: a line of a hard-wrapped paragraph (wrapping happens at 72 to 80)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")


def parse_author_note(paragraph: str) -> tuple[str, ...] | None:
    """The authors named by a trailing note such as 'Jane Doe is a fellow at X.' or
    'Jane Doe, Professor at Y.' or 'Jane Doe President of Z.'; None when it is not one."""
    text = " ".join(paragraph.split())
    words = text.split()
    if not 3 <= len(words) <= _MAX_NOTE_WORDS or _ARGUING.search(text):
        return None
    if not any(in_singular(w, _BIO_HINTS) for w in words[:30]):
        return None
    text = HONORIFIC.sub("", text, count=1)  # "Dr. Jane Doe is..." names Jane Doe
    # Try the longest run of name-like words first, then shorter ones.
    m = re.match(rf"({NAME}(?:(?:,\s*|\s+and\s+|\s*&\s*){NAME})*)", text)
    if not m:
        return None
    run = m.group(1).split()
    for end in range(len(run), 1, -1):
        candidate = " ".join(run[:end])
        rest = text[len(candidate) :].lstrip()
        opens_bio = (
            rest.startswith((",", "(", "—", "–", "-", ":"))
            or bool(_NOTE_VERB.match(rest))
            or (bool(rest) and is_role(rest.split(" ", 1)[0]))
        )
        if opens_bio and (found := names(candidate.rstrip(","))):
            return found
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


def _fallback_title(content: list[tuple[int, str]]) -> Head:
    """A page with no head the rules recognise: a first line shaped like a title, followed by
    more text, is the title (the archive's oldest rule)."""
    head = Head()
    if len(content) > 1:
        candidate = _HEADING_MARK.sub("", content[0][1])
        if title_shaped(candidate):
            head.title, head.title_lines, head.body_start = candidate, [content[0][0]], 1
    return head


def _trailing_note(paragraphs: list[str]) -> tuple[tuple[str, ...], str | None, int]:
    """The authors and text of a trailing author note, and how many paragraphs it took: one
    ('Jane Doe is a fellow at X.') or two ('Ana M. Lopez,' then 'a contributing editor…')."""
    if len(paragraphs) > 2 and _NAME_COMMA.match(paragraphs[-2].strip()) and paragraphs[-1][:1].islower():
        joined = f"{paragraphs[-2].strip()} {paragraphs[-1].strip()}"
        if named := parse_author_note(joined):
            return named, f"{paragraphs[-2]}\n{paragraphs[-1]}", 2
    if len(paragraphs) > 1 and (named := _notes(paragraphs[-1])):
        return named, paragraphs[-1], 1
    return (), None, 0


def _notes(paragraph: str) -> tuple[str, ...] | None:
    """The authors of a note, or of one note per line ('Tomasz Wierzbicki, a former …, is a
    senior fellow at …' then 'Ana Ruiz Cabello is a professor …'): every line must be one."""
    lines = [line for line in paragraph.split("\n") if line.strip()]
    if len(lines) > 1:
        each = [parse_author_note(line) for line in lines]
        if all(each):
            return tuple(dict.fromkeys(name for named in each if named for name in named))
    return parse_author_note(paragraph)


def _units(raw_lines: list[str]) -> list[tuple[int, str, tuple[int, ...], bool]]:
    """The text as the head and tail rules read it: (first line, text, line numbers, wrapped). A
    line is a unit of its own, except in a hard-wrapped paragraph (a block of long lines that
    run on), which is one unit: a wrapped line alone is no heading, byline or caption; and a
    title set on two lines, which is one unit too, but not a wrapped one."""
    units: list[tuple[int, str, tuple[int, ...], bool]] = []
    block: list[int] = []

    def flush() -> None:
        broken_title = len(block) > 1 and _broken_title(raw_lines, block)
        wrapped = len(block) > 1 and not broken_title and _wrapped(raw_lines, block)
        if wrapped or broken_title:
            text = " ".join(raw_lines[n - 1].strip() for n in block)
            units.append((block[0], text, tuple(block), wrapped))
        else:
            units.extend((n, raw_lines[n - 1].strip(), (n,), False) for n in block)
        block.clear()

    for number, line in enumerate(raw_lines, start=1):
        if line.strip():
            block.append(number)
        else:
            flush()
    flush()
    return units


# Words a title broken over two lines ends its first line with.
_RUNS_ON = re.compile(r"(?:\b(?:for|of|the|and|to|in|on|a|an|with|from|after|before|against|over|at|by)|:)$")


def _broken_title(raw_lines: list[str], block: list[int]) -> bool:
    """A title set on two lines (a PDF's, a print page's): 'Kaliningrad After the War: Planning
    for' / 'an Exclave Under Pressure'. The first line runs on into the second."""
    if len(block) != 2:
        return False
    first, second = (raw_lines[n - 1].strip() for n in block)
    return (
        len(first.split()) >= 3
        and first[:1].isupper()
        and bool(_RUNS_ON.search(first))
        and len(first.split()) + len(second.split()) <= 20
        and not _SENTENCE_END.search(second)
        and title_shaped(f"{first} {second}")
    )


def _wrapped(raw_lines: list[str], block: list[int]) -> bool:
    """Lines that run on: every line but the last is long, and some line ends mid-sentence."""
    lines = [raw_lines[n - 1].strip() for n in block]
    return (
        all(len(line) >= _WRAP_MIN for line in lines[:-1])
        and any(not _SENTENCE_END.search(line) for line in lines[:-1])
        # A title with its dateline under it ("Mali's Junta Has Traded One Protector for
        # Another" / "Nov. 24, 2023") is two lines, not one paragraph.
        and not any(read_dateline(line) for line in lines[1:])
    )


def extract_structure(text: str, date_order: str | None = None) -> Structure:
    raw_lines = text.split("\n")
    units = _units(raw_lines)
    content = [(first, unit_text) for first, unit_text, _, _ in units]
    numbers = {first: lines for first, _, lines, _ in units}
    wrapped = frozenset(first for first, _, _, is_wrapped in units if is_wrapped)
    head = read_head(content, date_order, wrapped) if content else Head()
    if head.body_start == 0 and head.title is None and not head.authors and head.dateline is None:
        head = _fallback_title(content)
    tail: Tail = read_tail(content, head.body_start) if head.body_start < len(content) else Tail(len(content))
    debris = [
        Debris(n, kind, raw_lines[n - 1].strip())
        for first, kind, _ in head.debris + tail.debris
        for n in numbers[first]
    ]
    body_lines: list[str] = []
    if head.body_start < tail.end:
        first, last = content[head.body_start][0], numbers[content[tail.end - 1][0]][-1]
        for number in range(first, last + 1):
            line = raw_lines[number - 1]
            if _AD_SLOT.match(line.strip()):
                debris.append(Debris(number, "ad", line.strip()))
                continue
            body_lines.append(line)
    paragraphs = _split_blocks(body_lines)
    note_authors, author_note, note_size = _trailing_note(paragraphs)
    if note_size:
        del paragraphs[-note_size:]
    authors = head.authors
    organisation = head.organisation and bool(head.authors)
    if not authors and tail.organisation:
        authors, organisation = (tail.organisation,), True
    elif not authors and tail.signature:
        authors = (tail.signature,)
    metadata = [(n, "title") for first in head.title_lines for n in numbers[first]]
    metadata += [(n, "subtitle") for n in numbers.get(head.subtitle_line or 0, ())]
    metadata += [(n, "byline") for first in head.byline_lines for n in numbers[first]]
    metadata += [(n, "dateline") for first in head.dateline_lines for n in numbers[first]]
    metadata += [(tail.credit_line, "credit")] if tail.credit_line else []
    return Structure(
        title=head.title,
        byline_authors=authors,
        dateline=head.dateline,
        dateline_text=head.dateline_text,
        paragraphs=tuple(paragraphs),
        note_authors=note_authors,
        author_note=author_note,
        subtitle=head.subtitle,
        organisation=organisation,
        dateline_note=head.dateline_note,
        updated=head.updated,
        debris=tuple(sorted(debris, key=lambda d: d.line)),
        metadata_lines=tuple(sorted(metadata)),
    )
