"""Paired test files, python-frontmatter style: `tests/cases/<kind>/<name>.<input>` next to
`<name>.expected`. `produce` computes what a case yields now; test_cases.py compares it with
the .expected file, and `python -m tests.regen` rewrites the .expected files from it (review
the diff before committing: the expected files are the specification)."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import date
from pathlib import Path

import yaml

from opedarchive.catalog.load import load_catalog
from opedarchive.catalog.match import build_matcher
from opedarchive.core.dates import as_iso_list, find_dates
from opedarchive.core.models import Author, DateValue, EventMention, RawEssay, Site
from opedarchive.ingest.decode import decode
from opedarchive.ingest.essay import extract_essay
from opedarchive.ingest.sidecar import parse_sidecar
from opedarchive.ingest.structure import extract_structure
from opedarchive.pages.cite import bibtex, chicago
from opedarchive.pages.escape import markdown_text
from opedarchive.pages.essay_page import render_essay
from opedarchive.pages.headmeta import json_ld, meta_tags
from opedarchive.pages.kwic import quote
from opedarchive.pages.listing import Listing, listing_of
from opedarchive.pages.related import related_essays
from opedarchive.pages.timeline import render_timeline, timeline_rows
from opedarchive.pages.urls import author_slugs, essay_path, topic_slugs, url_of

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
    "citation": ".yml",
    "kwic": ".txt",
    "timeline": ".yml",
    "related": ".yml",
    "corpus": ".txt",
    "catalog-events": ".txt",
}


def _catalog():
    from .conftest import project_catalog

    return project_catalog()


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
    essay, problems = extract_essay(raw, _MATCHER, _BY_ID)
    lines = [f"# {problem}" for problem in problems]
    if essay is not None:
        item = listing_of(essay, essay.curated_slug or essay.title_slug, _BY_ID)
        authors = author_slugs(a.name for a in essay.authors)
        lines.append(render_essay(essay, item, _SITE, _BY_ID, authors, topic_slugs(item.topics), []).rstrip("\n"))
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


def listing_from(data: dict, slug: str = "essay") -> Listing:
    """A Listing from a case's YAML fields; everything not given gets a plain default."""
    authors = tuple(Author(a["name"], a.get("bio")) for a in data.get("authors") or ())
    return Listing(
        slug=data.get("slug", slug),
        title=data.get("title", "Untitled"),
        subtitle=data.get("subtitle"),
        authors=authors,
        date=_date_value(data.get("date"), data.get("date_precision", "day")),
        date_source=data.get("date_source", "stated" if data.get("date") else "unknown"),
        date_note=data.get("date_note"),
        events=tuple(data.get("events") or ()),
        dates_mentioned=(),
        description=data.get("description", ""),
        word_count=data.get("word_count", 0),
        reading_time=data.get("reading_time", 1),
        source=f"{data.get('slug', slug)}.txt",
        publication=data.get("publication"),
        source_url=data.get("source_url"),
        topics=tuple(data.get("topics") or ()),
    )


def _date_value(value: object, precision: str) -> DateValue | None:
    if value is None:
        return None
    return DateValue(value if isinstance(value, date) else date.fromisoformat(str(value)), precision)


def essay_url(slug: str) -> str:
    return _SITE.url + url_of(essay_path(slug))


def citation_json_ld(item: Listing) -> str:
    return json_ld(item, essay_url(item.slug), _SITE, _BY_ID)


def _citation(path: Path) -> str:
    item = listing_from(yaml.safe_load(path.read_text(encoding="utf-8")), path.stem)
    url = essay_url(item.slug)
    meta = "".join(f"{attribute} {name} = {content}\n" for attribute, name, content in meta_tags(item, url, _SITE))
    ld = json.dumps(json.loads(citation_json_ld(item)), indent=1, ensure_ascii=False)
    return (
        f"## Chicago\n{chicago(item, url, _SITE.name)}\n## BibTeX\n{bibtex(item, url, _SITE.name)}\n"
        f"## meta\n{meta}## JSON-LD\n{ld}\n"
    )


_MARKED = re.compile(r"\[\[(.+?)\]\]", re.DOTALL)


def _kwic(path: Path) -> str:
    """A first line "# Title" is the title; the one [[marked]] phrase is the mention."""
    text = path.read_text(encoding="utf-8").strip("\n")
    title = ""
    if text.startswith("# "):
        title, _, text = text.partition("\n")
        title = title[2:]
    paragraphs = tuple(p.strip("\n") for p in re.split(r"\n[ \t]*\n", text.strip("\n")) if p.strip())
    index = next(i for i, p in enumerate((title, *paragraphs)) if _MARKED.search(p)) - 1
    marked = _MARKED.search(title if index < 0 else paragraphs[index])
    unmarked = tuple(_MARKED.sub(r"\1", p) for p in paragraphs)
    mention = EventMention("event", index, marked.start(), marked.group(1))
    q = quote(mention, unmarked, _MARKED.sub(r"\1", title))
    return f"{q.before}|{q.match}|{q.after}\nparagraph {q.paragraph}\n"


def _timeline(path: Path) -> str:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    listings = [listing_from(entry) for entry in data.get("listings") or ()]
    events = [_BY_ID[e] for e in data.get("events") or ()]
    rows = "".join(f"{r.when} {r.kind} {r.date_label} | {r.label}\n" for r in timeline_rows(listings, events))
    return rows + "\n" + render_timeline(listings, events)


def _related(path: Path) -> str:
    listings = [listing_from(entry) for entry in yaml.safe_load(path.read_text(encoding="utf-8"))]
    related = related_essays(listings)
    lines = []
    for item in listings:
        chosen = related.get(item.slug, [])
        lines.append(f"{item.slug}:" + ("" if chosen else " -"))
        lines += [
            f"  {other.slug} ({other.date.value.isoformat() if other.date else 'undated'}): {', '.join(shared)}"
            for other, shared in chosen
        ]
    return "\n".join(lines) + "\n"


def _corpus(path: Path) -> str:
    """What the converter reads from a pasted page: every metadata field, where it came from,
    and every line it set aside as the page's (the person's reading is beside it, in
    NAME.truth.yml, and `make accuracy` scores the two)."""
    raw = RawEssay(name=path.name, path=f"essays/{path.name}", data=path.read_bytes())
    essay, problems = extract_essay(raw, _MATCHER, _BY_ID)
    lines = [f"# {problem}" for problem in problems]
    if essay is None:
        return "\n".join(lines) + "\n"
    summary = {
        "title": essay.title if essay.title_source == "text" else None,
        "subtitle": essay.subtitle,
        "authors": [
            {"name": a.name, **({"organization": True} if a.organisation else {}), **({"bio": a.bio} if a.bio else {})}
            for a in essay.authors
        ],
        "date": essay.date.iso() if essay.date else None,
        "date_source": essay.date_source,
        "date_note": essay.date_note,
        "updated": essay.updated.iso() if essay.updated else None,
        "metadata_lines": [f"{line}: {name}" for line, name in essay.metadata_lines],
        "debris": [f"{d.line} ({d.kind}): {d.text}" for d in essay.debris],
        "paragraphs": len(essay.paragraphs),
        "first_paragraph": essay.paragraphs[0][:80],
        "last_paragraph": essay.paragraphs[-1][:80],
    }
    lines.append(yaml.safe_dump(summary, allow_unicode=True, sort_keys=False, width=200).rstrip("\n"))
    return "\n".join(lines) + "\n"


def event_case_lines(path: Path) -> list[tuple[str, str, tuple[str, ...]]]:
    """A catalog event's case: '+ sentence' must refer to the event, '- sentence' (a near miss:
    the same city in another year, the same word in another sense) must not. Returns (sign,
    sentence, the events the matcher finds in it, alone)."""
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        sign, _, sentence = line.partition(" ")
        mentions = _MATCHER.find((sentence,), find_dates((sentence,)))
        found.append((sign, sentence, tuple(sorted({m.event_id for m in mentions}))))
    return found


def _catalog_event(path: Path) -> str:
    return "".join(
        f"{sign} {sentence}\n  -> {', '.join(ids) or 'nothing'}\n" for sign, sentence, ids in event_case_lines(path)
    )


_PRODUCERS = {
    "catalog-events": _catalog_event,
    "corpus": _corpus,
    "essays": _essay,
    "escape": _escape,
    "dates": _dates,
    "events": _events,
    "sidecar": _sidecar,
    "catalog": _catalog_case,
    "citation": _citation,
    "kwic": _kwic,
    "timeline": _timeline,
    "related": _related,
}


def produce(path: Path) -> str:
    return _PRODUCERS[path.parent.name](path)


def expected_path(path: Path) -> Path:
    return path.with_suffix(".expected")
