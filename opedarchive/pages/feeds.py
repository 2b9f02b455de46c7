"""RSS 2.0 and JSON Feed 1.1 of the newest essays, by publication date.

Generated here rather than by mkdocs-rss-plugin: that plugin is an MkDocs plugin, which Zensical
does not run, and it dates pages by git history or by full timestamps, where our dates can be a
month or a year. RSS is written with feedgen (correct RFC 822 dates and XML escaping); JSON
Feed is plain JSON. Only essays with a known date are listed: a feed orders by date. Dates known
to the month or year are given as their first day, and the item says so.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from feedgen.feed import FeedGenerator

from ..core.models import Site
from .display import shown_date
from .listing import Listing, sort_key
from .md import GENERATOR
from .urls import JSON_FEED, RSS_FEED, essay_path, url_of

FEED_SIZE = 50


def _newest(listings: list[Listing]) -> list[Listing]:
    return [item for item in sorted(listings, key=sort_key) if item.date][:FEED_SIZE]


def _moment(item: Listing) -> datetime | None:
    """The publication moment, for a stated or curated date only: an inferred one ("c. March
    2024") is never published as a machine-readable date; the summary says it in words."""
    if item.date is None or item.date_source == "inferred":
        return None
    moment = datetime.combine(item.date.value, datetime.min.time(), UTC)
    if item.date.precision == "month":
        return moment.replace(day=1)
    if item.date.precision == "year":
        return moment.replace(month=1, day=1)
    return moment


def _summary(item: Listing) -> str:
    when = shown_date(item.date, item.date_source)
    return (
        f"{item.description} ({when})"
        if item.date is None or item.date.precision != "day" or item.date_source == "inferred"
        else item.description
    )


def render_rss(listings: list[Listing], site: Site) -> str:
    items = _newest(listings)
    feed = FeedGenerator()
    feed.load_extension("dc")
    feed.title(site.name)
    feed.link(href=site.url, rel="alternate")
    feed.description(site.description or f"New essays in {site.name}.")
    feed.language("en")
    feed.generator(GENERATOR)
    # The build date is the newest essay's date, not the clock: the same input, the same bytes.
    moments = [moment for item in items if (moment := _moment(item))]
    feed.lastBuildDate(max(moments) if moments else datetime(1970, 1, 1, tzinfo=UTC))
    for item in reversed(items):  # feedgen puts each new entry first
        entry = feed.add_entry()
        url = site.url + url_of(essay_path(item.slug))
        entry.title(item.title)
        entry.link(href=url)
        entry.guid(url, permalink=True)
        entry.description(_summary(item))
        if moment := _moment(item):
            entry.pubDate(moment)
        for author in item.authors:
            entry.dc.dc_creator(author.name)
        for topic in item.topics:
            entry.category(term=topic)
    return feed.rss_str(pretty=True).decode("utf-8")


def render_json_feed(listings: list[Listing], site: Site) -> str:
    items = []
    for item in _newest(listings):
        url = site.url + url_of(essay_path(item.slug))
        entry = {
            "id": url,
            "url": url,
            "title": item.title,
            "summary": _summary(item),
            "content_text": item.description,
            "authors": [{"name": a.name} for a in item.authors],
            "tags": list(item.topics),
        }
        if moment := _moment(item):
            entry["date_published"] = moment.isoformat()
        if item.source_url:
            entry["external_url"] = item.source_url
        items.append(entry)
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": site.name,
        "home_page_url": site.url,
        "feed_url": site.url + JSON_FEED,
        "description": site.description,
        "language": "en",
        "_archive": {"generator": GENERATOR, "rss": site.url + RSS_FEED},
        "items": items,
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"
