"""archive.json: every essay, referenced event and author as data, for researchers."""

from __future__ import annotations

import json

from ..core.models import Event, Site
from .listing import Listing, essays_by_author, essays_by_event, referenced_events, sort_key
from .md import GENERATOR
from .urls import essay_path, event_path, url_of


def render_archive_json(listings: list[Listing], catalog: dict[str, Event], site: Site) -> str:
    ordered = sorted(listings, key=sort_key)
    essays = []
    for item in ordered:
        essays.append(
            {
                "slug": item.slug,
                "url": url_of(essay_path(item.slug)),
                "title": item.title,
                "subtitle": item.subtitle,
                "authors": [{"name": a.name, "bio": a.bio} for a in item.authors],
                "date": item.date.value.isoformat() if item.date else None,
                "date_precision": item.date.precision if item.date else None,
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
                # Published as `tags` before the front matter named them `topics`: kept for readers of the data.
                "tags": list(item.topics),
            }
        )
    by_event = essays_by_event(ordered)
    events = [
        {
            "id": event.id,
            "name": event.name,
            "url": url_of(event_path(event.id)),
            "start": event.start.isoformat(),
            "end": event.end.isoformat() if event.end else None,
            "place": event.place,
            "kind": event.kind,
            "description": event.description,
            "reference": event.reference,
            "essays": [item.slug for item in by_event[event.id]],
        }
        for event in referenced_events(ordered, catalog)
    ]
    authors = []
    for name, items in sorted(essays_by_author(ordered).items(), key=lambda pair: (pair[0].casefold(), pair[0])):
        bios = []
        for item in items:
            bios += [a.bio for a in item.authors if a.name == name and a.bio and a.bio not in bios]
        authors.append({"name": name, "bios": bios, "essays": [item.slug for item in items]})
    document = {"generator": GENERATOR, "site": site.url, "essays": essays, "events": events, "authors": authors}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"
