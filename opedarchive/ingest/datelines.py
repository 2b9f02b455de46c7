"""A dateline: a line of a page that states when the essay was published (or last updated).

Most reliable reading first, as htmldate orders its extractors: the English forms the archive
has always read (core/dates.py, fast and exact); then numeric dates (26.03.2024, 7-03-2019),
whose day and month are never guessed when both readings are possible; then dateparser, a
well-kept library that reads dates in many languages (26. März 2024, 26 марта 2024), called
only on short lines that hold a year, so that it costs nothing on most essays. Plausibility
(no date after the day of the run) is checked apart, by the caller.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from ..core.dates import MONTH_NAMES, parse_dateline
from ..core.models import DateValue

# Words that say a date is when the page was changed, not when the essay was published.
_UPDATED = re.compile(
    r"^\s*(?:last\s+)?(?:updated|modified|edited|revised|aktualisiert|stand|mis\s+à\s+jour|обновлено)\b\s*[-–—]?\s*(?:on|am|le)?\s*:?\s*",
    re.IGNORECASE,
)
# Words before a publication date ("Published 7-03-2019", "Veröffentlicht am", "Publié le").
_PUBLISHED = re.compile(
    r"^\s*(?:[-–—•·]\s*)?(?:(?:first\s+)?published|posted|dated|date|veröffentlicht|publié|опубликовано)?"
    r"\s*[-–—]?\s*(?:on|am|le)?\s*:?\s*(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?,?\s+(?=\w))?",
    re.IGNORECASE,
)
_TIME = re.compile(
    r"(?:,?\s*(?:[-–—|]\s*)?(?:at|um|à|в)?\s*\d{1,2}[:.h]\d{2}(?:\s*[aApP]\.?[mM]\.?)?(?:\s*(?:Uhr|[A-Z]{2,5}(?:[+-]\d{1,2})?))?)\s*$"
)
_NUMERIC = re.compile(r"^(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})\.?$")
_HAS_YEAR = re.compile(r"(?<!\d)(?:1[89]\d\d|20\d\d)(?!\d)|(?<![\d/])\d{1,2}/\d{1,2}/\d{2}(?![\d/])")
# Where a line goes on about an update, after its publication date: "Publié le 16 octobre 2023 à
# 07h00, modifié le 16 octobre 2023 à 11h32", or two lines of a page run together: "March 5,
# 2024 6:01 AM GMT+3Updated 2 days ago". What comes before is the publication's.
_THEN_MODIFIED = re.compile(
    r"\s*(?:,|\||·|;)\s*(?=(?:last\s+)?(?:updated|modified|modifié|mis\s+à\s+jour|aktualisiert|actualizado|обновлено)\b)"
    r"|(?-i:(?<=\S)(?=(?:Updated|Modified)\b))",
    re.IGNORECASE,
)
_COMMA_YEAR = re.compile(r",(?=\d{4}\b)")
# "Posted on February 3, 2014 by frontier_watch": who posted it is the byline's business.
_BY_TAIL = re.compile(r"\s+by\s+\S.{0,60}$", re.IGNORECASE)
_CAPITALS = re.compile(r"\b[^\W\d_]{3,}\b")
# A city before the date: "Madrid - 11 MAR 2024 - 05:30 CET".
_CITY = re.compile(r"^(?!(?:By|Von|Par|Por|Di)\s)[A-ZÀ-ÖØ-Þ][\w'’.-]+(?:\s[A-ZÀ-ÖØ-Þ][\w'’.-]+){0,2}\s+[-–—]\s+")
DATEPARSER_LANGUAGES = ("de", "fr", "ru", "es", "it", "pt", "nl")
# A month's name in one of those languages: only a line holding one goes to dateparser.
_FOREIGN_MONTH = re.compile(
    r"\b(?:januar|jänner|februar|märz|mai|juni|juli|oktober|dezember|janvier|février|mars|avril|juin|juillet|"
    r"août|septembre|octobre|novembre|décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|"
    r"octubre|noviembre|diciembre|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|"
    r"janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro|dezembro|januari|februari|maart|"
    r"mei|augustus|april|august|september|november|январ\w*|феврал\w*|марта?|апрел\w*|ма[йя]|июн\w*|июл\w*|август\w*|"
    r"сентябр\w*|октябр\w*|ноябр\w*|декабр\w*)\b",
    re.IGNORECASE,
)
# Month names that are English words too, and the English order (the month, then the day).
_SHARED_WITH_ENGLISH = frozenset({"april", "august", "september", "november"})
_ENGLISH_ORDER = re.compile(r"\b(?:april|august|september|november)\s+\d{1,2}\b", re.IGNORECASE)
_MAX_WORDS = 10


@dataclass(frozen=True)
class Dateline:
    """What a dateline line says: a date (None when its day and month cannot be told apart and
    the maintainer said nothing), whether it is the date of an update, and a note when the
    reading needs one."""

    value: DateValue | None
    updated: bool
    note: str | None = None


def read_dateline(line: str, order: str | None = None) -> Dateline | None:
    """The line's date, or None when the line is not a dateline. order: "dmy" or "mdy" from
    the sidecar (`date_order`), to read numeric dates whose day and month are ambiguous."""
    text = _THEN_MODIFIED.split(line.strip(), maxsplit=1)[0]
    text = _COMMA_YEAR.sub(", ", text)  # "Mar 28,2024"
    if not text or len(text.split()) > _MAX_WORDS or not _HAS_YEAR.search(text):
        return None
    updated = bool(_UPDATED.match(text))
    rest = _UPDATED.sub("", text, count=1) if updated else _PUBLISHED.sub("", text, count=1)
    if rest != text:
        rest = _BY_TAIL.sub("", rest)
    rest = _TIME.sub("", rest).strip(" ,")
    if not rest:
        return None
    found = _read_date(rest, updated, order)
    if found is None and (city := _CITY.match(rest)):
        found = _read_date(_TIME.sub("", rest[city.end() :]).strip(" ,"), updated, order)
    return found


def _unshout(m: re.Match[str]) -> str:
    word = m.group(0)
    return word.capitalize() if word.isupper() else word


def _read_date(rest: str, updated: bool, order: str | None) -> Dateline | None:
    rest = _CAPITALS.sub(_unshout, rest)  # "11 MAR 2024", "MARCH 11, 2024"
    if value := parse_dateline(rest):
        return Dateline(value, updated)
    if m := _NUMERIC.match(rest):
        return _numeric(m, updated, order)
    if value := _other_languages(rest):
        return Dateline(value, updated)
    return None


def _numeric(m: re.Match[str], updated: bool, order: str | None) -> Dateline | None:
    first, second, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
    if len(m.group(4)) == 2:
        if m.group(2) != "/":
            return None  # "7.03.19" is a version number as often as a date
        year += 2000  # "03/28/24 6:00 AM ET": an online page's short year is this century's
    day_first = _valid(year, second, first)  # 26.03.2024: day, month
    month_first = _valid(year, first, second)  # 03/26/2024: month, day
    if order == "dmy":
        month_first = None
    elif order == "mdy":
        day_first = None
    if day_first and month_first and day_first != month_first:
        note = (
            f"“{m.group(0)}” may be {_long(day_first)} (day first) or {_long(month_first)} (month first); "
            "only the year is kept. Add `date_order: dmy` or `mdy` to the sidecar to read it"
        )
        return Dateline(DateValue(date(year, 1, 1), "year"), updated, note)
    value = day_first or month_first
    return Dateline(DateValue(value, "day"), updated) if value else None


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _long(value: date) -> str:
    return f"{MONTH_NAMES[value.month - 1]} {value.day}, {value.year}"


@cache
def _dateparser():
    """Imported on first use: most runs read English datelines and never need it."""
    import dateparser

    return dateparser


def _other_languages(text: str) -> DateValue | None:
    months = {name.lower() for name in _FOREIGN_MONTH.findall(text)}
    if not months:  # no month name dateparser would need: not its job
        return None
    if months <= _SHARED_WITH_ENGLISH and _ENGLISH_ORDER.search(text):
        # "By Jane Roe, August 12, 2021": an English date, in English order, on a line the English
        # reader turned down; dateparser (about 5 ms a call) reads no more of it.
        return None
    parsed = _dateparser().parse(
        text,
        languages=list(DATEPARSER_LANGUAGES),
        settings={"REQUIRE_PARTS": ["day", "month", "year"], "STRICT_PARSING": True, "PREFER_LOCALE_DATE_ORDER": True},
    )
    return DateValue(parsed.date(), "day") if parsed else None
