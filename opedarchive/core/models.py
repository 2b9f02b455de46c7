"""The data that flows through the converter, one stage after another.

text file -> RawEssay -> (Structure + Curation) -> Essay -> Markdown -> files.
Every type here is an immutable value: stages build new ones, never patch old ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input file. Errors stop that essay; warnings do not."""

    path: str  # as the maintainer knows it, e.g. "essays/foo.txt"
    message: str
    line: int | None = None
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        prefix = "warning: " if self.severity == "warning" else "error: "
        return f"{where}: {prefix}{self.message}"


# What an essay file is, by its suffix: pasted text, a web page saved from a browser (or by
# `build_archive.py --add`), or a Word file. Each kind has its own reader in ingest/.
ESSAY_KINDS = {".txt": "text", ".html": "web page", ".htm": "web page", ".docx": "word"}


def essay_kind(name: str) -> str:
    """ "text", "web page" or "word", from a file name's suffix (text when it has none of them)."""
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    return ESSAY_KINDS.get(suffix, "text")


@dataclass(frozen=True)
class RawEssay:
    """An essay's bytes and its optional sidecar's text, exactly as found on disk."""

    name: str  # file name, e.g. "000_483c548ea0d7e199.txt"
    path: str  # display path, e.g. "essays/000_483c548ea0d7e199.txt"
    data: bytes
    sidecar_path: str | None = None
    sidecar_text: str | None = None
    read_error: Problem | None = None  # the file or its sidecar could not be read

    @property
    def kind(self) -> str:
        return essay_kind(self.name)


@dataclass(frozen=True)
class Debris:
    """A line of the source that is the page's, not the essay's: listed, never silently dropped."""

    line: int  # 1-based, as editors number lines
    kind: str  # page, caption, kicker, chrome, residue, comments, teaser list, newsletter, ad, dateline
    text: str


@dataclass(frozen=True)
class Author:
    name: str
    bio: str | None = None
    organisation: bool = False  # an unsigned editorial's outlet or board, not a person


@dataclass(frozen=True)
class DateValue:
    """A calendar date and how much of it is known (day, month or year)."""

    value: date
    precision: str  # "day", "month" or "year"

    def iso(self) -> str:
        """The ISO form at this precision: YYYY, YYYY-MM or YYYY-MM-DD."""
        if self.precision == "year":
            return f"{self.value.year:04d}"
        if self.precision == "month":
            return f"{self.value.year:04d}-{self.value.month:02d}"
        return self.value.isoformat()


@dataclass(frozen=True)
class DateMention:
    """An explicit date or year written in the essay, and where."""

    date: DateValue
    paragraph: int  # index of the body paragraph; -1 for the essay's own title line
    start: int
    text: str
    forward: bool = False  # "by 2030": a target, not evidence of when the essay was written


@dataclass(frozen=True)
class EventMention:
    """The first place an essay refers to a catalog event."""

    event_id: str
    paragraph: int  # index of the body paragraph; -1 for the essay's own title line
    start: int
    text: str  # the words that matched, e.g. "Beslan" or "March 22, 2024"


@dataclass(frozen=True)
class Quote:
    """Keyword in context: the words around the place where an essay refers to an event, as
    event pages show them. Plain text; the renderer escapes it."""

    event_id: str
    paragraph: int  # the paragraph's number on the page (its #pN anchor); 0 for the title
    before: str
    match: str
    after: str


@dataclass(frozen=True)
class Event:
    id: str
    name: str
    start: date
    end: date | None
    place: str
    description: str
    kind: str
    aliases: tuple[str, ...]
    patterns: tuple[str, ...]
    reference: str


@dataclass(frozen=True)
class Structure:
    """What the text itself says, before any curation: the result of extraction."""

    title: str | None
    byline_authors: tuple[str, ...]
    dateline: DateValue | None
    dateline_text: str | None
    paragraphs: tuple[str, ...]  # body paragraphs, verbatim (lines joined by "\n")
    note_authors: tuple[str, ...]  # authors named in a trailing author note
    author_note: str | None  # the trailing author note, verbatim
    subtitle: str | None = None  # the deck, between the title and the byline
    organisation: bool = False  # the byline or credit names an organisation (an unsigned editorial)
    dateline_note: str | None = None  # why the dateline was read as it was (an ambiguous day and month)
    updated: DateValue | None = None  # "Last updated": never the publication date
    debris: tuple[Debris, ...] = ()
    metadata_lines: tuple[tuple[int, str], ...] = ()  # (line, field): lines read as title, byline...


@dataclass(frozen=True)
class Curation:
    """Facts a person wrote in the essay's sidecar file. None means 'not curated'."""

    title: str | None = None
    subtitle: str | None = None
    description: str | None = None
    authors: tuple[Author, ...] | None = None
    date: DateValue | None = None
    date_note: str | None = None
    date_order: str | None = None  # "dmy" or "mdy": how to read the text's numeric dateline
    publication: str | None = None
    source_url: str | None = None
    tags: tuple[str, ...] = ()
    slug: str | None = None
    events_add: tuple[str, ...] = ()
    events_drop: tuple[str, ...] = ()
    encoding: str | None = None
    aliases: tuple[str, ...] = ()  # former slugs that must keep answering (redirect pages)
    retrieved: DateValue | None = None  # when the saved page was fetched (`--add` writes it)


@dataclass(frozen=True)
class SourceFacts:
    """What a web page's markup or a Word file's properties state about the essay, beside its
    text: read by ingest/web_page.py and ingest/word_file.py. None means 'not stated'."""

    text: str  # the extracted text, paragraphs separated by blank lines: what ingest reads
    title: str | None = None
    authors: tuple[str, ...] = ()
    date: DateValue | None = None
    date_note: str | None = None  # where the page states its date ("article:published_time")
    publication: str | None = None  # the site's name
    source_url: str | None = None  # the page's canonical address
    description: str | None = None
    authors_from: str = "page"  # "page" (markup: wins over a byline) or "properties" (a Word file's)
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class EssayFacts:
    """What the archive states about an essay, on its page and in every listing: shared by
    Essay (fresh from its source) and pages.listing.Listing (also read back from a page)."""

    source: str  # raw file name
    title: str
    subtitle: str | None
    authors: tuple[Author, ...]
    date: DateValue | None
    date_source: str  # "stated", "page", "curated", "inferred" or "unknown"
    date_note: str | None
    events: tuple[str, ...]  # catalog ids, in the order the essay first refers to them
    dates_mentioned: tuple[str, ...]  # ISO dates and years written in the text
    description: str
    word_count: int
    reading_time: int  # minutes
    publication: str | None = None
    source_url: str | None = None
    aliases: tuple[str, ...] = ()  # former slugs that redirect to the essay


@dataclass(frozen=True, kw_only=True)
class Essay(EssayFacts):
    """A fully resolved essay: everything the renderer needs, and nothing it must compute."""

    sidecar: str | None  # sidecar file name, when there is one
    title_source: str  # "text", "curated" or "opening-words"
    event_mentions: tuple[EventMention, ...]
    paragraphs: tuple[str, ...]
    tags: tuple[str, ...]  # the curator's topics (sidecar `tags`)
    curated_slug: str | None
    title_slug: str  # the slug this title would get if nothing else claimed it
    source_sha256: str = ""
    updated: DateValue | None = None  # "Last updated" in the text: never the publication date
    debris: tuple[Debris, ...] = ()  # the page's lines around the essay, listed with their numbers
    metadata_lines: tuple[tuple[int, str], ...] = ()  # (line, field) of the lines read as metadata
    retrieved: DateValue | None = None  # when its saved web page was fetched (sidecar `retrieved`)


@dataclass(frozen=True)
class Site:
    """What the converter needs to know of the published site (from mkdocs.yml)."""

    name: str
    url: str  # absolute, ends with "/"
    description: str = ""
    corrections_url: str | None = None  # where readers report corrections, when mkdocs.yml says


# What extracting one essay gives: the essay (None when it fails) and the problems found.
Extracted = tuple[Essay | None, list[Problem]]
