"""RawEssay -> Essay: decode, read the structure, apply the sidecar, resolve every field.

Curated facts win over what the text states, which wins over what is inferred; what nothing
supports stays unknown, with a warning that says how to supply it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date

from slugify import slugify

from ..catalog.match import Matcher
from ..core.dates import as_iso_list, display_date, find_dates
from ..core.models import (
    Author,
    Curation,
    DateMention,
    DateValue,
    Essay,
    Event,
    EventMention,
    Problem,
    RawEssay,
    SourceFacts,
    Structure,
    essay_kind,
)
from .decode import SourceError, decode
from .sidecar import parse_sidecar
from .structure import extract_structure

WORDS_PER_MINUTE = 230
# The day of the run: no date after it is evidence of when an essay was written (a stated one
# after it is a warning). Fixed at import, so one run reads every essay against the same day.
TODAY = date.today()
DESCRIPTION_LIMIT = 200
OPENING_WORDS = 10
SLUG_LIMIT = 60


def _shorten(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary, with "…" when cut."""
    words = " ".join(text.split())
    if len(words) <= limit:
        return words
    cut = words[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.–—-")
    return cut + "…"


def _opening_words(paragraph: str) -> str:
    words = paragraph.split()[:OPENING_WORDS]
    return " ".join(words).rstrip(",;:.–—-") + "…"


def title_slug(title: str) -> str:
    # Apostrophes join words ("won't" -> "wont"), as in most publications' URLs.
    return slugify(title, max_length=SLUG_LIMIT, word_boundary=True, replacements=[["'", ""], ["’", ""]]) or "essay"


def _authors(curation: Curation, structure: Structure) -> tuple[Author, ...]:
    note = structure.author_note

    def bio_for(name: str) -> str | None:
        return note if note and name in " ".join(note.split()) else None

    if curation.authors is not None:
        return tuple(a if a.bio else Author(a.name, bio_for(a.name), a.organisation) for a in curation.authors)
    if structure.byline_authors:
        organisation = structure.organisation
        return tuple(
            Author(name, None if organisation else bio_for(name), organisation) for name in structure.byline_authors
        )
    return tuple(Author(name, bio_for(name)) for name in structure.note_authors)


def _latest_clue(
    dates: tuple[DateMention, ...], event_ids: tuple[str, ...], catalog: dict[str, Event]
) -> tuple[DateValue, str] | None:
    """The latest date the essay mentions, directly or through an event it refers to: the essay
    cannot be older than that. Forward-looking years ("by 2030") do not count. Returns the date
    and, in words, where it comes from."""
    order = {"day": 2, "month": 1, "year": 0}
    # A year after today is a plan, not evidence of when the essay was written.
    clues: list[tuple[date, int, DateValue, str]] = [
        (m.date.value, order[m.date.precision], m.date, f"“{m.text}”")
        for m in dates
        if not m.forward and m.date.value <= TODAY
    ]
    for event_id in event_ids:
        event = catalog[event_id]
        start = DateValue(event.start, "day")
        clues.append((event.start, 2, start, f"the {event.name} ({display_date(start)})"))
    if not clues:
        return None
    _, _, value, why = max(clues, key=lambda c: (c[0], c[1]))
    return value, why


def _resolve_date(
    path: str,
    curation: Curation,
    structure: Structure,
    clue: tuple[DateValue, str] | None,
    facts: SourceFacts | None = None,
) -> tuple[DateValue | None, str, str | None, list[Problem]]:
    problems = []
    stated = structure.dateline
    if curation.date:
        value, source, note = curation.date, "curated", curation.date_note
    elif facts is not None and facts.date is not None:
        # The page's own markup (article:published_time, JSON-LD datePublished…) states it.
        value, source, note = facts.date, "page", facts.date_note
    elif stated:
        value, source, note = stated, "stated", f"Stated in the text: “{structure.dateline_text}”"
        if structure.dateline_note:
            note += f". {structure.dateline_note}."
            problems.append(Problem(path, structure.dateline_note, severity="warning"))
        if stated.value > TODAY:
            problems.append(
                Problem(path, f"its dateline {stated.iso()} is after today ({TODAY}): check it", severity="warning")
            )
    elif clue:
        latest, why = clue
        # A full date only bounds the essay from below: the estimate is its month, not its day.
        precision = "year" if latest.precision == "year" else "month"
        value = DateValue(latest.value, precision)
        source = "inferred"
        note = (
            f"Inferred: the text gives no date of publication. The latest date it mentions is {why}, "
            f"so it was written on or after {display_date(latest)}."
        )
    else:
        problems.append(
            Problem(
                path,
                "no publication date: the text states none and mentions no dated event. "
                "Add `date:` to its sidecar if you know it",
                severity="warning",
            )
        )
        return None, "unknown", None, problems
    if clue and source != "inferred" and clue[0].value > value.value and clue[0].precision == "day":
        problems.append(
            Problem(
                path,
                f"its date {value.iso()} is before {clue[0].value.isoformat()}, which the essay mentions "
                f"({clue[1]}); check `date:`",
                severity="warning",
            )
        )
    return value, source, note, problems


def _apply_event_curation(
    path: str, found: tuple[EventMention, ...], curation: Curation
) -> tuple[tuple[str, ...], list[Problem]]:
    """The sidecar's `events: add/drop` over what the text references (ids already checked
    against the catalog when the sidecar was read)."""
    problems = []
    ids = [m.event_id for m in found]
    for event_id in curation.events_drop:
        if event_id in ids:
            ids.remove(event_id)
        else:
            problems.append(
                Problem(
                    path, f"`events: drop` names {event_id!r}, which the text does not reference", severity="warning"
                )
            )
    ids += [event_id for event_id in curation.events_add if event_id not in ids]
    return tuple(ids), problems


@dataclass(frozen=True)
class SourceText:
    """What an essay file says, whatever its kind: the text that ingest reads (for a web page or a
    Word file, the text extracted from it), what its markup or properties state, or why it
    cannot be read."""

    text: str | None
    facts: SourceFacts | None = None  # None for a text file: its text is all it states
    error: str | None = None
    line: int | None = None
    warnings: tuple[str, ...] = ()


def _title_as_written(text: str, structure: Structure) -> str:
    """The text's title as its lines have it: a title set on two lines ('Kaliningrad After the War:
    Planning for' / 'an Exclave Under Pressure') stays two lines, as the source has them."""
    numbers = sorted(n for n, field in structure.metadata_lines if field == "title")
    run = numbers[:1]
    for number in numbers[1:]:
        if number != run[-1] + 1:
            break
        run.append(number)
    if len(run) < 2 or structure.title is None:
        return structure.title or ""
    lines = text.split("\n")
    return "\n".join(lines[n - 1].strip() for n in run)


def read_source_text(name: str, data: bytes, encoding: str | None = None) -> SourceText:
    """The text of an essay file by its kind (its suffix). Also what --verify reads a page's
    source as, so that it checks the page against the same text."""
    kind = essay_kind(name)
    if kind == "text":
        decoded = decode(data, encoding)
        return SourceText(decoded.text, None, decoded.error, decoded.line, decoded.warnings)
    if not data:
        return SourceText(None, error="the file is empty: save the page or document again, or delete it")
    try:
        if kind == "web page":
            # Imported here: trafilatura takes a while to load, and text essays never need it.
            from .web_page import read_web_page

            facts = read_web_page(data, encoding)
        else:
            from .word_file import read_word_file

            facts = read_word_file(data)
    except SourceError as exc:
        return SourceText(None, error=str(exc))
    return SourceText(facts.text, facts, warnings=facts.warnings)


def _title(
    raw: RawEssay, curation: Curation, facts: SourceFacts, structure: Structure, paragraphs: list[str]
) -> tuple[str, str, list[Problem]]:
    """The title and where it comes from: the sidecar, the page's markup or the Word file's Title
    style, the text's first line, or (with a warning) the text's opening words."""
    if curation.title:
        return curation.title, "curated", []
    if facts.title:
        # When the text's title line says the same, the text states it too (and it is read for
        # events, as a text's title is).
        same = structure.title is not None and " ".join(facts.title.split()) == structure.title
        return facts.title, "text" if same else "page", []
    if structure.title:
        return structure.title, "text", []
    problem = Problem(
        raw.path,
        f"no title line: using the opening words. Add `title:` to its sidecar ({_sidecar_name(raw)})",
        severity="warning",
    )
    return _opening_words(paragraphs[0]), "opening-words", [problem]


def extract_essay(raw: RawEssay, matcher: Matcher, catalog: dict[str, Event]) -> tuple[Essay | None, list[Problem]]:
    if raw.read_error:
        return None, [raw.read_error]
    problems: list[Problem] = []
    curation = Curation()
    if raw.sidecar_text is not None:
        parsed, sidecar_problems = parse_sidecar(raw.sidecar_text, raw.sidecar_path or raw.path, catalog)
        if parsed is None:
            return None, sidecar_problems
        curation = parsed
    source = read_source_text(raw.name, raw.data, curation.encoding)
    if source.text is None:
        return None, [Problem(raw.path, source.error or "cannot read", source.line)]
    problems += [Problem(raw.path, w, severity="warning") for w in source.warnings]
    # A text file states nothing beside its text; a page's markup or a Word file's properties may.
    facts = source.facts or SourceFacts(text=source.text)

    structure = extract_structure(source.text, curation.date_order)
    paragraphs = list(structure.paragraphs)
    if curation.subtitle and structure.subtitle and " ".join(curation.subtitle.split()) != structure.subtitle:
        paragraphs.insert(0, structure.subtitle)  # the text's own deck, not the curated one: kept
    known_title = curation.title or facts.title
    if known_title and structure.title and " ".join(known_title.split()) != structure.title:
        # The text's own first line is not the curated (or the page's) title: keep its words in the body.
        paragraphs.insert(0, _title_as_written(source.text, structure))
    if not paragraphs:
        return None, [Problem(raw.path, "no essay text: only a title, byline or web debris")]
    paragraphs_t = tuple(paragraphs)

    title, title_source, title_problems = _title(raw, curation, facts, structure, paragraphs)
    problems += title_problems

    authors = _authors(_with_source_authors(curation, facts, structure), structure)
    if not authors:
        problems.append(
            Problem(
                raw.path,
                "no author found (no byline, no author note): authors: []. Add "
                f"`authors:` to its sidecar ({_sidecar_name(raw)})",
                severity="warning",
            )
        )
    if structure.author_note and not any(a.bio == structure.author_note for a in authors):
        # The note names someone else than the curated authors: keep it on the page as a paragraph.
        paragraphs_t = (*paragraphs_t, structure.author_note)

    # The text's own title line is part of what the essay says: it is read first (index -1).
    scanned = (title, *paragraphs_t) if title_source == "text" else paragraphs_t
    first_index = -1 if title_source == "text" else 0
    date_mentions = find_dates(scanned, first_index)
    # Relative days ("on Friday night") count back from a stated or curated day, never an inferred one.
    written_on = next(
        (d.value for d in (curation.date, structure.dateline) if d is not None and d.precision == "day"), None
    )
    event_mentions = matcher.find(scanned, date_mentions, first_index, written_on)
    events, event_problems = _apply_event_curation(raw.sidecar_path or raw.path, event_mentions, curation)
    problems += event_problems
    kept_mentions = tuple(m for m in event_mentions if m.event_id in events)
    clue = _latest_clue(date_mentions, events, catalog)
    value, date_source, date_note, date_problems = _resolve_date(raw.path, curation, structure, clue, facts)
    problems += date_problems

    word_count = sum(len(p.split()) for p in paragraphs_t)
    subtitle = curation.subtitle or structure.subtitle
    essay = Essay(
        source=raw.name,
        sidecar=raw.sidecar_path.rsplit("/", 1)[-1] if raw.sidecar_path else None,
        title=title,
        title_source=title_source,
        subtitle=subtitle,
        authors=authors,
        date=value,
        date_source=date_source,
        date_note=date_note,
        events=events,
        event_mentions=kept_mentions,
        dates_mentioned=as_iso_list(date_mentions),
        description=_shorten(
            curation.description or facts.description or subtitle or paragraphs_t[0], DESCRIPTION_LIMIT
        ),
        paragraphs=paragraphs_t,
        word_count=word_count,
        reading_time=max(1, -(-word_count // WORDS_PER_MINUTE)),
        publication=curation.publication or facts.publication,
        source_url=curation.source_url or facts.source_url,
        tags=curation.tags,
        curated_slug=curation.slug,
        title_slug=title_slug(title),
        source_sha256=hashlib.sha256(raw.data).hexdigest(),
        aliases=curation.aliases,
        updated=structure.updated,
        debris=structure.debris,
        metadata_lines=structure.metadata_lines,
        retrieved=curation.retrieved,
    )
    return essay, problems


def _with_source_authors(curation: Curation, facts: SourceFacts, structure: Structure) -> Curation:
    """The authors to use before the text's byline and note: the sidecar's; else the page's
    markup (a publisher's own metadata); a Word file's properties only when the text names no
    one (they often name whoever's copy of Word made the file)."""
    if curation.authors is not None or not facts.authors:
        return curation
    if facts.authors_from == "properties" and (structure.byline_authors or structure.note_authors):
        return curation
    return replace(curation, authors=tuple(Author(name) for name in facts.authors))


def _sidecar_name(raw: RawEssay) -> str:
    stem = raw.path.rsplit(".", 1)[0]
    return f"{stem}.yml"
