"""A Word file (.docx) -> its paragraphs and what its properties state. Pure: bytes in, values out.

mammoth turns the document into clean HTML, one element per paragraph, with no access to any
file outside the document (its default); the text of each paragraph, heading, list item and
table cell is taken from that, in order. The title is the paragraph in Word's Title style, when
there is one (otherwise ingest reads the first line, as for text). The author in the document's
properties (`dc:creator`) is offered only as a last resort: it is often the name of whoever's
copy of Word made the file, so a sidecar or a byline in the text wins over it. No date is taken
from the file: its creation and modification times are not when the essay was published.

mammoth is imported here, and this module only when an essay is a Word file.
"""

from __future__ import annotations

import io
import zipfile

import lxml.html
import mammoth
from lxml import etree

from ..core.models import SourceFacts
from .decode import SourceError, normalise

# A .docx is a zip archive: its parts are read whole, so a small file that unpacks to gigabytes
# is refused before anything is unpacked. An essay's document.xml is well under 1 MB.
MAX_UNPACKED_BYTES = 50_000_000
_TITLE_CLASS = "docx-title"
# Word's Title style becomes a marked heading, so that it is told apart from Heading 1. Only
# this map is used, never one embedded in the file (which could map paragraphs to nothing).
_STYLE_MAP = f"p[style-name='Title'] => h1.{_TITLE_CLASS}:fresh"
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "blockquote", "pre"}
# What mammoth adds to link a note back to its reference ("↑"): not the author's words.
_BACKLINK_PREFIXES = ("#footnote-ref-", "#endnote-ref-", "#comment-ref-")
# Names that Word and its installers put in dc:creator, which name no author.
_NOT_AUTHORS = frozenset(
    {"user", "admin", "administrator", "author", "owner", "unknown", "microsoft office user", "windows user"}
)
_CORE_NS = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
}


class WordFileError(SourceError):
    """The file cannot be read as an essay; the message says why and what to do."""


def read_word_file(data: bytes) -> SourceFacts:
    """The document's paragraphs (separated by blank lines) and title; its properties' author as
    a last resort. Raises WordFileError."""
    archive = _open(data)
    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data), style_map=_STYLE_MAP, include_embedded_style_map=False, include_default_style_map=True
        )
    # mammoth reads any XML the file holds: whatever it raises on a damaged file, the essay fails
    # with it, and the run goes on.
    except Exception as exc:
        raise WordFileError(
            f"mammoth cannot read it ({type(exc).__name__}: {exc}): open it in Word or LibreOffice and save it "
            "again as .docx"
        ) from None
    title, paragraphs = _blocks(result.value)
    if not paragraphs:
        raise WordFileError("the document has no text: put the essay in it, or delete it")
    text, warnings = normalise("\n\n".join(paragraphs))
    creator = _creator(archive)
    return SourceFacts(
        text=text,
        title=title,
        authors=(creator,) if creator else (),
        authors_from="properties",
        warnings=warnings,
    )


def _open(data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise WordFileError(
            "not a Word file (a .docx is a zip archive, and this is not one): save it from Word as .docx "
            "(not .doc), or save its text as .txt"
        ) from None
    unpacked = sum(part.file_size for part in parts)
    if unpacked > MAX_UNPACKED_BYTES:
        raise WordFileError(
            f"it unpacks to {unpacked / 1e6:,.0f} MB (at most {MAX_UNPACKED_BYTES / 1e6:g} MB): remove its "
            "pictures, or save its text as .txt"
        )
    if "word/document.xml" not in {part.filename for part in parts}:
        raise WordFileError("a zip archive, but not a Word document (no word/document.xml): save it from Word as .docx")
    return archive


def _blocks(html: str) -> tuple[str | None, list[str]]:
    """(the text of the first block when it is in Word's Title style, every block's text) in
    document order."""
    if not html.strip():
        return None, []
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for link in root.iter("a"):
        if (link.get("href") or "").startswith(_BACKLINK_PREFIXES):
            link.drop_tree()
    title = None
    paragraphs = []
    for element in root.iter(*_BLOCKS):
        if any(child.tag in _BLOCKS for child in element.iterdescendants()):
            continue  # a list item or cell holding paragraphs: each of those is read instead
        text = _text(element)
        if not text:
            continue
        if title is None and not paragraphs and _TITLE_CLASS in (element.get("class") or "").split():
            # Kept in the text too: ingest reads it as the title line, as in a text file.
            title = " ".join(text.split())
        paragraphs.append(text)
    return title, paragraphs


def _text(element) -> str:
    """The element's text; a line break inside a paragraph stays a line break."""
    for br in element.iter("br"):
        br.tail = "\n" + (br.tail or "")
    lines = [" ".join(line.split()) for line in element.text_content().split("\n")]
    return "\n".join(line for line in lines if line)


def _creator(archive: zipfile.ZipFile) -> str | None:
    """dc:creator of docProps/core.xml, when it names someone (not "User" or a login name)."""
    try:
        data = archive.read("docProps/core.xml")
    except (KeyError, zipfile.BadZipFile, OSError, ValueError):
        return None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return None
    found = root.find("dc:creator", _CORE_NS)
    name = " ".join((found.text or "").split()) if found is not None else ""
    # A login name ("jdoe") has no space; a person's name has two words at least.
    if " " not in name or name.lower() in _NOT_AUTHORS or len(name) > 100:
        return None
    return name
