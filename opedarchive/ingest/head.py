"""The top of a pasted page, before the essay's first paragraph: which line is the title, the
deck, the byline, the dateline, and which are the page's own (navigation, captions, kickers,
residue). Pure functions over numbered lines.

Two passes. First each line is tagged by small named rules, most reliable first (a line that
is word-processor residue is nothing else). Then the structure is decided from the tags: the
body starts at the first line that reads as a paragraph; the title is the last title-shaped
line before the byline (site names, taglines and section names come before it); a line
between the title and the byline is the deck. Nothing is guessed that the text does not state:
a line that fits no rule before the title is the page's, after it the essay's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core.models import DateValue
from .datelines import Dateline
from .line_rules import SENTENCE_END, TRUNCATED, Tag, name_with_role, tag_line
from .names import ORGANISATION_WORDS, has_organisation_word, is_organisation, names, proper_case

HEAD_LINES = 30  # the first screenful: a page's header never runs longer
# Lines tagged past the first paragraph-like one: a byline, a role, buttons and a dateline may
# follow a deck.
_LOOKAHEAD = 6

_TITLE_SUFFIX = re.compile(r"\s+(?:[|·]|[-–—]\s)\s*[^|–—·]{1,60}(?:\s+[|·]\s+[^|·]{1,60})?$")
_EDITORIAL_SUFFIX = re.compile(r"\s+[|]\s*(?:editorial|the editorial board|editorials)\s*$", re.IGNORECASE)
_LETTER_LABEL = re.compile(r"^(?:letters?|leserbrief|courrier des lecteurs|lettre)\s*:\s+(?=\S)", re.IGNORECASE)
_WIRE_LABEL = re.compile(r"^(?:COLUMN|ANALYSIS|OPINION|COMMENTARY|BREAKINGVIEWS|INSIGHT)-(?=\S)")
_MOTTO_SEPARATOR = re.compile(r"\s+[—–·|]\s+")
_HEADING_MARK = re.compile(r"^#{1,6}\s+")  # a title pasted from Markdown loses its mark
# Words a title in title case leaves in lower case ("The Long Road to the Alliance").
_TITLE_SMALL_WORDS = frozenset(
    """a an the and but or nor for so yet of to in on at by with from into onto over under
    about after before as than via vs per up out off""".split()
)
_ORG_CONNECTORS = frozenset("of for and the on in".split())


@dataclass
class Head:
    """What the top of the page says (pass two). Line numbers are 1-based, as editors show them."""

    body_start: int = 0  # index in the lines given of the first line of the essay's text
    title: str | None = None
    title_lines: list[int] = field(default_factory=list)
    subtitle: str | None = None
    subtitle_line: int | None = None
    authors: tuple[str, ...] = ()
    organisation: bool = False
    byline_lines: list[int] = field(default_factory=list)
    dateline: DateValue | None = None
    dateline_text: str | None = None
    dateline_note: str | None = None
    updated: DateValue | None = None
    dateline_lines: list[int] = field(default_factory=list)
    debris: list[tuple[int, str, str]] = field(default_factory=list)  # (line, kind, text)


# --- pass two: the structure of the head -------------------------------------------------


def _paragraph_like(text: str) -> bool:
    """A line that reads as the essay's first paragraph, not a heading or a caption."""
    words = len(text.split())
    return words >= 30 or (words >= 12 and bool(SENTENCE_END.search(text)))


def strip_title_suffix(text: str) -> tuple[str, bool]:
    """'Title - The Example Review | News and Politics' -> 'Title'; 'Title | Editorial' ->
    ('Title', True: an unsigned editorial). A motto line 'Institute — Motto — Title' keeps its
    last part."""
    text = _LETTER_LABEL.sub("", text)  # "Letter: Sanctions are slow, but they are working"
    text = _WIRE_LABEL.sub("", text)  # "COLUMN-The grain corridor is worth more than Moscow's veto"
    if _EDITORIAL_SUFFIX.search(text):
        return _EDITORIAL_SUFFIX.sub("", text).strip(), True
    parts = _MOTTO_SEPARATOR.split(text)
    # Only when the line starts with an institution's name: "Why NATO Matters · Opinion · The
    # Daily Example" is a title followed by the page's section and name.
    if len(parts) >= 3 and all(p.strip() for p in parts) and is_organisation(parts[0].strip()):
        return parts[-1].strip(), False
    run_on = _title_after_motto(text)
    if run_on:
        return run_on, False
    m = _TITLE_SUFFIX.search(text)
    if m and len(text[: m.start()].split()) >= 3:
        suffix = text[m.start() :].strip(" |-–—·")
        # The suffix is a site's or a section's name: short, capitalised, no sentence.
        if len(suffix.split()) <= 8 and suffix[:1].isupper() and not SENTENCE_END.search(suffix):
            return text[: m.start()].strip(), False
    return text, False


def _title_after_motto(text: str) -> str | None:
    """'Caspian Studies Centre Understanding the region since 1996 The Long Shadow of the North
    Caucasus Insurgency' -> the title at its end: a page's header scraped as one line, without
    the separators the page drew. Only in that exact shape: an institution's name (capitalised
    words ending in Institute, Centre, Council...), its motto in sentence case (a capitalised
    word, then two or more in lower case, the last not a small word), then a title in title case of three words or more.
    Anything else keeps the whole line: a title cut wrongly is worse than one left long."""
    words = text.split()
    name_end = next(
        (
            k
            for k in range(2, min(len(words), 7) + 1)
            if words[k - 1].lower() in ORGANISATION_WORDS
            and all(w[:1].isupper() or w in _ORG_CONNECTORS for w in words[:k])
            and words[0][:1].isupper()
        ),
        None,
    )
    if name_end is None:
        return None
    # "Elbe Forum for International Security Thinking ahead since 2004": the name goes on with
    # "for"/"of" and capitalised words; the motto starts with the last of them before its first
    # word in lower case.
    after = name_end
    while after + 1 < len(words) and words[after] in ("for", "of", "on") and words[after + 1][:1].isupper():
        after += 1
        while after < len(words) and words[after][:1].isupper():
            after += 1
        name_end = after - 1
    if name_end >= len(words) or not words[name_end][:1].isupper():
        return None
    title_start = next((j for j in range(name_end + 1, len(words)) if not _lower_word(words[j])), len(words))
    motto = words[name_end + 1 : title_start]
    title = words[title_start:]
    # A motto ends on a word that carries meaning ("societies", "1996"); a headline in sentence
    # case that runs into capitals ("Releases report on the Future of Cities") does not.
    if len(motto) < 3 or motto[-1].lower() in _TITLE_SMALL_WORDS or len(title) < 3:
        return None
    if not any(len(w) >= 4 and w.isalpha() for w in motto[1:]):
        return None
    if not all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _TITLE_SMALL_WORDS for w in title):
        return None
    return " ".join(title)


def _lower_word(word: str) -> bool:
    """A word of a sentence-case motto after its first: lower case, or a number ("since 1996")."""
    return word[:1].islower() or word.strip(".,;:").isdigit()


def _same_title(candidate: str, title: str) -> bool:
    """A repeat of the title (the page's header and the article both scraped), maybe cut."""
    stripped, _ = strip_title_suffix(candidate)
    if stripped == title or candidate.endswith(f": {title}"):  # "Subject: Issue #147: <title>"
        return True
    cut = TRUNCATED.sub("", stripped)
    return cut != stripped and len(cut.split()) >= 3 and title.startswith(cut)


def read_head(lines: list[tuple[int, str]], order: str | None = None, wrapped: frozenset[int] = frozenset()) -> Head:
    """lines: (line number, text) of the page's non-blank lines (or hard-wrapped paragraphs, by
    their first line's number: `wrapped`), in order."""
    window = lines[:HEAD_LINES]
    tags = _tags(window, order, wrapped)
    window = window[: len(tags)]
    _settle_weak_residue(tags)
    _settle_captions(tags, window)
    _settle_header_dates(tags, window)
    head = Head()
    body = _body_start(window, tags)
    head.body_start = body
    if body == 0:
        return head
    title_at = _title_index(window, tags, body)
    editorial = False
    if title_at is not None:
        head.title, editorial = strip_title_suffix(_HEADING_MARK.sub("", window[title_at][1]))
        head.title_lines.append(window[title_at][0])
        deck_at = next((j for j in range(title_at + 1, body) if tags[j].kind != "chrome"), None)
        if deck_at is not None and tags[deck_at].kind == "titlelike" and _deck_under(window[deck_at][1], head.title):
            head.subtitle, head.subtitle_line = window[deck_at][1], window[deck_at][0]
    anchors = [i for i in range(body) if tags[i].kind in ("byline", "dateline", "credit")]
    # A byline that says so ("By Olena Kravets") outranks a line that only looks like one: a
    # caption naming a person with a role ("Alexander Lukashenko, president of Belarus, at a
    # meeting in Minsk") above it is the photo's, not the essay's.
    stated = [tags[i] for i in range(body) if tags[i].kind in ("byline", "credit") and not tags[i].weak]
    # A date above the site's name and the title, when the essay's own dateline follows the
    # title, is the masthead's (today's date on the page), not the essay's.
    masthead_dates = set()
    if title_at is not None and any(_publication_date(tags[i]) for i in range(title_at + 1, body)):
        masthead_dates = {i for i in range(title_at) if _publication_date(tags[i])}
    for i, ((number, text), tag) in enumerate(zip(window[:body], tags[:body], strict=True)):
        if i == title_at or number == head.subtitle_line:
            continue
        # A deck sits between the title and a byline or dateline; elsewhere a sentence is text.
        deck_possible = title_at is not None and title_at < i < (anchors[-1] if anchors else -1)
        if i in masthead_dates:
            head.debris.append((number, "masthead date", text))
            continue
        if stated and tag.kind == "byline" and tag.weak:
            if set(tag.authors) <= {name for t in stated for name in t.authors}:
                head.byline_lines.append(number)  # the same author again, with a role
            else:
                head.debris.append((number, "caption", text))
            continue
        _place(head, i, number, text, tag, title_at, deck_possible)
    for name in head.authors:  # "COLUMN-The grain corridor is worth more than Moscow's veto: Sandra Kowalczyk"
        if head.title and head.title.endswith(f": {name}") and len(head.title) > len(name) + 10:
            head.title = head.title[: -len(name) - 2].rstrip()
    if editorial and not head.authors:
        head.organisation = True  # "| Editorial": unsigned; the outlet's name comes from a credit, if any
    return head


def _tags(window: list[tuple[int, str]], order: str | None, wrapped: frozenset[int]) -> list[Tag]:
    """Pass one over the head, stopping a few lines after the first paragraph-like line: the
    essay's body needs no tags, and most of a page is body. A hard-wrapped paragraph is text,
    never a title or a byline: its lines run on."""
    tags: list[Tag] = []
    stop = len(window)
    for i, (number, text) in enumerate(window):
        if i >= stop:
            break
        tags.append(Tag("text") if number in wrapped else tag_line(text, order))
        if stop == len(window) and tags[-1].kind in ("text", "titlelike") and _paragraph_like(text):
            stop = min(len(window), i + 1 + _LOOKAHEAD)
    return tags


_PHOTO_CREDIT = re.compile(r"^(?:photo|photograph|picture|image|credit|foto|bild|фото)\b", re.IGNORECASE)


def _settle_captions(tags: list[Tag], window: list[tuple[int, str]]) -> None:
    """A sentence over a photo's credit line ("Photo: Henrik Lund / Example Images") is the
    photo's caption, not the essay's first paragraph."""
    for i in range(len(tags) - 1):
        if tags[i].kind == "text" and tags[i + 1].kind == "caption" and _PHOTO_CREDIT.match(window[i + 1][1]):
            tags[i] = Tag("caption")


def _settle_header_dates(tags: list[Tag], window: list[tuple[int, str]]) -> None:
    """Today's date in the site's header ("Friday 26 May 2017" over the menus) is not the essay's:
    when a later publication date sits by the byline (or the author's name line), an earlier one
    is the header's."""
    first_paragraph = next(
        (i for i, tag in enumerate(tags) if tag.kind == "text" and _paragraph_like(window[i][1])), len(tags)
    )
    dates = [i for i, tag in enumerate(tags[:first_paragraph]) if _publication_date(tag)]
    if len(dates) < 2:
        return
    by_author = [
        i for i in dates if any(tags[j].kind == "byline" or _name_only(window[j][1]) for j in range(max(0, i - 2), i))
    ]
    if by_author:
        for i in dates:
            if i < by_author[-1]:
                tags[i] = Tag("chrome")


def _settle_weak_residue(tags: list[Tag]) -> None:
    """A bare number or 'Normal' is residue only in a run of three or more residue lines."""
    kinds = [t.kind for t in tags]
    for i, kind in enumerate(kinds):
        if kind != "weak-residue":
            continue
        start = end = i
        while start > 0 and kinds[start - 1] in ("residue", "weak-residue"):
            start -= 1
        while end + 1 < len(kinds) and kinds[end + 1] in ("residue", "weak-residue"):
            end += 1
        tags[i] = Tag("residue") if end - start >= 2 else Tag("text")


def _body_start(window: list[tuple[int, str]], tags: list[Tag]) -> int:
    """The index of the essay's first line, or 0 when the page has no head.

    A line no rule claims is the essay's first line when it reads as a paragraph, or when it is
    a sentence after the title or a byline, or a sentence with no title ahead of it. Before a
    byline or dateline (within three lines) a sentence is a caption or the deck; a title-shaped
    line right before a byline is the title even after a dateline ("June 2, 2003" above it)."""
    anchored = title_seen = False
    for i, ((_, text), tag) in enumerate(zip(window, tags, strict=True)):
        if tag.kind in ("byline", "dateline", "credit"):
            anchored = True
            continue
        if tag.kind not in ("text", "titlelike"):
            continue
        before_anchor = not anchored and len(text.split()) <= 45 and _anchor_follows(tags, i, 3)
        if before_anchor:
            title_seen = title_seen or tag.kind == "titlelike"
            continue
        if _paragraph_like(text):
            return i
        bylineish = _name_only(text) or name_with_role(text)
        if tag.kind == "text" and not bylineish and (title_seen or anchored or not _title_follows(tags, i, 3)):
            return i
        title_before_byline = _anchor_follows(tags, i, 2, bylines_only=True)
        # A blog's date header, then the post's title, then its text: the title is the line
        # under the date, not the text's first line.
        above = next((t for t in reversed(tags[:i]) if t.kind not in ("caption", "chrome")), None)
        title_under_date = (
            above is not None
            and above.kind == "dateline"
            and i + 1 < len(tags)
            and (tags[i + 1].kind == "text" or _name_only(window[i + 1][1]))
        )
        if (
            tag.kind == "titlelike"
            and anchored
            and title_seen
            and not (bylineish or title_before_byline or title_under_date)
        ):
            return i
        title_seen = title_seen or tag.kind == "titlelike"
    return 0 if not any(t.kind in ("byline", "dateline", "credit") for t in tags) else len(window)


def _title_follows(tags: list[Tag], i: int, within: int) -> bool:
    return any(t.kind == "titlelike" for t in tags[i + 1 : i + 1 + within])


def _anchor_follows(tags: list[Tag], i: int, within: int, bylines_only: bool = False) -> bool:
    """A byline (or dateline) within the next `within` lines."""
    kinds = ("byline", "credit") if bylines_only else ("byline", "dateline", "credit")
    # Buttons and reading times between them ("Follow", "7 min read", "·") do not count.
    following = [t for t in tags[i + 1 :] if t.kind != "chrome"][:within]
    return any(t.kind in kinds for t in following)


def _title_index(window: list[tuple[int, str]], tags: list[Tag], body: int) -> int | None:
    """The title: the last title-shaped line before the first byline (or, without one, before
    the essay's text); earlier ones are the site's name, its tagline, a section."""
    first_byline = next((i for i in range(body) if tags[i].kind in ("byline", "credit")), body)
    candidates = [i for i in range(first_byline) if tags[i].kind == "titlelike"]
    if not candidates:
        # The byline above the title ("Katrin Vollmer / 30.08.2024 / 07:45" then the title): the
        # first title-shaped line after it, if it is no one's name and more than a label.
        after = (i for i in range(first_byline + 1, body) if tags[i].kind == "titlelike")
        return next((i for i in after if not _name_only(window[i][1]) and len(window[i][1].split()) >= 3), None)
    # A line between the title and the byline that is a sentence is the deck: the title is
    # the title-shaped line before it. Name-only lines after the title are the byline
    # ("Elena Vasquez", maybe twice).
    position = len(candidates) - 1
    while position > 0 and _name_only(window[candidates[position]][1]):
        position -= 1
    title = candidates[position]
    # A deck without a full stop is title-shaped too: the title is the shorter line above it,
    # unless that one is the page's first line (the site's name, as often as not).
    above = candidates[position - 1] if position > 0 else None
    only_chrome_between = bool(above) and all(tags[j].kind == "chrome" for j in range(above + 1, title))
    if only_chrome_between and _deck_under(window[title][1], window[above][1]):
        title = above
    cut = TRUNCATED.sub("", window[title][1])
    if cut != window[title][1]:  # "Brussels Must Protect Its Own...": the full one is earlier
        for other in candidates:
            full, _ = strip_title_suffix(window[other][1])
            if other != title and full.startswith(cut) and full != cut:
                return other
    return title


def _deck_under(line: str, above: str) -> bool:
    """Whether `line` reads as the deck under the title `above`: much longer, in sentence case
    (a title in title case is no deck), under a line of four words or more that is no site's name."""
    words, title_words = line.split(), above.split()
    lower = [w for w in words[1:] if len(w) >= 4 and w[:1].islower()]
    return (
        len(title_words) >= 4
        and len(words) >= 8
        and len(words) >= 1.4 * len(title_words)
        and len(lower) >= 2
        and not has_organisation_word(title_words)
        and not _name_only(above)
    )


def _about_an_author(text: str, authors: tuple[str, ...]) -> bool:
    """'Elena Vasquez' a second time, or 'Abdirahman Warsame is a researcher …' under the byline."""
    return any(text == name or text.startswith((f"{name} is ", f"{name}, ")) for name in authors)


def _publication_date(tag: Tag) -> bool:
    return tag.kind == "dateline" and tag.dateline is not None and not tag.dateline.updated


def _name_only(text: str) -> bool:
    """A line that is only a person's name. Not a sentence: "Consider Mariupol." is two
    capitalised words, and the essay's first line ("Jr." and initials may end a name)."""
    last = text.split()[-1] if text.split() else ""
    if text.endswith(".") and len(last.rstrip(".")) > 3:
        return False
    return bool(names(proper_case(text))) and len(text.split()) <= 6


def _place(head: Head, i: int, number: int, text: str, tag: Tag, title_at: int | None, deck_possible: bool) -> None:
    """Pass two for one line of the head other than the title."""
    after_title = title_at is not None and i > title_at
    if tag.kind == "dateline" and tag.dateline:
        _dateline(head, number, text, tag.dateline)
    elif tag.kind in ("byline", "credit") and not head.authors and (after_title or not tag.weak):
        head.authors, head.organisation = tag.authors, tag.organisation
        head.byline_lines.append(number)
        if tag.dateline and head.dateline is None and not tag.dateline.updated:
            head.dateline, head.dateline_text, head.dateline_note = tag.dateline.value, text, tag.dateline.note
    elif tag.kind == "role" and after_title:
        head.byline_lines.append(number)  # "Columnist" under the byline; "Interview by …"
    elif after_title and head.authors and _about_an_author(text, head.authors):
        head.byline_lines.append(number)  # the author again, or a line of bio under the byline
    elif head.title and _same_title(text, head.title):
        head.title_lines.append(number)  # the title again: metadata, not debris
    elif after_title and not head.authors and (name := name_with_role(text) or _name_from_line(text)):
        head.authors = (name,)
        head.byline_lines.append(number)
    elif deck_possible and head.subtitle is None and not head.byline_lines and tag.kind in ("text", "titlelike"):
        head.subtitle, head.subtitle_line = text, number
    else:
        kind = {"text": "page", "titlelike": "page", "role": "page", "weak-residue": "residue"}.get(tag.kind, tag.kind)
        head.debris.append((number, kind, text))


def _name_from_line(text: str) -> str | None:
    """A line that is only a person's name (after the title, beside the dateline)."""
    return proper_case(text) if _name_only(text) else None


def _dateline(head: Head, number: int, text: str, dateline: Dateline) -> None:
    if dateline.updated:
        head.updated = head.updated or dateline.value
    elif head.dateline is None and head.dateline_note is None:
        head.dateline, head.dateline_text, head.dateline_note = dateline.value, text, dateline.note
    else:
        head.debris.append((number, "dateline", text))  # a second publication date: listed, not used
        return
    head.dateline_lines.append(number)
