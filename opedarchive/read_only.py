"""The command line's modes that write nothing: --verify (the built site against the essays)
and --suggest-events (what the catalog lacks)."""

from __future__ import annotations

import argparse
import sys

from .catalog.match import build_matcher
from .catalog.suggest import render_report, suggest_events
from .checks.verify import EssayToVerify, verify
from .ingest.parallel import default_workers, extract_essays
from .pages.listing import UnreadablePage, listing_from_page
from .pages.slugs import read_record
from .pages.urls import essay_path
from .run_inputs import catalog_and_site
from .store.reader import docs_pages, read_code, read_extraction_cache, read_site
from .store.source import SLUG_RECORD, read_source
from .store.state import code_version, essay_key, extraction_context


def _extract(args: argparse.Namespace, essays: tuple, events: tuple, catalog_text: str):
    """Every essay extracted as a conversion would (from the cache when it is there)."""
    context = extraction_context(catalog_text, code_version(read_code()))
    keys = {raw.name: essay_key(raw, context) for raw in essays}
    return extract_essays(essays, events, keys, read_extraction_cache(args.state), default_workers())


def verify_site(args: argparse.Namespace) -> int:
    """--verify: the built site against the essays (opedarchive/verify.py). Reads only."""
    out = sys.stdout
    if not args.site.is_dir():
        print(f"{args.site}: error: no built site here (run `make site`, or name it with --site)", file=sys.stderr)
        return 2
    loaded = catalog_and_site(args, sys.stderr)
    if isinstance(loaded, int):
        return loaded
    catalog_text, events, site = loaded
    source = read_source(args.source)
    record = read_record(source.slug_record, (args.source / SLUG_RECORD).as_posix())
    slugs = record.slugs
    record_problems = [*record.problems, *filter(None, [source.slug_record_error])]
    extracted, note = _extract(args, source.essays, events, catalog_text)
    if note:
        print(f"warning: {note}", file=sys.stderr)
    docs = docs_pages(args.docs)
    pages, files = read_site(args.site)
    to_verify = []
    unverified = []
    failing = []  # essays that do not convert: their last good page is what the site shows
    for raw in source.essays:
        essay, problems = extracted[raw.name]
        slug = slugs.get(raw.name)
        if essay is None:
            first = next((str(p) for p in problems if p.severity == "error"), "")
            failing.append(f"{raw.path}: cannot be verified: it does not convert ({first})")
            continue
        if slug is None:
            why = (
                "it has no slug yet: run build_archive.py"
                if not record_problems
                else "the slug record does not give its slug: mend the record (see above)"
            )
            unverified.append(f"{raw.path}: cannot be verified: {why}")
            continue
        page = docs.get(essay_path(slug))
        listing = None
        if page is not None:
            try:
                listing = listing_from_page(page.decode("utf-8", "replace"), (args.docs / essay_path(slug)).as_posix())
            except UnreadablePage as exc:
                unverified.append(f"{raw.path}: cannot be verified: {exc}")
                continue
        to_verify.append(EssayToVerify(raw.path, essay, raw.data, listing, slug))
    catalog = {event.id: event for event in events}
    report = verify(to_verify, pages, files, site, catalog)
    # A record entry that is no slug (`../../README`) names no page of docs/: said here, since
    # no page is checked for that essay.
    lines = [str(p) for p in record_problems] + unverified + [str(finding) for finding in report.findings]
    for line in [*failing, *lines]:
        print(line, file=out)
    lines_counted = lines if args.allow_failed else failing + lines
    skipped = (
        f"; {len(failing)} essay(s) that do not convert not counted (--allow-failed)"
        if args.allow_failed and failing
        else ""
    )
    print(
        f"verified {report.essays} essays ({report.paragraphs:,} paragraphs) against {report.pages:,} pages "
        f"of {args.site}: {len(lines_counted)} problem(s)"
        + ("" if lines_counted else "; every paragraph is on its page verbatim")
        + skipped,
        file=out,
    )
    return 1 if lines_counted else 0


def suggest(args: argparse.Namespace) -> int:
    """--suggest-events: what the catalog is missing, for the maintainer to decide. Reads only."""
    loaded = catalog_and_site(args, sys.stderr)
    if isinstance(loaded, int):
        return loaded
    catalog_text, events, _ = loaded
    source = read_source(args.source)
    extracted, _ = _extract(args, source.essays, events, catalog_text)
    essays = [
        (raw.path, (essay.title, *essay.paragraphs))
        for raw in source.essays
        if (essay := extracted[raw.name][0]) is not None
    ]
    suggestions = suggest_events(essays, build_matcher(events))
    sys.stdout.write(render_report(suggestions, len(essays), args.min_essays))
    return 0
