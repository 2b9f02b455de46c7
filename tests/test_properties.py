"""Property-based tests (Hypothesis) over generated essays: the converter never crashes and
invents no text, front matter reads back with valid dates, every paragraph reaches its page
verbatim and in order, and no text becomes markup on any generated page.

Profiles: `ci` (the default) is derandomized with a fixed number of examples, so a run is
reproducible and takes about a minute; `long` (HYPOTHESIS_PROFILE=long) runs ten times as many
random examples, to hunt for new failures.
"""

from __future__ import annotations

import datetime
import html
import json
import os
import re
from functools import cache
from pathlib import Path

import frontmatter
import lxml.etree
import lxml.html
import pytest
import yaml
from hypothesis import HealthCheck, assume, example, given, note, settings
from hypothesis import strategies as st

from opedarchive.catalog.match import build_matcher
from opedarchive.checks.findings import visible
from opedarchive.checks.markup import markup_findings
from opedarchive.core.models import RawEssay, Site
from opedarchive.ingest.decode import decode
from opedarchive.ingest.essay import extract_essay
from opedarchive.pages.build import build
from opedarchive.pages.urls import essay_path

from .mdrender import renderer

pytestmark = pytest.mark.slow  # `make test-fast` leaves this module out

ROOT = Path(__file__).resolve().parent.parent

# --- profiles -------------------------------------------------------------------------------

CI_EXAMPLES = 500  # per property; the whole file runs in about a minute on two cores
_COMMON = {
    "deadline": None,  # a build renders many pages; its time varies with the machine
    "database": None,  # nothing written to .hypothesis/: failures print their blob instead
    "print_blob": True,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}
settings.register_profile("ci", max_examples=CI_EXAMPLES, derandomize=True, **_COMMON)
settings.register_profile("long", max_examples=10 * CI_EXAMPLES, derandomize=False, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# --- the archive's fixed inputs ------------------------------------------------------------

SITE = Site(name='Essays <&> "Archive"', url="https://archive.example/sub/")


@cache
def _events():
    from .conftest import project_catalog

    return project_catalog()


EVENTS = _events()
CATALOG = {event.id: event for event in EVENTS}
MATCHER = build_matcher(EVENTS)
RENDER = renderer()

# --- strategies ----------------------------------------------------------------------------

# Surrogates cannot be encoded as UTF-8, so no file holds one. Everything else may appear,
# control characters included: the decoder removes a few with a warning, or refuses the file
# (and a sidecar value holding one is refused), so words are drawn from TEXT_CHAR, and stray
# controls come as hostile fragments, a few to a file, or as `noise` in the crash test.
ANY_CHAR = st.characters(exclude_categories=("Cs",))
TEXT_CHAR = st.characters(exclude_categories=("Cs", "Cc"))
STRAY_CONTROLS = ("\x0c", "\x1b", "\x7f", "\x85", "\ufffe", "\uffff")
# Markdown, HTML and attr_list syntax, which must stay text wherever it appears.
HOSTILE_INLINE = (
    "<script>alert(1)</script>", "<script>", "</p>", "<p>", "<!--", "-->", "&amp;", "&#x3c;",
    "&#60;", "&lt;", "&copy", "&", "<", ">", '"', "'", "[x](javascript:alert(1))",
    "![i](x.png)", '{: onclick="x"}', "{: .cls #p1 }", "<img src=x onerror=alert(1)>",
    "<a href='javascript:x'>", "|", "\\", "\\\\", "*_", "_*", "**", "__", "`", "``",
    "<div markdown>", '<div markdown="1">', "</div>", "<http://example.com>", "<a@b.c>",
    "{{ x }}", "{% raw %}", "]]>", "<![CDATA[", "<?php", "¶", "[^1]", "*[HTML]", "~~", "==",
    "\u00a0", "\u2003", "\u3000", "\u200b", "\ufeff", "\u2028", "\t",
    *STRAY_CONTROLS,
)  # fmt: skip
# Constructs that only count at the start of a line.
HOSTILE_LINE_START = (
    "# ", "## ", "###### ", "---", "===", "***", "___", "> ", "* ", "- ", "+ ", "1. ", "1986. ",
    "    ", "        ", "\t", "```", "```python", "~~~", "!!! note ", "??? ", ": ", "| a | b |",
    "|---|---|", "[TOC]", "{: #x }", "<div markdown>", "</div>", "<!--", "<script>", "[^1]: ",
    "*[HTML]: ", "[x]: javascript:alert(1)", "<p>", "</p>", "\\", "%", "@", "`",
)  # fmt: skip
# Characters YAML gives a meaning to in a plain scalar, for titles and names.
YAML_HOSTILE = (
    ": ", " #", "#", "'", '"', "&anchor", "*alias", "!tag", "!!str", "---", "...", "%YAML",
    "@", "`", "- ", "? ", "|", ">", "{", "}", "[", "]", ",", "null", "true", "yes", "~",
    "2024-01-01", "1e3", "0x1F", "<<",
)  # fmt: skip
AUTHORS = ("Jane Doe", "Ольга Петрова", "Jean-Luc O'Brien & Ana Díaz")
# Spaces that are not ASCII blanks: a browser does not collapse them, and str.split() does.
UNICODE_SPACES = ("\u00a0", "\u2003", "\u3000")


def unicode_word(chars: st.SearchStrategy[str] = TEXT_CHAR) -> st.SearchStrategy[str]:
    return st.text(chars, min_size=1, max_size=10)


def plain_word() -> st.SearchStrategy[str]:
    return st.sampled_from(("war", "Beslan", "peace", "Москва", "東京", "naïve", "it's", "1999", "and", "A"))


def hostile_fragment() -> st.SearchStrategy[str]:
    return st.sampled_from(HOSTILE_INLINE + HOSTILE_LINE_START + YAML_HOSTILE)


@st.composite
def line(draw) -> str:
    """One line of words: plain, arbitrary Unicode and hostile fragments, sometimes glued
    together inside a word, sometimes led or trailed by spaces of any kind."""
    pieces = draw(
        st.lists(st.one_of(plain_word(), plain_word(), unicode_word(), hostile_fragment()), min_size=1, max_size=8)
    )
    glue = draw(st.sampled_from((" ", "", " ", "\u00a0")))
    text = glue.join(pieces)
    if draw(st.booleans()):
        text = draw(st.sampled_from(HOSTILE_LINE_START)) + text
    lead = draw(st.sampled_from(("", "", " ", "  ", "\t", *UNICODE_SPACES)))
    trail = draw(st.sampled_from(("", "", " ", "\t", *UNICODE_SPACES)))
    return lead + text + trail


@st.composite
def paragraph(draw) -> list[str]:
    """The lines of one paragraph: a few hard-wrapped lines, one character, or a huge paragraph
    of thousands of words (repeated, so that Hypothesis need not draw each one)."""
    kind = draw(st.sampled_from(("lines", "lines", "lines", "tiny", "huge")))
    if kind == "tiny":
        return [draw(TEXT_CHAR.filter(lambda c: not c.isspace()))]
    if kind == "huge":
        words = draw(st.lists(st.one_of(plain_word(), hostile_fragment(), unicode_word()), min_size=1, max_size=6))
        repeat = draw(st.integers(min_value=300, max_value=1500))
        return [" ".join(words * repeat)]
    return draw(st.lists(line(), min_size=1, max_size=4))


@st.composite
def title_line(draw) -> str:
    """A first line that may be taken for the title: short, YAML- and Markdown-hostile."""
    pieces = draw(st.lists(st.one_of(plain_word(), hostile_fragment(), unicode_word()), min_size=1, max_size=6))
    return draw(st.sampled_from(("", "# ", "## "))) + " ".join(pieces)


def line_ending() -> st.SearchStrategy[str]:
    return st.sampled_from(("\n", "\r\n", "\r"))


def blank_line() -> st.SearchStrategy[str]:
    # Lines of spaces, tabs or non-ASCII spaces separate paragraphs as empty ones do.
    return st.sampled_from(("", "", " ", "   ", "\t", "\u00a0", " \u3000 "))


@st.composite
def essay_text(draw) -> str:
    """A whole essay file: an optional title line and byline, then paragraphs separated by
    blank lines (or none at all), every line ended by \\n, \\r\\n or \\r, mixed in one file."""
    lines: list[str] = []
    if draw(st.booleans()):
        lines += [draw(title_line()), draw(blank_line())]
    if draw(st.booleans()):
        lines += ["By " + draw(st.sampled_from(AUTHORS))]
    if draw(st.booleans()):
        lines += [draw(st.sampled_from(("March 3, 2024", "2004-09-01", "Published 1 May 2017")))]
    paragraphs = draw(st.lists(paragraph(), min_size=1, max_size=5))
    if draw(st.booleans()):
        # A trailing author note, which extraction takes out of the body into the authors' bios.
        paragraphs.append([f"{draw(st.sampled_from(AUTHORS))} is a fellow at the {draw(line()).strip()} Institute."])
    separated = draw(st.booleans())
    for lines_of_paragraph in paragraphs:
        if separated and lines:
            lines.append(draw(blank_line()))
        lines += lines_of_paragraph
    return "".join(text + draw(line_ending()) for text in lines)


def yaml_hostile_text(multiline: bool = True, chars: st.SearchStrategy[str] = TEXT_CHAR) -> st.SearchStrategy[str]:
    # Markdown and HTML too: curated values land in Markdown (subtitle, names), raw HTML
    # (byline, bios) and front matter that the theme pastes unescaped (title, description, tags).
    markup = [fragment for fragment in HOSTILE_INLINE + HOSTILE_LINE_START if fragment not in STRAY_CONTROLS]
    words = st.one_of(st.sampled_from(YAML_HOSTILE), st.sampled_from(markup), plain_word(), unicode_word(chars))
    pieces = st.lists(words, min_size=1, max_size=5)
    joiner = st.sampled_from((" ", "", "\n") if multiline else (" ", ""))
    return st.tuples(pieces, joiner).map(lambda t: t[1].join(t[0]))


@st.composite
def sidecar(draw, chars: st.SearchStrategy[str] = TEXT_CHAR) -> str:
    """A valid YAML sidecar (yaml.safe_dump writes it) with hostile titles, names and tags.
    With chars=ANY_CHAR its values may hold control characters, which the parser refuses."""

    def text(multiline: bool = True) -> str:
        return draw(yaml_hostile_text(multiline, chars))

    data: dict = {"title": text()}
    if draw(st.booleans()):
        data["subtitle"] = text()
    if draw(st.booleans()):
        data["description"] = text()
    if draw(st.booleans()):

        def name() -> str:
            markup = [fragment for fragment in HOSTILE_INLINE if fragment not in STRAY_CONTROLS]
            return draw(st.sampled_from(markup)) if draw(st.booleans()) else text(multiline=False)

        data["authors"] = [
            name() if draw(st.booleans()) else {"name": name(), "bio": text()} for _ in range(draw(st.integers(1, 2)))
        ]
    if draw(st.booleans()):
        data["tags"] = [text(multiline=False) for _ in range(draw(st.integers(1, 2)))]
    if draw(st.booleans()):
        data["publication"] = text(multiline=False)
    return yaml.safe_dump(data, allow_unicode=draw(st.booleans()), default_flow_style=draw(st.booleans()))


@st.composite
def raw_essay(draw, index: int = 0) -> RawEssay:
    name = f"e{index}.txt"
    text = draw(sidecar()) if draw(st.booleans()) else None
    return RawEssay(
        name=name,
        path=f"essays/{name}",
        data=draw(essay_text()).encode("utf-8"),
        sidecar_path=f"essays/e{index}.yml" if text is not None else None,
        sidecar_text=text,
    )


@st.composite
def raw_essays(draw) -> tuple[RawEssay, ...]:
    return tuple(draw(raw_essay(index)) for index in range(draw(st.integers(1, 3))))


# --- helpers -------------------------------------------------------------------------------


def _build(essays: tuple[RawEssay, ...]):
    extracted = {raw.name: extract_essay(raw, MATCHER, CATALOG) for raw in essays}
    return build(essays, extracted, EVENTS, None, "essays/slugs.txt", {}, SITE)


def _render(page: bytes) -> tuple[dict, lxml.html.HtmlElement]:
    """A generated page as the theme would show it: the front matter's title, description, tags
    and `head` pasted unescaped where Material and overrides/main.html paste them, the body
    rendered with the site's Markdown extensions."""
    post = frontmatter.loads(page.decode("utf-8"))
    meta = post.metadata
    body = RENDER.reset().convert(post.content)
    tags = "".join(f'<span class="md-tag">{tag}</span>' for tag in meta.get("tags") or ())
    document = (
        f"<!doctype html><html><head><title>{meta.get('title', '')} - Essays</title>"
        f'<meta name="description" content="{meta.get("description", "")}">{meta.get("head", "")}</head>'
        f"<body><h1>{meta.get('title', '')}</h1>{tags}<article>{body}</article></body></html>"
    )
    return meta, lxml.html.document_fromstring(document)


def _visible_text(element) -> str:
    return visible(element.text_content())


# --- properties ----------------------------------------------------------------------------


@given(essay_text(), st.one_of(st.none(), sidecar(), sidecar(ANY_CHAR)), st.text(ANY_CHAR, max_size=30))
# Found by CI: two short lines read as a title set on two lines, put back into the text joined
# by a space when the sidecar names another title.
@example(text="and\nwar\n\nJane Doe is a fellow at the war Institute.\n", sidecar_text="title: ': '\n", noise="")
@example(
    text="Kaliningrad After the War: Planning for\nan Exclave Under Pressure\n\nThe exclave was managed for decades.\n",
    sidecar_text="title: 'Another Title'\n",
    noise="",
)
def test_conversion_keeps_the_text_and_invents_nothing(text, sidecar_text, noise):
    """Any UTF-8 text, with or without a sidecar, gives an essay or an error naming the file,
    never an exception; `noise` adds arbitrary characters (controls included) that the decoder
    must handle. An essay's paragraphs are the decoded text's own, in order, and its dates are
    real dates at a stated precision."""
    raw = RawEssay(
        name="e.txt",
        path="essays/e.txt",
        data=(noise + text).encode("utf-8"),
        sidecar_path="essays/e.yml" if sidecar_text is not None else None,
        sidecar_text=sidecar_text,
    )
    essay, problems = extract_essay(raw, MATCHER, CATALOG)
    if essay is None:
        assert any(p.severity == "error" and p.path in (raw.path, raw.sidecar_path) for p in problems)
        return
    decoded = decode(raw.data).text
    assert decoded is not None
    at = 0
    for paragraph in essay.paragraphs:
        for line in paragraph.split("\n"):
            found = decoded.find(line, at)
            assert found >= 0, f"{line!r} is not in the text after character {at}"
            at = found + len(line)
    assert essay.word_count == sum(len(p.split()) for p in essay.paragraphs)
    if essay.date is not None:
        assert essay.date.precision in ("day", "month", "year")
        assert DATE_FORMS[essay.date.precision].fullmatch(essay.date.iso())
    for mentioned in essay.dates_mentioned:
        assert any(form.fullmatch(mentioned) for form in DATE_FORMS.values()), mentioned


DATE_FORMS = {
    "day": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "month": re.compile(r"\d{4}-\d{2}"),
    "year": re.compile(r"\d{4}"),
}


@given(raw_essays())
def test_whole_build_writes_front_matter_that_reads_back(essays):
    """Every essay gets a page or an error; every page's front matter parses, and its dates and
    slug are what the record says; every paragraph of every essay is on its page, in order."""
    result = _build(essays)
    assert result.essays_built + result.essays_failed == len(essays)
    assert len(result.slugs) == result.essays_built
    for raw in essays:
        if raw.name not in result.slugs:
            assert any(p.severity == "error" and p.path in (raw.path, raw.sidecar_path) for p in result.problems)
            continue
        page = result.files[essay_path(result.slugs[raw.name])].decode("utf-8")
        meta = frontmatter.loads(page).metadata
        assert meta["slug"] == result.slugs[raw.name]
        assert meta["date"] is None or isinstance(meta["date"], datetime.date)
        assert (meta["date"] is None) == (meta["date_precision"] is None)
        for mentioned in meta["dates_mentioned"]:
            assert any(form.fullmatch(str(mentioned)) for form in DATE_FORMS.values()), mentioned
        essay, _ = extract_essay(raw, MATCHER, CATALOG)
        assert essay is not None
        at = 0
        for number, paragraph in enumerate(essay.paragraphs, start=1):
            found = page.find(f'<p id="p{number}" ', at)
            assert found >= 0, f"paragraph {number} is missing or out of order"
            first_line = next(line for line in paragraph.split("\n") if line.strip())
            assert page.find(html.escape(first_line, quote=True), found) > found, f"paragraph {number}'s text"
            at = found


@given(raw_essay())
def test_paragraphs_round_trip_through_markdown(raw):
    essay, _ = extract_essay(raw, MATCHER, CATALOG)
    assume(essay is not None)
    result = _build((raw,))
    meta, doc = _render(result.files[essay_path(result.slugs[raw.name])])
    for number, text in enumerate(essay.paragraphs, start=1):
        found = doc.xpath(f'//*[@id="p{number}"]')
        assert len(found) == 1, f"#p{number} appears {len(found)} times"
        shown = _visible_text(found[0])
        assert shown.endswith("¶")
        note(f"paragraph {number}: {text!r}")
        # Only the blanks HTML collapses: a paragraph may end in a no-break space, which stays.
        assert shown[:-1].rstrip(" \t\n\r\f") == visible(text)
    assert not doc.xpath(f'//*[@id="p{len(essay.paragraphs) + 1}"]')
    # The title: front matter holds it entity-encoded, and the theme's <h1> shows it.
    assert html.unescape(meta["title"]) == essay.title
    (h1,) = lxml.html.fragment_fromstring("<h1>" + meta["title"] + "</h1>").xpath("self::h1")
    assert _visible_text(h1) == visible(essay.title)
    # The description, in <meta name="description" content="...">.
    assert html.unescape(meta["description"]) == essay.description
    head = lxml.html.document_fromstring(f'<html><head><meta content="{meta["description"]}"></head></html>')
    assert head.xpath("//meta/@content") == [essay.description]


# Every element the generator itself writes (page bodies, the essay's header and its "About this
# essay", the timeline's lists, the search page's <noscript>) and the wrapper in _render(); text
# must never add another.
GENERATED_ELEMENTS = {
    "html", "head", "title", "meta", "script", "body", "h1", "h2", "h3", "article", "span", "p", "a",
    "strong", "em", "br", "div", "ul", "ol", "li", "pre", "code", "blockquote", "table", "thead", "tbody",
    "tr", "th", "td", "header", "details", "summary", "time", "noscript",
}  # fmt: skip


@given(raw_essays())
def test_no_page_holds_markup_from_the_text(essays):
    result = _build(essays)
    for path, data in sorted(result.files.items()):
        if path.endswith(".json"):
            json.loads(data)  # archive.json, feed.json
            continue
        if path.endswith(".xml"):
            lxml.etree.fromstring(data)  # feed.xml is well-formed XML
            continue
        assert path.endswith(".md"), path
        _, doc = _render(data)
        findings = markup_findings(path, doc, known_scripts=set(), site_files=set(), base_path="/sub/")
        assert not findings, "\n".join(map(str, findings))
        for element in doc.iter():
            if not isinstance(element.tag, str):
                continue
            assert element.tag in GENERATED_ELEMENTS, f"{path}: a <{element.tag}> element"
            assert not any(name.lower().startswith("on") for name in element.attrib), f"{path}: {element.attrib}"
            for name in ("href", "src"):
                value = visible(element.get(name) or "").lower()
                assert not value.startswith(("javascript:", "vbscript:", "data:")), f"{path}: {name}={value!r}"
        for script in doc.iter("script"):
            assert script.get("type") == "application/ld+json", f"{path}: {lxml.html.tostring(script)[:80]!r}"
            assert script.getparent().tag == "head"
            json.loads(script.text)
