"""Command line: read, build, write (or check), report. Exit 0 when every essay converted,
1 when an essay failed or (with --check) docs/ is stale, 2 when the run could not start."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from .build import build, slug_record_text
from .catalog import load_catalog
from .models import Problem
from .reader import SLUG_RECORD, fingerprint, read_docs, read_source, read_text
from .siteconfig import site_from_config
from .writer import apply, plan

WATCH_INTERVAL = 0.5  # seconds between looks at essays/ in --watch mode


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="build_archive.py",
        description="Convert raw essays (essays/*.txt and their .yml sidecars) into Markdown pages for MkDocs.",
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
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 and list stale files if docs/ is out of date"
    )
    mode.add_argument(
        "--watch", action="store_true", help="convert again whenever an essay, sidecar or the catalog changes"
    )
    return parser.parse_args(argv)


def _report(problems: list[Problem], out) -> tuple[int, int]:
    ordered = sorted(set(problems), key=lambda p: (p.path, p.line or 0, p.severity, p.message))
    for problem in ordered:
        print(problem, file=out)
    errors = sum(1 for p in ordered if p.severity == "error")
    return errors, len(ordered) - errors


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    if not args.watch:
        return convert(args)
    # For `make serve`: MkDocs reloads the browser when docs/ changes; this keeps docs/ in step
    # with essays/ (MkDocs hooks would do it inside MkDocs, but the site must not need hooks).
    seen = None
    try:
        while True:
            now = fingerprint([args.source, args.catalog, args.config])
            if now != seen:
                seen = now
                convert(args)
            time.sleep(WATCH_INTERVAL)
    except KeyboardInterrupt:
        return 0


def convert(args: argparse.Namespace) -> int:
    out = sys.stderr
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
    site, config_problems = site_from_config(config_text, args.config.as_posix(), os.environ)
    if site is None:
        _report(config_problems, out)
        return 2
    source = read_source(args.source)
    record_path = args.source / SLUG_RECORD
    existing_docs, generated_docs = read_docs(args.docs)
    result = build(source.essays, events, source.slug_record, record_path.as_posix(), existing_docs, site)

    wanted = {args.docs / rel: data for rel, data in result.files.items()}
    existing = {args.docs / rel: data for rel, data in existing_docs.items()}
    generated = {args.docs / rel for rel in generated_docs}
    wanted[record_path] = slug_record_text(result).encode("utf-8")
    if source.slug_record is not None:
        existing[record_path] = source.slug_record.encode("utf-8")
        generated.add(record_path)
    keep = {args.docs / rel for rel in result.keep}
    todo = plan(wanted, existing, generated, keep)

    problems = list(source.problems) + result.problems
    problems += [
        Problem(path.as_posix(), "a hand-written page stands where a generated one belongs; move or rename it")
        for path in todo.refused
    ]
    errors, warnings = _report(problems, out)
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
    return 1 if errors else 0
