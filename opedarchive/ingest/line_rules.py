"""Pass one of reading a page's head: what one line is by the rules alone, most reliable rule
first (word-processor residue, site chrome, captions and credits, datelines, bylines, an
editorial's credit, kickers, title shapes). Pure functions over one line of text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .datelines import Dateline, read_dateline
from .names import (
    HONORIFIC_WORD,
    NAME,
    UPPER,
    has_organisation_word,
    in_singular,
    is_organisation,
    is_role,
    names,
    proper_case,
)

MAX_TITLE_WORDS = 25
LONG_LINE = 300  # characters: a paragraph; no heading, byline or dateline is this long
TRUNCATED = re.compile(r"\s*(?:\.\.\.|…)$")  # a line cut short

# --- line rules: each says what one line is, or None --------------------------------------

_RESIDUE_STRONG = re.compile(
    r"""^(?:<[^>]{0,200}>|[\w:.-]+="[^"]*"\s*/?>|.*\bxmlns(?::\w+)?=|.*urn:schemas-microsoft-com
    |<!--.*|.*-->|\{\\rtf.*|\{?mso-[\w-]+:.*|/\*.*\*/|table\.Mso\w+|MicrosoftInternetExplorer\d
    |(?:font|margin|line-height|text-align|page)[\w-]*:[^;{}]{1,80};\}?)$""",
    re.IGNORECASE | re.VERBOSE,
)
# Alone, these could be anything; in a run of residue, they are a document's properties.
_RESIDUE_WEAK = re.compile(
    r"^(?:\d{1,6}|\d{4}-\d{2}-\d{2}T[\d:.]+Z?|normal|false|true|microsoft (?:office )?word.*|[\d.]+ ?(?:pt|cm|in)"
    r"|[a-z]{2}-[a-z]{2}|x-none)$",
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
    r"receive (?:notifications|alerts)|we(?:'d| would) like to send you|don't miss|never miss|"
    r"would you like to (?:receive|get|enable|turn on))",
    re.IGNORECASE,
)
_MENU_WORDS = frozenset(
    """home world politics business economy sports sport culture science tech technology menu
    search news latest video videos podcasts more login sign in log in register account
    international europe us uk africa asia americas middle east newsletters archive about
    startseite accueil inicio главная articles people learning jobs linkedin join now""".split()
)
_CHROME_EXACT = re.compile(
    r"^(?:comments?\s*:?\s*\d+|(?:author|posted by|submitted by|posted|uploaded by)\s*:\s*@?[\w.-]+|"
    r"advertisement|advertising|sponsored(?: content)?|anzeige|publicité|реклама|"
    r"help using this website.*|accessibility(?: statement)?|cookie settings|print this page|"
    # Buttons of a page's header: follow the author, listen, share, gift, the reading time.
    r"follow|listen|share|save|gift(?: this)? article|no thanks|not now|allow|sign in|write|close|"
    r"about the authors?|(?:source|quelle|источник|fuente)\s*:\s*.{1,80}|report this (?:article|post)|\+\s*follow|"
    # A forwarded newsletter's headers and frame.
    r"-+\s*forwarded message\s*-+|(?:from|to|cc|subject|reply-to|sent)\s*:.{0,200}|"
    r"view (?:this email|it) in (?:your|a) browser|issue\s*(?:no\.?\s*|#\s*)?\d{1,4}|"
    # Cookie banners, a post's categories, a weather strip, reading time and subscribers' labels.
    r"we use cookies.{0,250}|.{0,200}\buse of cookies\b.{0,100}|accept (?:all|cookies)|reject all|manage preferences|"
    r"categor(?:y|ies)\s*:.{1,200}|.{1,30}\s-?\d{1,2}\s?°\s?[CF]?|lecture \d{1,3} min\.?|"
    r"article réservé aux abonnés|offrir cet article|просмотров:?\s*\d+|listen\s*[·•]\s*\d{1,3}\s*min|"
    r"\d{1,3}\s*min(?:ute)?s?(?:\s+(?:read|listen))?|[·•]|-{2,}|no responses yet)$",
    re.IGNORECASE,
)
_CREDIT = re.compile(
    r"(?:^(?:photo|photograph|picture|image|illustration|credit|foto|bild|фото|crédit photo)\s*:|"
    r"\((?:via|photo|image|credit|foto|фото)\b[^)]*\)\s*$|"
    r"(?:/|—|–|-|\|)\s*(?:getty images|reuters|ap photo|afp|epa|tass|ria novosti|dpa|shutterstock)\s*\)?\s*$|"
    r"(?:^|[.|]\s*)(?:photograph|photo|photo credit|picture|image|credit|bild|foto)\s*:\s*[^.:]{2,60}$|"
    r"^(?:photograph|photo|photos|photography|illustration|image|video)s?\s+by\s+.{2,80}$|"
    r"^(?:headshot|portrait|photo|picture|image)\s+of\s+.{2,60}$|"
    r"\([^()]{2,60}/[^()]{2,60}\)\s*$)",
    re.IGNORECASE,
)
_KICKER_WORDS = re.compile(
    r"^(?:opinion|op-ed|commentary|comment|analysis|editorial|column|perspective|viewpoint|essay|"
    r"meinung|kommentar|gastbeitrag|tribune|tribuna|point de vue|éditorial|opinión|"
    r"мнение|колонка|комментарий)$",
    re.IGNORECASE,
)
_LABEL_COLON = re.compile(r"^[^\s:]+(?:\s+[^\s:]+){0,2}\s*:$")  # "Sicherheit :", "Diplomacy:"
_SHOUTED_LABEL = re.compile(rf"^{UPPER}[{UPPER[1:-1]}\s&-]{{1,24}}:\s+\S")  # "DEBATE: Should NATO…"
_SEE_ALSO = re.compile(r"^(?:see also|read also|read more|also read|lire aussi|lesen sie auch|читайте также)\b", re.I)

_BYLINE = re.compile(
    r"^(?:by|written by|words by|posted by|von|par|por|di|door|автор|"
    r"(?:ein\s+)?(?:gastbeitrag|kommentar|essay|meinungsbeitrag)\s+von|"
    r"(?:opinion|analysis|commentary|column|perspective|guest\s+(?:essay|column|post|commentary))\s+by)\s*:?\s+(.+)$",
    re.IGNORECASE,
)
_CREDIT_LINE = re.compile(r"^[-–—\s]*[—–-]\s*(.{2,80}?)\s*$")  # "- — The Daily Example"
_PIPE = re.compile(r"\s+[|•·]\s+")
_DATE_AFTER_NAMES = re.compile(r"\s+(?:\||—|–|·)\s+|,\s+(?=(?:\w+\s+){0,3}\d)|\s+-\s+(?=(?:[^\s\d]+\s+){0,3}\d)")
_SPECIAL_TO = re.compile(r"^(?:special to|for)\s+.{2,60}$|^(?:guest |opinion )?(?:contributor|columnist|writer)$", re.I)
# Credits that are not the author's: the interviewer's, the translator's.
_OTHER_CREDIT = re.compile(
    r"^(?:interview(?:ed)? by|as told to|translated(?: from the \w+)? by|übersetzt von|traduit (?:de l'\w+ )?par|"
    r"edited by|editing by)\s+.{2,80}$|^(?:collectif|tribune collective)$",
    re.IGNORECASE,
)
# "Posted on 30 August 2021 by Dr Miriam Achterberg": the date and the author on one line.
_POSTED_BY = re.compile(r"^(?:posted|published)(?:\s+on)?\s+(.{6,40}?)\s+by\s+(.{3,60})$", re.IGNORECASE)
# A page's line of facts about the essay, split by slashes: name / date / time / photo credit.
_SLASHES = re.compile(r"\s+/\s+")
# A breadcrumb trail: "Home › Opinion › Columns".
_BREADCRUMB = re.compile(
    r"^[^›»>]{1,30}(?:\s[›»>]\s[^›»>]{1,30}){1,5}$|^(?:home|startseite|accueil|inicio|главная)(?:\s/\s[^/]{1,30}){1,5}$",
    re.IGNORECASE,
)
# A name's honorific, dropped from a byline: "By Dr. Hamid Rezaei".
_BYLINE_HONORIFIC = re.compile(rf"(^|,\s*|\s+and\s+)(?:{HONORIFIC_WORD})+(?=\S)")
_NAME_THEN_ROLE = re.compile(rf"^({NAME}),\s+(.{{2,100}})$")
SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")
# A role followed by where or when the photo was taken: a caption, not a byline.
_CAPTION_TAIL = re.compile(
    r",\s+(?:at|in|on|during|after|before|as|with|while|speaks|speaking|arrives|attends)\s", re.IGNORECASE
)


@dataclass(frozen=True)
class Tag:
    """What one line of the head is, by the rules alone (pass one)."""

    kind: str  # residue | chrome | caption | kicker | dateline | byline | credit | role | titlelike | text
    authors: tuple[str, ...] = ()
    weak: bool = False  # a byline only after the title ("Jane Doe, Senior Fellow"; a list of names)
    organisation: bool = False
    dateline: Dateline | None = None


def _is_menu(text: str) -> bool:
    words = text.lower().replace("|", " ").split()
    return 0 < len(words) <= 4 and all(w in _MENU_WORDS for w in words)


def _is_chrome(text: str) -> bool:
    return bool(
        _SKIP_LINK.match(text) or _PROMPT.match(text) or _CHROME_EXACT.match(text) or _BREADCRUMB.match(text)
    ) or _is_menu(text)


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
        and not SENTENCE_END.search(text.rstrip("?!"))  # "…" ends a cut-off line, not a title
    ) or bool(TRUNCATED.search(text) and len(words) <= MAX_TITLE_WORDS)


def _byline(text: str) -> tuple[tuple[str, ...], bool, bool] | None:
    """(names, is an organisation, weak) for the byline shapes; a weak one counts only after
    the title, where a line of names is a byline and not, say, a list of countries."""
    if m := _BYLINE.match(text):
        rest = m.group(1).strip()
        rest = _DATE_AFTER_NAMES.split(rest, maxsplit=1)[0]  # "| March 3, 2024"
        parts = [p for p in rest.split(", ") if p]
        while len(parts) > 1 and _not_a_name_part(parts[-1]):  # "By Jane Doe, Staff Writer"
            parts.pop()
        rest = _BYLINE_HONORIFIC.sub(r"\1", ", ".join(parts))
        if found := names(proper_case(rest), single_word_ok=True):
            return found, False, False
        if is_organisation(rest) and has_organisation_word(rest.split()):
            # "By: Meridian Editors"; not "By Commentary Exchange", a syndicator's posting account
            return (rest,), True, False
        return None
    pieces = _PIPE.split(text)
    if len(pieces) == 2 and text.upper() == text and (found := names(proper_case(pieces[0]))):
        return found, False, False  # "JANE Q. DOE | THE DOE LETTER"
    if len(pieces) == 2 and (found := names(pieces[0])) and _SPECIAL_TO.match(pieces[1]):
        return found, False, False  # "Jon Lindahl | Special to the Tribune"
    pieces = _SLASHES.split(text)
    if len(pieces) >= 3 and (found := names(pieces[0])) and any(read_dateline(p) for p in pieces[1:]):
        return found, False, False  # "Katrin Vollmer / 30.08.2024 / 07:45 / Foto: Archiv / 12"
    if len(text) <= 120 and (found := names(text)) and len(found) >= 2:  # "Jane Holloway, Marek Novak and Li Wei"
        return found, False, True
    if name := name_with_role(text):  # "Ivan Petrov, ABC Affiliated Expert"
        return (name,), False, True
    return None


_ROLE_LINE_GLUE = frozenset("of and at the for in & und de du des la le et и".split())


def _is_role_line(text: str) -> bool:
    """A line that is only someone's role, under a byline: "Columnist", "Senior Fellow", or a
    profile's headline of roles: "Defence economist | Former NATO budget analyst | ..."."""
    pieces = _PIPE.split(text)
    if len(pieces) >= 3 and all(len(p.split()) <= 8 for p in pieces) and any(is_role(w) for w in pieces[0].split()):
        return True
    words = text.split()
    return 0 < len(words) <= 4 and is_role(words[0]) and all(is_role(w) or w.lower() in _ROLE_LINE_GLUE for w in words)


def _not_a_name_part(part: str) -> bool:
    """What follows the names in a byline: a role ("Staff Writer", "opinion contributors"), the
    outlet it was written for ("for The Harbour Gazette") or an affiliation ("University of
    Tromsø")."""
    words = part.split()
    if not words or len(words) > 8:
        return False
    if words[0].lower() == "for" or any(is_role(w) for w in words):
        return True
    return is_organisation(part) and not names(part)


def _byline_date(text: str) -> Dateline | None:
    """The date a byline line also states: 'By Jane Doe | March 3, 2024', 'Jane Doe / 30.08.2024 / 07:45'."""
    parts = _DATE_AFTER_NAMES.split(text, maxsplit=1)
    if len(parts) == 2:
        return read_dateline(parts[1])
    pieces = _SLASHES.split(text)
    return next((d for p in pieces[1:] if (d := read_dateline(p))), None) if len(pieces) >= 3 else None


def _credit(text: str) -> str | None:
    """An unsigned editorial's credit: '- — The Daily Example', '— The Editorial Board'."""
    m = _CREDIT_LINE.match(text)
    if m and is_organisation(m.group(1)) and not names(m.group(1)):
        return m.group(1)
    return None


def tag_line(text: str, order: str | None) -> Tag:
    """Pass one: what the rules alone say of a line, most reliable rule first."""
    if len(text) > LONG_LINE:  # a paragraph: no heading, byline or dateline is this long
        return Tag("text")
    if _RESIDUE_STRONG.match(text):
        return Tag("residue")
    if _RESIDUE_WEAK.match(text):
        return Tag("weak-residue")
    if _is_chrome(text):
        return Tag("chrome")
    if _CREDIT.search(text) or _person_caption(text):
        return Tag("caption")
    # Before the dateline reader, which drops a "by …" tail: here it names the author.
    if (posted := _POSTED_BY.match(text)) and (found := names(_BYLINE_HONORIFIC.sub(r"\1", posted.group(2)))):
        return Tag("byline", authors=found, dateline=read_dateline(posted.group(1), order))
    if dateline := read_dateline(text, order):
        return Tag("dateline", dateline=dateline)
    pieces = _PIPE.split(text)
    if len(pieces) == 2 and not names(pieces[0]) and (dateline := read_dateline(pieces[1], order)):
        return Tag("dateline", dateline=dateline)  # "POLICY BRIEF No. 14 | March 2023"
    if _OTHER_CREDIT.match(text):
        return Tag("role")  # "Interview by Oliver Grant": beside the byline, never the title
    if found := _byline(text):
        return Tag("byline", authors=found[0], organisation=found[1], weak=found[2], dateline=_byline_date(text))
    if _BYLINE.match(text) and (dateline := _byline_date(text)):
        return Tag("dateline", dateline=dateline)  # "By: Guest Column - March 21, 2023": a column, dated
    if organisation := _credit(text):
        return Tag("credit", authors=(organisation,), organisation=True)
    if _is_kicker(text):
        return Tag("kicker")
    if _is_role_line(text):
        return Tag("role")
    if title_shaped(text):
        return Tag("titlelike")
    return Tag("text")


def _person_caption(text: str) -> bool:
    """'Alexander Lukashenko, president of Belarus, at a security council meeting in Minsk': a
    person, a role, and where the photo shows them."""
    m = _NAME_THEN_ROLE.match(text)
    return bool(m and _CAPTION_TAIL.search(m.group(2)) and names(m.group(1)))


def name_with_role(text: str) -> str | None:
    """'Ivan Petrov, ABC Affiliated Expert' -> 'Ivan Petrov' (only right after a title)."""
    m = _NAME_THEN_ROLE.match(text)
    if not m or SENTENCE_END.search(text):
        return None
    if _CAPTION_TAIL.search(m.group(2)):  # "..., president of Belarus, at a meeting in Minsk"
        return None
    rest = m.group(2).split()
    if any(is_role(w) or in_singular(w, frozenset({"expert", "analyst"})) for w in rest) and names(m.group(1)):
        return proper_case(m.group(1))
    return None
