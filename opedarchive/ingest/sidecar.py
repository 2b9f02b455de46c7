"""Sidecar files: `essays/<stem>.yml`, facts a person wrote about one essay.

Each key has a small cleaner (Pelican-style table) that turns the YAML value into a typed value
or says what is wrong. Every problem is reported with the file, the key and the line.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Collection
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from ..core.models import Author, Curation, DateValue, Problem
from ..core.slug_shape import SLUG, slug_shape_problem
from ..core.yamldoc import YamlError, compose, fields, shown
from .decode import CONTROL

_EVENT_ID = SLUG
# Slugs no essay may have: essays/index.md is the essays folder's own page (MkDocs' section
# index, at essays/), so an essay or a redirect there would answer at no essay's address.

_YEAR_MONTH = re.compile(r"^(\d{4})(?:-(\d{2}))?$")
_LEADING_YEAR = re.compile(r"^(\d{4})(?:-|$)")  # YYYY, YYYY-MM, YYYY-MM-DD


class Invalid(ValueError):
    """A value of the wrong shape; the message says what was expected. `subject` names a part
    of the key's value (an author's `name`, item 2) when the problem is in that part."""

    def __init__(self, message: str, subject: str | None = None):
        super().__init__(message)
        self.subject = subject


def _kind(value: Any) -> str:
    """What YAML made of a value, in the words of a person who wrote it."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, date):
        return "a date"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "text"
    return f"a {type(value).__name__}"


def _text(value: Any, subject: str | None = None) -> str:
    if isinstance(value, int | float | bool | date):
        read = value.isoformat() if isinstance(value, date) else shown(repr(value))
        raise Invalid(f"must be text; YAML read {read} as {_kind(value)}: put it in quotes", subject)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise Invalid("is empty: write the text, or remove it", subject)
    if not isinstance(value, str):
        raise Invalid(
            f"must be text, not {_kind(value)}: write the text itself (in quotes if it holds `: `, `[` or `{{`)",
            subject,
        )
    if found := CONTROL.search(value):
        # As in essay text, a control character is no word; XML (the RSS feed) refuses it.
        raise Invalid(f"holds the control character U+{ord(found.group()):04X}, which is not text: remove it", subject)
    return " ".join(value.split())


def _text_list(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise Invalid(f"must be a list, not {_kind(value)}: write `[one, two]`, or one `- item` per line")
    return tuple(_text(v, f"item {number}") for number, v in enumerate(value, 1))


def _author(value: Any, number: int) -> Author:
    if isinstance(value, list):
        raise Invalid(
            "must be a name, or a mapping with `name` and `bio`, not a list: one author per item", f"author {number}"
        )
    if isinstance(value, dict):
        unknown = set(value) - {"name", "bio"}
        if unknown:
            raise Invalid(f"an author has only `name` and `bio`, not {', '.join(sorted(map(str, unknown)))}")
        if "name" not in value:
            raise Invalid("each author needs a `name`")
        bio = value.get("bio")
        return Author(
            _text(value["name"], f"author {number}'s `name`"),
            _text(bio, f"author {number}'s `bio`") if bio is not None else None,
        )
    return Author(_text(value, f"author {number}"))


def _authors(value: Any) -> tuple[Author, ...]:
    if not isinstance(value, list):
        raise Invalid(f"must be a list of authors, not {_kind(value)}: write `[Jane Doe]`, or one `- name` per line")
    return tuple(_author(v, number) for number, v in enumerate(value, 1))


# A year in that range is a publication year; outside it, a typing slip (Python's date stops
# at year 1 anyway, and "0000" would crash it).
_FIRST_YEAR, _LAST_YEAR = 1000, 2999


def _date(value: Any) -> DateValue:
    """2017-04-04 (day), 2017-04 or "2017-04" (month), 2017 (year), each in a plausible year."""
    if isinstance(value, datetime):  # a time of day says no more about the publication day
        value = value.date()
    if isinstance(value, date):
        _plausible(value.year, value.isoformat())
        return DateValue(value, "day")
    if isinstance(value, int) and not isinstance(value, bool):
        return DateValue(date(_plausible(value, str(value)), 1, 1), "year")
    if isinstance(value, str):
        text = value.strip()
        if m := _LEADING_YEAR.match(text):
            _plausible(int(m.group(1)), text)
        if m := _YEAR_MONTH.match(text):
            year, month = int(m.group(1)), m.group(2)
            if month is None:
                return DateValue(date(year, 1, 1), "year")
            if 1 <= int(month) <= 12:
                return DateValue(date(year, int(month), 1), "month")
        try:
            day = date.fromisoformat(text)
        except ValueError:
            pass
        else:
            _plausible(day.year, text)
            return DateValue(day, "day")
    raise Invalid("must be a date: YYYY-MM-DD, YYYY-MM or YYYY")


def _plausible(year: int, written: str) -> int:
    if not _FIRST_YEAR <= year <= _LAST_YEAR:
        raise Invalid(
            f"{shown(written)}: the year must be from {_FIRST_YEAR} to {_LAST_YEAR} (YYYY-MM-DD, YYYY-MM or YYYY)"
        )
    return year


def _url(value: Any) -> str:
    text = _text(value)
    if not re.match(r"^https?://[^\s]+$", text):
        raise Invalid("must be an http:// or https:// URL")
    return text


def _slug(value: Any) -> str:
    text = _text(value)
    if not SLUG.match(text):
        raise Invalid("must be lowercase ASCII letters, digits and single hyphens")
    if problem := slug_shape_problem(text):
        raise Invalid(f"{text!r} {problem}; choose another slug")
    return text


def _slugs(value: Any) -> tuple[str, ...]:
    return tuple(_slug(item) for item in _text_list(value))


def _events(value: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if not isinstance(value, dict) or set(value) - {"add", "drop"}:
        raise Invalid("must be a mapping with `add` and/or `drop`, each a list of event ids")
    result = []
    for key in ("add", "drop"):
        ids = _text_list(value.get(key) or [])
        for event_id in ids:
            if not _EVENT_ID.match(event_id):
                raise Invalid(f"{key}: {event_id!r} is not an event id")
        result.append(ids)
    return result[0], result[1]


# Codecs Python knows that are not how a text file is saved: they turn escape sequences or
# domain names into text (and `\\ud800` into a lone surrogate, which no page can hold).
_NOT_FILE_ENCODINGS = frozenset({"unicode-escape", "raw-unicode-escape", "idna", "punycode", "undefined"})


def _encoding(value: Any) -> str:
    text = _text(value)
    try:
        info = codecs.lookup(text)
    except LookupError:
        raise Invalid(f"{text!r} is not an encoding Python knows") from None
    # _is_text_encoding is False for bytes-to-bytes and text-to-text codecs (base64, zlib, rot13).
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_FILE_ENCODINGS:
        raise Invalid(
            f"{text!r} is not a character encoding a text file is saved in: name the file's encoding "
            "(e.g. windows-1251, iso-8859-2, shift_jis), or remove the key if the file is UTF-8"
        )
    return text


def _date_order(value: Any) -> str:
    text = _text(value).lower()
    if text not in ("dmy", "mdy"):
        raise Invalid("must be `dmy` (day first: 7-03-2019 is 7 March) or `mdy` (month first: 3 July)")
    return text


# key -> (cleaner, how the cleaned value lands in Curation)
_FIELDS: dict[str, tuple[Callable[[Any], Any], Callable[[Curation, Any], Curation]]] = {
    "title": (_text, lambda c, v: replace(c, title=v)),
    "subtitle": (_text, lambda c, v: replace(c, subtitle=v)),
    "description": (_text, lambda c, v: replace(c, description=v)),
    "authors": (_authors, lambda c, v: replace(c, authors=v)),
    "date": (_date, lambda c, v: replace(c, date=v)),
    "date_note": (_text, lambda c, v: replace(c, date_note=v)),
    "date_order": (_date_order, lambda c, v: replace(c, date_order=v)),
    "publication": (_text, lambda c, v: replace(c, publication=v)),
    "source_url": (_url, lambda c, v: replace(c, source_url=v)),
    "tags": (_text_list, lambda c, v: replace(c, tags=v)),
    "slug": (_slug, lambda c, v: replace(c, slug=v)),
    "events": (_events, lambda c, v: replace(c, events_add=v[0], events_drop=v[1])),
    "encoding": (_encoding, lambda c, v: replace(c, encoding=v)),
    "aliases": (_slugs, lambda c, v: replace(c, aliases=v)),
    "retrieved": (_date, lambda c, v: replace(c, retrieved=v)),
}
KNOWN_KEYS = tuple(_FIELDS)


def parse_sidecar(
    text: str, path: str, known_events: Collection[str] | None = None
) -> tuple[Curation | None, list[Problem]]:
    """Returns the curation, or None and every problem found in the file. With `known_events`,
    event ids under `events:` must be among them."""
    try:
        root = compose(text)
        entries = fields(root, "a sidecar") if root is not None else []
    except YamlError as exc:
        return None, [Problem(path, exc.message, exc.line)]
    curation = Curation()
    problems = []
    for entry in entries:
        if entry.key not in _FIELDS:
            problems.append(
                Problem(path, f"unknown key `{entry.key}` (known keys: {', '.join(KNOWN_KEYS)})", entry.line)
            )
            continue
        clean, apply = _FIELDS[entry.key]
        try:
            curation = apply(curation, clean(entry.value))
        except Invalid as exc:
            where = f"`{entry.key}`: {exc.subject}" if exc.subject else f"`{entry.key}`"
            problems.append(Problem(path, f"{where} {exc}", entry.line))
            continue
        if entry.key == "events" and known_events is not None:
            for event_id in curation.events_add + curation.events_drop:
                if event_id not in known_events:
                    problems.append(
                        Problem(path, f"`events` names {event_id!r}, which is not in the event catalog", entry.line)
                    )
    return (None, problems) if problems else (curation, [])
