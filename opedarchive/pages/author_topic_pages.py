"""The authors index and one page per author; the topics index and one page per topic."""

from __future__ import annotations

from . import escape
from .cards import essay_card, front_matter
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
            body += essay_card(here, item, author_slugs)
        description = bios[0] if bios else f"Essays by {name} in the archive."
        pages[here] = page(front_matter(name, description), "\n".join(body).rstrip())
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
        here = topic_path(topic_slugs[name])
        items = by_topic[name]
        body = [f"{plural(len(items), 'essay')} on this topic, newest first.", ""]
        for item in items:
            body += essay_card(here, item, author_slugs)
        meta = front_matter(f"Topic: {name}", f"Essays on {name}: {plural(len(items), 'opinion essay')}.")
        pages[here] = page(meta, "\n".join(body).rstrip())
    return pages
