"""Essay -> Markdown page; listings -> home page and archive.json. Pure functions, text out.

Front-matter `title`, `subtitle` and `description` hold HTML entities for & < > ", because
MkDocs and Material paste them into pages unescaped; everything in the body goes through the
Markdown escaper; archive.json carries plain text.
"""

from __future__ import annotations

import html
import json
from datetime import date

import frontmatter
import yaml

from . import escape
from .dates import display_date, month_name
from .models import Author, DateValue, Essay, Event, Listing

GENERATOR = "build_archive.py"
ESSAY_DIR = "essays"


def essay_path(slug: str) -> str:
    return f"{ESSAY_DIR}/{slug}.md"


def essay_url(slug: str) -> str:
    return f"{ESSAY_DIR}/{slug}/"


def listing_of(essay: Essay, slug: str) -> Listing:
    return Listing(
        slug=slug,
        title=essay.title,
        subtitle=essay.subtitle,
        authors=essay.authors,
        date=essay.date.value.isoformat() if essay.date else None,
        date_precision=essay.date.precision if essay.date else None,
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
        tags=essay.tags,
    )


def _front_matter(essay: Essay, slug: str) -> dict:
    meta: dict = {"title": escape.html_attribute(essay.title)}
    if essay.subtitle:
        meta["subtitle"] = escape.html_attribute(essay.subtitle)
    meta["slug"] = slug
    meta["authors"] = [a.name for a in essay.authors]
    bios = {a.name: a.bio for a in essay.authors if a.bio}
    if bios:
        meta["bios"] = bios
    meta["date"] = essay.date.value if essay.date else None
    meta["date_precision"] = essay.date.precision if essay.date else None
    meta["date_source"] = essay.date_source
    if essay.date_note:
        meta["date_note"] = essay.date_note
    meta["events"] = list(essay.events)
    meta["dates_mentioned"] = list(essay.dates_mentioned)
    meta["description"] = escape.html_attribute(essay.description)
    meta["word_count"] = essay.word_count
    meta["reading_time"] = essay.reading_time
    meta["source"] = essay.source
    if essay.sidecar:
        meta["sidecar"] = essay.sidecar
    meta["source_sha256"] = essay.source_sha256
    for key in ("publication", "source_url"):
        if getattr(essay, key):
            meta[key] = getattr(essay, key)
    if essay.tags:
        meta["tags"] = list(essay.tags)
    meta["generator"] = GENERATOR
    return meta


def shown_date(value: DateValue | None, source: str) -> str:
    if value is None:
        return "Date unknown"
    text = display_date(value)
    return f"c. {text}" if source == "inferred" else text


def _event_span(event: Event) -> str:
    start = display_date(DateValue(event.start, "day"))
    if event.end is None:
        return f"began {start}"
    if event.end == event.start:
        return start
    a, b = event.start, event.end
    if a.year == b.year and a.month == b.month:
        return f"{month_name(a)} {a.day}–{b.day}, {a.year}"
    return f"{start} – {display_date(DateValue(b, 'day'))}"


def _link(text: str, target: str) -> str:
    return f"[{escape.markdown_inline(text)}]({escape.url(target)})"


def _meta_block(essay: Essay, catalog: dict[str, Event]) -> list[str]:
    names = [f"**{escape.markdown_inline(a.name)}**" for a in essay.authors]
    byline = "By " + _join(names) if names else "Author unknown"
    facts = [shown_date(essay.date, essay.date_source), f"{essay.reading_time} min read", f"{essay.word_count:,} words"]
    lines = ['<div class="essay-meta" markdown>', "", byline, "{: .essay-meta__byline }", ""]
    shown_bios: set[str] = set()
    for author in essay.authors:
        # A note shared by co-authors ("Jane Doe and John Roe are fellows...") is shown once.
        if author.bio and author.bio not in shown_bios:
            shown_bios.add(author.bio)
            bio = escape.markdown_text(author.bio)
            if author.name not in author.bio:
                bio = f"**{escape.markdown_inline(author.name)}**: {bio}"
            lines += [bio, "{: .essay-meta__bio }", ""]
    lines += [" · ".join(facts), "{: .essay-meta__facts }", ""]
    how = {
        "stated": "",  # the note quotes the dateline
        "curated": "Date supplied by the archive's curator.",
        "inferred": "",  # the note gives the reasoning
        "unknown": "The publication date is unknown: the text states none and mentions no dated event.",
    }[essay.date_source]
    date_line = " ".join(part for part in (how, essay.date_note and escape.markdown_inline(essay.date_note)) if part)
    lines += [date_line, "{: .essay-meta__date }", ""]
    if essay.events:
        links = [
            f"{_link(catalog[e].name, catalog[e].reference)} ({escape.markdown_inline(_event_span(catalog[e]))})"
            for e in essay.events
        ]
        lines += ["Events referenced: " + "; ".join(links), "{: .essay-meta__events }", ""]
    if essay.publication or essay.source_url:
        venue = f"*{escape.markdown_inline(essay.publication)}*" if essay.publication else "the original"
        source = f"Published in {venue}" if essay.publication else "Original"
        if essay.source_url:
            source += " · " + _link("read the original", essay.source_url)
        lines += [source, "{: .essay-meta__source }", ""]
    else:
        lines += ["Original publication and URL unknown.", "{: .essay-meta__source }", ""]
    lines += ["</div>", ""]
    return lines


def _join(parts: list[str]) -> str:
    if len(parts) <= 2:
        return " and ".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def render_essay(essay: Essay, slug: str, catalog: dict[str, Event]) -> str:
    lines: list[str] = []
    if essay.subtitle:
        lines += [escape.markdown_text(essay.subtitle), "{: .essay-subtitle }", ""]
    lines += _meta_block(essay, catalog)
    for number, paragraph in enumerate(essay.paragraphs, start=1):
        lines += [escape.markdown_text(paragraph), f"{{: #p{number} .essay-paragraph }}", ""]
    provenance = f"Source file: {essay.source}"
    if essay.sidecar:
        provenance += f"; curated facts from {essay.sidecar}"
    lines += [escape.markdown_inline(provenance), "{: .essay-provenance }"]
    return _page(_front_matter(essay, slug), "\n".join(lines))


def _page(meta: dict, body: str) -> str:
    post = frontmatter.Post(body, **meta)
    return frontmatter.dumps(post, sort_keys=False, allow_unicode=True, width=1_000_000) + "\n"


def _sort_key(item: Listing) -> tuple:
    # Newest first; essays without a date last; ties by title, then slug, for a stable order.
    return (item.date is None, "" if item.date is None else _negated(item.date), item.title.casefold(), item.slug)


def _negated(iso: str) -> str:
    return "".join(chr(ord("9") - int(c) + ord("0")) if c.isdigit() else c for c in iso)


def render_home(listings: list[Listing], site_name: str) -> str:
    ordered = sorted(listings, key=_sort_key)
    count = len(ordered)
    lines = [
        f"{count} essay{'s' if count != 1 else ''}, newest first. Dates marked “c.” are inferred "
        "from the events and dates an essay mentions; each essay page says how.",
        "",
    ]
    for item in ordered:
        value = DateValue(date.fromisoformat(item.date), item.date_precision) if item.date else None
        facts = [
            _join([escape.markdown_inline(a.name) for a in item.authors]) or "Author unknown",
            shown_date(value, item.date_source),
            f"{item.reading_time} min read",
        ]
        lines += [
            f"-   {_link(item.title, essay_path(item.slug))}",
            "",
            f"    {' · '.join(facts)}",
            "    {: .essay-card__facts }",
            "",
            f"    {escape.markdown_inline(item.description)}",
            "",
        ]
    meta = {
        "title": escape.html_attribute(site_name),
        "description": escape.html_attribute(
            f"An archive of {count} opinion essays, with their authors, dates and the world events they discuss."
        ),
        "hide": ["navigation", "toc"],
        "generator": GENERATOR,
    }
    return _page(meta, "\n".join(lines).rstrip("\n"))


def listing_from_page(text: str) -> Listing | None:
    """Read a previously generated essay page back into a listing (for an essay whose source
    fails this run and so keeps its last good page)."""
    try:
        meta = frontmatter.loads(text).metadata
    except yaml.YAMLError:
        return None
    if meta.get("generator") != GENERATOR or "slug" not in meta:
        return None
    bios = meta.get("bios") or {}
    raw_date = meta.get("date")
    return Listing(
        slug=meta["slug"],
        title=html.unescape(meta.get("title", "")),
        subtitle=html.unescape(meta["subtitle"]) if meta.get("subtitle") else None,
        authors=tuple(Author(n, bios.get(n)) for n in meta.get("authors") or ()),
        date=raw_date.isoformat() if isinstance(raw_date, date) else raw_date,
        date_precision=meta.get("date_precision"),
        date_source=meta.get("date_source", "unknown"),
        date_note=meta.get("date_note"),
        events=tuple(meta.get("events") or ()),
        dates_mentioned=tuple(str(d) for d in meta.get("dates_mentioned") or ()),
        description=html.unescape(meta.get("description", "")),
        word_count=int(meta.get("word_count", 0)),
        reading_time=int(meta.get("reading_time", 1)),
        source=meta.get("source", ""),
        publication=meta.get("publication"),
        source_url=meta.get("source_url"),
        tags=tuple(meta.get("tags") or ()),
    )


def render_archive_json(listings: list[Listing], catalog: dict[str, Event]) -> str:
    ordered = sorted(listings, key=_sort_key)
    essays = []
    by_event: dict[str, list[str]] = {}
    by_author: dict[str, dict] = {}
    for item in ordered:
        essays.append(
            {
                "slug": item.slug,
                "url": essay_url(item.slug),
                "title": item.title,
                "subtitle": item.subtitle,
                "authors": [{"name": a.name, "bio": a.bio} for a in item.authors],
                "date": item.date,
                "date_precision": item.date_precision,
                "date_source": item.date_source,
                "date_note": item.date_note,
                "events": list(item.events),
                "dates_mentioned": list(item.dates_mentioned),
                "description": item.description,
                "word_count": item.word_count,
                "reading_time": item.reading_time,
                "source": item.source,
                "publication": item.publication,
                "source_url": item.source_url,
                "tags": list(item.tags),
            }
        )
        for event_id in item.events:
            by_event.setdefault(event_id, []).append(item.slug)
        for author in item.authors:
            entry = by_author.setdefault(author.name, {"name": author.name, "bios": [], "essays": []})
            if author.bio and author.bio not in entry["bios"]:
                entry["bios"].append(author.bio)
            entry["essays"].append(item.slug)
    events = [
        {
            "id": event.id,
            "name": event.name,
            "start": event.start.isoformat(),
            "end": event.end.isoformat() if event.end else None,
            "place": event.place,
            "kind": event.kind,
            "description": event.description,
            "reference": event.reference,
            "essays": by_event[event.id],
        }
        for event in sorted(catalog.values(), key=lambda e: (e.start, e.id))
        if event.id in by_event
    ]
    authors = [by_author[name] for name in sorted(by_author, key=lambda n: (n.casefold(), n))]
    document = {"generator": GENERATOR, "essays": essays, "events": events, "authors": authors}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"
