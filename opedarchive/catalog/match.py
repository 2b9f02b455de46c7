"""Find the catalog events an essay refers to, with one compiled pattern for the whole catalog.

Names and aliases go into a trie-shaped regular expression, so that matching costs about the
same with ten events or ten thousand (a flat alternation tries every alias at every word).
Catalog patterns (for phrasings such as "intervention ... in Syria") are alternatives of the same
pattern, each in a named group. Dates written in full ("March 22, 2024") point to the events
that happened on that day through a dictionary.
"""

from __future__ import annotations

import re
import re._constants as sre_constants
import re._parser as sre_parse
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from ..core.dates import YEAR
from ..core.models import DateMention, Event, EventMention
from .load import alias_key
from .patterns import whole_word_regex

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
_SPANS = (
    "last week",
    "last month",
    "earlier this week",
    "earlier this month",
    "this week",
    "this month",
    "the other day",
)
_RELATIVE_SPAN = re.compile(rf"\b(?P<span>{'|'.join(_SPANS)})\b", re.IGNORECASE)
# Every relative day or span has one of these (when case folding keeps the text's length, so
# that no "İ" stands for an "i").
_RELATIVE_WORDS = ("day", "night", "week", "month")
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
_NEEDED_WORD = re.compile(r"[^\W_]{4,}|[A-Z]{3}")  # a word, or an acronym such as SAF
# Words too common in essays on these subjects to pick out a pattern's paragraphs.
_COMMON = frozenset(
    """after before since until between with from that this have been were will would their there
    about into over under against agreement treaty accord pact crisis sanctions citizens parliament
    nuclear warn russia russian attack attacks bombing war plane aircraft crew military government
    president minister police people security terror terrorist killed""".split()
)


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
class CatalogPattern:
    """One catalog pattern, compiled alone, with words of which one must be in a paragraph for
    the pattern to match there (None: no such words; it is always tried). Trying only the
    patterns whose words are there keeps matching fast with hundreds of patterns."""

    regex: re.Pattern[str]
    event_id: str
    needs: frozenset[str] | None
    # Text it cannot match without, case folded: one of each set (its literal runs, "7/7" and
    # "ep-3" as well as words), checked before the pattern is tried.
    also_needs: tuple[frozenset[str], ...] = ()


@dataclass(frozen=True)
class Matcher:
    folded_alias_pattern: re.Pattern[str]  # every alias, in lower case: for case-folded text
    alias_to_event: dict[str, str]
    patterns: tuple[CatalogPattern, ...]
    by_prefix: dict[str, tuple[int, ...]]  # first four letters of a needed word -> patterns needing it
    # Finds, in a case-folded paragraph, the first four letters of each word that begins like a
    # key of by_prefix (a word of three letters or more): one pass in C, where splitting out every
    # word and slicing it in Python took a third longer.
    prefix_finder: re.Pattern[str]
    always: tuple[int, ...]  # patterns that need no particular word
    day_to_events: dict[date, tuple[str, ...]]
    start_year: dict[str, int]
    place_words: dict[str, frozenset[str]]  # event id -> the words of its place ("moscow", "krasnogorsk")
    kind_words: dict[str, frozenset[str]]  # event id -> the words of its kind ("terrorist", "attack")
    event_spans: dict[str, tuple[date, date | None]]  # event id -> (start, end or None: still going)

    @cached_property
    def alias_pattern(self) -> re.Pattern[str]:
        """The aliases with case ignored character by character, for the rare paragraph that case
        folding lengthens (ß, İ): compiled when one comes, as the trie takes ~60 ms to compile."""
        return re.compile(self.folded_alias_pattern.pattern, re.IGNORECASE)

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
            for start, end, event_id in self.spans(paragraph):
                if self._names_an_earlier_time(paragraph, start, end, event_id):
                    continue
                note(event_id, index, start, paragraph[start:end])
        for mention in dates:
            if mention.date.precision == "day":
                for event_id in self._broadest(self.day_to_events.get(mention.date.value, ())):
                    note(event_id, mention.paragraph, mention.start, mention.text)
        if written_on is not None:
            for index, paragraph in enumerate(paragraphs, start=first_index):
                for start, text, first_day, last_day, sentence in _relative_days(paragraph, written_on):
                    events = self._events_between(first_day, last_day)
                    words = {w.casefold() for w in re.findall(r"\w+", sentence)}
                    if first_day != last_day:  # a span: only an event whose place the sentence names
                        events = [e for e in events if self.place_words[e] & words]
                    if len(events) > 1:  # "the attack near Moscow last month": the attack, not the warning before it
                        singular = {_singular(w) for w in words}
                        events = [e for e in events if self.kind_words[e] & singular] or events
                    if len(events) == 1:  # two events then: the words cannot tell which
                        note(events[0], index, start, text)
        return tuple(sorted(first.values(), key=lambda m: (m.paragraph, m.start, m.event_id)))

    def spans(self, paragraph: str) -> list[tuple[int, int, str]]:
        """(start, end, event id) of each name, alias or pattern of the catalog in the
        paragraph, leftmost first and never overlapping (at one place an alias wins over a
        pattern, and an earlier pattern over a later one)."""
        lowered = paragraph.casefold()
        candidates = set(self.always)
        starts = set(self.prefix_finder.findall(lowered))
        for prefix in (starts | {start[:3] for start in starts}) & self.by_prefix.keys():
            candidates.update(self.by_prefix[prefix])
        # The aliases, all lower case, are looked for in the case-folded text when folding kept
        # every character in its place (it did not turn "ß" into "ss"): 2.5 times faster than
        # ignoring case character by character.
        if len(lowered) == len(paragraph):
            aliases = (0, self.folded_alias_pattern, None, lowered)
        else:
            aliases = (0, self.alias_pattern, None, paragraph)
        regexes: list[tuple[int, re.Pattern[str], str | None, str]] = [aliases]
        for index in sorted(candidates):
            pattern = self.patterns[index]
            if (pattern.needs is None or any(word in lowered for word in pattern.needs)) and all(
                any(text in lowered for text in option) for option in pattern.also_needs
            ):
                regexes.append((index + 1, pattern.regex, pattern.event_id, paragraph))
        # As one alternation would: the leftmost match of any of them, the first on a tie,
        # then on from its end.
        upcoming = {rank: regex.search(text) for rank, regex, _, text in regexes}
        result = []
        position = 0
        while True:
            best = None
            for rank, regex, event_id, text in regexes:
                m = upcoming[rank]
                if m is not None and m.start() < position:
                    m = upcoming[rank] = regex.search(text, position)
                if m is not None and (best is None or (m.start(), rank) < (best[0].start(), best[1])):
                    best = (m, rank, event_id)
            if best is None:
                return result
            m, _, event_id = best
            result.append((m.start(), m.end(), event_id or self.alias_to_event[alias_key(m.group(0))]))
            position = max(m.end(), m.start() + 1)

    def _broadest(self, event_ids: tuple[str, ...]) -> list[str]:
        """Of the events on one day, those no other of them contains: a date written alone
        ("February 24, 2022") names the invasion that began that day, not the siege within it."""

        def inside(a: str, b: str) -> bool:
            (a_start, a_end), (b_start, b_end) = self.event_spans[a], self.event_spans[b]
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
    folded = paragraph.casefold()
    if len(folded) == len(paragraph) and not any(word in folded for word in _RELATIVE_WORDS):
        return []  # most paragraphs: no sentence to read
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
                back = (written_on.weekday() - _WEEKDAYS.index(_as_written(m.group("weekday"), _WEEKDAYS))) % 7 or 7
                day = written_on - timedelta(back)
            else:
                count = m.group("count")
                number = int(count) if count.isdigit() else _NUMBERS[_as_written(count, tuple(_NUMBERS))]
                day = written_on - timedelta(number)
            found.append((sentence.start() + m.start(), m.group(0), day, day, text))
        for m in _RELATIVE_SPAN.finditer(text):
            first, last = _span(_as_written(m.group("span"), _SPANS), written_on)
            found.append((sentence.start() + m.start(), m.group(0), first, last, text))
    return found


def _as_written(word: str, names: tuple[str, ...]) -> str:
    """The one of `names` that `word` is, case ignored as the regular expression ignored it:
    "FRİDAY" is "friday" to it, though "FRİDAY".lower() is not."""
    return next(name for name in names if re.fullmatch(re.escape(name), word, re.IGNORECASE))


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
    for event in events:
        for alias in (event.name, *event.aliases):
            alias_to_event[alias_key(alias)] = event.id
    body = _trie_regex(sorted(alias_to_event)) if alias_to_event else "(?!x)x"
    folded_alias_pattern = re.compile(rf"(?<!\w)(?:{body})(?!\w)")
    patterns = tuple(
        CatalogPattern(whole_word_regex(p), event.id, *_needed_words(p)) for event in events for p in event.patterns
    )

    day_to_events: dict[date, list[str]] = {}
    for event in events:
        days = [event.start]
        if event.end and (event.end - event.start).days <= _SHORT_EVENT_DAYS:
            days = [event.start + timedelta(n) for n in range((event.end - event.start).days + 1)]
        for day in days:
            day_to_events.setdefault(day, []).append(event.id)
    by_prefix: dict[str, list[int]] = {}
    for index, pattern in enumerate(patterns):
        for word in pattern.needs or ():
            by_prefix.setdefault(word[:4], []).append(index)  # a three-letter word is its own prefix
    return Matcher(
        folded_alias_pattern,
        alias_to_event,
        patterns,
        {prefix: tuple(indices) for prefix, indices in by_prefix.items()},
        _prefix_finder(by_prefix.keys()),
        tuple(index for index, pattern in enumerate(patterns) if pattern.needs is None),
        {day: tuple(ids) for day, ids in day_to_events.items()},
        {event.id: event.start.year for event in events},
        {event.id: frozenset(w.casefold() for w in re.findall(r"\w{4,}", event.place)) for event in events},
        {event.id: frozenset(_singular(w.casefold()) for w in re.findall(r"\w{4,}", event.kind)) for event in events},
        {event.id: (event.start, event.end) for event in events},
    )


def _prefix_finder(prefixes: Iterable[str]) -> re.Pattern[str]:
    """A pattern whose findall, on case-folded text, gives the first (up to) four letters of
    every word (a run of three or more letters or digits) whose first three are those of one of
    `prefixes`: the same prefixes of those words as splitting out every word would give."""
    firsts = sorted({prefix[:3] for prefix in prefixes})
    if not firsts:
        return re.compile(r"(?!x)x")
    return re.compile(rf"(?<![^\W_])(?={_trie_regex(firsts)})([^\W_]{{3,4}})")


def _needed_words(pattern: str) -> tuple[frozenset[str] | None, tuple[frozenset[str], ...]]:
    """Words the pattern cannot match without (case folded): the rarest set of which one must be
    there (its longest literal run, or the runs of an alternation each of whose branches has
    one), and the other such sets. (None, ()) when it has none."""
    try:
        parsed = sre_parse.parse(pattern)
    except re.error:
        return None, ()
    # Every literal run it needs, whole: "7/7" and "EP-3" have no word to index them by, yet
    # checking for them keeps such a pattern from being tried on every paragraph with "since".
    runs = tuple(
        dict.fromkeys(
            frozenset(text.casefold() for text in option)
            for option in _requirements(list(parsed), whole_runs=True)[0]
            if all(len(text) >= 3 for text in option)
        )
    )
    # Each needed run as its longest word of four letters or more (or an acronym, a year),
    # compared by the words of a paragraph that start with the same letters.
    options = []
    for option in _requirements(list(parsed))[0]:
        words = [max(_NEEDED_WORD.findall(run) or [""], key=len) for run in option]
        if words and all(len(word) >= 3 for word in words):
            options.append(words)
    if not options:
        return None, runs

    # The rarest first: no common word ("after", "treaty"), names ("Moscow", "SAF") before other
    # words, few alternatives, long words.
    def rarity(option: list[str]) -> tuple:
        return (
            not any(w.casefold() in _COMMON for w in option),
            all(w[:1].isupper() for w in option),
            -len(option),
            min(len(w) for w in option),
        )

    options.sort(key=rarity, reverse=True)
    return frozenset(word.casefold() for word in options[0]), runs


def _requirements(
    items: list, after_word: bool = False, prefix: str = "", prefix_after_word: bool = False, whole_runs: bool = False
) -> tuple[list[frozenset[str]], bool]:
    """Each requirement is a set of words, one of which must occur; and whether the text the
    items match may end in a letter. after_word: whether the text before them may.

    The parser takes the letters all branches of an alternation start with out in front of it
    ("(?:hospital|hostage)" is "ho" then "spital" or "stage"): they are put back at the start
    of each branch (prefix, prefix_after_word). A literal run that may still go on from a
    letter before it ("[Kk]remlin" is a class then "remlin") loses its first word: such a
    fragment starts no word of a paragraph, and a pattern indexed by it would never be tried
    (whole_runs: keep it whole, for a check that the paragraph contains it anywhere)."""
    found: list[frozenset[str]] = []
    run: list[str] = list(prefix)
    run_after_word = prefix_after_word if prefix else after_word
    word_before = _is_word_char(prefix[-1]) if prefix else after_word

    def flush() -> None:
        text = "".join(run)
        if run_after_word and not whole_runs:
            text = re.sub(r"^\w+", "", text)
        if text.strip():
            found.append(frozenset({text.strip()}))
        run.clear()

    for op, av in items:
        if op is sre_constants.LITERAL:
            if not run:
                run_after_word = word_before
            run.append(chr(av))
            word_before = _is_word_char(chr(av))
            continue
        if op is sre_constants.BRANCH:
            if run and not word_before:  # a run ending in a space stands as it is
                flush()
            before, before_after_word = "".join(run), run_after_word
            run.clear()
            results = [
                _requirements(list(branch), word_before, before, before_after_word, whole_runs) for branch in av[1]
            ]
            branches = [requirements for requirements, _ in results]
            if branches and all(branches):
                best = [max(b, key=lambda o: min(len(w) for w in o)) for b in branches]
                found.append(frozenset().union(*best))
            word_before = any(ends_word for _, ends_word in results)
            continue
        flush()
        if op is sre_constants.SUBPATTERN:
            inner, word_before = _requirements(list(av[-1]), word_before, whole_runs=whole_runs)
            found += inner
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
            inner, ends_word = _requirements(list(av[2]), word_before, whole_runs=whole_runs)
            if av[0] >= 1:
                found += inner
                word_before = ends_word
            else:  # repeated no time, or some
                word_before = word_before or ends_word
        elif op is sre_constants.IN and all(_no_letter(o, a) for o, a in av):
            word_before = False
        elif op is not sre_constants.AT:  # any other character may be a letter; \b and ^ are none
            word_before = True
    flush()
    return found, word_before


def _no_letter(op, av) -> bool:
    r"""Whether an item of a character class ([\s'’-]) matches no letter."""
    if op is sre_constants.LITERAL:
        return not _is_word_char(chr(av))
    return op is sre_constants.CATEGORY and av in (sre_constants.CATEGORY_SPACE, sre_constants.CATEGORY_NOT_WORD)


def _is_word_char(char: str) -> bool:
    """What \\w matches: a letter, a digit or an underscore."""
    return char.isalnum() or char == "_"


def _singular(word: str) -> str:
    """A word and its plural alike, on both sides of a comparison ("attacks", "sanctions")."""
    return word.removesuffix("s")
