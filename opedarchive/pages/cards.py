"""What listing pages share: their front matter and the card that shows one essay (an item of a
list, without bullets on screen; on the home page a heading of its own).

The cards of event, topic, author and year pages are raw HTML, as the essay pages are: the same
elements Markdown made of them (a list of items holding a title, facts and a description), but
passed through untouched. Python-Markdown parsed each card's nested list item, link and attribute
list again for every page: on those pages it spent two to three times as long as on raw HTML, and
they are half of what MkDocs renders. Text is escaped with html.escape and links are relative
URLs (MkDocs does not rewrite raw HTML; the crawler test follows them)."""

from __future__ import annotations

from . import escape
from .display import shown_date
from .listing import UNDATED, Listing
from .md import html_text, inline_html, join, link
from .urls import author_path, essay_path, relative_href, relative_md, year_path


def front_matter(title: str, description: str, **extra) -> dict:
    """The keys every listing page has. `hide`: one column, no side columns; the tabs (and a
    phone's drawer) are the navigation, so Material's left column would only repeat the page's
    own name, and a table of contents would list a heading or two."""
    meta = {"title": escape.html_attribute(title), "description": escape.html_attribute(description)}
    return {**meta, "hide": ["navigation", "toc"], **extra}


def card_list(cards: list[str]) -> list[str]:
    """Lines of one raw HTML block: the list of `cards` (each one <li>, on one line), with no
    blank line inside, since a blank line would end the block for Markdown."""
    if not cards:
        return []
    return ['<ul class="essay-cards">', *cards, "</ul>", ""]


def _essay_link(here: str, item: Listing) -> str:
    """The essay's title linking to its page."""
    return f'<a href="{html_text(relative_href(here, essay_path(item.slug)))}">{inline_html(item.title)}</a>'


def card_title(here: str, item: Listing) -> str:
    return f'<p class="essay-card__title">{_essay_link(here, item)}</p>'


def _card_facts(here: str, item: Listing, author_slugs: dict[str, str]) -> str:
    """'Jane Doe · c. March 2024 · 4 min read', the authors linking to their pages."""
    authors = join(
        [
            f'<a href="{html_text(relative_href(here, author_path(author_slugs[a.name])))}">{inline_html(a.name)}</a>'
            for a in item.authors
            if a.name in author_slugs
        ]
    )
    facts = [shown_date(item.date, item.date_source), f"{item.reading_time} min read"]
    return " · ".join([authors or "Author unknown", *map(html_text, facts)])


def essay_card(here: str, item: Listing, author_slugs: dict[str, str]) -> str:
    """One essay in a listing (an item of card_list): title, authors, date and description."""
    description = f"<p>{inline_html(item.description)}</p>" if item.description.strip() else ""
    return (
        f"<li>{card_title(here, item)}"
        f'<p class="essay-card__facts">{_card_facts(here, item, author_slugs)}</p>{description}</li>'
    )


def headline_card(here: str, item: Listing, author_slugs: dict[str, str], level: int = 3) -> list[str]:
    """An essay on the front page: its title as a heading (a screen reader can move from one to
    the next), its deck or description, then its authors, date and reading time. Raw HTML like
    the cards, one block a line."""
    lines = [f'<h{level} class="essay-card__title">{_essay_link(here, item)}</h{level}>', ""]
    if item.description.strip():
        lines += [f'<p class="essay-card__deck">{inline_html(item.description)}</p>', ""]
    return [*lines, f'<p class="essay-card__facts">{_card_facts(here, item, author_slugs)}</p>', ""]


def year_links(here: str, years: list[str], counts: dict[str, int]) -> str:
    return " · ".join(
        link(f"{'Undated' if y == UNDATED else y} ({counts[y]})", relative_md(here, year_path(y))) for y in years
    )
