"""Give every essay a unique slug that never changes because other essays come or go.

The record of assigned slugs (`essays/.slugs.yml`, source file -> slug) is the memory: an essay
keeps its recorded slug unless its sidecar sets a new one. New essays take their title's slug,
or the first free `-2`, `-3`... after it, in file-name order, so the result is deterministic.
"""

from __future__ import annotations

import yaml

from ..core.models import Problem
from ..core.yamldoc import FAST_LOADER
from .urls import first_free_slug

RECORD_HEADER = (
    "# Slugs assigned by build_archive.py: source file -> slug. Generated; commit it.\n"
    "# An essay keeps its slug (and so its URL) while this file remembers it.\n"
)


REDIRECTS_KEY = "redirects"  # former slug -> source file; no source file is named so


def parse_record(text: str | None, path: str) -> tuple[dict[str, str], list[Problem]]:
    slugs, _, problems = parse_full_record(text, path)
    return slugs, problems


def parse_full_record(text: str | None, path: str) -> tuple[dict[str, str], dict[str, str], list[Problem]]:
    """(source -> slug, former slug -> source, problems)."""
    if not text:
        return {}, {}, []
    try:
        data = yaml.load(text, Loader=FAST_LOADER)
    except yaml.YAMLError as exc:
        return {}, {}, [Problem(path, f"invalid YAML in the slug record: {exc}")]
    if data is None:
        return {}, {}, []
    redirects = data.pop(REDIRECTS_KEY, None) or {} if isinstance(data, dict) else {}
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        return {}, {}, [Problem(path, "the slug record must map source file names to slugs")]
    if not isinstance(redirects, dict) or not all(isinstance(v, str) for v in redirects.values()):
        return data, {}, [Problem(path, f"`{REDIRECTS_KEY}` must map former slugs to source file names")]
    return data, {str(k): v for k, v in redirects.items()}, []


def render_record(slugs: dict[str, str], redirects: dict[str, str] | None = None) -> str:
    document: dict = dict(sorted(slugs.items()))
    if redirects:
        document[REDIRECTS_KEY] = dict(sorted(redirects.items()))
    body = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=1000)
    header = RECORD_HEADER + (
        f"# `{REDIRECTS_KEY}`: former slugs of essays whose slug changed; their old addresses redirect.\n"
        if redirects
        else ""
    )
    return header + (body if document else "")


def assign_slugs(
    wanted: dict[str, tuple[str | None, str]], record: dict[str, str], held: dict[str, str]
) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """wanted: source -> (curated slug or None, title slug), for essays built this run.
    held: source -> slug for essays that failed this run and keep their old page.
    Returns source -> slug for all of them, and (source, message) for curated slugs in conflict."""
    taken: dict[str, str] = dict((slug, source) for source, slug in held.items())
    result = dict(held)
    conflicts = []
    # Curated slugs first: a person chose them.
    for source in sorted(wanted):
        curated, _ = wanted[source]
        if curated is None:
            continue
        if curated in taken:
            conflicts.append((source, f"slug {curated!r} is already used by {taken[curated]}"))
            continue
        taken[curated] = source
        result[source] = curated
    # Then recorded slugs: they are published URLs.
    for source in sorted(wanted):
        if source in result:
            continue
        slug = record.get(source)
        if slug and slug not in taken and wanted[source][0] is None:
            taken[slug] = source
            result[source] = slug
    # Then new essays, in file-name order. The next suffix to try is remembered per title, so
    # a thousand essays with one title cost a thousand steps, not half a million.
    failed = {source for source, _ in conflicts}
    next_suffix: dict[str, int] = {}
    for source in sorted(wanted):
        if source in result or source in failed:
            continue
        base = wanted[source][1]
        slug, next_suffix[base] = first_free_slug(base, taken, next_suffix.get(base, 1))
        taken[slug] = source
        result[source] = slug
    return result, conflicts
