"""The home page (the newest essays) and one page per year (all of them)."""

from __future__ import annotations

from ..core.models import Event, Site
from . import escape
from .cards import card_list, essay_card, front_matter, headline_card, year_links
from .display import event_span
from .listing import UNDATED, Listing, essays_by_author, essays_by_event, sort_key, year_of
from .md import heading, link, page, plural
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
    event_path,
    year_path,
)

HOME_LATEST = 20  # essays on the home page; the year pages list them all
HOME_EVENTS = 5  # the events most written about


def render_home(
    listings: list[Listing], site: Site, author_slugs: dict[str, str], catalog: dict[str, Event] | None = None
) -> str:
    """The front page, as a magazine's: what the archive is in one sentence, the newest essays
    (title, deck, authors, date), the events most written about, and the ways in (years,
    authors, topics, the timeline, search, feeds)."""
    ordered = sorted(listings, key=sort_key)
    counts: dict[str, int] = {}
    for item in ordered:
        counts[year_of(item)] = counts.get(year_of(item), 0) + 1
    years = list(counts)
    shown = ordered[:HOME_LATEST]
    about = escape.markdown_inline(site.description or "Opinion essays on world events.")
    lines = [
        # The theme would title the page with its name in the navigation ("Essays"): the
        # front page's heading is the archive's name.
        heading(1, site.name),
        "",
        about,
        "{: .home-deck }",
        "",
        f"{plural(len(ordered), 'essay')}, newest first · a date marked “c.” is inferred from the essay's own "
        f"words ({link('how', ABOUT)})",
        "{: .home-note }",
        "",
    ]
    if shown:
        lines += ["## Latest essays", ""]
    for item in shown:
        lines += headline_card(HOME, item, author_slugs)
    if len(ordered) > len(shown):
        lines += [f"Every essay: {year_links(HOME, years, counts)}", "{: .archive-years }", ""]
    lines += _most_written_about(listings, catalog or {})
    lines += _browse(listings, years, counts)
    meta = front_matter(
        site.name,
        f"An archive of {plural(len(ordered), 'opinion essay')}, with their authors, dates and the world events "
        "they discuss.",
    )
    return page(meta, "\n".join(lines).rstrip("\n"))


def _most_written_about(listings: list[Listing], catalog: dict[str, Event]) -> list[str]:
    """The events with the most essays (ties: the more recent first), each with its count."""
    by_event = {e: items for e, items in essays_by_event(listings).items() if e in catalog}
    if not by_event:
        return []
    top = sorted(by_event, key=lambda e: (-len(by_event[e]), -catalog[e].start.toordinal(), e))[:HOME_EVENTS]
    lines = ["## Most written about", ""]
    for event_id in top:
        event = catalog[event_id]
        facts = f"{plural(len(by_event[event_id]), 'essay')} · {escape.markdown_inline(event_span(event))}"
        lines += [
            f"-   {link(event.name, event_path(event_id))}",
            "    {: .essay-card__title }",
            "",
            f"    {facts}",
            "    {: .essay-card__facts }",
            "",
        ]
    if len(by_event) > len(top):
        lines += [f"{link(f'All {len(by_event):,} events', EVENTS_INDEX)}", "{: .archive-years }", ""]
    return lines


def _browse(listings: list[Listing], years: list[str], counts: dict[str, int]) -> list[str]:
    authors = len(essays_by_author(listings))
    topics = len({topic for item in listings for topic in item.topics})
    ways = [
        link(f"author ({authors:,})", AUTHORS_INDEX),
        link(f"topic ({topics:,})", TOPICS_INDEX),
        link("event", EVENTS_INDEX),
        link("timeline", TIMELINE),
        link("search", SEARCH),
    ]
    lines = ["## Browse the archive", ""]
    if years:
        lines += [f"By year: {year_links(HOME, years, counts)}", "{: .archive-years }", ""]
    lines += [
        f"By {' · '.join(ways)}",
        "{: .archive-years }",
        "",
        f"Follow new essays: [RSS]({RSS_FEED}) · [JSON Feed]({JSON_FEED}) · {link('about this archive', ABOUT)}",
        "{: .archive-years }",
        "",
    ]
    return lines


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
            f"{plural(len(items), 'essay')}, newest first. Other years: {year_links(here, list(by_year), counts)}",
            "",
        ]
        lines += card_list([essay_card(here, item, author_slugs) for item in items])
        meta = front_matter(title, f"{title}: {plural(len(items), 'opinion essay')}.")
        pages[here] = page(meta, "\n".join(lines).rstrip())
    return pages
