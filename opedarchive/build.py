"""Gather everything, then decide every file: the pure heart of a run (no disk access).

Like MkDocs' commands/build.py: every essay is converted first, then the index pages are made
from all of them, and only then does the writer touch the disk.
"""

from __future__ import annotations

from .essay import build_essay
from .events import build_matcher
from .models import BuildResult, Event, Listing, Problem, RawEssay
from .reader import ARCHIVE_JSON
from .render import essay_path, listing_from_page, listing_of, render_archive_json, render_essay, render_home
from .slugs import assign_slugs, parse_record, render_record

HOME = "index.md"
SITE_TITLE = "Essays"


def build(
    essays: tuple[RawEssay, ...],
    events: tuple[Event, ...],
    slug_record_text: str | None,
    slug_record_path: str,
    existing: dict[str, bytes],
    extract=build_essay,  # scale: cli.py passes cached/parallel results (opedarchive/incremental.py)
) -> BuildResult:
    """existing: docs-relative path -> bytes of the pages on disk now (to keep failed essays'
    last good pages). Returns the docs files to have, the new slug record, and the problems."""
    result = BuildResult()
    catalog = {event.id: event for event in events}
    matcher = build_matcher(events)
    record, record_problems = parse_record(slug_record_text, slug_record_path)
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
    for name, essay in sorted(built.items()):
        slug = slugs[name]
        result.files[essay_path(slug)] = render_essay(essay, slug, catalog).encode("utf-8")
        listings.append(listing_of(essay, slug))
        result.essays_built += 1
    result.files[HOME] = render_home(listings, SITE_TITLE).encode("utf-8")
    result.files[ARCHIVE_JSON] = render_archive_json(listings, catalog).encode("utf-8")
    result.slugs = {source: slug for source, slug in slugs.items() if source in built or source in held}
    return result


def slug_record_text(result: BuildResult) -> str:
    return render_record(result.slugs)
