"""What an essay page says about itself in <head>: Open Graph, Twitter card, Highwire citation_*
tags (read by Google Scholar and Zotero) and schema.org JSON-LD.

The converter writes the HTML (front matter key `head`, one string) and a thin theme override
(overrides/main.html) prints it as it is. Each `content` attribute is HTML-escaped here. JSON-LD
goes inside <script>, where entities are not decoded, so it is made safe differently: "<", ">"
and "&" are written as JSON \\u escapes, which no text can turn into a closing </script>.

A date the archive inferred is not published as a machine-readable publication date: a reader
of the page sees "c." beside it, a harvester of tags would not.
"""

from __future__ import annotations

import html
import json

from ..core.models import Event, Site
from .listing import Listing
from .urls import event_path, url_of

_JSON_UNSAFE = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def script_safe_json(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    for unsafe, escaped in _JSON_UNSAFE:  # str.replace: far faster than translate with a dict
        text = text.replace(unsafe, escaped)
    return text


def _published(item: Listing) -> str | None:
    """The publication date as ISO 8601 at its precision, unless it is only inferred."""
    if item.date is None or item.date_source == "inferred":
        return None
    return item.date.iso()


def meta_tags(item: Listing, url: str, site: Site) -> list[list[str]]:
    """[attribute, name, content] triples, plain text."""
    tags = [
        ["property", "og:type", "article"],
        ["property", "og:title", item.title],
        ["property", "og:description", item.description],
        ["property", "og:url", url],
        ["property", "og:site_name", site.name],
        ["property", "og:locale", "en_US"],
    ]
    published = _published(item)
    if published:
        tags.append(["property", "article:published_time", published])
    tags += [["property", "article:author", a.name] for a in item.authors]
    tags += [["property", "article:tag", t] for t in item.topics]
    tags += [
        ["name", "twitter:card", "summary"],
        ["name", "twitter:title", item.title],
        ["name", "twitter:description", item.description],
        ["name", "citation_title", item.title],
    ]
    tags += [["name", "citation_author", a.name] for a in item.authors]
    if published:
        tags.append(["name", "citation_publication_date", published.replace("-", "/")])
    if item.publication:
        tags.append(["name", "citation_journal_title", item.publication])
    tags.append(["name", "citation_public_url", url])
    return tags


def json_ld(item: Listing, url: str, site: Site, catalog: dict[str, Event]) -> str:
    """schema.org OpinionNewsArticle, with the events it discusses (linked to their pages here)."""
    document: dict = {
        "@context": "https://schema.org",
        "@type": "OpinionNewsArticle",
        "headline": item.title,
        "description": item.description,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": "en",
        "wordCount": item.word_count,
    }
    if item.authors:
        document["author"] = [
            {
                "@type": "Organization" if a.organisation else "Person",
                "name": a.name,
                **({"description": a.bio} if a.bio else {}),
            }
            for a in item.authors
        ]
    published = _published(item)
    if published:
        document["datePublished"] = published
    if item.publication:
        document["publisher"] = {"@type": "Organization", "name": item.publication}
    if item.source_url:
        document["isBasedOn"] = item.source_url
    if item.topics:
        document["keywords"] = list(item.topics)
    about = []
    for event_id in item.events:
        event = catalog.get(event_id)
        if event is None:
            continue
        entry = {
            "@type": "Event",
            "name": event.name,
            "startDate": event.start.isoformat(),
            "location": {"@type": "Place", "name": event.place},
            "url": site.url + url_of(event_path(event.id)),
            "sameAs": event.reference,
            "description": event.description,
        }
        if event.end is not None:
            entry["endDate"] = event.end.isoformat()
        about.append(entry)
    if about:
        document["about"] = about
    document["isPartOf"] = {"@type": "WebSite", "name": site.name, "url": site.url}
    return script_safe_json(document)


def head_html(tags: list[list[str]], jsonld: str) -> str:
    lines = [
        f'<meta {attribute}="{name}" content="{html.escape(content, quote=True)}">' for attribute, name, content in tags
    ]
    lines.append(f'<script type="application/ld+json">{jsonld}</script>')
    return "\n".join(lines)
