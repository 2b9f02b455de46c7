"""Command line: read, build, write (or check, or verify the built site), report. Exit 0 when
every essay converted, 1 when an essay failed, (with --check) docs/ is stale or (with --verify)
the site does not show what the essays say, 2 when the run could not start."""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

from .catalog.load import load_catalog
from .checks.verify import EssayToVerify, verify
from .core.models import Problem, Site
from .ingest.essay import read_source_text
from .ingest.parallel import default_workers, extract_essays
from .ingest.sidecar import parse_sidecar
from .pages.build import build, slug_record_text
from .pages.config import site_from_config
from .pages.listing import UnreadablePage, listing_from_page
from .pages.md import GENERATED_DATA_FILES, is_generated_file
from .pages.slugs import read_record
from .pages.urls import essay_path
from .store.fetch import FetchError, check_url, fetch_page, page_name, save_page, sidecar_text
from .store.lock import LockTimeout, acquire_lock, release_lock
from .store.reader import (
    SLUG_RECORD,
    fingerprint,
    input_files,
    output_files,
    read_code,
    read_docs,
    read_extraction_cache,
    read_manifest,
    read_site,
    read_source,
    read_text,
    stat_files,
)
from .store.state import Manifest, code_version, essay_key, racy_paths, same_files
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
    parser.add_argument("--catalog", default="events.yml", type=Path, help="event catalog (default: events.yml)")
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


def _report(problems: list[Problem], out) -> tuple[int, int, tuple[str, ...]]:
    ordered = sorted(set(problems), key=lambda p: (p.path, p.line or 0, p.severity, p.message))
    for problem in ordered:
        print(problem, file=out)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        # Workflow commands on standard output: GitHub shows each on the file and line it names.
        for problem in ordered:
            print(github_annotation(problem), file=sys.stdout)
    errors = sum(1 for p in ordered if p.severity == "error")
    return errors, len(ordered) - errors, tuple(str(p) for p in ordered)


def github_annotation(problem: Problem) -> str:
    """`::error file=F,line=N::message`, escaped as GitHub's workflow commands require."""

    def data(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def prop(text: str) -> str:
        return data(text).replace(":", "%3A").replace(",", "%2C")

    where = f"file={prop(problem.path)}" + (f",line={problem.line}" if problem.line else "")
    return f"::{'warning' if problem.severity == 'warning' else 'error'} {where}::{data(problem.message)}"


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    if args.verify:
        return verify_site(args)
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
    return [args.catalog, args.config]


def _catalog_and_site(args: argparse.Namespace, out) -> tuple[str, tuple, Site] | int:
    """The event catalog's text and events, and the site's settings; or the exit status (2)."""
    try:
        catalog_text = read_text(args.catalog)
    except OSError as exc:
        print(f"{args.catalog}: error: cannot read the event catalog: {exc.strerror}", file=out)
        return 2
    events, catalog_problems = load_catalog(catalog_text, args.catalog.as_posix())
    if catalog_problems:
        _report(catalog_problems, out)
        print(f"{args.catalog}: the event catalog has errors; nothing was converted", file=out)
        return 2
    try:
        config_text = read_text(args.config)
    except OSError as exc:
        print(f"{args.config}: error: cannot read the MkDocs configuration: {exc.strerror}", file=out)
        return 2
    site, config_problems = site_from_config(config_text, args.config.as_posix())
    if site is None:
        _report(config_problems, out)
        return 2
    return catalog_text, events, site


def verify_site(args: argparse.Namespace) -> int:
    """--verify: the built site against the essays (opedarchive/verify.py). Reads only."""
    out = sys.stdout
    if not args.site.is_dir():
        print(f"{args.site}: error: no built site here (run `make site`, or name it with --site)", file=sys.stderr)
        return 2
    loaded = _catalog_and_site(args, sys.stderr)
    if isinstance(loaded, int):
        return loaded
    catalog_text, events, site = loaded
    version = code_version(read_code())
    source = read_source(args.source)
    record = read_record(source.slug_record, (args.source / SLUG_RECORD).as_posix())
    slugs = record.slugs
    record_problems = [*record.problems, *filter(None, [source.slug_record_error])]
    keys = {raw.name: essay_key(raw, catalog_text, version) for raw in source.essays}
    extracted, note = extract_essays(source.essays, events, keys, read_extraction_cache(args.state), default_workers())
    if note:
        print(f"warning: {note}", file=sys.stderr)
    docs, _ = read_docs(args.docs, GENERATED_DATA_FILES, is_generated_file)
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


def add_pages(args: argparse.Namespace, out) -> int:
    """--add: fetch each page once and save it with its sidecar into essays/ (nothing of a page
    that fails is left). Returns how many failed; each failure is one line naming the address."""
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
    loaded = _catalog_and_site(args, out)
    if isinstance(loaded, int):
        if not args.check:
            remove_manifest(args.state)
        return loaded
    catalog_text, events, site = loaded
    source = read_source(args.source)
    record_path = args.source / SLUG_RECORD
    pages_on_disk, generated_docs = read_docs(args.docs, GENERATED_DATA_FILES, is_generated_file)
    cache = read_extraction_cache(args.state)
    keys = {raw.name: essay_key(raw, catalog_text, version) for raw in source.essays}
    extracted, note = extract_essays(source.essays, events, keys, cache, default_workers())
    if note:
        print(f"warning: {note}", file=out)
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

    wanted = {args.docs / rel: data for rel, data in result.files.items()}
    existing = {args.docs / rel: data for rel, data in pages_on_disk.items()}
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
    errors, warnings, report = _report(problems, out)
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
