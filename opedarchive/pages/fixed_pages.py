"""Pages with little data in them: search, about, and the redirect left at a moved essay's old address."""

from __future__ import annotations

from ..core.models import Event, Site
from ..ingest.essay import WORDS_PER_MINUTE
from .cards import front_matter
from .listing import Listing, referenced_events
from .md import html_text, inline_html, link, page, plural
from .urls import JSON_FEED, RSS_FEED, essay_path, relative_href


def render_search_page() -> str:
    # Pagefind's index is written into site/pagefind/ after MkDocs builds the site; its UI is
    # loaded by javascripts/archive.js only on this page, so other pages stay light.
    lines = [
        "Every word of every essay, and the events they discuss. Narrow the results by author, event, topic or year.",
        "",
        '<div id="pagefind-search" class="archive-search" data-pagefind-ignore="all"></div>',
        "",
        '<noscript>Search needs JavaScript. Browse by <a href="../events/">event</a> or '
        '<a href="../authors/">author</a> instead.</noscript>',
    ]
    meta = front_matter("Search", "Full-text search of the archive's essays and events.")
    return page(meta, "\n".join(lines))


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
        "a small curation file beside the essay, and the essay page says so.",
        "- **Publication date.** Stated dates (a dateline in the text, or the date a saved web page's own "
        "markup gives, which the essay page names) and dates supplied by a curator are shown as they are. "
        "When neither exists, the archive *infers* a date: the latest dated event or explicit date the essay "
        "mentions, which the essay cannot be older than. Inferred dates are marked **“c.”** "
        f"(circa) and the essay page gives the reasoning. {plural(inferred, 'essay')} here "
        f"{'has' if inferred == 1 else 'have'} an inferred date. An inferred date is never published in the "
        "page's machine-readable metadata, only a stated or curated one.",
        "- **Events** are matched against a catalog of world events written by the archive's maintainers: an "
        "essay references an event when it names it or one of its aliases, or writes its date in full. A "
        "curator can add or remove an event for an essay.",
        "- **Dates mentioned** are the explicit dates and years in the text.",
        "- **Description** is the essay's subtitle or curated description, or else its opening words.",
        "- **Topics** are the curator's tags and the kinds of the events the essay discusses.",
        "- **Word count and reading time** count the words of the essay's text; the reading time is at "
        f"{WORDS_PER_MINUTE} words a minute, rounded up.",
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
        front_matter("About this archive", f"What {site.name} holds and how its metadata is derived."), "\n".join(lines)
    )


def render_redirect(old_slug: str, item: Listing) -> str:
    here = essay_path(old_slug)
    href = html_text(relative_href(here, essay_path(item.slug)))
    title = inline_html(item.title)
    # Nothing here is for search (the essay's own page is): Pagefind ignores all of it, and the
    # heading is inside, so Material does not add one outside. Raw HTML, as the essay pages.
    lines = [
        '<div class="essay-moved" data-pagefind-ignore="all">',
        f"<h1>Moved: {title}</h1>",
        f'<p>This essay has moved to <a href="{href}">{title}</a>. Update your links: the new address will not '
        "change.</p>",
        "</div>",
    ]
    meta = front_matter(
        f"Moved: {item.title}",
        f"This essay has moved to a new address: {item.title}",
        redirect=f"../{item.slug}/",  # from essays/<old>/ to essays/<new>/
        robots="noindex",
    )
    return page(meta, "\n".join(lines))
