"""Dates written in an essay: explicit dates and years, datelines, and what they imply.

Extraction (what the text says) and plausibility (whether a 4-digit number is a year) are kept
apart, as htmldate does: the pattern finds candidates, `_is_year` judges them.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from .models import DateMention, DateValue

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
# Month names are matched with their capital letter only, so the verb "may" is not a month.
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_WEEKDAY = r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
_ORD = r"(?:st|nd|rd|th)?"
YEAR = r"(?:1\d{3}|20\d{2})"  # the years an essay may mention; shared with events.py

_DATE_PATTERN = re.compile(
    rf"""
    (?<![\w$€£.,/])
    (?:
        {_WEEKDAY}(?P<md_month>{_MONTH})\s+(?P<md_day>\d{{1,2}}){_ORD},?\s+(?P<md_year>{YEAR})
      | {_WEEKDAY}(?P<dm_day>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<dm_month>{_MONTH}),?\s+(?P<dm_year>{YEAR})
      | (?P<iso_year>{YEAR})-(?P<iso_month>\d{{2}})-(?P<iso_day>\d{{2}})
        (?:T\d{{2}}:\d{{2}}(?::\d{{2}}(?:\.\d+)?)?(?:Z|[+-]\d{{2}}:?\d{{2}})?)?
      | (?P<m_month>{_MONTH})\s+(?:of\s+)?(?P<m_year>{YEAR})
      | (?P<year>{YEAR})
    )
    (?![\w%]|[.,]\d)
    """,
    re.VERBOSE,
)

# Words that may follow a year in running prose ("in 2004 the army...", "after 2014 but").
_AFTER_YEAR_OK = frozenset(
    """the a an and or but when while as to in on at of was were is are had has have after
    before that which who where until till since by with for from through during then than
    onwards onward alone already also again saw brought marked some many most few it its he
    his she her they their we our i this these those there nearly almost only more not no
    if so yet because although though""".split()
)
# Words before a number that make it a year whatever follows ("in 2004 elections").
_YEAR_CUES = frozenset(
    """in since until till by during year years early late mid circa c. before after spring
    summer autumn fall winter from between""".split()
)
# Words before a number that make it a year when a singular word follows: "the 2003 invasion"
# is a year, "the 2000 troops" a quantity.
_WEAK_CUES = frozenset("the a its that this his her their our".split())
# Years that look forward ("by 2030", "until 2040") are targets, not a sign of when the essay
# was written: they are listed but do not date the essay.
_FORWARD_CUES = frozenset("by until till before".split())
_HAS_DIGIT = re.compile(r"\d")
_NEXT_WORD = re.compile(r"\s+([a-z][\w'’-]*)")
_PREV_WORD = re.compile(r"([\w.'’-]+)\s+$")


def _word_before(text: str, start: int) -> str:
    before = _PREV_WORD.search(text, max(0, start - 40), start)
    return before.group(1).lower() if before else ""


def _is_year(text: str, start: int, end: int) -> bool:
    """Is the number at text[start:end] a year, or a quantity such as '2000 troops'?"""
    following = _NEXT_WORD.match(text, end)
    if not following:
        return True  # punctuation, a capitalised word or the end of the text follows
    word = following.group(1).lower()
    if word in _AFTER_YEAR_OK:
        return True
    cue = _word_before(text, start)
    return cue in _YEAR_CUES or (cue in _WEAK_CUES and not word.endswith("s"))


def _make(year: str, month: int | None, day: str | None) -> DateValue | None:
    try:
        if month is None:
            return DateValue(date(int(year), 1, 1), "year")
        if day is None:
            return DateValue(date(int(year), month, 1), "month")
        return DateValue(date(int(year), month, int(day)), "day")
    except ValueError:
        return None  # "February 30, 2020" is not a date


def _month(name: str) -> int:
    return _MONTHS[name.rstrip(".").lower()]


def _from_match(m: re.Match[str]) -> DateValue | None:
    g = m.groupdict()
    if g["md_month"]:
        return _make(g["md_year"], _month(g["md_month"]), g["md_day"])
    if g["dm_month"]:
        return _make(g["dm_year"], _month(g["dm_month"]), g["dm_day"])
    if g["iso_year"]:
        return _make(g["iso_year"], int(g["iso_month"]), g["iso_day"])
    if g["m_month"]:
        return _make(g["m_year"], _month(g["m_month"]), None)
    if not _is_year(m.string, m.start("year"), m.end("year")):
        return None
    return _make(g["year"], None, None)


def find_dates(paragraphs: tuple[str, ...] | list[str], first_index: int = 0) -> tuple[DateMention, ...]:
    """Every explicit date and year in the paragraphs, in reading order. Paragraph numbers
    start at `first_index` (-1 when a title line comes first)."""
    found = []
    for index, paragraph in enumerate(paragraphs):
        if not _HAS_DIGIT.search(paragraph):
            continue  # every date and year has a digit; most paragraphs have none
        for m in _DATE_PATTERN.finditer(paragraph):
            value = _from_match(m)
            if value is not None:
                forward = _word_before(paragraph, m.start()) in _FORWARD_CUES
                found.append(DateMention(value, index + first_index, m.start(), m.group(0), forward))
    return tuple(found)


_DATELINE_PREFIX = re.compile(r"^(?:(?:published|posted|dated|date|first published)(?:\s+on)?\s*:?\s*)?", re.IGNORECASE)
_TRAILING_TIME = re.compile(r"(?:,?\s+(?:at\s+)?\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,5})?)$")


def parse_dateline(line: str) -> DateValue | None:
    """A line that is nothing but a date (with an optional 'Published' and time), or None."""
    rest = _DATELINE_PREFIX.sub("", line.strip(), count=1)
    rest = _TRAILING_TIME.sub("", rest).strip()
    m = _DATE_PATTERN.fullmatch(rest)
    if not m or m.group("year"):
        return None  # a bare year is not a dateline
    return _from_match(m)


def as_iso_list(mentions: tuple[DateMention, ...]) -> tuple[str, ...]:
    return tuple(sorted({mention.date.iso() for mention in mentions}))


# English month names, fixed here: strftime("%B") follows the machine's locale, and the same
# input must give the same pages on every machine.
MONTH_NAMES = ("January February March April May June July August September October November December").split()


def month_name(d: date) -> str:
    return MONTH_NAMES[d.month - 1]


def display_date(value: DateValue) -> str:
    """'April 4, 2017', 'March 2024' or '2024'."""
    d = value.value
    if value.precision == "year":
        return f"{d.year}"
    if value.precision == "month":
        return f"{month_name(d)} {d.year}"
    return f"{month_name(d)} {d.day}, {d.year}"
