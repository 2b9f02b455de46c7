"""Command line: read, build, write (or check, or verify the built site), report. Exit 0 when
every essay converted, 1 when an essay failed, (with --check) docs/ is stale or (with --verify)
the site does not show what the essays say, 2 when the run could not start."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import ChainMap
from dataclasses import replace
from datetime import date
from pathlib import Path

from .core.models import Problem
from .ingest.essay import read_source_text
from .ingest.parallel import default_workers, extract_essays
from .ingest.sidecar import parse_sidecar
from .pages.build import build, slug_record_text
from .pages.md import GENERATED_DATA_FILES, is_generated_file
from .run_inputs import catalog_and_site, report_problems
from .store.lock import LockTimeout, acquire_lock, release_lock
from .store.reader import (
    FilesUnder,
    catalog_files,
    fingerprint,
    input_files,
    output_files,
    read_code,
    read_docs,
    read_extraction_cache,
    read_manifest,
    stat_files,
)
from .store.source import SLUG_RECORD, read_source
from .store.state import Manifest, code_version, essay_key, extraction_context, racy_paths, same_files
from .store.writer import apply, plan, remove_leftovers, remove_manifest, save_state

WATCH_INTERVAL = 0.5  # seconds between looks at essays/ in --watch mode
LOCK_FILE = "lock"  # in the state folder


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="build_archive.py",
        description="Convert raw essays (essays/*.txt, *.html, *.docx and their .yml sidecars) into Markdown pages "
        "for MkDocs.",
    )
    parser.add_argument("--source", default="essays", type=Path, help="folder of raw essays (default: essays)")
    parser.add_argument("--docs", default="docs", type=Path, help="MkDocs docs folder to write (default: docs)")
    parser.add_argument(
        "--catalog",
        default="events",
        type=Path,
        help="event catalog: a folder of .yml files (default: events), or one .yml file",
    )
    parser.add_argument(
        "--config",
        default="mkdocs.yml",
        type=Path,
        help="MkDocs configuration: site name and URL (default: mkdocs.yml)",
    )
    parser.add_argument(
        "--state",
        default=".build_archive_cache",
        type=Path,
        help="folder for the converter's state between runs (default: .build_archive_cache; safe to delete)",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 and list stale files if docs/ is out of date"
    )
    mode.add_argument(
        "--watch", action="store_true", help="convert again whenever an essay, sidecar or the catalog changes"
    )
    mode.add_argument(
        "--verify",
        action="store_true",
        help="write nothing; check that the built site shows every essay's text verbatim, its metadata as "
        "docs/ says, and no markup from essay text; exit 1 on any problem",
    )
    mode.add_argument(
        "--suggest-events",
        action="store_true",
        help="write nothing; list the event-like names essays use that no catalog event matches, counted, quoted "
        "and with a draft catalog entry each",
    )
    parser.add_argument(
        "--min-essays",
        default=1,
        type=int,
        help="with --suggest-events: list only names used by at least this many essays (default: 1)",
    )
    mode.add_argument(
        "--add",
        nargs="+",
        metavar="URL",
        help="fetch each web page once, save it as essays/<name>.html with a sidecar saying where and when it "
        "was fetched, then convert as usual (the only option that uses the network)",
    )
    parser.add_argument(
        "--timeout",
        default=30.0,
        type=float,
        help="with --add: seconds to wait for each page (to connect, and for the whole page; default: 30)",
    )
    parser.add_argument("--site", default="site", type=Path, help="built site to --verify (default: site)")
    parser.add_argument(
        "--allow-failed",
        action="store_true",
        help="with --verify: list essays that do not convert (the site shows their last good page) without "
        "failing; `make site` uses it unless STRICT=1",
    )
    parser.add_argument(
        "--wait",
        default=60.0,
        type=float,
        help="seconds to wait for another run on the same archive to finish (default: 60)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    # The commands that only read (and --add, below) import what they need when they run: a
    # conversion, run on every build, does not pay for an HTML reader and an HTTP client.
    if args.verify:
        from .read_only import verify_site

        return verify_site(args)
    if args.suggest_events:
        from .read_only import suggest

        return suggest(args)
    if not args.watch:
        return convert_locked(args)
    # For `make serve`: MkDocs reloads the browser when docs/ changes; this keeps docs/ in step
    # with essays/ (MkDocs hooks would do it inside MkDocs, but the site must not need hooks).
    seen = None
    try:
        while True:
            now = fingerprint([args.source, args.catalog, args.config])
            if now != seen:
                seen = now
                convert_locked(args)
            time.sleep(WATCH_INTERVAL)
    except KeyboardInterrupt:
        return 0


def _settings(args: argparse.Namespace, version: str) -> dict[str, str]:
    """What the output depends on besides the files: the code and where things are."""
    return {
        "code": version,
        "source": args.source.resolve().as_posix(),
        "docs": args.docs.resolve().as_posix(),
        "catalog": args.catalog.resolve().as_posix(),
        "config": args.config.resolve().as_posix(),
        # mkdocs.yml may take these from the environment (!ENV): they change pages too.
        "site_url": os.environ.get("SITE_URL", ""),
        "corrections_url": os.environ.get("CORRECTIONS_URL", ""),
    }


def _output_stats(args: argparse.Namespace, hash_these: set[str], now_ns: int | None) -> dict:
    return stat_files(output_files(args.docs, GENERATED_DATA_FILES, args.source / SLUG_RECORD), hash_these, now_ns)


def _unchanged_since_last_run(args: argparse.Namespace, settings: dict[str, str]) -> Manifest | None:
    """The last run's manifest when no input, output or setting changed since: one stat pass."""
    saved = read_manifest(args.state)
    if saved is None or saved.settings != settings:
        return None
    inputs = stat_files(input_files(args.source, _settings_files(args)), racy_paths(saved.inputs), None)
    if not same_files(saved.inputs, inputs):
        return None
    if not same_files(saved.outputs, _output_stats(args, racy_paths(saved.outputs), None)):
        return None
    return saved


def _settings_files(args: argparse.Namespace) -> list[Path]:
    return [*catalog_files(args.catalog), args.config]


def add_pages(args: argparse.Namespace, out) -> int:
    """--add: fetch each page once and save it with its sidecar into essays/ (nothing of a page
    that fails is left). Returns how many failed; each failure is one line naming the address."""
    from .store.fetch import FetchError

    failed = 0
    for url in dict.fromkeys(args.add):  # once each, in the order given
        try:
            saved = _add_page(args, url)
        except FetchError as exc:
            print(f"{url}: error: {exc}; nothing was saved", file=out)
            failed += 1
            continue
        print(f"{url}: {saved}", file=out)
    return failed


def _add_page(args: argparse.Namespace, url: str) -> str:
    from .store.fetch import FetchError, check_url, fetch_page, page_name, save_page, sidecar_text

    if problem := check_url(url):
        raise FetchError(problem)
    name = page_name(url)
    page = args.source / f"{name}.html"
    if page.exists():
        return f"already saved as {page.as_posix()}: delete it and its sidecar to fetch it again"
    fetched = fetch_page(url, args.timeout)
    # The page must hold an essay before it is saved: a consent page or an index is refused now,
    # not left in essays/ to fail every run.
    read = read_source_text(page.name, fetched.data, fetched.encoding)
    if read.text is None:
        raise FetchError(f"fetched, but {read.error}")
    sidecar = sidecar_text(fetched.final_url, date.today(), fetched.encoding)
    _, problems = parse_sidecar(sidecar, f"{name}.yml")
    if problems:  # an address the sidecar cannot hold (urllib accepted it): say so, save nothing
        raise FetchError(f"its address cannot be written in a sidecar ({problems[0].message})")
    try:
        saved_page, saved_sidecar = save_page(args.source, name, fetched.data, sidecar)
    except OSError as exc:
        raise FetchError(f"cannot write into {args.source.as_posix()}/: {exc.strerror}") from None
    return f"saved as {saved_page.as_posix()} (sidecar {saved_sidecar.as_posix()})"


def convert_locked(args: argparse.Namespace) -> int:
    """convert(), with the archive's lock held: two runs at once would interleave their writes.
    With --add, the pages are fetched and saved first, under the same lock."""
    lock_path = args.state / LOCK_FILE

    def say_wait(holder: str) -> None:
        print(f"{lock_path}: waiting up to {args.wait:g} s for another run ({holder}) to finish", file=sys.stderr)

    try:
        lock = acquire_lock(lock_path, args.wait, say_wait)
    except LockTimeout as exc:
        print(f"{exc}; gave up after {args.wait:g} s (see --wait)", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"{lock_path}: error: cannot take the lock: {exc.strerror}", file=sys.stderr)
        return 2
    try:
        failed = add_pages(args, sys.stderr) if args.add else 0
        status = convert(args)
        return max(status, 1) if failed else status
    finally:
        release_lock(lock)


def convert(args: argparse.Namespace) -> int:
    out = sys.stderr
    version = code_version(read_code())
    settings = _settings(args, version)
    if not args.check:
        # Temporary files of a run that was killed before it renamed them; also before a run
        # with nothing to do (a killed run with other settings leaves the outputs as they were).
        remove_leftovers([args.docs, args.state, args.source])
    if not args.check and (saved := _unchanged_since_last_run(args, settings)):
        for line in saved.report:
            print(line, file=out)
        counts = saved.counts
        print(
            f"{counts['essays']} essays: {counts['built']} converted, {counts['failed']} failed; "
            f"0 file(s) written, 0 removed; {counts['warnings']} warning(s), {counts['errors']} error(s) "
            "(nothing changed since the last run)",
            file=out,
        )
        return counts["exit"]
    started_ns = time.time_ns()
    inputs = stat_files(input_files(args.source, _settings_files(args)), set(), started_ns)
    loaded = catalog_and_site(args, out)
    if isinstance(loaded, int):
        if not args.check:
            remove_manifest(args.state)
        return loaded
    catalog_text, events, site = loaded
    source = read_source(args.source)
    record_path = args.source / SLUG_RECORD
    pages_on_disk, generated_docs = read_docs(args.docs, GENERATED_DATA_FILES, is_generated_file)
    cache = read_extraction_cache(args.state)
    context = extraction_context(catalog_text, version)
    keys = {raw.name: essay_key(raw, context) for raw in source.essays}
    extracted, note = extract_essays(source.essays, events, keys, cache, default_workers())
    if note:
        print(f"warning: {note}", file=out)
    # From here on an essay is its extraction: its bytes and its sidecar's text are let go before
    # the pages are made (~150 MB with 20,000 essays, a seventh of the run's peak).
    source = replace(source, essays=tuple(replace(raw, data=b"", sidecar_text=None) for raw in source.essays))
    result = build(
        source.essays,
        extracted,
        events,
        source.slug_record,
        record_path.as_posix(),
        pages_on_disk,
        site,
        source.slug_record_error,
    )

    wanted: ChainMap[Path, bytes] = ChainMap({}, FilesUnder(args.docs, result.files))
    # Read when the plan compares them, one at a time: see read_docs.
    existing: ChainMap[Path, bytes] = ChainMap({}, FilesUnder(args.docs, pages_on_disk))
    generated = {args.docs / rel for rel in generated_docs}
    keep = {args.docs / rel for rel in result.kept_pages}
    if result.record_trusted:
        wanted[record_path] = slug_record_text(result).encode("utf-8")
    else:
        keep.add(record_path)  # what it says is not all known: left for the maintainer to mend
    if source.slug_record is not None:
        existing[record_path] = source.slug_record
        generated.add(record_path)
    todo = plan(wanted, existing, generated, keep, args.docs, {record_path})

    problems = list(source.problems) + result.problems
    problems += [
        Problem(path.as_posix(), "a hand-written page stands where a generated one belongs; move or rename it")
        for path in todo.refused
    ]
    problems += [
        Problem(
            path.as_posix(),
            f"refused to write or remove a file outside {args.docs.as_posix()}/ (a link or `..` leads out of it): "
            "nothing was done there; check that folders under it are not links elsewhere, and report this",
        )
        for path in todo.outside
    ]
    errors, warnings, report = report_problems(problems, out)
    essays = len(source.essays)
    if args.check:
        stale = todo.stale()
        for path in stale:
            print(f"stale: {path.as_posix()}", file=out)
        print(
            f"checked {essays} essays: {len(stale)} stale file(s), {warnings} warning(s), {errors} error(s)"
            + ("" if stale else "; docs/ is up to date"),
            file=out,
        )
        return 1 if stale or errors else 0
    apply(todo, wanted)
    print(
        f"{essays} essays: {result.essays_built} converted, {result.essays_failed} failed; "
        f"{len(todo.write)} file(s) written, {len(todo.delete)} removed; "
        f"{warnings} warning(s), {errors} error(s)",
        file=out,
    )
    status = 1 if errors else 0
    new_cache = {keys[name]: one for name, one in extracted.items()}
    counts = {
        "essays": essays,
        "built": result.essays_built,
        "failed": result.essays_failed,
        "warnings": warnings,
        "errors": errors,
        "exit": status,
    }
    outputs = _output_stats(args, set(), time.time_ns())
    manifest = Manifest(settings, inputs, outputs, report, counts)
    save_state(args.state, manifest.to_json(), None if new_cache.keys() == cache.keys() else new_cache)
    return status
