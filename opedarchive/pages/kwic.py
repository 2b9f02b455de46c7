"""Keyword in context: the sentence around the words where an essay refers to an event.

Event pages quote it, so a reader sees how each essay uses the event before following the link
to its paragraph. Long sentences are cut to a window of words around the match, with "…".
"""

from __future__ import annotations

import re

from ..core.models import EventMention, Quote

WORDS_EACH_SIDE = 18
# A sentence ends at . ! or ? (maybe followed by closing quotes or brackets) and a space...
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+")
# ...unless the period closes a title or abbreviation that a name or number follows ("Dr.", "St.",
# "Jan."), an initial or a dotted abbreviation, or the next word is lowercase. Words that often end
# a sentence ("no.", "etc.", "Inc.", "Jr.") are not listed: a capital after them starts a sentence.
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof st mt ft gen col lt sgt capt gov sen rep pres rev vs approx dept univ
    jan feb mar apr jun jul aug sep sept oct nov dec""".split()
)
_LAST_WORD = re.compile(r"[\w.]*\Z")


def _ends_sentence(text: str, m: re.Match[str]) -> bool:
    if m.end() < len(text) and text[m.end()].islower():
        return False  # "approx. five", "... then"
    if text[m.start()] != ".":
        return True
    word = _LAST_WORD.search(text, max(0, m.start() - 20), m.start()).group(0).casefold()
    # "St.", "Dr.", an initial ("Nikolas K."), a dotted abbreviation ("U.S.", "e.g.")
    return not (word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()) or "." in word)


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    begin = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        if _ends_sentence(text, m):
            begin = m.end()
    for m in _SENTENCE_END.finditer(text, end):
        if _ends_sentence(text, m):
            return begin, m.start() + len(m.group(0).rstrip())
    return begin, len(text)


def _clip_left(text: str, words: int) -> str:
    parts = text.split()
    if len(parts) <= words:
        return " ".join(parts) + (" " if text[-1:].isspace() else "")
    return "… " + " ".join(parts[-words:]) + (" " if text[-1:].isspace() else "")


def _clip_right(text: str, words: int) -> str:
    parts = text.split()
    if len(parts) <= words:
        return (" " if text[:1].isspace() else "") + " ".join(parts)
    return (" " if text[:1].isspace() else "") + " ".join(parts[:words]) + " …"


def quote(mention: EventMention, paragraphs: tuple[str, ...], title: str) -> Quote:
    """mention.paragraph is an index into `paragraphs`, or -1 for the title."""
    text = title if mention.paragraph < 0 else paragraphs[mention.paragraph]
    start, end = mention.start, mention.start + len(mention.text)
    begin, finish = _sentence_bounds(text, start, end)
    return Quote(
        event_id=mention.event_id,
        paragraph=mention.paragraph + 1,
        before=_clip_left(text[begin:start], WORDS_EACH_SIDE),
        match=" ".join(text[start:end].split()),
        after=_clip_right(text[end:finish], WORDS_EACH_SIDE),
    )
