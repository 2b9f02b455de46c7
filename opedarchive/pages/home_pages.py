"""The home page (the newest essays) and one page per year (all of them)."""

from __future__ import annotations

from ..core.models import Site
from .cards import essay_card, front_matter, year_links
from .listing import UNDATED, Listing, sort_key, year_of
from .md import link, page, plural
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
    year_path,
)

HOME_LATEST = 20  # essays on the home page; the year pages list them all


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
        lines += [f"All essays by year: {year_links(HOME, years, counts)}", "{: .archive-years }", ""]
    if len(ordered) > len(shown):
        lines += [f"## Latest {len(shown)} essays", ""]
    for item in shown:
        lines += essay_card(HOME, item, author_slugs)
    meta = front_matter(
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
            f"{plural(len(items), 'essay')}, newest first. Other years: {year_links(here, list(by_year), counts)}",
            "",
        ]
        for item in items:
            lines += essay_card(here, item, author_slugs)
        meta = front_matter(title, f"{title}: {plural(len(items), 'opinion essay')}.")
        pages[here] = page(meta, "\n".join(lines).rstrip())
    return pages
