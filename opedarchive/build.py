"""Gather everything, then decide every file: the pure heart of a run (no disk access).

Like MkDocs' commands/build.py: every essay is converted first, then the pages that list them
are made from all of them, and only then does the writer touch the disk.
"""

from __future__ import annotations

from .essay import build_essay
from .events import build_matcher
from .feeds import render_json_feed, render_rss
from .models import BuildResult, Event, Listing, Problem, RawEssay, Site
from .pages import (
    referenced_events,
    render_about,
    render_archive_json,
    render_authors,
    render_event_pages,
    render_events_index,
    render_home,
    render_redirect,
    render_search_page,
    render_topics,
    render_years,
)
from .related import related_essays
from .render import listing_from_page, listing_of, render_essay
from .slugs import assign_slugs, parse_full_record, render_record
from .timeline import render_timeline
from .urls import (
    ABOUT,
    ARCHIVE_JSON,
    EVENTS_INDEX,
    HOME,
    JSON_FEED,
    RSS_FEED,
    SEARCH,
    TIMELINE,
    author_slugs,
    essay_path,
    topic_slugs,
)


def build(
    essays: tuple[RawEssay, ...],
    events: tuple[Event, ...],
    slug_record_text: str | None,
    slug_record_path: str,
    existing: dict[str, bytes],
    site: Site,
    extract=build_essay,  # scale: cli.py passes cached/parallel results (opedarchive/incremental.py)
) -> BuildResult:
    """existing: docs-relative path -> bytes of the pages on disk now (to keep failed essays'
    last good pages). Returns the docs files to have, the new slug record, and the problems."""
    result = BuildResult()
    catalog = {event.id: event for event in events}
    matcher = build_matcher(events)
    record, former, record_problems = parse_full_record(slug_record_text, slug_record_path)
    result.problems += record_problems

    built = {}
    held: dict[str, str] = {}
    held_listings: list[Listing] = []
    for raw in essays:
        essay, problems = extract(raw, matcher, catalog)
        result.problems += problems
        if essay is not None:
            built[raw.name] = essay
            continue
        result.essays_failed += 1
        # A failing essay keeps its last good page, and that page stays listed.
        slug = record.get(raw.name)
        page = existing.get(essay_path(slug)) if slug else None
        listing = listing_from_page(page.decode("utf-8")) if page else None
        if slug and listing:
            held[raw.name] = slug
            held_listings.append(listing)
            result.keep.add(essay_path(slug))

    wanted = {name: (essay.curated_slug, essay.title_slug) for name, essay in built.items()}
    slugs, conflicts = assign_slugs(wanted, record, held)
    for source, message in conflicts:
        result.problems.append(Problem(next(r.path for r in essays if r.name == source), message))
        result.essays_failed += 1
        del built[source]

    listings = list(held_listings)
    fresh: dict[str, Listing] = {}
    for name, essay in sorted(built.items()):
        fresh[name] = listing_of(essay, slugs[name], catalog)
        listings.append(fresh[name])
    authors = author_slugs(a.name for item in listings for a in item.authors)
    topics = topic_slugs(tag for item in listings for tag in item.tags)
    related = related_essays(listings)
    for name, essay in sorted(built.items()):
        item = fresh[name]
        page = render_essay(essay, item, site, catalog, authors, topics, related.get(item.slug, []))
        result.files[essay_path(item.slug)] = page.encode("utf-8")
        result.essays_built += 1

    redirects, remembered = _redirects(record, former, slugs, listings, essays, result)
    by_slug = {item.slug: item for item in listings}
    for old, source in sorted(redirects.items()):
        result.files[essay_path(old)] = render_redirect(old, by_slug[slugs[source]]).encode("utf-8")

    pages = {
        HOME: render_home(listings, site, authors),
        EVENTS_INDEX: render_events_index(listings, catalog),
        TIMELINE: render_timeline(listings, referenced_events(listings, catalog)),
        SEARCH: render_search_page(),
        ABOUT: render_about(listings, catalog, site),
        ARCHIVE_JSON: render_archive_json(listings, catalog, site),
        RSS_FEED: render_rss(listings, site),
        JSON_FEED: render_json_feed(listings, site),
        **render_years(listings, authors),
        **render_event_pages(listings, catalog, authors, topics),
        **render_authors(listings, authors),
        **render_topics(listings, authors, topics),
    }
    for path, text in pages.items():
        result.files[path] = text.encode("utf-8")
    result.slugs = {source: slug for source, slug in slugs.items() if source in built or source in held}
    result.redirects = {old: source for old, source in remembered.items() if source in built or source in held}
    return result


def _redirects(
    record: dict[str, str],
    former: dict[str, str],
    slugs: dict[str, str],
    listings: list[Listing],
    essays: tuple[RawEssay, ...],
    result: BuildResult,
) -> tuple[dict[str, str], dict[str, str]]:
    """Former slug -> source, for every address an essay answered at before: slugs the record
    remembers, slugs that changed this run, and the `aliases` its sidecar lists. Also returns
    the part the slug record must remember (not the aliases: their sidecar remembers them)."""
    live = set(slugs.values())
    remembered = {old: source for old, source in former.items() if source in slugs}
    for source, old in record.items():
        if source in slugs and slugs[source] != old:
            remembered[old] = source
    remembered = {old: source for old, source in remembered.items() if old not in live}
    redirects = dict(remembered)
    source_of = {slug: source for source, slug in slugs.items()}
    path_of = {raw.name: raw.sidecar_path or raw.path for raw in essays}
    for item in listings:
        for alias in item.aliases:
            source = source_of[item.slug]
            if alias in live and alias != item.slug:
                result.problems.append(
                    Problem(
                        path_of.get(source, source),
                        f"alias {alias!r} is the slug of another essay; ignored",
                        severity="warning",
                    )
                )
            elif alias != item.slug:
                redirects[alias] = source
    # An old address now used by a live essay belongs to that essay.
    return {old: source for old, source in redirects.items() if old not in live}, remembered


def slug_record_text(result: BuildResult) -> str:
    return render_record(result.slugs, result.redirects)
