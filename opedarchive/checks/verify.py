"""Check a built site against the essays it came from: nothing lost, nothing injected.

Pure functions over bytes and values; cli.py reads the disk. Four checks:

- text: every paragraph of every essay appears verbatim, in order, in the visible text of its
  page (whitespace compared as a browser shows it: runs of ASCII blanks are one space);
- metadata: the page's title, byline, date and head tags (Open Graph, citation_*, JSON-LD) say
  what the essay's front matter in docs/ says;
- mojibake: no paragraph of a page whose source is UTF-8 shows UTF-8 read as Windows-1252
  ("â€™" for "’", "Ã©" for "é") that the source does not have itself;
- markup (checks/markup.py): no page anywhere holds active markup that the theme did not put
  there;
- source lines: every non-blank line of an essay's source is a paragraph's, a metadata field's
  or listed debris.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

import lxml.html

from ..core.models import Essay, Event, Site
from ..ingest.decode import utf8_reading
from ..ingest.essay import read_source_text
from ..pages.display import shown_date
from ..pages.headmeta import json_ld, meta_tags
from ..pages.listing import Listing
from ..pages.urls import essay_path, url_of
from .findings import Finding, json_or_none, parse, text_of, visible
from .markup import markup_findings, theme_scripts

_CONTEXT = 40  # characters shown either side of a difference
# UTF-8 read as Windows-1252: each byte of a multi-byte sequence becomes a character, a lead
# byte (0xC2-0xF4: "Â", "Ã", "Ð", "â"…) then one to three continuation bytes (0x80-0xBF: "€",
# "™", "©", "¶"…). A candidate is mojibake when it turns back into a UTF-8 character.
_CONTINUATIONS = bytes(range(0x80, 0xC0)).decode("cp1252", "ignore")
_MOJIBAKE = re.compile(f"[\u00c2-\u00f4][{re.escape(_CONTINUATIONS)}]{{1,3}}")
# "â€" is the start of every punctuation mark from U+2000 to U+203F; the third byte of "”"
# (0x9D) is no Windows-1252 character, so tools drop it and "â€" is all that is left.
_TRUNCATED_PUNCTUATION = "â€"


@dataclass(frozen=True)
class EssayToVerify:
    """One essay as its source says it, and the page that should show it."""

    source: str  # display path, e.g. "essays/foo.txt"
    essay: Essay
    source_data: bytes  # the raw file, decoded only to give a missing paragraph its line
    listing: Listing | None  # what docs/ front matter says (None: no page in docs/)
    slug: str


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    essays: int = 0
    paragraphs: int = 0
    pages: int = 0


def _content(doc) -> lxml.html.HtmlElement:
    """The page's article (Material and Zensical both use article.md-content__inner)."""
    found = doc.xpath('//article[contains(concat(" ", normalize-space(@class), " "), " md-content__inner ")]')
    return found[0] if found else doc.body


def site_page(slug: str) -> str:
    return url_of(essay_path(slug)) + "index.html"


def _source_text(item: EssayToVerify) -> str | None:
    """The text the essay was read from: the file's text, or the text extracted from a saved web
    page or a Word file (so a page is checked against its saved source, not against markup)."""
    return read_source_text(item.source.rsplit("/", 1)[-1], item.source_data).text


def _source_lines(item: EssayToVerify, paragraphs: tuple[str, ...]) -> list[int | None]:
    """The line of the source text where each paragraph starts (1-based), when it can be found."""
    source_text = _source_text(item)
    if source_text is None:
        return [None] * len(paragraphs)
    lines = [line.strip() for line in source_text.split("\n")]
    found: list[int | None] = []
    cursor = 0
    for paragraph in paragraphs:
        first = paragraph.split("\n", 1)[0].strip()
        at = next((i for i in range(cursor, len(lines)) if lines[i] == first), None)
        found.append(None if at is None else at + 1)
        if at is not None:
            cursor = at + 1
    return found


def source_line_findings(item: EssayToVerify) -> list[Finding]:
    """Every non-blank line of the source is accounted for: read as metadata (title, byline,
    dateline, deck, credit), listed as the page's debris, or part of the essay's text, in
    order, or of its author note. Anything else was lost on the way. For a web page or a Word
    file, the lines are those of the text extracted from it."""
    text = _source_text(item)
    if text is None:
        return []
    essay = item.essay
    debris = {d.line: d for d in essay.debris}
    metadata = {line for line, _ in essay.metadata_lines}
    body = visible(" ".join(essay.paragraphs))
    notes = visible(" ".join([essay.title, essay.subtitle or "", *(a.bio or "" for a in essay.authors)]))
    findings = []
    cursor = 0
    for number, line in enumerate(text.split("\n"), start=1):
        shown = visible(line)
        if not shown or number in metadata:
            continue
        if number in debris:
            if visible(debris[number].text) != shown:
                findings.append(Finding(f"{item.source}:{number}", f"listed as debris as {debris[number].text!r}"))
            continue
        at = body.find(shown, cursor)
        if at >= 0:
            cursor = at + len(shown)
        elif shown not in notes:
            findings.append(
                Finding(
                    f"{item.source}:{number}",
                    f"line {shown[:80]!r} is neither the essay's text (in order), a metadata field nor listed debris",
                )
            )
    return findings


def _difference(want: str, have: str) -> str:
    """Where two texts part: a short excerpt of each from the first differing character."""
    at = next((i for i, (a, b) in enumerate(zip(want, have, strict=False)) if a != b), min(len(want), len(have)))
    start, end = max(0, at - _CONTEXT), at + _CONTEXT
    return f"from character {at + 1}: expected {want[start:end]!r}, page has {have[start:end]!r}"


def _paragraph_on_page(doc, number: int) -> str | None:
    found = doc.xpath(f'//*[@id="p{number}"]')
    if not found:
        return None
    text = text_of(found[0])
    return text[:-1].rstrip() if text.endswith("¶") else text  # the permalink's sign


def text_findings(item: EssayToVerify, page: str, doc) -> tuple[list[Finding], int]:
    """Each paragraph verbatim and in order in the page's visible text."""
    shown = text_of(_content(doc))
    lines: list[int | None] = []  # found when a paragraph is missing: most pages need none
    findings = []
    position = 0
    for number, paragraph in enumerate(item.essay.paragraphs, start=1):
        want = visible(paragraph)
        at = shown.find(want, position)
        if at >= 0:
            position = at + len(want)
            continue
        lines = lines or _source_lines(item, item.essay.paragraphs)
        line = lines[number - 1]
        where = f"{item.source}:{line}" if line else item.source
        have = _paragraph_on_page(doc, number)
        if have is None:
            detail = f"the page has no #p{number}"
        elif have == want:
            detail = "out of order"
        else:
            detail = _difference(want, have)
        findings.append(Finding(where, f"paragraph {number} is not verbatim on {page}#p{number}: {detail}"))
    return findings, len(item.essay.paragraphs)


def _mojibake(text: str) -> list[tuple[str, str]]:
    """(what the text shows, the character it was) for each UTF-8 sequence read as Windows-1252."""
    found = []
    for match in _MOJIBAKE.finditer(text):
        lead = ord(match.group()[0])
        length = 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
        shown = match.group()[:length]
        try:
            found.append((shown, shown.encode("cp1252").decode("utf-8")))
        except UnicodeError:
            if shown.startswith(_TRUNCATED_PUNCTUATION):
                found.append((_TRUNCATED_PUNCTUATION, "a punctuation mark such as ” or –"))
    return found


def mojibake_findings(item: EssayToVerify, page: str, doc) -> list[Finding]:
    """Paragraphs showing UTF-8 read as Windows-1252 that the source, which is UTF-8, does not
    have: a wrong `encoding:` in its sidecar, or a build by an older converter, decoded it so."""
    if not _mojibake(doc.text_content()):  # the common case: one pass over the whole page
        return []
    source = utf8_reading(item.source_data)
    if source is None:
        return []  # not UTF-8: what it says in UTF-8 is no reference
    source = unicodedata.normalize("NFC", source)
    # Paragraphs only: the heading may be a curated title, which is not in the source.
    paragraphs = [element for element in doc.xpath("//*[@id]") if re.fullmatch(r"p[0-9]+", element.get("id"))]
    findings = []
    for element in paragraphs:
        where = f"paragraph {element.get('id')[1:]} on {page}#{element.get('id')}"
        wrong = {shown: meant for shown, meant in _mojibake(text_of(element)) if shown not in source}
        if wrong:
            listed = ", ".join(f"{shown!r} for {meant!r}" for shown, meant in wrong.items())
            findings.append(
                Finding(
                    item.source,
                    f"{where} shows UTF-8 read as Windows-1252 ({listed}), which the source does not have: "
                    "remove a wrong `encoding:` from its sidecar (the file is UTF-8) and build again",
                )
            )
    return findings


def _meta_contents(doc) -> set[tuple[str, str, str]]:
    found = set()
    for meta in doc.xpath("//head/meta"):
        for attribute in ("property", "name"):
            if meta.get(attribute) is not None:
                found.add((attribute, meta.get(attribute), meta.get("content", "")))
    return found


def metadata_findings(item: EssayToVerify, page: str, doc, site: Site, catalog: dict[str, Event]) -> list[Finding]:
    """The page says what the front matter says: title, byline, date, description and head tags."""
    listing = item.listing
    assert listing is not None
    findings = []

    def differs(what: str, want: str, have: str | None) -> None:
        findings.append(Finding(page, f"{what} is {have!r}, front matter says {want!r}"))

    title = visible(listing.title)
    h1 = _content(doc).xpath(".//h1")
    if not h1 or text_of(h1[0]) != title:
        differs("the heading", title, text_of(h1[0]) if h1 else None)
    head_title = doc.findtext(".//head/title") or ""
    if not visible(head_title).startswith(title):
        differs("<title>", title, head_title)
    byline = doc.xpath('//*[contains(@class, "essay-meta__byline")]')
    names = [text_of(strong) for strong in byline[0].iter("strong")] if byline else None
    want_names = [visible(a.name) for a in listing.authors]
    if listing.authors and names != want_names:
        differs("the byline", ", ".join(want_names), ", ".join(names) if names is not None else None)
    if not listing.authors and (not byline or text_of(byline[0]) != "Author unknown"):
        differs("the byline", "Author unknown", text_of(byline[0]) if byline else None)
    facts = doc.xpath('//*[contains(@class, "essay-meta__facts")]')
    date = shown_date(listing.date, listing.date_source)
    if not facts or not text_of(facts[0]).startswith(date + " ·"):
        differs("the date line", date, text_of(facts[0]) if facts else None)

    url = site.url + url_of(essay_path(listing.slug))
    have = _meta_contents(doc)
    for attribute, name, content in meta_tags(listing, url, site):
        if (attribute, name, content) not in have:
            shown = sorted(c for a, n, c in have if a == attribute and n == name)
            differs(f'<meta {attribute}="{name}">', content, " | ".join(shown) if shown else None)
    description = doc.xpath('//head/meta[@name="description"]/@content')
    if visible(listing.description) and (not description or visible(description[0]) != visible(listing.description)):
        differs("the meta description", listing.description, description[0] if description else None)
    want_ld = json.loads(json_ld(listing, url, site, catalog))
    documents = [json_or_none(s.text or "") for s in doc.xpath('//script[@type="application/ld+json"]')]
    if want_ld not in documents:
        differs("the JSON-LD", want_ld.get("headline", ""), "; ".join(str(d and d.get("headline")) for d in documents))
    return findings


def verify(
    essays: Iterable[EssayToVerify],
    pages: dict[str, bytes],
    site_files: set[str],
    site: Site,
    catalog: dict[str, Event],
) -> Report:
    """pages: site-relative path -> bytes of every HTML page; site_files: every file's path."""
    report = Report()
    base_path = "/" + site.url.split("://", 1)[-1].partition("/")[2]
    checked: set[str] = set()
    reference = pages.get("404.html")
    known = theme_scripts(parse(reference)) if reference else set()
    if reference is None:
        report.findings.append(Finding("404.html", "missing: the theme's own inline scripts cannot be told apart"))
    for item in essays:
        report.essays += 1
        page = site_page(item.slug)
        if page not in pages:
            report.findings.append(Finding(item.source, f"its page {page} is not in the site"))
            continue
        doc = parse(pages[page])
        report.findings += markup_findings(page, doc, known, site_files, base_path)
        checked.add(page)
        found, count = text_findings(item, page, doc)
        report.findings += found
        report.findings += source_line_findings(item)
        report.findings += mojibake_findings(item, page, doc)
        report.paragraphs += count
        if item.listing is None:
            report.findings.append(Finding(item.source, f"no page for it in docs/ ({essay_path(item.slug)})"))
        else:
            report.findings += metadata_findings(item, page, doc, site, catalog)
    for page in sorted(set(pages) - checked):
        report.findings += markup_findings(page, parse(pages[page]), known, site_files, base_path)
    report.pages = len(pages)
    return report
