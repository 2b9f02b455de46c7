"""Find the catalog events an essay refers to, with one compiled pattern for the whole catalog.

Names and aliases go into a trie-shaped regular expression, so that matching costs about the
same with ten events or ten thousand (a flat alternation tries every alias at every word).
Catalog patterns (for phrasings such as "intervention ... in Syria") are alternatives of the same
pattern, each in a named group. Dates written in full ("March 22, 2024") point to the events
that happened on that day through a dictionary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..core.dates import YEAR
from ..core.models import DateMention, Event, EventMention
from .load import alias_key, expand_gaps

# A year attached to a match (at most three words away, no punctuation between). When every
# such year is before the event began, the words name something earlier ("the Soviet
# intervention in Afghanistan in 1979", "the 1991 war in Iraq"), not the catalog event.
_YEAR_BEFORE = re.compile(rf"(?<![\w$€£.,])({YEAR})(?:\s+[\w'’-]+){{0,3}}\s+$")
_YEAR_AFTER = re.compile(rf"^(?:\s+[\w'’-]+){{0,3}}?\s+({YEAR})(?![\w%]|[.,]\d)")
_ATTACHED_REACH = 60
# A short event (a siege, a hostage crisis) is referred to by any of its days; a long one
# (a war) only by the day it began.
_SHORT_EVENT_DAYS = 31


def _token_regex(char: str) -> str:
    if char == " ":
        return r"\s+"
    if char == "'":
        return "['’]"
    return re.escape(char)


def _trie_regex(words: list[str]) -> str:
    """One regular expression matching any of `words`, longest first, shaped as a trie."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        ends_here = "" in node
        branches = [_token_regex(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends_here:
            # Greedy optional: the longer alias wins, the shorter one is the fallback.
            return f"(?:{body})?"
        return body

    return emit(trie)


@dataclass(frozen=True)
class Matcher:
    pattern: re.Pattern[str]
    alias_to_event: dict[str, str]
    group_to_event: dict[str, str]
    day_to_events: dict[date, tuple[str, ...]]
    start_year: dict[str, int]

    def find(
        self, paragraphs: tuple[str, ...], dates: tuple[DateMention, ...], first_index: int = 0
    ) -> tuple[EventMention, ...]:
        """The first mention of each event, in reading order. Paragraph numbers start at
        `first_index`, as for find_dates."""
        first: dict[str, EventMention] = {}

        def note(event_id: str, paragraph: int, start: int, text: str) -> None:
            mention = EventMention(event_id, paragraph, start, " ".join(text.split()))
            known = first.get(event_id)
            if known is None or (paragraph, start) < (known.paragraph, known.start):
                first[event_id] = mention

        for index, paragraph in enumerate(paragraphs, start=first_index):
            for m in self.pattern.finditer(paragraph):
                if m.lastgroup == "alias":
                    event_id = self.alias_to_event[alias_key(m.group(0))]
                else:
                    event_id = self.group_to_event[m.lastgroup]
                if self._names_an_earlier_time(paragraph, m.start(), m.end(), event_id):
                    continue
                note(event_id, index, m.start(), m.group(0))
        for mention in dates:
            if mention.date.precision == "day":
                for event_id in self.day_to_events.get(mention.date.value, ()):
                    note(event_id, mention.paragraph, mention.start, mention.text)
        return tuple(sorted(first.values(), key=lambda m: (m.paragraph, m.start, m.event_id)))

    def _names_an_earlier_time(self, paragraph: str, start: int, end: int, event_id: str) -> bool:
        years = []
        if before := _YEAR_BEFORE.search(paragraph, max(0, start - _ATTACHED_REACH), start):
            years.append(int(before.group(1)))
        if after := _YEAR_AFTER.match(paragraph[end : end + _ATTACHED_REACH]):
            years.append(int(after.group(1)))
        return bool(years) and max(years) < self.start_year[event_id]


def build_matcher(events: tuple[Event, ...]) -> Matcher:
    alias_to_event: dict[str, str] = {}
    group_to_event: dict[str, str] = {}
    alternatives = []
    for event in events:
        for alias in (event.name, *event.aliases):
            alias_to_event[alias_key(alias)] = event.id
    if alias_to_event:
        alternatives.append(f"(?P<alias>{_trie_regex(sorted(alias_to_event))})")
    for event_index, event in enumerate(events):
        for pattern_index, pattern in enumerate(event.patterns):
            group = f"p{event_index}_{pattern_index}"
            group_to_event[group] = event.id
            alternatives.append(f"(?P<{group}>{expand_gaps(pattern)})")
    body = "|".join(alternatives) or "(?!x)x"
    pattern = re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)

    day_to_events: dict[date, list[str]] = {}
    for event in events:
        days = [event.start]
        if event.end and (event.end - event.start).days <= _SHORT_EVENT_DAYS:
            days = [event.start + timedelta(n) for n in range((event.end - event.start).days + 1)]
        for day in days:
            day_to_events.setdefault(day, []).append(event.id)
    return Matcher(
        pattern,
        alias_to_event,
        group_to_event,
        {day: tuple(ids) for day, ids in day_to_events.items()},
        {event.id: event.start.year for event in events},
    )
