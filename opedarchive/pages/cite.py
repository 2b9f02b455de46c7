"""Ready-made citations of an essay: Chicago (notes-bibliography, bibliography form) and BibTeX.

Plain text out; the renderer escapes it for the page. The archive's URL is always given, and the
original's when known. A date the archive inferred is written "c. …" in Chicago and carried in a
BibTeX note, so a citation never presents an inference as a stated fact.

The BibTeX parses whatever the text holds: LaTeX's special characters are escaped (`\\&`,
`\\textbackslash{}`, and braces as `\\textbraceleft{}`/`\\textbraceright{}`, since BibTeX counts
even escaped braces), a name part holding "and" or a comma is braced, and a URL's braces,
backslashes and whitespace are percent-encoded.
"""

from __future__ import annotations

import re

from slugify import slugify

from ..core.dates import display_date
from ..core.models import Author
from .listing import Listing

_SUFFIXES = {"jr.", "jr", "sr.", "sr", "ii", "iii", "iv"}
_BIBTEX_SPECIAL = re.compile(r"([\\{}$&%#_^~])")
# Backslash, caret and tilde have no plain escape: \^ and \~ are accent commands in LaTeX.
# Braces neither: BibTeX counts every brace, escaped or not, to find where a value ends, so
# `\}` in a title would close it. Every brace of the text is written as a word whose own
# braces pair up.
_BIBTEX_WORDS = {
    "\\": "\\textbackslash{}",
    "^": "\\textasciicircum{}",
    "~": "\\textasciitilde{}",
    "{": "\\textbraceleft{}",
    "}": "\\textbraceright{}",
}
# In a URL, the characters that BibTeX or \url{} would read as syntax (braces, backslash) and
# those a URL cannot hold as such (spaces, controls) are percent-encoded: the same address to a
# browser. "%" and "#" stay: they already mean something in a URL.
_URL_UNSAFE = re.compile(r"[{}\\\s\x00-\x1f\x7f]")
# What BibTeX reads as structure inside one name: "and" between names, commas between a name's
# parts.
_NAME_SYNTAX = re.compile(r",|(?<!\S)and(?!\S)", re.IGNORECASE)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _name_parts(name: str) -> tuple[str, str, str]:
    """(given names, surname, suffix); a single word is all surname. 'Sammy Davis, Jr.' has
    the suffix after a comma: the comma is not part of the surname."""
    words = name.split()
    suffix = ""
    if len(words) > 2 and words[-1].casefold() in _SUFFIXES:
        suffix, words = words[-1], words[:-1]
        words[-1] = words[-1].rstrip(",")
    if len(words) < 2:
        return "", name, ""
    return " ".join(words[:-1]), words[-1], suffix


def inverted_name(name: str) -> str:
    """'Nikolas K. Gvosdev' -> 'Gvosdev, Nikolas K.'; 'Martin Luther King Jr.' -> 'King, Martin Luther, Jr.'"""
    given, surname, suffix = _name_parts(name)
    if not given:
        return name
    inverted = f"{surname}, {given}"
    return f"{inverted}, {suffix}" if suffix else inverted


def _bibtex_name(name: str) -> str:
    """BibTeX's own order: 'Last, First' or, with a suffix, 'Last, Jr., First'; escaped."""
    given, surname, suffix = _name_parts(name)
    if not given:
        return _bibtex_name_part(name)
    parts = (surname, suffix, given) if suffix else (surname, given)
    return ", ".join(_bibtex_name_part(part) for part in parts)


def _bibtex_name_part(text: str) -> str:
    """One part of a name, braced when it holds a comma or the word "and", which BibTeX would
    otherwise read as the end of the part or of the name ("Tom and Jerry" is one author)."""
    escaped = _bibtex_text(text)
    return f"{{{escaped}}}" if _NAME_SYNTAX.search(text) else escaped


def _bibtex_url(url: str) -> str:
    """A URL as BibTeX and \\url{} take it: unsafe characters percent-encoded (UTF-8)."""
    return _URL_UNSAFE.sub(lambda m: "".join(f"%{byte:02X}" for byte in m.group().encode("utf-8")), url)


def _chicago_authors(authors: tuple[Author, ...]) -> str:
    """An organisation (an unsigned editorial's outlet) is cited by its name, never inverted."""
    if not authors:
        return ""
    names = [a.name for a in authors]
    first = names[0] if authors[0].organisation else inverted_name(names[0])
    if len(names) == 1:
        return first
    if len(names) == 2:
        # The comma only follows an inverted name: "Doe, Jane, and John Roe", "Madonna and Jane Doe".
        return f"{first}{',' if ',' in first else ''} and {names[1]}"
    return f"{first}, {', '.join(names[1:-1])}, and {names[-1]}"


def _end(text: str) -> str:
    """Close a citation element with a period unless it already ends in punctuation."""
    return text if text[-1:] in ".?!" else text + "."


def chicago(item: Listing, archive_url: str, site_name: str) -> str:
    """Plain text; the publication's name is the only part Chicago sets in italics, and plain
    text has none, so it stands as written."""
    parts = []
    authors = _chicago_authors(item.authors)
    if authors:
        parts.append(_end(authors))
    parts.append(f"“{_end(item.title)}”")
    value = item.date
    when = "n.d." if value is None else display_date(value)
    if value is not None and item.date_source == "inferred":
        when = f"c. {when}"
    parts.append(_end(f"{item.publication}, {when}" if item.publication else when))
    if item.source_url:
        parts.append(f"{item.source_url}.")
        parts.append(f"Archived at {site_name}, {archive_url}.")
    else:
        parts.append(f"{site_name}, {archive_url}.")
    return " ".join(parts)


def _bibtex_text(text: str) -> str:
    return _BIBTEX_SPECIAL.sub(lambda m: _BIBTEX_WORDS.get(m.group(1), "\\" + m.group(1)), text)


def bibtex_key(item: Listing) -> str:
    surname = _name_parts(item.authors[0].name)[1] if item.authors else "anon"
    year = f"{item.date.value.year:04d}" if item.date else "nd"
    words = [w for w in slugify(item.title).split("-") if len(w) > 3][:1] or ["essay"]
    return slugify(f"{surname}{year}{words[0]}", separator="")


def bibtex(item: Listing, archive_url: str, site_name: str) -> str:
    fields: list[tuple[str, str]] = []
    if item.authors:
        # An organisation is braced whole, so BibTeX does not split "The Daily Example" into names.
        names = ["{" + _bibtex_text(a.name) + "}" if a.organisation else _bibtex_name(a.name) for a in item.authors]
        fields.append(("author", " and ".join(names)))
    fields.append(("title", "{" + _bibtex_text(item.title) + "}"))
    if item.publication:
        fields.append(("journal", _bibtex_text(item.publication)))
    value = item.date
    notes = []
    if value is not None:
        fields.append(("year", f"{value.value.year}"))
        if value.precision in ("month", "day"):
            fields.append(("month", _MONTHS[value.value.month - 1]))
        if item.date_source == "inferred":
            notes.append(f"Date inferred by the archive: c. {display_date(value)}")
    fields.append(("url", _bibtex_url(item.source_url or archive_url)))
    if item.source_url:
        notes.append(f"Archived at {_bibtex_text(site_name)}, \\url{{{_bibtex_url(archive_url)}}}")
    if notes:
        fields.append(("note", ". ".join(notes)))
    kind = "article" if item.publication else "misc"
    lines = [f"@{kind}{{{bibtex_key(item)},"]
    for name, text in fields:
        # month uses BibTeX's predefined macros (jan, feb...), which must not be braced.
        lines.append(f"  {name} = {text}," if name == "month" else f"  {name} = {{{text}}},")
    lines.append("}")
    return "\n".join(lines)
