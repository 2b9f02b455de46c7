"""What listing pages share: their front matter and the card that shows one essay."""

from __future__ import annotations

from . import escape
from .display import shown_date
from .listing import UNDATED, Listing
from .md import join, link
from .urls import author_path, essay_path, relative_md, year_path


def front_matter(title: str, description: str, **extra) -> dict:
    return {"title": escape.html_attribute(title), "description": escape.html_attribute(description), **extra}


def essay_card(here: str, item: Listing, author_slugs: dict[str, str]) -> list[str]:
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
    return [
        f"-   {link(item.title, relative_md(here, essay_path(item.slug)))}",
        "",
        f"    {' · '.join(facts)}",
        "    {: .essay-card__facts }",
        "",
        f"    {escape.markdown_inline(item.description)}",
        "",
    ]


def year_links(here: str, years: list[str], counts: dict[str, int]) -> str:
    return " · ".join(
        link(f"{'Undated' if y == UNDATED else y} ({counts[y]})", relative_md(here, year_path(y))) for y in years
    )
