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
# "On Friday night", "three days ago", "yesterday": a day the reader counts back from the
# essay's own date. Only next to an attack or event word in the same sentence, and only when
# that day is a catalogued event's (and one event's alone) does it refer to the event.
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NUMBERS = {word: n for n, word in enumerate("one two three four five six seven eight nine ten".split(), start=1)}
# "last week", "last month", "earlier this month": a span, not a day. These count only when the
# sentence also names the event's place ("the attack near Moscow last month").
_RELATIVE_SPAN = re.compile(
    r"\b(?P<span>last week|last month|earlier this (?:week|month)|this week|this month|the other day)\b", re.IGNORECASE
)
_RELATIVE_DAY = re.compile(
    r"\b(?:(?P<yesterday>yesterday|last night)"
    r"|(?:on |last |this past )?(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"(?:'s)?(?: (?:night|morning|evening|afternoon))?"
    r"|(?P<count>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten) days? ago)\b",
    re.IGNORECASE,
)
_EVENT_WORD = re.compile(
    r"\b(?:attack\w*|bomb\w*|blast\w*|explosion\w*|shoot\w*|gunm[ae]n|massacre\w*|siege|hostages?|"
    r"terror\w*|assault\w*|killed|killing\w*|stabbing\w*|summit|talks|treaty|accord|invasion|invaded|"
    r"strikes?|poison\w*|coup)\b",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"[^.!?]+[.!?]?")


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
    place_words: dict[str, frozenset[str]]  # event id -> the words of its place ("moscow", "krasnogorsk")
    spans: dict[str, tuple[date, date | None]]  # event id -> (start, end or None: still going)

    def find(
        self,
        paragraphs: tuple[str, ...],
        dates: tuple[DateMention, ...],
        first_index: int = 0,
        written_on: date | None = None,
    ) -> tuple[EventMention, ...]:
        """The first mention of each event, in reading order. Paragraph numbers start at
        `first_index`, as for find_dates. written_on: the essay's stated or curated day (never
        an inferred one), from which relative days ("on Friday night") are counted."""
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
                for event_id in self._broadest(self.day_to_events.get(mention.date.value, ())):
                    note(event_id, mention.paragraph, mention.start, mention.text)
        if written_on is not None:
            for index, paragraph in enumerate(paragraphs, start=first_index):
                for start, text, first_day, last_day, sentence in _relative_days(paragraph, written_on):
                    events = self._events_between(first_day, last_day)
                    if first_day != last_day:  # a span: only an event whose place the sentence names
                        words = {w.casefold() for w in re.findall(r"\w+", sentence)}
                        events = [e for e in events if self.place_words[e] & words]
                    if len(events) == 1:  # two events then: the words cannot tell which
                        note(events[0], index, start, text)
        return tuple(sorted(first.values(), key=lambda m: (m.paragraph, m.start, m.event_id)))

    def _broadest(self, event_ids: tuple[str, ...]) -> list[str]:
        """Of the events on one day, those no other of them contains: a date written alone
        ("February 24, 2022") names the invasion that began that day, not the siege within it."""

        def inside(a: str, b: str) -> bool:
            (a_start, a_end), (b_start, b_end) = self.spans[a], self.spans[b]
            return a != b and b_start <= a_start and (b_end is None or (a_end is not None and a_end <= b_end))

        return [a for a in event_ids if not any(inside(a, b) and not inside(b, a) for b in event_ids)]

    def _events_between(self, first_day: date, last_day: date) -> list[str]:
        found: list[str] = []
        for n in range((last_day - first_day).days + 1):
            for event_id in self.day_to_events.get(first_day + timedelta(n), ()):
                if event_id not in found:
                    found.append(event_id)
        return found

    def _names_an_earlier_time(self, paragraph: str, start: int, end: int, event_id: str) -> bool:
        years = []
        if before := _YEAR_BEFORE.search(paragraph, max(0, start - _ATTACHED_REACH), start):
            years.append(int(before.group(1)))
        if after := _YEAR_AFTER.match(paragraph[end : end + _ATTACHED_REACH]):
            years.append(int(after.group(1)))
        return bool(years) and max(years) < self.start_year[event_id]


def _relative_days(paragraph: str, written_on: date) -> list[tuple[int, str, date, date, str]]:
    """(start, words, first day, last day, sentence) for each relative day or span in a sentence
    that also has an attack or event word: 'on Friday night' in an essay of Monday 25 March
    2024 is 22 March; 'last month' in it is 1 to 29 February."""
    found = []
    for sentence in _SENTENCE.finditer(paragraph):
        text = sentence.group(0)
        if not _EVENT_WORD.search(text):
            continue
        for m in _RELATIVE_DAY.finditer(text):
            if m.group("yesterday"):
                day = written_on - timedelta(1)
            elif m.group("weekday"):
                # The latest such weekday before the essay's day ("on Friday", written on a Monday).
                back = (written_on.weekday() - _WEEKDAYS.index(m.group("weekday").lower())) % 7 or 7
                day = written_on - timedelta(back)
            else:
                count = m.group("count").lower()
                day = written_on - timedelta(int(count) if count.isdigit() else _NUMBERS[count])
            found.append((sentence.start() + m.start(), m.group(0), day, day, text))
        for m in _RELATIVE_SPAN.finditer(text):
            first, last = _span(m.group("span").lower(), written_on)
            found.append((sentence.start() + m.start(), m.group(0), first, last, text))
    return found


def _span(words: str, written_on: date) -> tuple[date, date]:
    """The days a relative span means, counted back from the essay's day."""
    if words == "last week":
        return written_on - timedelta(13), written_on - timedelta(1)  # the week before, generously
    if words == "last month":
        last = written_on.replace(day=1) - timedelta(1)
        return last.replace(day=1), last
    if words.endswith("month"):
        return written_on.replace(day=1), written_on - timedelta(1)
    return written_on - timedelta(7), written_on - timedelta(1)  # this week, the other day


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
        {event.id: frozenset(w.casefold() for w in re.findall(r"\w{4,}", event.place)) for event in events},
        {event.id: (event.start, event.end) for event in events},
    )
