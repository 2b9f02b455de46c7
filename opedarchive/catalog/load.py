"""The event catalog: load and validate each file of `events/` (and all of them together),
collecting every error before giving up."""

from __future__ import annotations

import re
from datetime import date

import yaml

from ..core.models import Event, Problem
from ..core.yamldoc import Field, YamlError, compose, fields, line_of
from .patterns import expand_gaps, pattern_problems, whole_word_regex

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_REQUIRED = ("id", "name", "start", "place", "kind", "description", "reference")
_OPTIONAL = ("end", "aliases", "patterns")
# Pages the site itself writes in the events folder (pages/urls.py: EVENTS_INDEX is
# events/index.md); an event with such an id would be written over it, or it over the event.
# catalog/ sits below pages/, so the names are repeated here; a test keeps the two in step.
RESERVED_EVENT_IDS = frozenset({"index"})


def _as_date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _string_list(value: object) -> tuple[str, ...] | None:
    if value is None:
        return ()
    if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
        return tuple(value)
    return None


def _entry(node: yaml.Node, path: str, problems: list[Problem]) -> Event | None:
    try:
        entry = {f.key: f for f in fields(node, "an event")}
    except YamlError as exc:
        problems.append(Problem(path, exc.message, exc.line))
        return None
    start_count = len(problems)
    where = line_of(node)

    def bad(message: str, line: int) -> None:
        problems.append(Problem(path, message, line))

    for key, f in entry.items():
        if key not in _REQUIRED + _OPTIONAL:
            bad(f"unknown key `{key}` (known: {', '.join(_REQUIRED + _OPTIONAL)})", f.line)
    for key in _REQUIRED:
        if key not in entry:
            bad(f"event is missing `{key}`", where)
    for key in ("id", "name", "place", "kind", "description", "reference"):
        if key in entry and not (isinstance(entry[key].value, str) and entry[key].value.strip()):
            bad(f"`{key}` must be a non-empty string", entry[key].line)
    if "id" in entry and isinstance(entry["id"].value, str) and not _ID.match(entry["id"].value):
        bad(f"`id` {entry['id'].value!r} must be lowercase letters, digits and hyphens", entry["id"].line)
    start = _as_date(entry["start"].value) if "start" in entry else None
    if "start" in entry and start is None:
        bad(f"`start` {entry['start'].value!r} is not a date (YYYY-MM-DD)", entry["start"].line)
    end = None
    if "end" in entry and entry["end"].value is not None:
        end = _as_date(entry["end"].value)
        if end is None:
            bad(f"`end` {entry['end'].value!r} is not a date (YYYY-MM-DD)", entry["end"].line)
        elif start and end < start:
            bad(f"`end` {end} is before `start` {start}", entry["end"].line)
    lists = {}
    for key in ("aliases", "patterns"):
        value = _string_list(entry[key].value) if key in entry else ()
        if value is None:
            bad(f"`{key}` must be a list of non-empty strings", entry[key].line)
        lists[key] = value or ()
    if "id" in entry and isinstance(entry["id"].value, str) and entry["id"].value in RESERVED_EVENT_IDS:
        bad(
            f"`id` {entry['id'].value!r} is the name of the site's own page events/{entry['id'].value}.md "
            "(the list of all events): choose another id, e.g. one naming the place and year",
            entry["id"].line,
        )
    pattern_lines = _item_lines(entry["patterns"]) if "patterns" in entry else []
    for pattern, line in zip(lists["patterns"], pattern_lines, strict=False):
        for message in _pattern_messages(pattern):
            bad(message, line)
    reference = entry["reference"].value if "reference" in entry else None
    if isinstance(reference, str) and not reference.startswith("https://"):
        bad("`reference` must be an https:// URL", entry["reference"].line)
    if len(problems) > start_count:
        return None
    return Event(
        id=entry["id"].value,
        name=entry["name"].value.strip(),
        start=start,
        end=end,
        place=entry["place"].value.strip(),
        description=entry["description"].value.strip(),
        kind=entry["kind"].value.strip(),
        aliases=lists["aliases"],
        patterns=lists["patterns"],
        reference=entry["reference"].value.strip(),
    )


def _item_lines(f: Field) -> list[int]:
    """The line of each item of a list value (a flow list `[a, b]` is all on its key's line)."""
    if isinstance(f.node, yaml.SequenceNode):
        return [line_of(item) for item in f.node.value]
    return []


def _pattern_messages(pattern: str) -> list[str]:
    try:
        # Compiled as the matcher will run it, inside a group, so that an inline flag such as
        # "(?i)", legal only at the very start, is caught here.
        compiled = whole_word_regex(pattern)
    except re.error as exc:
        reason = str(exc)
        try:
            re.compile(f"(?:{expand_gaps(pattern)})")
        except re.error as plain:
            reason = str(plain)  # its positions count from the pattern as written
        return [f"pattern {pattern!r} is not a valid regular expression: {reason}"]
    if compiled.groupindex:
        return [f"pattern {pattern!r} must not use named groups"]
    return pattern_problems(pattern)


def load_catalog(text: str, path: str) -> tuple[tuple[Event, ...], list[Problem]]:
    """Parse the catalog. Returns the events, or no events and every problem found."""
    problems: list[Problem] = []
    try:
        root = compose(text)
        top = {f.key: f for f in fields(root, "the catalog")} if root is not None else {}
    except YamlError as exc:
        return (), [Problem(path, exc.message, exc.line)]
    if set(top) != {"events"} or not isinstance(top["events"].node, yaml.SequenceNode):
        return (), [Problem(path, "the catalog must have one key, `events`, holding a list", 1)]
    events: list[Event] = []
    first_line: dict[str, int] = {}
    alias_owner: dict[str, str] = {}
    for node in top["events"].node.value:
        event = _entry(node, path, problems)
        if event is None:
            continue
        if event.id in first_line:
            problems.append(
                Problem(path, f"duplicate event id `{event.id}` (first on line {first_line[event.id]})", line_of(node))
            )
            continue
        first_line[event.id] = line_of(node)
        for alias in (event.name, *event.aliases):
            key = alias_key(alias)
            owner = alias_owner.setdefault(key, event.id)
            if owner != event.id:
                problems.append(
                    Problem(path, f"alias {alias!r} of `{event.id}` already names `{owner}`", line_of(node))
                )
        events.append(event)
    if problems:
        return (), problems
    return tuple(events), []


_ID_LINE = re.compile(r"^\s*-\s+id:\s*['\"]?([a-z0-9-]+)", re.MULTILINE)


def load_catalog_files(texts: dict[str, str]) -> tuple[tuple[Event, ...], list[Problem]]:
    """The catalog split over several files (path -> text, e.g. every events/*.yml): each is
    validated alone, then together, since an id or an alias must be unique across all of them,
    and a place where several events happened is no event's alias. Returns every event, or
    none and every problem."""
    problems: list[Problem] = []
    events: list[Event] = []
    where: dict[str, tuple[str, int]] = {}  # event id -> (file, line)
    for path in sorted(texts):
        found, file_problems = load_catalog(texts[path], path)
        problems += file_problems
        lines = {m.group(1): texts[path][: m.start()].count("\n") + 1 for m in _ID_LINE.finditer(texts[path])}
        for event in found:
            if event.id in where:
                first = where[event.id]
                problems.append(
                    Problem(
                        path,
                        f"duplicate event id `{event.id}` (also {first[0]}:{first[1]}): keep one",
                        lines.get(event.id),
                    )
                )
                continue
            where[event.id] = (path, lines.get(event.id, 0))
            events.append(event)
    problems += _shared_aliases(events, where) + _place_aliases(events, where)
    return ((), problems) if problems else (tuple(events), [])


def _shared_aliases(events: list[Event], where: dict[str, tuple[str, int]]) -> list[Problem]:
    owner: dict[str, str] = {}
    problems = []
    for event in events:
        for alias in (event.name, *event.aliases):
            first = owner.setdefault(alias_key(alias), event.id)
            if first != event.id:
                path, line = where[event.id]
                problems.append(
                    Problem(
                        path, f"alias {alias!r} of `{event.id}` already names `{first}`: keep it in one", line or None
                    )
                )
    return problems


def _place_aliases(events: list[Event], where: dict[str, tuple[str, int]]) -> list[Problem]:
    """'Moscow' names where many events happened, not one of them: a place that stands in the
    `place` of two or more events is no alias (a place known for one event, 'Beslan', can be)."""
    places: dict[str, set[str]] = {}
    for event in events:
        for part in re.split(r",|\band\b|\(|\)", event.place):
            if part.strip():
                places.setdefault(alias_key(part), set()).add(event.id)
    problems = []
    for event in events:
        for alias in event.aliases:
            sharing = places.get(alias_key(alias), set())
            if len(sharing) >= 2:
                path, line = where[event.id]
                others = ", ".join(sorted(sharing - {event.id})[:3])
                problems.append(
                    Problem(
                        path,
                        f"alias {alias!r} of `{event.id}` is a place where other events happened too ({others}): "
                        "a place alone is no event; name the event",
                        line or None,
                    )
                )
    return problems


def alias_key(text: str) -> str:
    """How an alias and the words that matched it are compared: case and spacing folded."""
    return " ".join(text.replace("’", "'").casefold().split())
