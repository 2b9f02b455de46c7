"""What listing pages share: their front matter and the card that shows one essay (an item of a
list, without bullets on screen; on the home page a heading of its own)."""

from __future__ import annotations

from . import escape
from .display import shown_date
from .listing import UNDATED, Listing
from .md import heading_link, join, link
from .urls import author_path, essay_path, relative_md, year_path


def front_matter(title: str, description: str, **extra) -> dict:
    """The keys every listing page has. `hide`: one column, no side columns; the tabs (and a
    phone's drawer) are the navigation, so Material's left column would only repeat the page's
    own name, and a table of contents would list a heading or two."""
    meta = {"title": escape.html_attribute(title), "description": escape.html_attribute(description)}
    return {**meta, "hide": ["navigation", "toc"], **extra}


def _card_facts(here: str, item: Listing, author_slugs: dict[str, str]) -> str:
    """'Jane Doe · c. March 2024 · 4 min read', the authors linking to their pages."""
    authors = join(
        [
            link(a.name, relative_md(here, author_path(author_slugs[a.name])))
            for a in item.authors
            if a.name in author_slugs
        ]
    )
    facts = [
        authors or "Author unknown",
        shown_date(item.date, item.date_source),
        f"{item.reading_time} min read",
    ]
    return " · ".join(facts)


def essay_card(here: str, item: Listing, author_slugs: dict[str, str]) -> list[str]:
    return [
        f"-   {link(item.title, relative_md(here, essay_path(item.slug)))}",
        "    {: .essay-card__title }",
        "",
        f"    {_card_facts(here, item, author_slugs)}",
        "    {: .essay-card__facts }",
        "",
        f"    {escape.markdown_inline(item.description)}",
        "",
    ]


def headline_card(here: str, item: Listing, author_slugs: dict[str, str], level: int = 3) -> list[str]:
    """An essay on the front page: its title as a heading (a screen reader can move from one to
    the next), its deck or description, then its authors, date and reading time."""
    title = heading_link(level, item.title, relative_md(here, essay_path(item.slug)))
    return [
        f"{title} {{: .essay-card__title }}",
        "",
        escape.markdown_inline(item.description),
        "{: .essay-card__deck }",
        "",
        _card_facts(here, item, author_slugs),
        "{: .essay-card__facts }",
        "",
    ]


def year_links(here: str, years: list[str], counts: dict[str, int]) -> str:
    return " · ".join(
        link(f"{'Undated' if y == UNDATED else y} ({counts[y]})", relative_md(here, year_path(y))) for y in years
    )
