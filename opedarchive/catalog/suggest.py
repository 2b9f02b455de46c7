"""What essays refer to that the catalog does not have yet: event-like names ("the Boston
Marathon bombing", "the 2015 Paris attacks", "the attack on the Bataclan") that no catalog
event matched, grouped across the archive, counted, quoted, each with a draft catalog entry
for the maintainer to check and complete. Nothing is added by itself: a person decides.

Pure functions over the essays' paragraphs and the catalog's matcher.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from slugify import slugify

from .match import Matcher

# The last word of an event's name, and the kind of event it makes (the catalog's `kind`).
_NOUNS = {
    "bombing": "terrorist attack",
    "bombings": "terrorist attack",
    "attack": "terrorist attack",
    "attacks": "terrorist attack",
    "massacre": "terrorist attack",
    "shooting": "terrorist attack",
    "shootings": "terrorist attack",
    "siege": "hostage crisis",
    "hostage crisis": "hostage crisis",
    "assassination": "assassination",
    "poisoning": "assassination attempt",
    "invasion": "war",
    "war": "war",
    "uprising": "war",
    "coup": "coup",
    "summit": "summit",
    "treaty": "treaty",
    "accord": "treaty",
    "accords": "treaty",
    "agreement": "treaty",
    "crisis": "diplomatic crisis",
    "sanctions": "sanctions",
}
_NOUN = "|".join(sorted((re.escape(n) for n in _NOUNS), key=len, reverse=True))
_YEAR = r"(?:19[5-9]\d|20\d\d)"
# A word of a name: "Boston", "Beslan's", "U.S.", "St.", "9/11" (a period only in an abbreviation).
_CAPITAL = r"(?:(?:[A-Z]\.){2,}|St\.|[A-Z][\w'’-]*|\d{1,2}/\d{1,2})"
# Lower-case words that stand inside an event's name: "the Madrid train bombings".
_MODIFIER = (
    r"(?:train|metro|subway|underground|airport|school|theatre|theater|concert|hall|marathon|market|"
    r"hostage|suicide|terror|terrorist|truck|car|bus|embassy|hotel|hospital|mall|church|mosque|synagogue|"
    r"stadium|arena|nightclub|club|border|peace|nuclear|ceasefire|trade|gas|oil|naval|missile|drone)"
)
# "the 2015 Paris attacks", "the Boston Marathon bombing", "the Madrid train bombings".
_NAMED = re.compile(
    rf"(?<![.!?]\s)\b(?:the\s+)?((?:{_YEAR}\s+)?(?:{_CAPITAL}\s+){{1,4}}(?:{_MODIFIER}\s+){{0,2}}(?:{_NOUN}))\b"
)
# "the attack on the Bataclan", "the siege of Sarajevo", "the bombing in Oklahoma City".
_OF_PLACE = re.compile(
    rf"\bthe\s+((?:{_YEAR}\s+)?(?:attack|attacks|bombing|bombings|siege|massacre|shooting|invasion|assassination)"
    rf"\s+(?:on|of|in|at)\s+(?:the\s+)?{_CAPITAL}(?:\s+{_CAPITAL}){{0,3}})"
)
# Words that open a name-shaped phrase without naming anything: "This attack", "Last year's war".
_NOT_A_NAME = frozenset(
    """this that these those last next such every any another our their its his her one a an
    each first second third recent latest new same other both many most some several further
    further previous earlier later similar all no what which whose when where while after before
    since during if but and or so yet even critics none it prior two three four five six seven
    nor not only unlike like despite without""".split()
)
_QUOTE_REACH = 70
_MAX_QUOTES = 3


@dataclass
class Suggestion:
    """An event-like name that several essays use and no catalog event matches."""

    name: str  # the most common spelling
    kind: str
    essays: set[str] = field(default_factory=set)
    quotes: list[tuple[str, int, str]] = field(default_factory=list)  # (source, paragraph, words around it)
    spellings: dict[str, int] = field(default_factory=dict)


def _candidates(paragraph: str) -> list[tuple[int, int, str]]:
    found = []
    for pattern in (_NAMED, _OF_PLACE):
        for m in pattern.finditer(paragraph):
            name = " ".join(m.group(1).split()).rstrip(".,;:")
            name = name[4:] if name.startswith("The ") else name  # a sentence's first word
            words = name.split()
            first = words[0].lower()
            if first in _NOT_A_NAME or len(words) < 2:
                continue
            if len(words) == 2 and words[0].endswith(("'s", "’s")):
                continue  # "Russia's war", "Putin's invasion": whose, not which
            start = m.start(1) + (4 if m.group(1).startswith("The ") else 0)
            found.append((start, m.start(1) + len(m.group(1).rstrip()), name))
    return found


def _key(name: str) -> str:
    """Spellings of one name compared alike: case, a plural and the apostrophe's form folded."""
    words = name.replace("’", "'").casefold().split()
    words[-1] = words[-1].rstrip("s")
    return " ".join(words)


def _kind(name: str) -> str:
    lowered = name.casefold()
    for noun in sorted(_NOUNS, key=len, reverse=True):
        if lowered.endswith(noun):
            return _NOUNS[noun]
    return "event"


def suggest_events(essays: list[tuple[str, tuple[str, ...]]], matcher: Matcher) -> list[Suggestion]:
    """essays: (source path, paragraphs) for each essay. The event-like names no catalog event
    matches (not even in part), most-used first."""
    by_key: dict[str, Suggestion] = {}
    for source, paragraphs in essays:
        for number, paragraph in enumerate(paragraphs, start=1):
            known = [(start, end) for start, end, _ in matcher.spans(paragraph)]
            for start, end, name in _candidates(paragraph):
                if any(start < k_end and k_start < end for k_start, k_end in known):
                    continue  # the catalog already names it
                key = _key(name)
                suggestion = by_key.setdefault(key, Suggestion(name, _kind(name)))
                suggestion.spellings[name] = suggestion.spellings.get(name, 0) + 1
                if source not in suggestion.essays and len(suggestion.quotes) < _MAX_QUOTES:
                    around = paragraph[max(0, start - _QUOTE_REACH) : end + _QUOTE_REACH]
                    suggestion.quotes.append((source, number, " ".join(around.split())))
                suggestion.essays.add(source)
    for suggestion in by_key.values():
        # The most used spelling; on a tie the shorter (a singular), then the first in order.
        suggestion.name = max(suggestion.spellings, key=lambda s: (suggestion.spellings[s], -len(s), s))
    return sorted(by_key.values(), key=lambda s: (-len(s.essays), s.name.casefold()))


def draft_entry(suggestion: Suggestion) -> str:
    """A catalog entry to paste into an events/*.yml file, the facts the text cannot give
    left for the maintainer (never guessed)."""
    year = re.search(_YEAR, suggestion.name)
    aliases = sorted(s for s in suggestion.spellings if s != suggestion.name)
    lines = [
        f"  - id: {slugify(suggestion.name) or 'new-event'}",
        f"    name: {suggestion.name}",
        f"    start: {year.group(0) + '-MM-DD' if year else 'YYYY-MM-DD'}  # fill in from a reference page",
        "    end: null  # or YYYY-MM-DD",
        '    place: ""  # fill in',
        f"    kind: {suggestion.kind}",
        "    description: >-\n      (one or two sentences in your own words)",
        f"    aliases: [{', '.join(aliases)}]",
        "    patterns: []",
        "    reference: https://  # the page the dates were checked against",
    ]
    return "\n".join(lines)


def render_report(suggestions: list[Suggestion], essays: int, minimum: int = 1) -> str:
    shown = [s for s in suggestions if len(s.essays) >= minimum]
    lines = [
        f"{len(shown)} event-like name(s) that no catalog event matches, in {essays} essays"
        + (f" (used by {minimum} or more essays)" if minimum > 1 else "")
        + ". Check each against a reference page before adding it to events/; nothing is added by itself.",
    ]
    for suggestion in shown:
        lines += ["", f"{suggestion.name}: {len(suggestion.essays)} essay(s)"]
        lines += [f"  {source}, paragraph {number}: “{quote}”" for source, number, quote in suggestion.quotes]
        lines += ["  draft entry:", *("  " + line for line in draft_entry(suggestion).split("\n"))]
    return "\n".join(lines) + "\n"
