"""One essay as every listing page sees it: the Listing value, made fresh from an Essay or read
back from the essay page a previous run generated (for an essay that fails this run and keeps
its last good page), and the order listings are shown in."""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import frontmatter
import yaml

from ..core.models import Author, DateValue, Essay, EssayFacts, Event, Quote
from .kwic import quote
from .md import GENERATOR

_PRECISIONS = ("day", "month", "year")
_DATE_SOURCES = ("stated", "page", "curated", "inferred", "unknown")


@dataclass(frozen=True, kw_only=True)
class Listing(EssayFacts):
    """What index pages, feeds, citations, head tags and archive.json need of one essay: its
    facts, its address, its topics and where it quotes each event."""

    slug: str
    topics: tuple[str, ...] = ()  # the curator's tags, then the kinds of the essay's events
    quotes: tuple[Quote, ...] = ()


def listing_of(essay: Essay, slug: str, catalog: dict[str, Event]) -> Listing:
    topics = list(essay.tags)
    for event_id in essay.events:
        kind = catalog[event_id].kind
        if kind and kind not in topics:
            topics.append(kind)
    return Listing(
        slug=slug,
        title=essay.title,
        subtitle=essay.subtitle,
        authors=essay.authors,
        date=essay.date,
        date_source=essay.date_source,
        date_note=essay.date_note,
        events=essay.events,
        dates_mentioned=essay.dates_mentioned,
        description=essay.description,
        word_count=essay.word_count,
        reading_time=essay.reading_time,
        source=essay.source,
        publication=essay.publication,
        source_url=essay.source_url,
        topics=tuple(topics),
        quotes=tuple(quote(m, essay.paragraphs, essay.title) for m in essay.event_mentions),
        aliases=essay.aliases,
    )


class UnreadablePage(ValueError):
    """A generated essay page whose front matter cannot be read back into a Listing."""


def listing_from_page(text: str, path: str) -> Listing:
    """Read a previously generated essay page (its front matter, as essay_page wrote it) back
    into a listing. Raises UnreadablePage naming `path` and what is wrong."""
    try:
        meta = frontmatter.loads(text).metadata
    except yaml.YAMLError as exc:
        raise UnreadablePage(f"{path}: its front matter is not valid YAML ({_first_line(exc)})") from exc
    if meta.get("generator") != GENERATOR:
        raise UnreadablePage(f"{path}: not a page this tool generated (no `generator: {GENERATOR}`)")
    try:
        return _listing_from_meta(meta)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise UnreadablePage(f"{path}: its front matter is damaged ({exc})") from exc


def _listing_from_meta(meta: dict) -> Listing:
    def text(key: str) -> str:
        value = meta[key]
        if not isinstance(value, str):
            raise ValueError(f"`{key}` is not text")
        return value

    def optional(key: str) -> str | None:
        return text(key) if meta.get(key) is not None else None

    def strings(key: str) -> tuple[str, ...]:
        value = meta.get(key) or ()
        if not isinstance(value, (list, tuple)):
            raise ValueError(f"`{key}` is not a list")
        return tuple(str(v) for v in value)

    def count(key: str, default: int) -> int:
        value = meta.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"`{key}` is not a whole number: {value!r}")
        return value

    bios = meta.get("bios") or {}
    if not isinstance(bios, dict):
        raise ValueError("`bios` is not a mapping")
    source = meta.get("date_source", "unknown")
    if source not in _DATE_SOURCES:
        raise ValueError(f"`date_source` is {source!r}")
    return Listing(
        slug=text("slug"),
        title=html.unescape(text("title")),
        subtitle=html.unescape(meta["subtitle"]) if meta.get("subtitle") else None,
        authors=tuple(Author(n, bios.get(n), n in strings("organizations")) for n in strings("authors")),
        date=_date_from_meta(meta.get("date"), meta.get("date_precision")),
        date_source=source,
        date_note=optional("date_note"),
        events=strings("events"),
        dates_mentioned=strings("dates_mentioned"),
        description=html.unescape(meta.get("description", "")),
        word_count=count("word_count", 0),
        reading_time=count("reading_time", 1),
        source=text("source"),
        publication=optional("publication"),
        source_url=optional("source_url"),
        topics=strings("topics"),
        quotes=tuple(
            Quote(q["event"], int(q["paragraph"]), q["before"], q["match"], q["after"])
            for q in meta.get("quotes") or ()
        ),
        aliases=strings("aliases"),
    )


def _date_from_meta(value: object, precision: object) -> DateValue | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = date.fromisoformat(value)
    if not isinstance(value, date) or precision not in _PRECISIONS:
        raise ValueError(f"`date` {value!r} with `date_precision` {precision!r}")
    return DateValue(value, precision)


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def sort_key(item: Listing) -> tuple:
    """Newest first; undated essays last; ties by title, then slug, for a stable order."""
    newest_first = -item.date.value.toordinal() if item.date else 0
    return (item.date is None, newest_first, item.title.casefold(), item.slug)


UNDATED = "undated"


def year_of(item: Listing) -> str:
    return f"{item.date.value.year:04d}" if item.date else UNDATED


def essays_by_event(listings: Iterable[Listing]) -> dict[str, list[Listing]]:
    result: dict[str, list[Listing]] = {}
    for item in sorted(listings, key=sort_key):
        for event_id in item.events:
            result.setdefault(event_id, []).append(item)
    return result


def referenced_events(listings: Iterable[Listing], catalog: dict[str, Event]) -> list[Event]:
    ids = {e for item in listings for e in item.events if e in catalog}
    return sorted((catalog[e] for e in ids), key=lambda e: (e.start, e.id))


def essays_by_author(listings: Iterable[Listing]) -> dict[str, list[Listing]]:
    result: dict[str, list[Listing]] = {}
    for item in sorted(listings, key=sort_key):
        for author in item.authors:
            result.setdefault(author.name, []).append(item)
    return result
