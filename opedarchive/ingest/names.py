"""Is this text a person's name, a list of names, or an organisation's? And how is a name
written in capitals ("JANE Q. DOE") written properly? Pure functions over one line of text.

Precision first: a text is a name only when every word looks like part of one, no word is a
role ("Senior Fellow") and it is not a site's or a posting account's name.
"""

from __future__ import annotations

import re


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


UPPER = _upper_class()
# Particles of many naming traditions, written in lower case inside a name.
PARTICLES = frozenset("de da do dos das del della di du van von der den la le bin ibn al y e ter ten zu".split())
_PARTICLE = "|".join(sorted(PARTICLES, key=len, reverse=True))
# A name: capitalised words, initials, and particles ("al-" joined by a hyphen too).
NAME_WORD = rf"(?:(?:al-|el-|ibn-)?{UPPER}[\w'’.-]*|(?:{_PARTICLE})(?=\s))"
NAME = rf"{NAME_WORD}(?:\s+{NAME_WORD}){{0,5}}"
# A title before a name: "Dr. Jane Doe", "Prof. Dr. Henning Albers".
HONORIFIC_WORD = r"(?:Dr|Prof|Professor|Mr|Mrs|Ms|Mx|Sir|Dame|Rev)\.?\s+"
HONORIFIC = re.compile(rf"^{HONORIFIC_WORD}(?=\S)")
_POSSESSIVE = re.compile(r"['’]s\b")
_SPLIT_NAMES = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s+und\s+|\s+et\s+|\s+и\s+|\s*&\s*)")
# Words that open a description of someone's roles: they end the name that precedes them.
# Compared in the singular ("correspondents" -> "correspondent").
ROLE_WORDS = frozenset(
    """эксперт аналитик профессор журналист редактор исследователь обозреватель корреспондент
    experte experte professorin journalist journalistin redakteur redakteurin korrespondent
    chercheur chercheuse professeur journaliste rédacteur rédactrice correspondant
    president professor director senior fellow phd dr lecturer researcher research editor
    associate assistant chair chairman chairwoman founder co-founder ceo head member analyst
    journalist former ambassador minister coordinator executive deputy vice author writer
    correspondent columnist contributing visiting adjunct distinguished emeritus student
    candidate scholar dean adviser advisor expert secretary principal partner reporter
    staff lawyer attorney historian economist diplomat consultant general colonel
    retired special contributor affiliated
    политолог социолог историк публицист писатель экономист юрист дипломат политик директор
    научный сотрудник колумнист
    professeure directrice historienne politologue avocate économiste enseignante maître
    profesor profesora investigador investigadora periodista catedrático catedrática""".split()
)
# A word that makes a name an organisation's: a masthead, a desk, an institute, a board.
ORGANISATION_WORDS = frozenset(
    """editors editorial board staff desk team newsroom gazette review post times tribune
    herald journal courier ledger observer chronicle monitor daily weekly quarterly magazine
    news press institute institution centre center forum council foundation agency network
    bureau service services society association university college school academy
    corporation company group media radio television""".split()
)
# Words of titles and sentences that are no part of a name ("Intelligence Sharing After Crocus
# Should Continue" is capitalised, but no one's name). Words that are also given names (Will,
# May, Mark) are left out.
_NOT_NAME_WORDS = frozenset(
    """after before should could would must can not no why how what when where who is are was
    were be been the a an of and or but in on at to for from with without into over under
    against between about this that these those its it his her their our your my new old
    next last first why must cannot does did do has have had more less most least than then
    again still only also just very every all any some many much one two three says said
    needs need shows show makes make keeps keep lessons lesson problem problems
    guest column blog admin webmaster commentary exchange syndicate syndication wire opinion""".split()
)
# Names of posting accounts and handles are no one's name: "frontier-forum", "@janedoe".
_HANDLE = re.compile(r"^@?[\w.]+(?:[-_.][\w]+)+$|^@\w+$")


def in_singular(word: str, vocabulary: frozenset[str]) -> bool:
    """Is the word, or its singular ("correspondents" -> "correspondent"), in the vocabulary?"""
    word = word.lower().strip(".,;:()")
    return word in vocabulary or (word.endswith("s") and word[:-1] in vocabulary)


def is_role(word: str) -> bool:
    return in_singular(word, ROLE_WORDS)


def is_name(text: str, single_word_ok: bool = False) -> bool:
    """A person's name: name-shaped words, no role word, no organisation word."""
    if not re.fullmatch(NAME, text) or _HANDLE.match(text):
        return False
    if _POSSESSIVE.search(text):  # "Azerbaijan's Victory": a possessive is no part of a name
        return False
    words = text.split()
    if has_organisation_word(words) or any(is_role(w) for w in words):
        return False
    if words[0].lower() in PARTICLES or any(w.lower() in _NOT_NAME_WORDS for w in words):
        return False
    return single_word_ok or len(words) >= 2


def names(text: str, single_word_ok: bool = False) -> tuple[str, ...] | None:
    """'A, B and C' -> (A, B, C) when every part is a person's name; None otherwise."""
    parts = [p.strip() for p in _SPLIT_NAMES.split(text.strip()) if p.strip()]
    if parts and all(is_name(p, single_word_ok) for p in parts):
        return tuple(parts)
    return None


def is_organisation(text: str) -> bool:
    """'The Daily Example', 'Meridian Editors', 'Editorial Board', 'Le Courrier du Nord'."""
    words = text.split()
    if not 1 <= len(words) <= 8 or _HANDLE.match(text) or text.endswith((".", ",", ";", ":")):
        return False
    capitalised = [w for w in words if w[:1].isupper()]
    if len(capitalised) < max(1, len(words) - 2):  # "Le Courrier du Nord": two small words at most
        return False
    starts_as_masthead = words[0] in ("The", "Le", "La", "Les", "Der", "Die", "Das", "El", "Il") and len(words) >= 2
    return starts_as_masthead or has_organisation_word(words)


def has_organisation_word(words: list[str]) -> bool:
    """Whether a word is one that makes a name an organisation's ("Editors", "Institute")."""
    return any(w.lower().strip(".,") in ORGANISATION_WORDS for w in words)


def _proper_word(word: str) -> str:
    """One word of a name written in capitals, written as names are: MCDERMOTT -> McDermott,
    O'BRIEN -> O'Brien, AL-HASHIMI -> al-Hashimi, VAN -> van, Q. -> Q."""
    lower = word.lower()
    if lower in PARTICLES:
        return lower
    if lower.startswith(("al-", "el-")) and len(lower) > 3:
        return lower[:3] + _proper_word(word[3:])
    if "-" in word:
        return "-".join(_proper_word(part) for part in word.split("-"))
    if lower.startswith("mc") and len(word) > 2:
        return "Mc" + word[2:3].upper() + word[3:].lower()
    if len(lower) > 2 and lower[1] in "'’" and lower[0] in "od":
        return word[0].upper() + word[1] + word[2:3].upper() + word[3:].lower()
    return word[:1].upper() + word[1:].lower()


def proper_case(name: str) -> str:
    """A name written all in capitals, in the case names are written: 'JANE Q. DOE' ->
    'Jane Q. Doe', 'PIETER VAN DER MEER' -> 'Pieter van der Meer'. Other names are left as
    written: a name in mixed case is the person's own spelling."""
    letters = [c for c in name if c.isalpha()]
    if not letters or not all(c.isupper() for c in letters):
        return name
    return " ".join(_proper_word(word) for word in name.split())
