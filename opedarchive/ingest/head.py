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
from .datelines import Dateline, read_dateline
from .names import NAME, UPPER, in_singular, is_organisation, is_role, names, proper_case

HEAD_LINES = 30  # the first screenful: a page's header never runs longer
_LONG_LINE = 300  # characters
_LOOKAHEAD = 3  # lines tagged past the first paragraph-like one (a byline may follow a caption)
MAX_TITLE_WORDS = 25

# --- line rules: each says what one line is, or None --------------------------------------

_RESIDUE_STRONG = re.compile(
    r"""^(?:<[^>]{0,200}>|[\w:.-]+="[^"]*"\s*/?>|.*\bxmlns(?::\w+)?=|.*urn:schemas-microsoft-com
    |<!--.*|.*-->|\{\\rtf.*|mso-[\w-]+:.*)$""",
    re.IGNORECASE | re.VERBOSE,
)
# Alone, these could be anything; in a run of residue, they are a document's properties.
_RESIDUE_WEAK = re.compile(
    r"^(?:\d{1,6}|\d{4}-\d{2}-\d{2}T[\d:.]+Z?|normal|false|true|microsoft (?:office )?word.*|[\d.]+ ?(?:pt|cm|in))$",
    re.IGNORECASE,
)
_SKIP_LINK = re.compile(
    r"^(?:skip to|jump to|zum inhalt|zur navigation|direkt zum|aller au contenu|aller à la navigation|"
    r"перейти к|saltar al|vai al)",
    re.IGNORECASE,
)
_PROMPT = re.compile(
    r"^(?:get the latest (?:updates|news)|(?:allow|turn on|enable) (?:notifications|alerts)|"
    r"(?:subscribe|sign up)(?: now| today)?(?: to| for)? (?:our )?(?:newsletter|notifications|alerts)|"
    r"receive (?:notifications|alerts)|we(?:'d| would) like to send you|don't miss|never miss)",
    re.IGNORECASE,
)
_MENU_WORDS = frozenset(
    """home world politics business economy sports sport culture science tech technology menu
    search news latest video videos podcasts more login sign in log in register account
    international europe us uk africa asia americas middle east newsletters archive about""".split()
)
_CHROME_EXACT = re.compile(
    r"^(?:comments?\s*:?\s*\d+|(?:author|posted by|submitted by|posted|uploaded by)\s*:\s*@?[\w.-]+|"
    r"advertisement|advertising|sponsored(?: content)?|anzeige|publicité|реклама|"
    r"help using this website.*|accessibility(?: statement)?|cookie settings|print this page)$",
    re.IGNORECASE,
)
_CREDIT = re.compile(
    r"(?:^(?:photo|photograph|picture|image|illustration|credit|foto|bild|фото|crédit photo)\s*:|"
    r"\((?:via|photo|image|credit|foto|фото)\b[^)]*\)\s*$|"
    r"(?:/|—|–|-|\|)\s*(?:getty images|reuters|ap photo|afp|epa|tass|ria novosti|dpa|shutterstock)\s*\)?\s*$)",
    re.IGNORECASE,
)
_KICKER_WORDS = re.compile(
    r"^(?:opinion|op-ed|commentary|comment|analysis|editorial|column|perspective|viewpoint|essay|"
    r"meinung|kommentar|gastbeitrag|tribune|point de vue|éditorial|opinión|мнение|колонка|комментарий)$",
    re.IGNORECASE,
)
_LABEL_COLON = re.compile(r"^[^\s:]+(?:\s+[^\s:]+){0,2}\s*:$")  # "Sicherheit :", "Diplomacy:"
_SHOUTED_LABEL = re.compile(rf"^{UPPER}[{UPPER[1:-1]}\s&-]{{1,24}}:\s+\S")  # "DEBATE: Should NATO…"
_SEE_ALSO = re.compile(r"^(?:see also|read also|read more|also read|lire aussi|lesen sie auch|читайте также)\b", re.I)

_BYLINE = re.compile(r"^(?:by|written by|words by|von|par|por|di|автор)\s*:?\s+(.+)$", re.IGNORECASE)
_CREDIT_LINE = re.compile(r"^[-–—\s]*[—–-]\s*(.{2,80}?)\s*$")  # "- — The Daily Example"
_PIPE = re.compile(r"\s+[|•·]\s+")
_DATE_AFTER_NAMES = re.compile(r"\s+(?:\||—|–|·)\s+|,\s+(?=(?:\w+\s+){0,3}\d)")
_NAME_THEN_ROLE = re.compile(rf"^({NAME}),\s+(.{{2,100}})$")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")
_TITLE_SUFFIX = re.compile(r"\s+(?:[|]|[-–—]\s)\s*[^|–—]{1,60}(?:\s+[|]\s+[^|]{1,60})?$")
_EDITORIAL_SUFFIX = re.compile(r"\s+[|]\s*(?:editorial|the editorial board|editorials)\s*$", re.IGNORECASE)
_MOTTO_SEPARATOR = re.compile(r"\s+[—–]\s+")
_HEADING_MARK = re.compile(r"^#{1,6}\s+")  # a title pasted from Markdown loses its mark
_TRUNCATED = re.compile(r"\s*(?:\.\.\.|…)$")


@dataclass(frozen=True)
class Tag:
    """What one line of the head is, by the rules alone (pass one)."""

    kind: str  # residue | chrome | caption | kicker | dateline | byline | credit | titlelike | text
    authors: tuple[str, ...] = ()
    weak: bool = False  # a byline only after the title ("Jane Doe, Senior Fellow"; a list of names)
    organisation: bool = False
    dateline: Dateline | None = None


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


def _is_menu(text: str) -> bool:
    words = text.lower().replace("|", " ").split()
    return 0 < len(words) <= 4 and all(w in _MENU_WORDS for w in words)


def _is_chrome(text: str) -> bool:
    return bool(_SKIP_LINK.match(text) or _PROMPT.match(text) or _CHROME_EXACT.match(text)) or _is_menu(text)


def _is_kicker(text: str) -> bool:
    return bool(
        _KICKER_WORDS.match(text) or _LABEL_COLON.match(text) or _SHOUTED_LABEL.match(text) or _SEE_ALSO.match(text)
    )


def title_shaped(text: str) -> bool:
    words = text.split()
    ending = text.rstrip("\"'”’»)]")
    return (
        0 < len(words) <= MAX_TITLE_WORDS
        and len(text) <= 250
        and not ending.endswith((".", ",", ";", ":"))
        and not _SENTENCE_END.search(text.rstrip("?!"))  # "…" ends a cut-off line, not a title
    ) or bool(_TRUNCATED.search(text) and len(words) <= MAX_TITLE_WORDS)


def _byline(text: str) -> tuple[tuple[str, ...], bool, bool] | None:
    """(names, is an organisation, weak) for the byline shapes; a weak one counts only after
    the title, where a line of names is a byline and not, say, a list of countries."""
    if m := _BYLINE.match(text):
        rest = m.group(1).strip()
        rest = _DATE_AFTER_NAMES.split(rest, maxsplit=1)[0]  # "| March 3, 2024"
        parts = [p for p in rest.split(", ") if p]
        while len(parts) > 1 and is_role(parts[-1].split()[0]):  # "By Jane Doe, Staff Writer"
            parts.pop()
        rest = ", ".join(parts)
        if found := names(proper_case(rest), single_word_ok=True):
            return found, False, False
        if is_organisation(rest):  # "By: Meridian Editors"
            return (rest,), True, False
        return None
    pieces = _PIPE.split(text)
    if len(pieces) == 2 and text.upper() == text and (found := names(proper_case(pieces[0]))):
        return found, False, False  # "JANE Q. DOE | THE DOE LETTER"
    if len(text) <= 120 and (found := names(text)) and len(found) >= 2:  # "Jane Holloway, Marek Novak and Li Wei"
        return found, False, True
    if name := _name_with_role(text):  # "Ivan Petrov, ABC Affiliated Expert"
        return (name,), False, True
    return None


def _byline_date(text: str) -> Dateline | None:
    """The date a byline line also states: 'By Jane Doe | March 3, 2024'."""
    parts = _DATE_AFTER_NAMES.split(text, maxsplit=1)
    return read_dateline(parts[1]) if len(parts) == 2 else None


def _credit(text: str) -> str | None:
    """An unsigned editorial's credit: '- — The Daily Example', '— The Editorial Board'."""
    m = _CREDIT_LINE.match(text)
    if m and is_organisation(m.group(1)) and not names(m.group(1)):
        return m.group(1)
    return None


def tag_line(text: str, order: str | None) -> Tag:
    """Pass one: what the rules alone say of a line, most reliable rule first."""
    if len(text) > _LONG_LINE:  # a paragraph: no heading, byline or dateline is this long
        return Tag("text")
    if _RESIDUE_STRONG.match(text):
        return Tag("residue")
    if _RESIDUE_WEAK.match(text):
        return Tag("weak-residue")
    if _is_chrome(text):
        return Tag("chrome")
    if _CREDIT.search(text):
        return Tag("caption")
    if dateline := read_dateline(text, order):
        return Tag("dateline", dateline=dateline)
    if found := _byline(text):
        return Tag("byline", authors=found[0], organisation=found[1], weak=found[2], dateline=_byline_date(text))
    if organisation := _credit(text):
        return Tag("credit", authors=(organisation,), organisation=True)
    if _is_kicker(text):
        return Tag("kicker")
    if title_shaped(text):
        return Tag("titlelike")
    return Tag("text")


# --- pass two: the structure of the head -------------------------------------------------


def _paragraph_like(text: str) -> bool:
    """A line that reads as the essay's first paragraph, not a heading or a caption."""
    words = len(text.split())
    return words >= 30 or (words >= 12 and bool(_SENTENCE_END.search(text)))


def _name_with_role(text: str) -> str | None:
    """'Ivan Petrov, ABC Affiliated Expert' -> 'Ivan Petrov' (only right after a title)."""
    m = _NAME_THEN_ROLE.match(text)
    if not m or _SENTENCE_END.search(text):
        return None
    rest = m.group(2).split()
    if any(is_role(w) or in_singular(w, frozenset({"expert", "analyst"})) for w in rest) and names(m.group(1)):
        return proper_case(m.group(1))
    return None


def strip_title_suffix(text: str) -> tuple[str, bool]:
    """'Title - The Example Review | News and Politics' -> 'Title'; 'Title | Editorial' ->
    ('Title', True: an unsigned editorial). A motto line 'Institute — Motto — Title' keeps its
    last part."""
    if _EDITORIAL_SUFFIX.search(text):
        return _EDITORIAL_SUFFIX.sub("", text).strip(), True
    parts = _MOTTO_SEPARATOR.split(text)
    if len(parts) >= 3 and all(p.strip() for p in parts):
        return parts[-1].strip(), False
    m = _TITLE_SUFFIX.search(text)
    if m and len(text[: m.start()].split()) >= 3:
        suffix = text[m.start() :].strip(" |-–—")
        # The suffix is a site's or a section's name: short, capitalised, no sentence.
        if len(suffix.split()) <= 8 and suffix[:1].isupper() and not _SENTENCE_END.search(suffix):
            return text[: m.start()].strip(), False
    return text, False


def _same_title(candidate: str, title: str) -> bool:
    """A repeat of the title (the page's header and the article both scraped), maybe cut."""
    stripped, _ = strip_title_suffix(candidate)
    if stripped == title:
        return True
    cut = _TRUNCATED.sub("", stripped)
    return cut != stripped and len(cut.split()) >= 3 and title.startswith(cut)


def read_head(lines: list[tuple[int, str]], order: str | None = None) -> Head:
    """lines: (line number, text) of the page's non-blank lines, in order."""
    window = lines[:HEAD_LINES]
    tags = _tags(window, order)
    window = window[: len(tags)]
    _settle_weak_residue(tags)
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
    anchors = [i for i in range(body) if tags[i].kind in ("byline", "dateline", "credit")]
    for i, ((number, text), tag) in enumerate(zip(window[:body], tags[:body], strict=True)):
        if i == title_at:
            continue
        # A deck sits between the title and a byline or dateline; elsewhere a sentence is text.
        deck_possible = title_at is not None and title_at < i < (anchors[-1] if anchors else -1)
        _place(head, i, number, text, tag, title_at, deck_possible)
    if editorial and not head.authors:
        head.organisation = True  # "| Editorial": unsigned; the outlet's name comes from a credit, if any
    return head


def _tags(window: list[tuple[int, str]], order: str | None) -> list[Tag]:
    """Pass one over the head, stopping a few lines after the first paragraph-like line: the
    essay's body needs no tags, and most of a page is body."""
    tags: list[Tag] = []
    stop = len(window)
    for i, (_, text) in enumerate(window):
        if i >= stop:
            break
        tags.append(tag_line(text, order))
        if stop == len(window) and tags[-1].kind in ("text", "titlelike") and _paragraph_like(text):
            stop = min(len(window), i + 1 + _LOOKAHEAD)
    return tags


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
        bylineish = _name_only(text) or _name_with_role(text)
        if tag.kind == "text" and not bylineish and (title_seen or anchored or not _title_follows(tags, i, 3)):
            return i
        title_before_byline = _anchor_follows(tags, i, 2, bylines_only=True)
        if tag.kind == "titlelike" and anchored and title_seen and not bylineish and not title_before_byline:
            return i
        title_seen = title_seen or tag.kind == "titlelike"
    return 0 if not any(t.kind in ("byline", "dateline", "credit") for t in tags) else len(window)


def _title_follows(tags: list[Tag], i: int, within: int) -> bool:
    return any(t.kind == "titlelike" for t in tags[i + 1 : i + 1 + within])


def _anchor_follows(tags: list[Tag], i: int, within: int, bylines_only: bool = False) -> bool:
    """A byline (or dateline) within the next `within` lines."""
    kinds = ("byline", "credit") if bylines_only else ("byline", "dateline", "credit")
    return any(t.kind in kinds for t in tags[i + 1 : i + 1 + within])


def _title_index(window: list[tuple[int, str]], tags: list[Tag], body: int) -> int | None:
    """The title: the last title-shaped line before the first byline (or, without one, before
    the essay's text); earlier ones are the site's name, its tagline, a section."""
    first_byline = next((i for i in range(body) if tags[i].kind in ("byline", "credit")), body)
    candidates = [i for i in range(first_byline) if tags[i].kind == "titlelike"]
    if not candidates:
        return None
    # A line between the title and the byline that is a sentence is the deck: the title is
    # the title-shaped line before it. A name-only line after the title is a byline.
    title = candidates[-1]
    if _name_only(window[title][1]) and len(candidates) > 1:
        title = candidates[-2]
    cut = _TRUNCATED.sub("", window[title][1])
    if cut != window[title][1]:  # "Brussels Must Protect Its Own...": the full one is earlier
        for other in candidates:
            full, _ = strip_title_suffix(window[other][1])
            if other != title and full.startswith(cut) and full != cut:
                return other
    return title


def _name_only(text: str) -> bool:
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
    elif head.title and _same_title(text, head.title):
        head.title_lines.append(number)  # the title again: metadata, not debris
    elif after_title and not head.authors and (name := _name_with_role(text) or _name_from_line(text)):
        head.authors = (name,)
        head.byline_lines.append(number)
    elif deck_possible and head.subtitle is None and not head.byline_lines and tag.kind in ("text", "titlelike"):
        head.subtitle, head.subtitle_line = text, number
    else:
        kind = {"text": "page", "titlelike": "page", "weak-residue": "residue"}.get(tag.kind, tag.kind)
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
