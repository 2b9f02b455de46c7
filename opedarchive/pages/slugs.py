"""Give every essay a unique slug that never changes because other essays come or go.

The record of assigned slugs (`essays/.slugs.yml`, source file -> slug) is the memory: an essay
keeps its recorded slug unless its sidecar sets a new one. New essays take their title's slug,
or the first free `-2`, `-3`... after it, in file-name order, so the result is deterministic.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import yaml

from ..core.models import Problem
from ..core.slug_shape import RESERVED_SLUGS, slug_shape_problem
from ..core.yamldoc import YamlError, compose, line_of
from .urls import first_free_slug

RECORD_HEADER = (
    "# Slugs assigned by build_archive.py: source file -> slug. Generated; commit it.\n"
    "# An essay keeps its slug (and so its URL) while this file remembers it.\n"
)


REDIRECTS_KEY = "redirects"  # former slug -> source file; no source file is named so


@dataclass(frozen=True)
class SlugRecord:
    """The slug record as read: every good entry, and a problem for each bad one."""

    slugs: dict[str, str]  # source file name -> slug
    redirects: dict[str, str]  # former slug -> source file name
    problems: tuple[Problem, ...] = ()
    # False when the file could not be read, or an entry of it was ignored: what it says about
    # published addresses is incomplete, so a run neither rewrites it nor removes or replaces a
    # page of essays/ (build.build keeps them as they are until the record is mended).
    trusted: bool = True


def _restore(path: str) -> str:
    return (
        f"mend that line, or restore the file from git (`git checkout -- {path}`); until then a run neither "
        "rewrites it nor removes or replaces any essay or redirect page"
    )


def _unreadable(path: str, what: str, line: int | None) -> SlugRecord:
    return SlugRecord({}, {}, (Problem(path, f"{what}: {_restore(path)}", line),), trusted=False)


def read_record(data: bytes | str | None, path: str) -> SlugRecord:
    """The record's entries. Every slug in it names a file under docs/essays/, so each must
    have a slug's shape: `../../README` would otherwise be a path out of docs/."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            return _unreadable(path, f"the slug record is not UTF-8 (byte {exc.start})", line)
    if not data:
        return SlugRecord({}, {})
    try:
        root = compose(data)
    except YamlError as exc:
        return _unreadable(
            path, f"invalid YAML in the slug record: {exc.message.removeprefix('invalid YAML: ')}", exc.line
        )
    if root is None:
        return SlugRecord({}, {})
    if not isinstance(root, yaml.MappingNode):
        return _unreadable(path, "the slug record must map source file names to slugs", line_of(root))
    reader = _EntryReader(path)
    for key_node, value_node in root.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key == REDIRECTS_KEY:
            reader.redirects_section(value_node, line_of(key_node))
        else:
            reader.slug_entry(key, value_node, line_of(key_node))
    return SlugRecord(reader.slugs, reader.redirects, tuple(reader.problems), trusted=not reader.problems)


class _EntryReader:
    """Collects the good entries of a record and a problem, with its line, for each bad one."""

    def __init__(self, path: str):
        self.path = path
        self.slugs: dict[str, str] = {}
        self.redirects: dict[str, str] = {}
        self.problems: list[Problem] = []
        self._lines: dict[str, int] = {}

    def _bad(self, message: str, line: int) -> None:
        self.problems.append(Problem(self.path, message, line))

    def slug_entry(self, source: str | None, value: yaml.Node, line: int) -> None:
        if source is None:
            self._bad("each line must be `source file name: slug`: mend the line, or delete it", line)
        elif source in self._lines:
            self._bad(
                f"{source} appears twice (first on line {self._lines[source]}): delete one of the two lines", line
            )
        elif problem := _slug_problem(value):
            self._bad(
                f"slug {_shown(value)} of {source} {problem}: write the essay's slug (the name of its page in "
                "docs/essays/, without `.md`), or delete the line and the essay takes its title's slug",
                line,
            )
        else:
            self._lines[source] = line
            self.slugs[source] = value.value

    def redirects_section(self, node: yaml.Node, line: int) -> None:
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
            return
        if not isinstance(node, yaml.MappingNode):
            self._bad(f"`{REDIRECTS_KEY}` must map former slugs to source file names: {_restore(self.path)}", line)
            return
        for key_node, value_node in node.value:
            where = line_of(key_node)
            if problem := _slug_problem(key_node):
                self._bad(
                    f"former slug {_shown(key_node)} {problem}: delete the line (that address then no longer "
                    "redirects), or write the former slug as it was",
                    where,
                )
            elif not isinstance(value_node, yaml.ScalarNode) or not value_node.value:
                self._bad(
                    f"former slug {key_node.value!r} must name one source file: write it, or delete the line", where
                )
            else:
                self.redirects[key_node.value] = value_node.value


def _slug_problem(node: yaml.Node) -> str | None:
    if not isinstance(node, yaml.ScalarNode):
        return "is not a slug"
    return slug_shape_problem(node.value)


def _shown(node: yaml.Node) -> str:
    return repr(node.value) if isinstance(node, yaml.ScalarNode) else "(a list or mapping)"


def parse_record(text: bytes | str | None, path: str) -> tuple[dict[str, str], list[Problem]]:
    record = read_record(text, path)
    return record.slugs, list(record.problems)


def parse_full_record(text: bytes | str | None, path: str) -> tuple[dict[str, str], dict[str, str], list[Problem]]:
    """(source -> slug, former slug -> source, problems)."""
    record = read_record(text, path)
    return record.slugs, record.redirects, list(record.problems)


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
    wanted: dict[str, tuple[str | None, str]],
    record: dict[str, str],
    held: dict[str, str],
    former: dict[str, str] | None = None,
    reserved: Collection[str] = (),
) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """wanted: source -> (curated slug or None, title slug), for essays built this run.
    held: source -> slug for essays that failed this run and keep their old page.
    former: former slug -> source, the redirects the record remembers.
    reserved: slugs nobody may take this run (pages kept as they are while the record is broken).
    Returns source -> slug for all of them, and (source, message) for curated slugs in conflict."""
    present = wanted.keys() | held.keys()
    # Every published address of an essay still here: its recorded slug (its page, or a
    # redirect if it moves) and its former slugs. Another essay there would answer its old
    # links and #pN citations.
    address_of = {slug: source for slug, source in (former or {}).items() if source in present}
    address_of.update((slug, source) for source, slug in record.items() if source in present)
    taken: dict[str, str] = dict((slug, source) for source, slug in held.items())
    result = dict(held)
    conflicts = []
    # Recorded slugs first: they are published URLs. Not an essay's whose sidecar moves it.
    for source in sorted(wanted):
        slug = record.get(source)
        if slug and wanted[source][0] in (None, slug) and slug not in taken and slug not in reserved:
            taken[slug] = source
            result[source] = slug
    # Then curated slugs: a person chose them, but not another essay's address.
    curated_by: dict[str, str] = {}
    for source in sorted(wanted):
        curated = wanted[source][0]
        if curated is None or source in result:
            continue
        if problem := _curated_slug_problem(curated, source, curated_by, taken, address_of, reserved):
            conflicts.append((source, problem))
            continue
        taken[curated] = curated_by[curated] = source
        result[source] = curated
    # Then new essays, in file-name order, on slugs that are nobody's address. The next suffix to
    # try is remembered per title, so a thousand essays with one title cost a thousand steps,
    # not half a million.
    failed = {source for source, _ in conflicts}
    unavailable = _Unavailable(taken, address_of, reserved)
    next_suffix: dict[str, int] = {}
    for source in sorted(wanted):
        if source in result or source in failed:
            continue
        base = wanted[source][1]
        slug, next_suffix[base] = first_free_slug(base, unavailable, next_suffix.get(base, 1))
        taken[slug] = source
        result[source] = slug
    return result, conflicts


def _curated_slug_problem(
    curated: str,
    source: str,
    curated_by: dict[str, str],
    taken: dict[str, str],
    address_of: dict[str, str],
    reserved: Collection[str],
) -> str | None:
    if curated in curated_by:
        return f"slug {curated!r} is already used by {curated_by[curated]}"
    # Everything else in `taken` came from the record too (held and recorded slugs).
    owner = taken.get(curated, address_of.get(curated, source))
    if owner != source:
        return (
            f"slug {curated!r} is the address of {owner}, which the slug record remembers: taking it would make "
            f"its links and #pN citations show this essay; choose another `slug`"
        )
    if curated in RESERVED_SLUGS:
        return f"slug {curated!r} is reserved for the essays folder's own page; choose another `slug`"
    if curated in reserved:
        return (
            f"slug {curated!r} is the address of a page kept as it is while the slug record cannot be read; "
            "mend the record first"
        )
    return None


class _Unavailable:
    """The slugs a new essay may not take: taken this run, another essay's address, or reserved."""

    def __init__(self, taken: dict[str, str], address_of: dict[str, str], reserved: Collection[str]):
        self._sets = (taken, address_of, reserved, RESERVED_SLUGS)

    def __contains__(self, slug: object) -> bool:
        return any(slug in each for each in self._sets)
