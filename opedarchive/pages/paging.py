"""Listing pages that stay small at any archive size. An event, topic or author with more essays
than one page holds (PAGE_SIZE) gets a main page with the newest of them and links to one page
per year ("Undated" for essays without a date); a year with more than PAGE_SIZE essays is split
into parts, linked to each other by first / previous / next / last, so that no page holds more
than PAGE_SIZE essays and no list of links on it grows with the archive (years are bounded by
the calendar, not by the number of essays).

The years of one decade share a page ("2010s") when all their essays fit on one: a topic of 60
essays spread over 25 years gets three or four pages worth opening, not 25 of two essays each
(at 1,000 synthetic essays, 324 year pages became 150, a tenth of MkDocs' build). A decade
that outgrows one page is split into its years again.

Smaller listings keep their single page, byte for byte as before paging existed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .cards import card_list, front_matter
from .listing import UNDATED, Listing, year_of
from .md import link, page, plural
from .urls import relative_md, year_part_path

# Essays on one listing page. An event entry (title, authors, date, one quote) is about 1 KB of
# HTML and an essay card (title, authors, date, description) a little less, so 50 of them and
# the theme's ~25 KB keep every page far under the 150 KB budget; bench/run.py reports the
# largest event, topic and author pages.
PAGE_SIZE = 50


@dataclass(frozen=True)
class YearPart:
    """One page of one year of a paged listing: the essays of `year` from position `first`
    (1-based, in the listing's order), part `number` of `of`."""

    path: str
    year: str  # "2024", a decade ("2010s": the years of a decade that fit on one page), or listing.UNDATED
    number: int
    of: int
    first: int
    year_total: int
    items: tuple[Listing, ...]


def is_paged(items: list[Listing]) -> bool:
    return len(items) > PAGE_SIZE


def year_parts(main: str, items: list[Listing]) -> list[YearPart]:
    """The year pages of the listing whose main page is `main`, its essays `items` in listing
    order (newest first, undated last), so the years come newest first and Undated last."""
    by_year: dict[str, list[Listing]] = {}
    for item in items:
        by_year.setdefault(year_of(item), []).append(item)
    parts = []
    for year, group in _periods(by_year):
        chunks = [group[start : start + PAGE_SIZE] for start in range(0, len(group), PAGE_SIZE)]
        for number, chunk in enumerate(chunks, 1):
            first = (number - 1) * PAGE_SIZE + 1
            path = year_part_path(main, year, number)
            parts.append(YearPart(path, year, number, len(chunks), first, len(group), tuple(chunk)))
    return parts


def _periods(by_year: dict[str, list[Listing]]) -> list[tuple[str, list[Listing]]]:
    """(year or decade, its essays) in listing order: a decade's years as one period when there
    are several and their essays fit on one page, else each year alone."""
    decades: dict[str, list[str]] = {}
    for year in by_year:
        decades.setdefault(year if year == UNDATED else f"{year[:3]}0s", []).append(year)
    periods = []
    for decade, years in decades.items():
        if len(years) > 1 and sum(len(by_year[y]) for y in years) <= PAGE_SIZE:
            periods.append((decade, [item for y in years for item in by_year[y]]))
        else:
            periods += [(y, by_year[y]) for y in years]
    return periods


def _of(year: str) -> str:
    """'of 2024', 'of the 2010s'."""
    return f"of the {year}" if year.endswith("s") else f"of {year}"


def year_label(year: str) -> str:
    return "Undated" if year == UNDATED else year


def year_phrase(part: YearPart) -> str:
    """'essays of 2024', 'essays of the 2010s' or 'undated essays', for titles and sentences."""
    return "undated essays" if part.year == UNDATED else f"essays {_of(part.year)}"


def years_line(here: str, parts: list[YearPart]) -> list[str]:
    """'Essays by year: 2024 (120) · 2023 (7) · Undated (3)', each linking the year's first part."""
    links = [
        link(f"{year_label(p.year)} ({p.year_total:,})", relative_md(here, p.path)) for p in parts if p.number == 1
    ]
    return [f"Essays by year: {' · '.join(links)}", "{: .archive-years }", ""]


def latest_heading(level: str, count: int) -> list[str]:
    return [f"{level} Latest {count} essays", ""]


def _pager(part: YearPart, path_of: dict[tuple[str, int], str]) -> list[str]:
    """'Page 2 of 5 (essays 51–100 of 230): first · previous · next · last': four links at most,
    however many parts the year has. path_of: (year, part number) -> docs path."""
    if part.of == 1:
        return []
    last = part.first + len(part.items) - 1
    steps = [
        ("first", 1, part.number > 2),
        ("previous", part.number - 1, part.number > 1),
        ("next", part.number + 1, part.number < part.of),
        ("last", part.of, part.number < part.of - 1),
    ]
    links = [link(word, relative_md(part.path, path_of[part.year, n])) for word, n, shown in steps if shown]
    where = f"Page {part.number} of {part.of} (essays {part.first:,}–{last:,} of {part.year_total:,})"
    return [f"{where}: {' · '.join(links)}", "{: .archive-pages }", ""]


def year_pages(
    parts: list[YearPart],
    intro: Callable[[YearPart], str],
    title: Callable[[YearPart], str],
    description: Callable[[YearPart], str],
    entry: Callable[[str, Listing], str],
) -> dict[str, str]:
    """docs path -> page for every part: `intro` (a sentence linking back to the main page), the
    other years, the pager, the essays as `entry(here, item)` writes them (one card each), the pager again."""
    pages = {}
    path_of = {(p.year, p.number): p.path for p in parts}
    for part in parts:
        here = part.path
        pager = _pager(part, path_of)
        lines = [intro(part), "", *years_line(here, parts), *pager]
        lines += card_list([entry(here, item) for item in part.items])
        lines += pager
        shown_title = title(part) + (f" (page {part.number} of {part.of})" if part.of > 1 else "")
        meta = front_matter(shown_title, description(part))
        pages[here] = page(meta, "\n".join(lines).rstrip())
    return pages


def year_count(part: YearPart) -> str:
    """'120 essays of 2024', '12 essays of the 2010s' or '3 essays without a date'."""
    when = "without a date" if part.year == UNDATED else _of(part.year)
    return f"{plural(part.year_total, 'essay')} {when}"


def year_intro(part: YearPart, what: str) -> str:
    """'120 essays of 2024 on [Beslan school siege](../beslan-school-siege.md), newest first.'"""
    order = "" if part.year == UNDATED else ", newest first"
    return f"{year_count(part)} {what}{order}."
