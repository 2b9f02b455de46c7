"""The events index and one page per event: every essay that refers to it, quoting where."""

from __future__ import annotations

from ..core.models import Event, Quote
from . import escape, paging
from .cards import card_list, card_title, front_matter
from .display import event_span, shown_date
from .listing import Listing, essays_by_event, referenced_events
from .md import heading, html_text, inline_html, join, link, page, plural
from .urls import EVENTS_INDEX, essay_path, event_path, relative_href, relative_md, topic_path


def render_events_index(listings: list[Listing], catalog: dict[str, Event]) -> str:
    by_event = essays_by_event(listings)
    events = referenced_events(listings, catalog)
    lines = [
        f"{plural(len(events), 'world event')} that essays in this archive refer to, in date order. Each event page "
        "quotes every essay where it mentions the event, with a link to that paragraph.",
        "",
        "| Date | Event | Place | Essays |",
        "| --- | --- | --- | --- |",
    ]
    for event in events:
        name = link(event.name, relative_md(EVENTS_INDEX, event_path(event.id)))
        span, place = escape.markdown_inline(event_span(event)), escape.markdown_inline(event.place)
        lines.append(f"| {span} | {name} | {place} | {len(by_event[event.id])} |")
    meta = front_matter("Events", "The world events the essays in this archive discuss, in date order.")
    return page(meta, "\n".join(lines))


def _quote(here: str, item: Listing, q: Quote) -> str:
    """Where the essay names the event, the words around it and a link to that paragraph."""
    anchor = f"#p{q.paragraph}" if q.paragraph > 0 else ""
    where = f"paragraph {q.paragraph}" if q.paragraph > 0 else "the title"
    href = html_text(relative_href(here, essay_path(item.slug)) + anchor)
    words = (
        inline_html(q.before)
        + (" " if q.before[-1:].isspace() else "")
        + f"<strong>{inline_html(q.match)}</strong>"
        + (" " if q.after[:1].isspace() else "")
        + inline_html(q.after)
    )
    return f'<blockquote><p>{words} (<a href="{href}">{where}</a>)</p></blockquote>'


def _event_entry(here: str, item: Listing, event_id: str) -> str:
    """One essay on an event's page (an item of card_list): its title, authors and date, and
    where it names the event."""
    authors = join([inline_html(a.name) for a in item.authors]) or "Author unknown"
    facts = f'<p class="essay-card__facts">{authors} · {html_text(shown_date(item.date, item.date_source))}</p>'
    quotes = [q for q in item.quotes if q.event_id == event_id]
    shown = _quote(here, item, quotes[0]) if quotes else "<p>Added to this event by the archive's curator.</p>"
    return f"<li>{card_title(here, item)}{facts}{shown}</li>"


def render_event_pages(
    listings: list[Listing], catalog: dict[str, Event], author_slugs: dict[str, str], topic_slugs: dict[str, str]
) -> dict:
    """One page per referenced event; an event with more than paging.PAGE_SIZE essays shows the
    newest of them and links one page per year (pages/paging.py)."""
    pages = {}
    for event_id, items in essays_by_event(listings).items():
        if event_id not in catalog:
            continue
        event = catalog[event_id]
        here = event_path(event_id)
        lines = [*_event_header(event, here, topic_slugs), f"## {plural(len(items), 'essay')} on this event", ""]
        shown = items
        if paging.is_paged(items):
            parts = paging.year_parts(here, items)
            shown = items[: paging.PAGE_SIZE]
            lines += paging.years_line(here, parts) + paging.latest_heading("###", len(shown))
            pages.update(_event_year_pages(event, parts))
        lines += card_list([_event_entry(here, item, event_id) for item in shown])
        meta = front_matter(
            event.name,
            f"{event.name} ({event_span(event)}, {event.place}): {plural(len(items), 'essay')} in the archive.",
        )
        pages[here] = page(meta, "\n".join(lines).rstrip())
    return pages


def _event_header(event: Event, here: str, topic_slugs: dict[str, str]) -> list[str]:
    """The event's own words: its name, dates, place, description, reference and kind. This is
    what search indexes of an event page (data-pagefind-body): the essays listed below it are
    found on their own pages, so a phrase from an essay finds the essay, not the event. Its
    filters are the event itself, its kind as a topic and the year it began. The heading is
    Markdown (the page's first entry of contents, where "Skip to content" leads) and indexed on
    its own; the rest is raw HTML, as the cards below it."""
    lines = [
        heading(1, event.name) + ' {: data-pagefind-body="" data-pagefind-filter="event" }',
        "",
        f'<div class="event-header" data-pagefind-body data-pagefind-filter="year:{event.start.year}">',
        f'<p class="event-facts">{inline_html(event_span(event))} · {inline_html(event.place)}</p>',
        f"<p>{inline_html(event.description)}</p>",
        f'<p class="event-reference">Reference: <a href="{html_text(event.reference)}">'
        f"{inline_html(event.reference)}</a></p>",
    ]
    if event.kind in topic_slugs:
        href = html_text(relative_href(here, topic_path(topic_slugs[event.kind])))
        topic = f'<a href="{href}" data-pagefind-filter="topic">{inline_html(event.kind)}</a>'
        lines.append(f'<p class="event-topic">Topic: {topic}</p>')
    return [*lines, "</div>", ""]


def _event_year_pages(event: Event, parts: list[paging.YearPart]) -> dict[str, str]:
    main = event_path(event.id)
    return paging.year_pages(
        parts,
        intro=lambda part: paging.year_intro(part, f"on {link(event.name, relative_md(part.path, main))}"),
        title=lambda part: f"{event.name}: {paging.year_phrase(part)}",
        description=lambda part: (
            f"{event.name} ({event_span(event)}, {event.place}): {paging.year_count(part)} in the archive."
        ),
        entry=lambda here, item: _event_entry(here, item, event.id),
    )
