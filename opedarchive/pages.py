"""The pages that make the archive browsable, made from every essay's listing: home, years,
events, authors, topics, search, about, redirects and archive.json. Pure functions, text out."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date

from . import escape
from .mdpage import GENERATOR, heading, join, link, page, plural
from .models import Event, Listing, Quote, Site
from .render import date_value, event_span, shown_date
from .urls import (
    ABOUT,
    AUTHORS_INDEX,
    EVENTS_INDEX,
    HOME,
    JSON_FEED,
    RSS_FEED,
    SEARCH,
    TIMELINE,
    TOPICS_INDEX,
    author_path,
    essay_path,
    event_path,
    relative,
    topic_path,
    url_of,
    year_path,
)

HOME_LATEST = 20  # essays on the home page; the year pages list them all
UNDATED = "undated"


def sort_key(item: Listing) -> tuple:
    # Newest first; essays without a date last; ties by title, then slug, for a stable order.
    newest_first = -date.fromisoformat(item.date).toordinal() if item.date else 0
    return (item.date is None, newest_first, item.title.casefold(), item.slug)


def year_of(item: Listing) -> str:
    return item.date[:4] if item.date else UNDATED


def _meta(title: str, description: str, **extra) -> dict:
    return {"title": escape.html_attribute(title), "description": escape.html_attribute(description), **extra}


def _essay_card(here: str, item: Listing, author_slugs: dict[str, str]) -> list[str]:
    authors = join(
        [
            link(a.name, relative(here, author_path(author_slugs[a.name])))
            for a in item.authors
            if a.name in author_slugs
        ]
    )
    facts = [
        authors or "Author unknown",
        shown_date(date_value(item), item.date_source),
        f"{item.reading_time} min read",
    ]
    return [
        f"-   {link(item.title, relative(here, essay_path(item.slug)))}",
        "",
        f"    {' · '.join(facts)}",
        "    {: .essay-card__facts }",
        "",
        f"    {escape.markdown_inline(item.description)}",
        "",
    ]


def _year_links(here: str, years: list[str], counts: dict[str, int]) -> str:
    return " · ".join(
        link(f"{'Undated' if y == UNDATED else y} ({counts[y]})", relative(here, year_path(y))) for y in years
    )


def render_home(listings: list[Listing], site: Site, author_slugs: dict[str, str]) -> str:
    ordered = sorted(listings, key=sort_key)
    counts: dict[str, int] = {}
    for item in ordered:
        counts[year_of(item)] = counts.get(year_of(item), 0) + 1
    years = list(counts)
    shown = ordered[:HOME_LATEST]
    lines = [
        f"{plural(len(ordered), 'essay')} on world events, newest first. Dates marked “c.” are inferred from "
        f"the events and dates an essay mentions; each essay page says how ({link('about this archive', ABOUT)}).",
        "",
        f"Browse by {link('event', EVENTS_INDEX)}, on the {link('timeline', TIMELINE)}, by "
        f"{link('author', AUTHORS_INDEX)} or {link('topic', TOPICS_INDEX)}; {link('search', SEARCH)} every word; "
        f"follow new essays by [RSS]({RSS_FEED}) or [JSON Feed]({JSON_FEED}).",
        "",
    ]
    if years:
        lines += [f"All essays by year: {_year_links(HOME, years, counts)}", "{: .archive-years }", ""]
    if len(ordered) > len(shown):
        lines += [f"## Latest {len(shown)} essays", ""]
    for item in shown:
        lines += _essay_card(HOME, item, author_slugs)
    meta = _meta(
        site.name,
        f"An archive of {plural(len(ordered), 'opinion essay')}, with their authors, dates and the world events "
        "they discuss.",
        hide=["navigation", "toc"],
    )
    return page(meta, "\n".join(lines).rstrip("\n"))


def render_years(listings: list[Listing], author_slugs: dict[str, str]) -> dict[str, str]:
    """docs path -> page, one per year that has essays (and one for undated essays)."""
    by_year: dict[str, list[Listing]] = {}
    for item in sorted(listings, key=sort_key):
        by_year.setdefault(year_of(item), []).append(item)
    counts = {y: len(items) for y, items in by_year.items()}
    pages = {}
    for year, items in by_year.items():
        here = year_path(year)
        title = "Undated essays" if year == UNDATED else f"Essays of {year}"
        lines = [
            f"{plural(len(items), 'essay')}, newest first. Other years: {_year_links(here, list(by_year), counts)}",
            "",
        ]
        for item in items:
            lines += _essay_card(here, item, author_slugs)
        meta = _meta(title, f"{title}: {plural(len(items), 'opinion essay')}.")
        pages[here] = page(meta, "\n".join(lines).rstrip())
    return pages


def _essays_by_event(listings: Iterable[Listing]) -> dict[str, list[Listing]]:
    result: dict[str, list[Listing]] = {}
    for item in sorted(listings, key=sort_key):
        for event_id in item.events:
            result.setdefault(event_id, []).append(item)
    return result


def referenced_events(listings: Iterable[Listing], catalog: dict[str, Event]) -> list[Event]:
    ids = {e for item in listings for e in item.events if e in catalog}
    return sorted((catalog[e] for e in ids), key=lambda e: (e.start, e.id))


def render_events_index(listings: list[Listing], catalog: dict[str, Event]) -> str:
    by_event = _essays_by_event(listings)
    events = referenced_events(listings, catalog)
    lines = [
        f"{plural(len(events), 'world event')} that essays in this archive refer to, in date order. Each event page "
        "quotes every essay where it mentions the event, with a link to that paragraph.",
        "",
        "| Date | Event | Place | Essays |",
        "| --- | --- | --- | --- |",
    ]
    for event in events:
        name = link(event.name, relative(EVENTS_INDEX, event_path(event.id)))
        span, place = escape.markdown_inline(event_span(event)), escape.markdown_inline(event.place)
        lines.append(f"| {span} | {name} | {place} | {len(by_event[event.id])} |")
    meta = _meta("Events", "The world events the essays in this archive discuss, in date order.", hide=["toc"])
    return page(meta, "\n".join(lines))


def _quote_line(here: str, item: Listing, q: Quote) -> str:
    anchor = f"#p{q.paragraph}" if q.paragraph > 0 else ""
    where = f"paragraph {q.paragraph}" if q.paragraph > 0 else "the title"
    target = relative(here, essay_path(item.slug)) + anchor
    words = (
        escape.markdown_inline(q.before.strip())
        + (" " if q.before[-1:].isspace() else "")
        + f"**{escape.markdown_inline(q.match)}**"
        + (" " if q.after[:1].isspace() else "")
        + escape.markdown_inline(q.after.strip())
    )
    return f"    > {words} ([{where}]({target}))"


def render_event_pages(
    listings: list[Listing], catalog: dict[str, Event], author_slugs: dict[str, str], topic_slugs: dict[str, str]
) -> dict:
    pages = {}
    for event_id, items in _essays_by_event(listings).items():
        if event_id not in catalog:
            continue
        event = catalog[event_id]
        here = event_path(event_id)
        lines = [
            f"{escape.markdown_inline(event_span(event))} · {escape.markdown_inline(event.place)}",
            "{: .event-facts }",
            "",
            escape.markdown_text(event.description),
            "",
            f"Reference: {link(event.reference, event.reference)}",
            "{: .event-reference }",
            "",
        ]
        if event.kind in topic_slugs:
            lines += [f"Topic: {link(event.kind, relative(here, topic_path(topic_slugs[event.kind])))}", ""]
        lines += [
            f"## {plural(len(items), 'essay')} on this event",
            "",
        ]
        for item in items:
            authors = join([escape.markdown_inline(a.name) for a in item.authors]) or "Author unknown"
            lines += [
                f"-   {link(item.title, relative(here, essay_path(item.slug)))}",
                "",
                f"    {authors} · {shown_date(date_value(item), item.date_source)}",
                "    {: .essay-card__facts }",
                "",
            ]
            quotes = [q for q in item.quotes if q.event_id == event_id]
            if quotes:
                lines += [_quote_line(here, item, q) for q in quotes[:1]] + [""]
            else:
                lines += ["    Added to this event by the archive's curator.", ""]
        meta = _meta(
            event.name,
            f"{event.name} ({event_span(event)}, {event.place}): {plural(len(items), 'essay')} in the archive.",
        )
        pages[here] = page(meta, "\n".join(lines).rstrip())
    return pages


def authors_of(listings: Iterable[Listing]) -> dict[str, list[Listing]]:
    result: dict[str, list[Listing]] = {}
    for item in sorted(listings, key=sort_key):
        for author in item.authors:
            result.setdefault(author.name, []).append(item)
    return result


def render_authors(listings: list[Listing], author_slugs: dict[str, str]) -> dict[str, str]:
    by_author = authors_of(listings)
    names = sorted(by_author, key=lambda n: (n.split()[-1].casefold() if n.split() else "", n.casefold(), n))
    lines = [f"{plural(len(names), 'author')}, by last name.", ""]
    for name in names:
        lines.append(
            f"-   {link(name, relative(AUTHORS_INDEX, author_path(author_slugs[name])))} "
            f"({plural(len(by_author[name]), 'essay')})"
        )
    index_meta = _meta("Authors", "The authors of the essays in this archive.")
    pages = {AUTHORS_INDEX: page(index_meta, "\n".join(lines))}
    for name in names:
        here = author_path(author_slugs[name])
        items = by_author[name]
        bios = []
        for item in items:
            for author in item.authors:
                if author.name == name and author.bio and author.bio not in bios:
                    bios.append(author.bio)
        body = [escape.markdown_text(bio) + "\n{: .author-bio }\n" for bio in bios]
        if not bios:
            body.append("No biography is known.\n{: .author-bio }\n")
        body += [f"## {plural(len(items), 'essay')}", ""]
        for item in items:
            body += _essay_card(here, item, author_slugs)
        description = bios[0] if bios else f"Essays by {name} in the archive."
        pages[here] = page(_meta(name, description), "\n".join(body).rstrip())
    return pages


def render_topics(listings: list[Listing], author_slugs: dict[str, str], topic_slugs: dict[str, str]) -> dict:
    """The topics index and one page per topic, made here rather than by a theme's tags plugin:
    plain Markdown builds the same under MkDocs and Zensical (whose tags listing needs 1.3 GB at
    1,000 essays and runs out of memory at 5,000)."""
    by_topic: dict[str, list[Listing]] = {}
    for item in sorted(listings, key=sort_key):
        for tag in item.tags:
            by_topic.setdefault(tag, []).append(item)
    names = sorted(by_topic, key=lambda n: (n.casefold(), n))
    lines = [
        "Each essay's topics are the tags its curator gave it and the kinds of the world events it discusses "
        "(a terrorist attack, a war…).",
        "",
    ]
    for name in names:
        target = relative(TOPICS_INDEX, topic_path(topic_slugs[name]))
        lines.append(f"-   {link(name, target)} ({plural(len(by_topic[name]), 'essay')})")
    index_meta = _meta("Topics", "The essays in this archive by topic.")
    pages = {TOPICS_INDEX: page(index_meta, "\n".join(lines))}
    for name in names:
        here = topic_path(topic_slugs[name])
        items = by_topic[name]
        body = [f"{plural(len(items), 'essay')} on this topic, newest first.", ""]
        for item in items:
            body += _essay_card(here, item, author_slugs)
        meta = _meta(f"Topic: {name}", f"Essays on {name}: {plural(len(items), 'opinion essay')}.")
        pages[here] = page(meta, "\n".join(body).rstrip())
    return pages


def render_search_page() -> str:
    # Pagefind's index is written into site/pagefind/ after MkDocs builds the site; its UI is
    # loaded by javascripts/archive.js only on this page, so other pages stay light.
    lines = [
        "Search every word of every essay, and the event and author pages.",
        "",
        '<div id="pagefind-search" class="archive-search" data-pagefind-ignore="all"></div>',
        "",
        '<noscript>Search needs JavaScript. Browse by <a href="../events/">event</a> or '
        '<a href="../authors/">author</a> instead.</noscript>',
    ]
    return page(_meta("Search", "Full-text search of the archive."), "\n".join(lines))


def render_about(listings: list[Listing], catalog: dict[str, Event], site: Site) -> str:
    count = len(listings)
    inferred = sum(1 for item in listings if item.date_source == "inferred")
    lines = [
        f"This archive holds {plural(count, 'opinion essay')} about world events, and the "
        f"{plural(len(referenced_events(listings, catalog)), 'event')} they discuss. Every word of each essay is "
        "reproduced as it was received; the archive adds metadata around the text, never inside it.",
        "",
        "## How the metadata is derived",
        "",
        "- **Title, authors and biographies** come from the text itself: its first line, its byline "
        "(“By …”) and the note about the author at its end. When a person has checked them, they come from "
        "a small curation file beside the essay, and the essay page names that file.",
        "- **Publication date.** Stated dates (a dateline in the text) and dates supplied by a curator are shown "
        "as they are. When neither exists, the archive *infers* a date: the latest dated event or explicit date "
        "the essay mentions, which the essay cannot be older than. Inferred dates are marked **“c.”** "
        f"(circa) and the essay page gives the reasoning. {plural(inferred, 'essay')} here "
        f"{'has' if inferred == 1 else 'have'} an inferred date. An inferred date is never published in the "
        "page's machine-readable metadata, only a stated or curated one.",
        "- **Events** are matched against a catalog of world events written by the archive's maintainers: an "
        "essay references an event when it names it or one of its aliases, or writes its date in full. A "
        "curator can add or remove an event for an essay.",
        "- **Dates mentioned** are the explicit dates and years in the text.",
        "- **Description** is the essay's subtitle or curated description, or else its opening words.",
        "- **Topics** are the curator's tags and the kinds of the events the essay discusses.",
        "- **Word count and reading time** count the words of the essay's text (at 200 words a minute).",
        "",
        "“Author unknown” and “Date unknown” mean exactly that: the archive never guesses a name, and only infers "
        "a date from the essay's own words.",
        "",
        "## How to cite",
        "",
        "Every essay page ends with a ready citation in Chicago style and in BibTeX, with a copy button. Each "
        "paragraph has its own link: hover over a paragraph (or tab to it) and use the **¶** mark, or add "
        "`#p3` to an essay's address for its third paragraph. Addresses do not change: when an essay's address "
        "must change, the old one keeps working and leads to the new one.",
        "",
        "## Following the archive",
        "",
        f"New essays appear in the [RSS feed]({RSS_FEED}) and the [JSON Feed]({JSON_FEED}). "
        f"The whole catalog is also available as data: `{site.url}archive.json`.",
        "",
        "## Corrections",
        "",
        "If a title, author, date or event is wrong, please tell the archive's maintainer"
        + (f" ({link('report a correction', site.corrections_url)})" if site.corrections_url else "")
        + ", naming the essay's address and, if you can, a source for the correct fact. The maintainer fixes it in "
        "the essay's curation file; the essay's text itself is never edited.",
    ]
    return page(
        _meta("About this archive", f"What {site.name} holds and how its metadata is derived."), "\n".join(lines)
    )


def render_redirect(old_slug: str, item: Listing) -> str:
    here = essay_path(old_slug)
    target = relative(here, essay_path(item.slug))
    # Nothing here is for search (the essay's own page is): Pagefind ignores all of it, and the
    # heading is inside, so Material does not add one outside.
    lines = [
        '<div class="essay-moved" data-pagefind-ignore="all" markdown>',
        "",
        heading(1, f"Moved: {item.title}"),
        "",
        f"This essay has moved to {link(item.title, target)}. Update your links: the new address will not change.",
        "",
        "</div>",
    ]
    meta = _meta(
        f"Moved: {item.title}",
        f"This essay has moved to a new address: {item.title}",
        redirect=f"../{item.slug}/",  # from essays/<old>/ to essays/<new>/
        robots="noindex",
        hide=["navigation", "toc"],
    )
    return page(meta, "\n".join(lines))


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
    by_event = _essays_by_event(ordered)
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
    for name, items in sorted(authors_of(ordered).items(), key=lambda pair: (pair[0].casefold(), pair[0])):
        bios = []
        for item in items:
            bios += [a.bio for a in item.authors if a.name == name and a.bio and a.bio not in bios]
        authors.append({"name": name, "bios": bios, "essays": [item.slug for item in items]})
    document = {"generator": GENERATOR, "site": site.url, "essays": essays, "events": events, "authors": authors}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"
