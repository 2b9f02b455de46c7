"""The authors index and one page per author; the topics index and one page per topic."""

from __future__ import annotations

from . import escape, paging
from .cards import card_list, essay_card, front_matter
from .listing import Listing, essays_by_author, sort_key
from .md import link, page, plural
from .urls import AUTHORS_INDEX, TOPICS_INDEX, author_path, relative_md, topic_path


def render_authors(listings: list[Listing], author_slugs: dict[str, str]) -> dict[str, str]:
    by_author = essays_by_author(listings)
    names = sorted(by_author, key=lambda n: (n.split()[-1].casefold() if n.split() else "", n.casefold(), n))
    lines = [f"{plural(len(names), 'author')}, by last name.", ""]
    for name in names:
        lines.append(
            f"-   {link(name, relative_md(AUTHORS_INDEX, author_path(author_slugs[name])))} "
            f"({plural(len(by_author[name]), 'essay')})"
        )
    index_meta = front_matter("Authors", "The authors of the essays in this archive.")
    pages = {AUTHORS_INDEX: page(index_meta, "\n".join(lines))}
    for name in names:
        pages.update(_author_pages(name, author_path(author_slugs[name]), by_author[name], author_slugs))
    return pages


def render_topics(listings: list[Listing], author_slugs: dict[str, str], topic_slugs: dict[str, str]) -> dict:
    """The topics index and one page per topic, made here rather than by a theme's tags plugin:
    plain Markdown builds the same under MkDocs and Zensical (whose tags listing needs 1.3 GB at
    1,000 essays and runs out of memory at 5,000)."""
    by_topic: dict[str, list[Listing]] = {}
    for item in sorted(listings, key=sort_key):
        for topic in item.topics:
            by_topic.setdefault(topic, []).append(item)
    names = sorted(by_topic, key=lambda n: (n.casefold(), n))
    lines = [
        "Each essay's topics are the tags its curator gave it and the kinds of the world events it discusses "
        "(a terrorist attack, a war…).",
        "",
    ]
    for name in names:
        target = relative_md(TOPICS_INDEX, topic_path(topic_slugs[name]))
        lines.append(f"-   {link(name, target)} ({plural(len(by_topic[name]), 'essay')})")
    index_meta = front_matter("Topics", "The essays in this archive by topic.")
    pages = {TOPICS_INDEX: page(index_meta, "\n".join(lines))}
    for name in names:
        pages.update(_topic_pages(name, topic_path(topic_slugs[name]), by_topic[name], author_slugs))
    return pages


def _author_pages(name: str, here: str, items: list[Listing], author_slugs: dict[str, str]) -> dict[str, str]:
    """An author's page, and the year pages of an author with more than paging.PAGE_SIZE essays.
    The bios are those of the essays the page shows: an author note differs from essay to essay,
    so the bios of every essay would grow with the archive."""
    paged = paging.is_paged(items)
    shown = items[: paging.PAGE_SIZE] if paged else items
    bios = []
    for item in shown:
        for author in item.authors:
            if author.name == name and author.bio and author.bio not in bios:
                bios.append(author.bio)
    body = [escape.markdown_text(bio) + "\n{: .author-bio }\n" for bio in bios]
    if not bios:
        body.append("No biography is known.\n{: .author-bio }\n")
    body += [f"## {plural(len(items), 'essay')}", ""]
    pages = {}
    if paged:
        parts = paging.year_parts(here, items)
        body += paging.years_line(here, parts) + paging.latest_heading("###", len(shown))
        pages.update(
            paging.year_pages(
                parts,
                intro=lambda part: paging.year_intro(part, f"by {link(name, relative_md(part.path, here))}"),
                title=lambda part: f"{name}: {paging.year_phrase(part)}",
                description=lambda part: f"{paging.year_count(part)} by {name} in the archive.",
                entry=lambda at, item: essay_card(at, item, author_slugs),
            )
        )
    body += card_list([essay_card(here, item, author_slugs) for item in shown])
    description = bios[0] if bios else f"Essays by {name} in the archive."
    pages[here] = page(front_matter(name, description), "\n".join(body).rstrip())
    return pages


def _topic_pages(name: str, here: str, items: list[Listing], author_slugs: dict[str, str]) -> dict[str, str]:
    """A topic's page, and the year pages of a topic with more than paging.PAGE_SIZE essays."""
    pages = {}
    if paging.is_paged(items):
        parts = paging.year_parts(here, items)
        shown = items[: paging.PAGE_SIZE]
        body = [f"{plural(len(items), 'essay')} on this topic.", "", *paging.years_line(here, parts)]
        body += paging.latest_heading("##", len(shown))
        pages.update(
            paging.year_pages(
                parts,
                intro=lambda part: paging.year_intro(part, f"on the topic {link(name, relative_md(part.path, here))}"),
                title=lambda part: f"Topic: {name}, {paging.year_phrase(part)}",
                description=lambda part: f"Essays on {name}: {paging.year_count(part)}.",
                entry=lambda at, item: essay_card(at, item, author_slugs),
            )
        )
    else:
        shown = items
        body = [f"{plural(len(items), 'essay')} on this topic, newest first.", ""]
    body += card_list([essay_card(here, item, author_slugs) for item in shown])
    meta = front_matter(f"Topic: {name}", f"Essays on {name}: {plural(len(items), 'opinion essay')}.")
    pages[here] = page(meta, "\n".join(body).rstrip())
    return pages
