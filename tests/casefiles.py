"""Paired test files, python-frontmatter style: `tests/cases/<kind>/<name>.<input>` next to
`<name>.expected`. `produce` computes what a case yields now; test_cases.py compares it with
the .expected file, and `python -m tests.regen` rewrites the .expected files from it (review
the diff before committing: the expected files are the specification)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from opedarchive.catalog import load_catalog
from opedarchive.dates import as_iso_list, find_dates
from opedarchive.decode import decode
from opedarchive.escape import markdown_text
from opedarchive.essay import build_essay
from opedarchive.events import build_matcher
from opedarchive.models import RawEssay, Site
from opedarchive.render import listing_of, render_essay
from opedarchive.sidecar import parse_sidecar
from opedarchive.structure import extract_structure
from opedarchive.urls import author_slugs

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "cases"
# The input file of each kind of case (a case of kind "essays" may also have a .yml sidecar).
INPUT_SUFFIX = {
    "essays": ".txt",
    "escape": ".txt",
    "dates": ".txt",
    "events": ".txt",
    "sidecar": ".yml",
    "catalog": ".yml",
}


def _catalog():
    events, problems = load_catalog((ROOT / "events.yml").read_text(encoding="utf-8"), "events.yml")
    assert not problems, problems
    return events


_EVENTS = _catalog()
_MATCHER = build_matcher(_EVENTS)
_BY_ID = {e.id: e for e in _EVENTS}
_SITE = Site(name="Essays", url="https://archive.example/")


def all_cases() -> list[Path]:
    found = []
    for kind, suffix in INPUT_SUFFIX.items():
        found += sorted((CASES / kind).glob(f"*{suffix}"))
    # An essays/ .yml is a sidecar, not a case of its own.
    return found


def case_id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


def _text(path: Path) -> str:
    decoded = decode(path.read_bytes())
    assert decoded.text is not None, decoded.error
    return decoded.text


def _essay(path: Path) -> str:
    sidecar = path.with_suffix(".yml")
    raw = RawEssay(
        name=path.name,
        path=f"essays/{path.name}",
        data=path.read_bytes(),
        sidecar_path=f"essays/{sidecar.name}" if sidecar.exists() else None,
        sidecar_text=sidecar.read_text(encoding="utf-8") if sidecar.exists() else None,
    )
    essay, problems = build_essay(raw, _MATCHER, _BY_ID)
    lines = [f"# {problem}" for problem in problems]
    if essay is not None:
        item = listing_of(essay, essay.curated_slug or essay.title_slug, _BY_ID)
        authors = author_slugs(a.name for a in essay.authors)
        lines.append(render_essay(essay, item, _SITE, _BY_ID, authors, []).rstrip("\n"))
    return "\n".join(lines) + "\n"


def _escape(path: Path) -> str:
    return markdown_text(_text(path)) + "\n"


def _dates(path: Path) -> str:
    structure = extract_structure(_text(path))
    return "".join(f"{iso}\n" for iso in as_iso_list(find_dates(structure.paragraphs)))


def _events(path: Path) -> str:
    structure = extract_structure(_text(path))
    paragraphs = structure.paragraphs
    mentions = _MATCHER.find(paragraphs, find_dates(paragraphs))
    return "".join(f"{m.event_id}: {m.text}\n" for m in mentions)


def _sidecar(path: Path) -> str:
    curation, problems = parse_sidecar(path.read_text(encoding="utf-8"), f"essays/{path.name}")
    if curation is None:
        return "".join(f"{problem}\n" for problem in problems)
    return "".join(f"{key}: {value!r}\n" for key, value in dataclasses.asdict(curation).items())


def _catalog_case(path: Path) -> str:
    events, problems = load_catalog(path.read_text(encoding="utf-8"), path.name)
    if problems:
        return "".join(f"{problem}\n" for problem in problems)
    return "".join(f"{event.id}\n" for event in events)


_PRODUCERS = {
    "essays": _essay,
    "escape": _escape,
    "dates": _dates,
    "events": _events,
    "sidecar": _sidecar,
    "catalog": _catalog_case,
}


def produce(path: Path) -> str:
    return _PRODUCERS[path.parent.name](path)


def expected_path(path: Path) -> Path:
    return path.with_suffix(".expected")
