"""Gather everything, then decide every file: the pure heart of a run (no disk access).

Like MkDocs' commands/build.py: every essay has been extracted before build() is called (by
ingest/, cached and in parallel or not: the caller's choice), the pages that list them are made
from all of them, and only then does the writer touch the disk.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field

from ..core.models import Essay, Event, Extracted, Problem, RawEssay, Site
from .archive_json import render_archive_json
from .author_topic_pages import render_authors, render_topics
from .essay_page import render_essay
from .event_pages import render_event_pages, render_events_index
from .feeds import render_json_feed, render_rss
from .fixed_pages import render_about, render_redirect, render_search_page
from .home_pages import render_home, render_years
from .listing import Listing, UnreadablePage, listing_from_page, listing_of, referenced_events
from .related import related_essays
from .slugs import SlugRecord, assign_slugs, read_record, render_record
from .timeline import render_timeline
from .urls import (
    ABOUT,
    ARCHIVE_JSON,
    ESSAY_DIR,
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

# From this many essays on, the pages a run makes are kept compressed until they are written.
PACK_FROM = 4000


class PackedFiles(MutableMapping[str, bytes]):
    """Docs-relative path -> bytes, kept compressed until read when `packed` (zlib's fastest
    level: a page of Markdown and HTML shrinks to about a quarter). The pages of 20,000 essays
    are 420 MB as they are, a third of a run's peak (926 MB; 639 MB packed). Packing costs
    about 5% of a cold conversion's CPU, so a smaller archive keeps its pages as they are."""

    def __init__(self, packed: bool = False) -> None:
        self._packed = packed
        self._files: dict[str, bytes] = {}

    def __getitem__(self, path: str) -> bytes:
        data = self._files[path]
        return zlib.decompress(data) if self._packed else data

    def __setitem__(self, path: str, data: bytes) -> None:
        self._files[path] = zlib.compress(data, 1) if self._packed else data

    def __delitem__(self, path: str) -> None:
        del self._files[path]

    def __contains__(self, path: object) -> bool:
        return path in self._files

    def __iter__(self) -> Iterator[str]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)


@dataclass
class BuildResult:
    """Everything one run decided: the files to have on disk and the problems found."""

    files: PackedFiles = field(default_factory=PackedFiles)  # docs-relative path -> content
    kept_pages: set[str] = field(default_factory=set)  # last good pages of failing essays: left as they are
    problems: list[Problem] = field(default_factory=list)
    slugs: dict[str, str] = field(default_factory=dict)  # source name -> slug
    redirects: dict[str, str] = field(default_factory=dict)  # former slug -> source name
    # False when the slug record could not be read whole: the caller must leave it as it is.
    record_trusted: bool = True
    essays_built: int = 0
    essays_failed: int = 0


def build(
    raws: tuple[RawEssay, ...],
    extracted: dict[str, Extracted],
    events: tuple[Event, ...],
    slug_record: bytes | str | None,
    slug_record_path: str,
    pages_on_disk: Mapping[str, bytes],
    site: Site,
    slug_record_error: Problem | None = None,
) -> BuildResult:
    """raws: every essay found; extracted: raw name -> its extraction (ingest.extract_essay).
    slug_record: the record's bytes (None: there is none); slug_record_error: why it could not
    be read at all. pages_on_disk: docs-relative path -> bytes of the pages there now (a
    failing essay keeps its last good page). Returns the docs files to have, the new slug
    record, and the problems."""
    result = BuildResult(files=PackedFiles(packed=len(raws) >= PACK_FROM))
    catalog = {event.id: event for event in events}
    memory = (
        SlugRecord({}, {}, (slug_record_error,), trusted=False)
        if slug_record_error
        else read_record(slug_record, slug_record_path)
    )
    result.problems += memory.problems
    result.record_trusted = memory.trusted
    recovered, reserved = _pages_kept_for_a_broken_record(memory, pages_on_disk, result)
    record, recorded_redirects = {**recovered, **memory.slugs}, memory.redirects

    built: dict[str, Essay] = {}
    kept_slugs: dict[str, str] = {}  # source -> slug of a failing essay that keeps its last good page
    kept_listings: list[Listing] = []
    for raw in raws:
        essay, problems = extracted[raw.name]
        result.problems += problems
        if essay is not None:
            built[raw.name] = essay
            continue
        result.essays_failed += 1
        listing = _last_good_listing(raw, record.get(raw.name), pages_on_disk, result)
        if listing is not None:
            kept_slugs[raw.name] = record[raw.name]
            kept_listings.append(listing)
            result.kept_pages.add(essay_path(record[raw.name]))

    wanted = {name: (essay.curated_slug, essay.title_slug) for name, essay in built.items()}
    slugs, conflicts = assign_slugs(wanted, record, kept_slugs, recorded_redirects, reserved)
    raw_of = {raw.name: raw for raw in raws}
    live = set(slugs.values())
    for source, message in conflicts:
        raw = raw_of[source]
        # Only a sidecar's `slug` can conflict: the sidecar is where it is mended.
        result.problems.append(Problem(raw.sidecar_path or raw.path, message))
        result.essays_failed += 1
        del built[source]
        # Like any essay that fails, it keeps its last good page (its address is still its own).
        old = record.get(source)
        if old is not None and old not in live and old not in reserved:
            listing = _last_good_listing(raw, old, pages_on_disk, result)
            if listing is not None:
                slugs[source] = kept_slugs[source] = old
                live.add(old)
                kept_listings.append(listing)
                result.kept_pages.add(essay_path(old))

    listings = list(kept_listings)
    fresh: dict[str, Listing] = {}
    for name, essay in sorted(built.items()):
        fresh[name] = listing_of(essay, slugs[name], catalog)
        listings.append(fresh[name])
    authors = author_slugs(a.name for item in listings for a in item.authors)
    topics = topic_slugs(topic for item in listings for topic in item.topics)
    related = related_essays(listings)
    for name, essay in sorted(built.items()):
        item = fresh[name]
        page = render_essay(essay, item, site, catalog, authors, topics, related.get(item.slug, []))
        result.files[essay_path(item.slug)] = page.encode("utf-8")
        result.essays_built += 1

    redirects, redirects_to_record = _redirects(record, recorded_redirects, slugs, listings, raws, reserved, result)
    by_slug = {item.slug: item for item in listings}
    for old, source in sorted(redirects.items()):
        result.files[essay_path(old)] = render_redirect(old, by_slug[slugs[source]]).encode("utf-8")
    for slug in reserved:  # assign_slugs and _redirects never choose them; never replaced
        result.files.pop(essay_path(slug), None)

    # Each family of pages encoded as soon as it is made, so that only one family is held twice
    # (as text and as bytes) at a time: with 20,000 essays the listing pages are ~200 MB of text.
    families = (
        lambda: {
            HOME: render_home(listings, site, authors, catalog),
            EVENTS_INDEX: render_events_index(listings, catalog),
            TIMELINE: render_timeline(listings, referenced_events(listings, catalog)),
            SEARCH: render_search_page(),
            ABOUT: render_about(listings, catalog, site),
            ARCHIVE_JSON: render_archive_json(listings, catalog, site),
            RSS_FEED: render_rss(listings, site),
            JSON_FEED: render_json_feed(listings, site),
        },
        lambda: render_years(listings, authors),
        lambda: render_event_pages(listings, catalog, authors, topics),
        lambda: render_authors(listings, authors),
        lambda: render_topics(listings, authors, topics),
    )
    for family in families:
        result.files.update((path, text.encode("utf-8")) for path, text in family().items())
    listed = built.keys() | kept_slugs.keys()
    result.slugs = {source: slug for source, slug in slugs.items() if source in listed}
    result.redirects = {old: source for old, source in redirects_to_record.items() if source in listed}
    return result


def _pages_kept_for_a_broken_record(
    memory: SlugRecord, pages_on_disk: Mapping[str, bytes], result: BuildResult
) -> tuple[dict[str, str], set[str]]:
    """When the record cannot be read whole, the run does not know every essay's addresses, so
    no page of essays/ is removed (all are kept pages). An essay page names its essay (`source`),
    so the essays whose entry was lost stay on their own pages: returns source -> slug for those.
    The other pages the readable part of the record does not account for (redirect pages,
    unreadable ones) are reserved: nobody takes their address this run and they stay as they are."""
    if memory.trusted:
        return {}, set()
    pages = {path for path in pages_on_disk if path.startswith(f"{ESSAY_DIR}/") and path.endswith(".md")}
    result.kept_pages |= pages
    accounted = set(memory.slugs.values()) | set(memory.redirects)
    reserved: set[str] = set()
    pages_of: dict[str, list[str]] = {}  # source -> the slugs of the pages that name it
    for path in sorted(pages):
        slug = path[len(ESSAY_DIR) + 1 : -len(".md")]
        if "/" in slug or slug in accounted:
            continue
        owner = _essay_of_page(pages_on_disk[path], path, slug)
        if owner is None or owner in memory.slugs:
            reserved.add(slug)
        else:
            pages_of.setdefault(owner, []).append(slug)
    recovered: dict[str, str] = {}
    for source, slugs in pages_of.items():
        if len(slugs) == 1:
            recovered[source] = slugs[0]
        else:  # which one is its address is not known: none is given to it, or taken from it
            reserved.update(slugs)
    return recovered, reserved


def _essay_of_page(data: bytes, path: str, slug: str) -> str | None:
    """The source file an essay page says it shows, when it is a generated essay page at its slug."""
    try:
        listing = listing_from_page(data.decode("utf-8"), path)
    except (UnicodeDecodeError, UnreadablePage):
        return None  # a redirect page, a hand-written or damaged one
    return listing.source if listing.slug == slug else None


def _last_good_listing(
    raw: RawEssay, slug: str | None, pages_on_disk: Mapping[str, bytes], result: BuildResult
) -> Listing | None:
    """The listing of a failing essay's last good page, read back from docs/; None (with a
    warning when there was a page) when it has none that can be read."""
    if slug is None or essay_path(slug) not in pages_on_disk:
        return None
    path = essay_path(slug)
    try:
        return listing_from_page(pages_on_disk[path].decode("utf-8"), f"docs/{path}")
    except (UnicodeDecodeError, UnreadablePage) as exc:
        why = str(exc) if isinstance(exc, UnreadablePage) else f"docs/{path} is not UTF-8"
        result.problems.append(
            Problem(
                raw.path,
                f"its last good page cannot be kept: {why}; it is removed until the essay converts again",
                severity="warning",
            )
        )
        return None


def _redirects(
    record: dict[str, str],
    recorded_redirects: dict[str, str],
    slugs: dict[str, str],
    listings: list[Listing],
    raws: tuple[RawEssay, ...],
    reserved: set[str],
    result: BuildResult,
) -> tuple[dict[str, str], dict[str, str]]:
    """Former slug -> source, for every address an essay answered at before: the redirects the
    record holds, slugs that changed this run, and the `aliases` its sidecar lists. Also returns
    the part the slug record must hold (not the aliases: their sidecar remembers them)."""
    live = set(slugs.values())
    to_record = {old: source for old, source in recorded_redirects.items() if source in slugs}
    for source, old in record.items():
        if source in slugs and slugs[source] != old:
            to_record[old] = source
    to_record = {old: source for old, source in to_record.items() if old not in live}
    redirects = dict(to_record)
    source_of = {slug: source for source, slug in slugs.items()}
    path_of = {raw.name: raw.sidecar_path or raw.path for raw in raws}
    for item in listings:
        source = source_of[item.slug]
        for alias in item.aliases:
            if alias == item.slug or alias in reserved:  # a kept page stays as it is this run
                continue
            if why := _alias_problem(alias, source, live, redirects):
                result.problems.append(Problem(path_of.get(source, source), why, severity="warning"))
            else:
                redirects[alias] = source
    # An old address now used by a live essay belongs to that essay.
    return {old: source for old, source in redirects.items() if old not in live}, to_record


def _alias_problem(alias: str, source: str, live: set[str], redirects: dict[str, str]) -> str | None:
    """Why `alias` cannot redirect to `source`: it is another essay's address."""
    if alias in live:
        return f"alias {alias!r} is the slug of another essay; ignored"
    owner = redirects.get(alias, source)
    if owner == source:
        return None
    return f"alias {alias!r} is a former address of {owner}, which redirects there; ignored: remove it from `aliases`"


def slug_record_text(result: BuildResult) -> str:
    return render_record(result.slugs, result.redirects)
