"""build_archive.py --verify: passes on a real built site (seeds and a hostile essay, under a
subpath), and fails, naming the file and line, on a site where a paragraph, a title, a date or
the markup was changed by hand. Plus the pure checks on small pages of our own."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from opedarchive.checks.findings import parse, visible
from opedarchive.checks.markup import markup_findings, theme_scripts

from .conftest import HOSTILE_SITE_URL, convert

SEED_1 = "000_483c548ea0d7e199.txt"
SEED_1_PAGE = "essays/the-hour-of-serious-and-responsible-diplomacy-a-farewell-to/index.html"
EVENT_PAGE = "events/beslan-school-siege/index.html"


@pytest.fixture
def site_copy(hostile_site: Path, tmp_path: Path) -> Path:
    """A copy of the built archive that a test may edit by hand."""
    copy = tmp_path / "archive"
    shutil.copytree(hostile_site, copy, ignore=shutil.ignore_patterns("pagefind"))
    return copy


def _verify(archive: Path):
    return convert(archive, "--verify", env={"SITE_URL": HOSTILE_SITE_URL})


def _edit(archive: Path, page: str, old: str, new: str, count: int = 1) -> None:
    path = archive / "site" / page
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {page}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_verify_passes_on_the_built_site(hostile_site):
    run = _verify(hostile_site)
    assert run.returncode == 0, run.stdout + run.stderr
    summary = run.stdout.strip().splitlines()[-1]
    assert re.match(r"verified 3 essays \(\d+ paragraphs\) against \d+ pages of site: 0 problem\(s\)", summary)


def test_one_word_changed_in_a_paragraph_is_found_with_its_source_line(site_copy):
    page = site_copy / "site" / SEED_1_PAGE
    html = page.read_text(encoding="utf-8")
    start = html.index('id="p3"')
    at = html.index(" the ", start)
    page.write_text(html[:at] + " THE " + html[at + 5 :], encoding="utf-8")
    source_lines = (site_copy / "essays" / SEED_1).read_text(encoding="utf-8").split("\n")
    line = next(i for i, text in enumerate(source_lines, 1) if text.startswith("It was not the first time"))

    run = _verify(site_copy)

    assert run.returncode == 1
    problems = run.stdout.strip().splitlines()[:-1]
    assert problems == [
        f"essays/{SEED_1}:{line}: paragraph 3 is not verbatim on {SEED_1_PAGE}#p3: from character 12: "
        "expected 'It was not the first time that attacks of this natu', "
        "page has 'It was not THE first time that attacks of this natu'"
    ]
    assert run.stdout.strip().endswith("1 problem(s)")


def test_a_missing_paragraph_and_a_missing_page_are_found(site_copy):
    page = site_copy / "site" / SEED_1_PAGE
    html = page.read_text(encoding="utf-8")
    html = re.sub(r'<p id="p5" class="essay-paragraph">.*?</p>', "", html, flags=re.S)
    page.write_text(html, encoding="utf-8")
    (site_copy / "site" / "essays" / "the-st-petersburg-bombing-why-it-wont-bring-america-and" / "index.html").unlink()

    run = _verify(site_copy)

    assert run.returncode == 1
    assert "paragraph 5 is not verbatim" in run.stdout and "the page has no #p5" in run.stdout
    assert "the-st-petersburg-bombing-why-it-wont-bring-america-and/index.html is not in the site" in run.stdout


def test_metadata_that_differs_from_the_front_matter_is_found(site_copy):
    _edit(site_copy, SEED_1_PAGE, '">The Hour of Serious', '">An Hour of Serious')
    _edit(site_copy, SEED_1_PAGE, 'year:2024">c. March 2024', 'year:2024">March 2024')
    _edit(
        site_copy,
        SEED_1_PAGE,
        '<meta name="citation_author" content="Verónica',
        '<meta name="citation_author" content="V.',
    )

    run = _verify(site_copy)

    assert run.returncode == 1
    assert f"{SEED_1_PAGE}: the heading is 'An Hour" in run.stdout
    assert "the date line is 'March 2024 · 4 min read · 726 words', front matter says 'c. March 2024'" in run.stdout
    assert "<meta name=\"citation_author\"> is 'V. Pérez Taffi', front matter says 'Verónica Pérez Taffi'" in run.stdout


@pytest.mark.parametrize(
    ("injected", "expected"),
    [
        ("<script>alert(1)</script>", "an inline script the theme does not write: 'alert(1)'"),
        ('<img src="x" onerror="alert(1)">', "an event-handler attribute onerror= on <img>"),
        ('<a href=" JaVaScript:alert(1)">x</a>', "a script URL in href= on <a>"),
        ('<script src="https://evil.example/x.js"></script>', "a script from outside the site"),
        ('<iframe src="../x/"></iframe>', "a <iframe> element"),
    ],
)
def test_markup_on_any_page_is_found_with_its_line(site_copy, injected, expected):
    _edit(site_copy, EVENT_PAGE, "</article>", injected + "</article>")

    run = _verify(site_copy)

    assert run.returncode == 1
    line = next(line for line in run.stdout.splitlines() if expected in line)
    assert re.match(rf"{re.escape(EVENT_PAGE)}:\d+: ", line)


def test_no_site_is_a_clear_start_error(archive):
    run = convert(archive, "--verify", "--site", "nowhere")
    assert run.returncode == 2
    assert "nowhere: error: no built site here" in run.stderr


def test_an_essay_that_does_not_convert_cannot_be_verified(site_copy):
    (site_copy / "essays" / "950_empty.txt").write_bytes(b"")
    run = _verify(site_copy)
    assert run.returncode == 1
    assert "essays/950_empty.txt: cannot be verified: it does not convert (essays/950_empty.txt: error:" in run.stdout


# The pure checks, on pages small enough to read.

THEME = """<html><head><script>__md_scope=new URL("/archive/",location),x=1</script>
<script src="/archive/assets/app.js"></script></head><body></body></html>"""


def _markup(body: str, page: str = "essays/a/index.html") -> list[str]:
    known = theme_scripts(parse(THEME.encode()))
    doc = parse(f"<html><head></head><body>{body}</body></html>".encode())
    return [f.message for f in markup_findings(page, doc, known, {"assets/app.js"}, "/archive/")]


def test_the_theme_scripts_are_allowed_at_any_depth():
    assert _markup('<script>__md_scope=new URL("../..",location),x=1</script>') == []
    assert _markup('<script src="../../assets/app.js"></script><script src="/archive/assets/app.js"></script>') == []
    assert _markup('<script type="application/ld+json">{"headline": "x"}</script>') == []


def test_scripts_the_theme_did_not_write_are_found():
    assert _markup('<script>__md_scope=new URL("../..",location),x=2</script>') == [
        "an inline script the theme does not write: '__md_scope=new URL(\"../..\",location),x=2'"
    ]
    assert _markup('<script src="../../assets/other.js"></script>') == [
        "a script that is not a file of the site: '../../assets/other.js'"
    ]
    assert _markup('<script type="application/ld+json">{"headline": </script>') == [
        "a application/ld+json script that is not JSON"
    ]
    assert _markup('<meta http-equiv="refresh" content="0; url=javascript:alert(1)">') == [
        "a script URL in a refresh: 'javascript:alert(1)'"
    ]


def test_text_that_only_looks_like_markup_is_not_markup():
    body = "<p>&lt;script&gt;alert(1)&lt;/script&gt; onerror=alert(1) javascript:alert(1)</p>"
    body += '<a href="javascripts/archive.js">a file</a>'
    assert _markup(body) == []


def test_visible_collapses_what_a_browser_collapses_and_keeps_the_rest():
    assert visible("  a \t\n b\r\n") == "a b"
    assert visible("a\u00a0\u00a0b\u3000") == "a\u00a0\u00a0b\u3000"
