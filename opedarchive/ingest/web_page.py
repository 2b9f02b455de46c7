"""A web page saved from a browser (or by `build_archive.py --add`) -> its main text and what its
markup states: title, authors, date (and where the page states it), site name, canonical address
and description. Pure: bytes in, values out.

trafilatura finds the main text (never the page's scripts, styles, navigation, comments or ads)
and the metadata (`<meta>`, Open Graph, JSON-LD, bylines in markup); htmldate, which it calls,
finds the date. htmldate does not say where it found it, so `_date_source` looks for the markup
that states that date, to name it on the page. A saved page is hostile input: before lxml parses
it, `_markup_problem` refuses the shapes that make libxml2 slow (an element with thousands of
attributes costs time quadratic in their number), and a page nested deeper than libxml2 reads
is refused rather than cut short.

trafilatura is imported here, and this module only when an essay is a web page: text essays do
not pay for loading it.
"""

from __future__ import annotations

import codecs
import json
import logging
import re
from datetime import date

import trafilatura
from lxml import etree
from trafilatura.utils import load_html

from ..core.models import DateValue, SourceFacts
from .decode import SourceError, decode, normalise

# trafilatura and htmldate log what they discard; with no handler, Python would print their
# warnings on the converter's standard error. The converter says what went wrong itself.
for _name in ("trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_name).addHandler(logging.NullHandler())
    logging.getLogger(_name).propagate = False

# libxml2 stops reading an HTML document nested deeper than 256 elements: what is deeper is lost,
# so such a page is refused rather than published cut short. Real pages nest 20 to 40 deep.
MAX_DEPTH = 255
# libxml2 compares each attribute of an element with the ones before it: an element with 200,000
# attributes took minutes. Real elements have a handful; 256 keeps a 10 MB page under a second.
MAX_ATTRIBUTES = 256
# htmldate never returns a date after this one (a date after the run is no publication date).
_TODAY = date.today().isoformat()
_DATE_PARAMS = {
    "original_date": True,  # the publication date, not the last modification
    # No "opportunistic" search of the page's free text: a date must be in markup that states it.
    "extensive_search": False,
    "max_date": _TODAY,
}
_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)
_URL = re.compile(r"^https?://[^\s]+$")
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_ISO_PARTIAL = re.compile(r"^\s*(\d{4})(?:-(\d{2}))?\s*$")
_URL_DAY = re.compile(r"/(\d{4})/(\d{2})/(\d{2})(?:/|$)|/(\d{4})-(\d{2})-(\d{2})(?:/|$)")
# <meta> names, properties and itemprops that state a publication date, as sites write them.
_DATE_META = (
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "published_time",
    "article.published",
    "article_date_original",
    "parsely-pub-date",
    "sailthru.date",
    "citation_publication_date",
    "citation_date",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.created",
    "dcterms.issued",
    "date",
)
# Fewer words than this is a navigation bar, a consent prompt or an error page, not an essay:
# trafilatura falls back on whatever text a page has when it finds no article.
MIN_WORDS = 20
_JSON_LD_LIMIT = 1_000_000  # characters of one JSON-LD block read for its date


class PageError(SourceError):
    """The page cannot be read as an essay; the message says why and what to do."""


def read_web_page(data: bytes, encoding: str | None = None) -> SourceFacts:
    """The page's main text (paragraphs separated by blank lines, verbatim as extracted) and what
    its markup states. `encoding`: the sidecar's, when the page's own declaration is wrong.
    Raises PageError."""
    text, warnings = _decode(data, encoding)
    problem = _markup_problem(text)
    if problem:
        raise PageError(problem)
    try:
        tree = load_html(text)
    except (ValueError, etree.LxmlError) as exc:
        raise PageError(f"lxml cannot parse it as HTML ({exc}): save the page again from the browser") from None
    if tree is None:
        raise PageError("it is not an HTML page (no <html> and no content lxml can read): save the page again")
    if (depth := _depth(tree)) >= MAX_DEPTH:
        raise PageError(
            f"its elements are nested {depth} deep; HTML parsers stop reading at {MAX_DEPTH + 1}, so part of the "
            "text would be lost: save the essay's text as a .txt file instead"
        )
    try:
        document = trafilatura.bare_extraction(
            tree,
            with_metadata=True,
            include_comments=False,  # readers' comments are not the essay
            include_tables=True,
            include_images=False,
            include_links=False,
            date_extraction_params=dict(_DATE_PARAMS),
        )
    # trafilatura runs many heuristics over markup the page's author chose: whatever it raises on
    # this page, the essay fails with it, and the run goes on.
    except Exception as exc:
        raise PageError(
            f"trafilatura cannot read it ({type(exc).__name__}: {exc}): save the page again, or its text as .txt"
        ) from None
    body = _paragraphs(document.text if document is not None else None)
    words = sum(len(line.split()) for line in body)
    if words < MIN_WORDS:
        raise PageError(
            f"no essay text found in the page ({words} word(s) of main text): check that it is the article's "
            "page and not an index, a login or a consent page; or save the essay's text as a .txt file"
        )
    clean, more = normalise("\n\n".join(body))
    return SourceFacts(
        text=clean,
        title=_one_line(document.title),
        authors=_authors(document.author),
        date=(found := _date(tree, document.date, document.url))[0],
        date_note=found[1],
        publication=_site_name(document.sitename, document.url),
        source_url=_address(document.url),
        description=_one_line(document.description),
        authors_from="page",
        warnings=tuple(warnings) + more,
    )


def _decode(data: bytes, encoding: str | None) -> tuple[str, tuple[str, ...]]:
    """The page as text: the sidecar's encoding, else a byte-order mark, else the charset the
    page declares, else what ingest/decode.py does for text (UTF-8, or refuse)."""
    declared = encoding
    if declared is None and not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        found = _CHARSET.search(data[:4096])
        if found:
            name = found.group(1).decode("ascii").lower()
            try:
                # utf-8 is what decode() tries first anyway, with its better messages.
                declared = None if codecs.lookup(name).name == "utf-8" else name
            except LookupError:
                declared = None
    decoded = decode(data, declared)
    if decoded.text is None:
        raise PageError(decoded.error or "cannot read it")
    return decoded.text, decoded.warnings


# One step of the scan of a start tag: its end, a value (quoted or not), a slash, or a name.
_TAG_START = re.compile(r"<[A-Za-z]")
_TAG_STEP = re.compile(r"""\s*(?:(>)|=\s*(?:"[^"]*"|'[^']*'|[^\s>]*)|/|([^\s>=/]+))""")


def _markup_problem(text: str) -> str | None:
    """Why lxml must not parse this page (None: it may). Counts the attributes of each start tag
    as an HTML tokenizer reads them; it may count too many (in a script's strings), never too few
    for an element libxml2 would read."""
    at = 0
    while (start := _TAG_START.search(text, at)) is not None:
        at, count = start.end(), 0
        while (step := _TAG_STEP.match(text, at)) is not None and step.end() > at:
            at = step.end()
            if step.group(1):
                break
            if step.group(2):
                count += 1
                if count > MAX_ATTRIBUTES:
                    line = text.count("\n", 0, start.start()) + 1
                    return (
                        f"line {line}: an element with more than {MAX_ATTRIBUTES} attributes, which no real page "
                        "has and which would take the HTML parser minutes: save the page again, or its text as .txt"
                    )
    return None


def _depth(tree) -> int:
    """How deep the parsed page nests (iteratively: a recursive walk would overflow first)."""
    deepest = level = 0
    for event, _ in etree.iterwalk(tree, events=("start", "end")):
        level += 1 if event == "start" else -1
        deepest = max(deepest, level)
    return deepest


def _paragraphs(text: str | None) -> list[str]:
    """trafilatura's text is one element (paragraph, heading, list item, quote) per line."""
    return [line.strip() for line in (text or "").split("\n") if line.strip()]


def _one_line(value: str | None) -> str | None:
    text = " ".join((value or "").split())
    return text or None


def _authors(value: str | None) -> tuple[str, ...]:
    """trafilatura joins several authors with "; "."""
    found = []
    for part in (value or "").split(";"):
        name = " ".join(part.split())
        if name and name not in found:
            found.append(name)
    return tuple(found)


def _address(url: str | None) -> str | None:
    """The canonical address, when it is an http(s) URL: a page may say anything in its
    canonical link, and a `javascript:` one must never become the essay's link."""
    url = (url or "").strip()
    return url if _URL.match(url) else None


def _site_name(name: str | None, url: str | None) -> str | None:
    """The site's name as the page states it (og:site_name, JSON-LD publisher…). trafilatura
    falls back on the address's host name, which the page does not state as a name: left out."""
    name = _one_line(name)
    if name is None:
        return None
    host = (url or "").split("://", 1)[-1].split("/", 1)[0].lower().removeprefix("www.")
    return None if host and name.lower().removeprefix("www.") == host else name


def _date(tree, found: str | None, url: str | None) -> tuple[DateValue | None, str | None]:
    """htmldate's publication date, at the precision the page states it, and where the page
    states it ("article:published_time", "JSON-LD datePublished"…)."""
    match = _ISO_DAY.fullmatch(found or "")
    if match is None:
        return None, None
    day = date(int(match[1]), int(match[2]), int(match[3]))
    source, written = _date_source(tree, found or "", url)
    precision = "day"
    if written is not None and (partial := _ISO_PARTIAL.match(written)):
        # "2023-03" or "2023": htmldate fills in the first day; the page did not say it.
        precision = "month" if partial[2] else "year"
    value = DateValue(day, precision)
    if source is None:
        return value, "Stated in the page's markup (found by htmldate; no date tag names it)"
    return value, f"Stated by the page's {source}" + (f" (“{written}”)" if written and written != found else "")


def _date_source(tree, iso: str, url: str | None) -> tuple[str | None, str | None]:
    """(where the page states the date `iso`, the value as written there), or (None, None)."""

    def states(value: str | None) -> bool:
        value = (value or "").strip()
        day = _ISO_DAY.search(value)
        if day is not None:
            return day.group() == iso
        partial = _ISO_PARTIAL.match(value)
        return partial is not None and iso.startswith(value.strip())

    for meta in tree.iter("meta"):
        for attribute in ("property", "name", "itemprop"):
            key = (meta.get(attribute) or "").strip()
            if key.lower() in _DATE_META and states(meta.get("content")):
                return f'<meta {attribute}="{key}">', meta.get("content").strip()
    for value in _json_ld_dates(tree):
        if states(value):
            return "JSON-LD datePublished", value.strip()
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        if (element.get("itemprop") or "").strip() == "datePublished":
            value = element.get("datetime") or element.get("content")
            if states(value):
                return "itemprop datePublished", value.strip()
        if element.tag == "time" and states(element.get("datetime")):
            return "<time datetime>", element.get("datetime").strip()
    if url and (found := _URL_DAY.search(url)):
        parts = [p for p in found.groups() if p]
        if "-".join(parts) == iso:
            return "address (URL)", None
    return None, None


def _json_ld_dates(tree) -> list[str]:
    """Every datePublished in the page's JSON-LD blocks, in order."""
    found: list[str] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        text = script.text or ""
        if len(text) > _JSON_LD_LIMIT:
            continue
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            continue
        stack = [data]
        while stack:  # iteratively: a hostile block may nest deeply
            item = stack.pop()
            if isinstance(item, dict):
                value = item.get("datePublished")
                if isinstance(value, str):
                    found.append(value)
                stack.extend(reversed(list(item.values())))
            elif isinstance(item, list):
                stack.extend(reversed(item))
    return found
