"""Essay -> its Markdown page (listing.py reads the page's front matter back). Pure functions, text out.

Front-matter `title`, `subtitle` and `description` hold HTML entities for & < > ", because
MkDocs and Material paste them into pages unescaped; everything in the body goes through the
Markdown escaper or, in raw HTML blocks, through html.escape.
"""

from __future__ import annotations

from ..core.dates import display_date
from ..core.models import Essay, Event, Site, essay_kind
from . import escape
from .cite import bibtex, chicago
from .display import event_span, shown_date
from .headmeta import head_html, json_ld, meta_tags
from .listing import Listing
from .md import heading, html_text, join, page
from .urls import author_path, essay_path, event_path, relative_href, topic_path, url_of


def _front_matter(essay: Essay, item: Listing, site: Site, catalog: dict[str, Event]) -> dict:
    here = essay_path(item.slug)
    url = site.url + url_of(here)
    meta: dict = {"title": escape.html_attribute(essay.title)}
    if essay.subtitle:
        meta["subtitle"] = escape.html_attribute(essay.subtitle)
    meta["slug"] = item.slug
    meta["authors"] = [a.name for a in essay.authors]
    bios = {a.name: a.bio for a in essay.authors if a.bio}
    if bios:
        meta["bios"] = bios
    if organisations := [a.name for a in essay.authors if a.organisation]:
        meta["organizations"] = organisations  # authors that are an outlet or a board, not people
    meta["date"] = essay.date.value if essay.date else None
    meta["date_precision"] = essay.date.precision if essay.date else None
    meta["date_source"] = essay.date_source
    if essay.date_note:
        meta["date_note"] = essay.date_note
    if essay.updated:
        meta["updated"] = essay.updated.iso()  # "Last updated" in the text: never the publication date
    meta["events"] = list(essay.events)
    meta["dates_mentioned"] = list(essay.dates_mentioned)
    meta["description"] = escape.html_attribute(essay.description)
    meta["word_count"] = essay.word_count
    meta["reading_time"] = essay.reading_time
    meta["source"] = essay.source
    if essay.sidecar:
        meta["sidecar"] = essay.sidecar
    meta["source_sha256"] = essay.source_sha256
    for key in ("publication", "source_url"):
        if getattr(essay, key):
            meta[key] = getattr(essay, key)
    if essay.retrieved:
        meta["retrieved"] = essay.retrieved.iso()  # when the saved page was fetched
    if item.topics:
        # Not `tags`: a theme's tags plugin would list them (Zensical's runs out of memory listing
        # thousands of pages); the converter makes the topic pages and links itself.
        meta["topics"] = list(item.topics)
    if essay.aliases:
        meta["aliases"] = list(essay.aliases)
    if essay.metadata_lines:
        # Every line of the source is accounted for: these were read as metadata, the debris
        # below was the page's, every other non-blank line is in a paragraph (--verify checks).
        meta["metadata_lines"] = [{"line": line, "field": name} for line, name in essay.metadata_lines]
    if essay.debris:
        meta["debris"] = [{"line": d.line, "kind": d.kind, "text": d.text} for d in essay.debris]
    if item.quotes:
        meta["quotes"] = [
            {"event": q.event_id, "paragraph": q.paragraph, "before": q.before, "match": q.match, "after": q.after}
            for q in item.quotes
        ]
    meta["head"] = head_html(meta_tags(item, url, site), json_ld(item, url, site, catalog))
    # The text is the page: no navigation column, and no table of contents (it would list only
    # the citation and the related essays).
    meta["hide"] = ["navigation", "toc"]
    return meta


def _facts_block(
    essay: Essay,
    item: Listing,
    here: str,
    catalog: dict[str, Event],
    author_slugs: dict[str, str],
    topic_slugs: dict[str, str],
) -> list[str]:
    """The top of the page, as a magazine sets it: the title, the deck, the byline and one line
    of date and reading time; everything else a reader may want (bios, how the date is known,
    events, topics, where it was published) one tap away under "About this essay", so that the
    first paragraph starts within a phone's first screen.

    Raw HTML, like the paragraphs: escaped with html.escape, links as relative URLs (checked by
    the crawler test, since MkDocs does not rewrite raw HTML). For search (Pagefind), the title
    and deck are indexed and weighted above the text, the metadata is not indexed but gives the
    filters: author, year, event and topic."""

    def a(text: str, href: str, inner: str | None = None, facet: str = "") -> str:
        # A link's text is its filter value (data-pagefind-filter="author" captures "Jane Doe").
        attribute = f' data-pagefind-filter="{facet}"' if facet else ""
        return f'<a href="{html_text(href)}"{attribute}>{inner or html_text(text)}</a>'

    def p(css: str, content: str, extra: str = "") -> str:
        return f'<p class="essay-meta__{css}"{extra}>{content}</p>'

    # The title is a Markdown heading before the header: the first entry of the page's contents,
    # where Material's "Skip to content" leads (a raw HTML heading is not in the contents, and the
    # link went to "Cite this essay", past the text). Indexed on its own; weighted above the
    # text, though not so much that a title word outranks a whole phrase.
    title = heading(1, essay.title) + ' {: .essay-title data-pagefind-body="" data-pagefind-weight="5" }'
    head = [title, "", '<header class="essay-header" data-pagefind-body>']
    # The deck is also metadata, so that the search page knows where the text starts.
    if essay.subtitle:
        deck = 'class="essay-subtitle" data-pagefind-weight="2" data-pagefind-meta="deck"'
        head.append(f"<p {deck}>{html_text(essay.subtitle)}</p>")
    names = [
        a(
            x.name,
            relative_href(here, author_path(author_slugs[x.name])),
            f"<strong>{html_text(x.name)}</strong>",
            facet="author",
        )
        for x in essay.authors
    ]
    year = str(essay.date.value.year) if essay.date else "Undated"
    facts = [shown_date(essay.date, essay.date_source), f"{essay.reading_time} min read", f"{essay.word_count:,} words"]
    parts = [
        p("byline", "By " + join(names) if names else "Author unknown"),
        p("facts", html_text(" · ".join(facts)), f' data-pagefind-filter="year:{year}"'),
    ]
    about: list[str] = []
    shown_bios: set[str] = set()
    for author in essay.authors:
        # A note shared by co-authors ("Jane Doe and John Roe are fellows...") is shown once.
        if author.bio and author.bio not in shown_bios:
            shown_bios.add(author.bio)
            bio = html_text(author.bio)
            if author.name not in author.bio:
                bio = f"<strong>{html_text(author.name)}</strong>: {bio}"
            about.append(p("bio", bio))
    how = {
        "stated": "",  # the note quotes the dateline
        "page": "",  # the note names the page's markup that states it
        "curated": "Date supplied by the archive's curator.",
        "inferred": "",  # the note gives the reasoning
        "unknown": "The publication date is unknown: the text states none and mentions no dated event.",
    }[essay.date_source]
    date_line = " ".join(part for part in (how, essay.date_note) if part)
    if date_line:
        about.append(p("date", html_text(date_line)))
    if essay.events:
        links = [
            f"{a(catalog[e].name, relative_href(here, event_path(e)), facet='event')} "
            f"({html_text(event_span(catalog[e]))})"
            for e in essay.events
        ]
        about.append(p("events", "Events referenced: " + "; ".join(links)))
    if item.topics:
        topics = [a(tag, relative_href(here, topic_path(topic_slugs[tag])), facet="topic") for tag in item.topics]
        about.append(p("topics", "Topics: " + ", ".join(topics)))
    about.append(p("source", _provenance(essay)))
    parts += ['<details class="essay-about">', "<summary>About this essay</summary>", *about, "</details>"]
    return [*head, '<div class="essay-meta" data-pagefind-ignore>', *parts, "</div>", "</header>", ""]


def _provenance(essay: Essay) -> str:
    """Where the text comes from, in words for readers: the file names stay in the front matter
    (`source`, `sidecar`), for the maintainer."""
    if saved := _saved_from(essay):
        source = saved + "."
    elif essay.publication or essay.source_url:
        venue = f"<em>{html_text(essay.publication)}</em>" if essay.publication else "the original"
        source = f"Published in {venue}" if essay.publication else "Original"
        if essay.source_url:
            source += ' · <a href="' + html_text(essay.source_url) + '">read the original</a>'
        source += "."
    else:
        source = "Original publication unknown."
    if essay.sidecar:
        source += " Some facts on this page were supplied by the archive's curator."
    return source


def _saved_from(essay: Essay) -> str | None:
    """Provenance of a saved web page: "Saved from <site> on <date>", linking the original (the
    site is the publication, else the original's host). None for a text or Word essay that no
    sidecar says was retrieved."""
    if essay.retrieved is None and essay_kind(essay.source) != "web page":
        return None
    host = essay.source_url.split("://", 1)[-1].split("/", 1)[0] if essay.source_url else None
    site = essay.publication or host
    line = f"Saved from <em>{html_text(site)}</em>" if site else "Saved from the web"
    if essay.retrieved:
        line += f" on {html_text(display_date(essay.retrieved))}"
    if essay.source_url:
        line += f' · <a href="{html_text(essay.source_url)}">read the original</a>'
    return line


def _essay_text(paragraphs: tuple[str, ...]) -> list[str]:
    """The essay's paragraphs as ONE raw HTML block (no blank line inside it): Markdown passes it
    through untouched, so the text needs only HTML escaping (no Markdown can start inside it),
    and MkDocs spends no time parsing it. One block, not one per paragraph: Python-Markdown
    looks at the rest of the document at the end of each raw block, which made a build
    quadratic in the number of paragraphs (100,000 paragraphs took six minutes). A line of spaces
    would end the block early; a paragraph has none, but such lines are dropped to be sure. Each
    ¶ link is its paragraph's permalink; CSS shows it on hover and keyboard focus."""
    blocks = []
    for number, text in enumerate(paragraphs, start=1):
        lines = "\n".join(html_text(line) for line in text.split("\n") if line.strip())
        permalink = (
            f'<a class="paragraph-link" href="#p{number}" aria-label="Link to paragraph {number}" '
            "data-pagefind-ignore>¶</a>"
        )
        blocks.append(f'<p id="p{number}" class="essay-paragraph">{lines} {permalink}</p>')
    # The text is what search indexes (data-pagefind-body) and quotes in its results.
    return ['<div class="essay-text" data-pagefind-body>', *blocks, "</div>", ""]


def _cite_block(item: Listing, site: Site) -> list[str]:
    # Raw HTML under a Markdown heading (kept for the table of contents): html.escape is all the
    # text needs, and Markdown spends no time on it.
    url = site.url + url_of(essay_path(item.slug))
    lines = ["## Cite this essay {: #cite }", ""]
    for label, text in (("Chicago", chicago(item, url, site.name)), ("BibTeX", bibtex(item, url, site.name))):
        lines += [
            f'<p class="essay-cite__label">{label}</p>',
            "",
            f'<pre class="essay-cite__text" data-pagefind-ignore><code>{html_text(text)}</code></pre>',
            "",
        ]
    lines += [
        '<p class="essay-cite__hint">To cite one paragraph, use its ¶ link, or add <code>#p1</code>, '
        f"<code>#p2</code>… to the address (<code>{html_text(url)}#p3</code>).</p>",
        "",
    ]
    return lines


def _related_block(here: str, related: list[tuple[Listing, tuple[str, ...]]], catalog: dict[str, Event]) -> list[str]:
    """Raw HTML, like the citation; links are relative URLs (MkDocs does not rewrite raw HTML),
    checked by the crawler test."""
    if not related:
        return []
    items = []
    for other, shared in related:
        names = join([html_text(a.name) for a in other.authors]) or "Author unknown"
        events = join([html_text(catalog[e].name) for e in shared if e in catalog])
        target = html_text(relative_href(here, essay_path(other.slug)))
        items.append(
            f'<li><a href="{target}">{html_text(other.title)}</a><br>'
            f"{names} · {html_text(shown_date(other.date, other.date_source))} · also on {events}</li>"
        )
    return ["## Related essays {: #related }", "", '<ul class="essay-related">' + "".join(items) + "</ul>", ""]


def render_essay(
    essay: Essay,
    item: Listing,
    site: Site,
    catalog: dict[str, Event],
    author_slugs: dict[str, str],
    topic_slugs: dict[str, str],
    related: list[tuple[Listing, tuple[str, ...]]],
) -> str:
    here = essay_path(item.slug)
    lines = _facts_block(essay, item, here, catalog, author_slugs, topic_slugs)
    lines += _essay_text(essay.paragraphs)
    lines += _cite_block(item, site)
    lines += _related_block(here, related, catalog)
    return page(_front_matter(essay, item, site, catalog), "\n".join(lines).rstrip("\n"))
