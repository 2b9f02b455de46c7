"""What every mode of the command line needs before it starts: the event catalog and the
site's settings, read and checked (exit status 2 when they are broken), and the report of
problems, one line each (on GitHub Actions also as annotations on the file and line)."""

from __future__ import annotations

import argparse
import os
import sys

from .catalog.load import load_catalog_files
from .core.models import Problem, Site
from .pages.config import site_from_config
from .store.reader import (
    read_catalog,
    read_text,
)


def report_problems(problems: list[Problem], out) -> tuple[int, int, tuple[str, ...]]:
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


def catalog_and_site(args: argparse.Namespace, out) -> tuple[str, tuple, Site] | int:
    """The event catalog's text and events, and the site's settings; or the exit status (2)."""
    catalog_texts, catalog_problems = read_catalog(args.catalog)
    if not catalog_texts and not catalog_problems:
        print(f"{args.catalog}: error: no event catalog here: a .yml file, or a folder of them", file=out)
        return 2
    if not catalog_problems:
        events, catalog_problems = load_catalog_files(catalog_texts)
    # One text for the extraction cache's key: every file's name and content.
    catalog_text = "".join(f"{path}\0{text}\0" for path, text in sorted(catalog_texts.items()))
    if catalog_problems:
        report_problems(catalog_problems, out)
        print(f"{args.catalog}: the event catalog has errors; nothing was converted", file=out)
        return 2
    try:
        config_text = read_text(args.config)
    except OSError as exc:
        print(f"{args.config}: error: cannot read the MkDocs configuration: {exc.strerror}", file=out)
        return 2
    site, config_problems = site_from_config(config_text, args.config.as_posix())
    if site is None:
        report_problems(config_problems, out)
        return 2
    return catalog_text, events, site
