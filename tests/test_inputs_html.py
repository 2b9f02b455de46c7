"""essays/*.html: web pages saved from a browser. Their main text and what their markup states
(title, authors, date and where the page states it, site name, canonical address, description),
a sidecar winning over the page, nothing invented, hostile markup never reaching the site, a huge
or deeply nested page failing alone and quickly, and no network in a normal run."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import frontmatter
import pytest

from opedarchive.ingest.web_page import MAX_ATTRIBUTES, PageError, read_web_page

from .conftest import ROOT, convert
from .pages import (
    BARE_PARAGRAPHS,
    NEWS_PARAGRAPHS,
    OPINION_PARAGRAPHS,
    bare_page,
    news_page,
    opinion_page,
)

LEAKS = ("SCRIPT-LEAK", "STYLE-LEAK", "COOKIE-LEAK", "IMG-LEAK", "LINK-LEAK", "COMMENT-LEAK", "tracker.example")


def _page(archive: Path, name: str) -> frontmatter.Post:
    return frontmatter.loads((archive / "docs" / "essays" / name).read_text(encoding="utf-8"))


# --- the reader, on its own (pure) ---------------------------------------------------------


def test_opinion_page_metadata_comes_from_its_markup():
    facts = read_web_page(opinion_page().encode("utf-8"))
    assert facts.title == "The Harbour Will Not Wait"
    assert facts.authors == ("Marta Kowalczyk",)
    assert facts.date is not None and facts.date.iso() == "2023-03-14"
    assert "article:published_time" in (facts.date_note or "")
    assert facts.publication == "The Northfield Courier"
    assert facts.source_url == "https://www.northfield-courier.example/opinion/harbour-will-not-wait"
    assert facts.description == "Why the town must fund the sea wall before the next winter storms."


def test_opinion_page_text_is_the_article_only():
    text = read_web_page(opinion_page().encode("utf-8")).text
    assert text.split("\n\n") == list(OPINION_PARAGRAPHS)  # verbatim, in order, entities decoded
    for leak in (*LEAKS, "cookies", "Subscribe", "Related articles", "harbourfan88", "Home", "All rights"):
        assert leak not in text


def test_json_ld_only_page_names_json_ld_as_where_its_date_is():
    facts = read_web_page(news_page().encode("utf-8"))
    assert facts.authors == ("Priya Raman", "Tomás Ferreira")
    assert facts.date is not None and facts.date.iso() == "2025-05-06"
    assert facts.date_note is not None and "JSON-LD datePublished" in facts.date_note
    assert facts.publication == "Valley Ledger"
    assert facts.source_url == "https://valleyledger.example/news/rail-line-millbrook"
    assert "free articles" not in facts.text and "morning briefing" not in facts.text and "Most read" not in facts.text


def test_time_element_is_named_when_it_alone_states_the_date():
    page = bare_page().replace("<h2>", '<time datetime="2019-10-02">2 October 2019</time><h2>')
    facts = read_web_page(page.encode("utf-8"))
    assert facts.date is not None and facts.date.iso() == "2019-10-02"
    assert facts.date_note is not None and "<time datetime>" in facts.date_note


def test_a_page_that_states_nothing_gets_nothing_invented():
    facts = read_web_page(bare_page().encode("utf-8"))
    assert facts.authors == () and facts.date is None and facts.publication is None and facts.source_url is None


def test_a_canonical_link_that_is_not_http_is_dropped():
    page = opinion_page().replace(
        'href="https://www.northfield-courier.example/opinion/harbour-will-not-wait"', 'href="javascript:alert(1)"'
    )
    page = page.replace('content="https://www.northfield-courier.example/opinion/harbour-will-not-wait"', 'content=""')
    assert read_web_page(page.encode("utf-8")).source_url is None


def test_a_page_in_a_declared_legacy_charset_is_read_in_it():
    page = bare_page().replace("<head>", '<head><meta charset="windows-1251">').replace("Tell Us", "Скажите нам")
    facts = read_web_page(page.encode("windows-1251"))
    assert facts.title == "Скажите нам Before You Cut"


def test_an_element_with_too_many_attributes_fails_fast():
    attributes = " ".join(f"a{i}=x" for i in range(200_000))
    page = bare_page().replace('<div class="post">', f'<div class="post" {attributes}>')
    started = time.monotonic()
    with pytest.raises(PageError, match=f"more than {MAX_ATTRIBUTES} attributes"):
        read_web_page(page.encode("utf-8"))
    assert time.monotonic() - started < 10  # lxml alone took minutes on it


def test_attributes_hidden_in_quotes_are_still_counted():
    attributes = " ".join(f"a{i}='<' b{i}" for i in range(MAX_ATTRIBUTES))
    page = bare_page().replace('<div class="post">', f'<div class="post" {attributes}>')
    with pytest.raises(PageError, match="attributes"):
        read_web_page(page.encode("utf-8"))


def test_a_deeply_nested_page_fails_with_a_message():
    page = bare_page().replace('<div class="post">', "<div>" * 1000 + '<div class="post">')
    page = page.replace('<div class="comments">', "</div>" * 1000 + '<div class="comments">')
    started = time.monotonic()
    with pytest.raises(PageError, match="nested"):
        read_web_page(page.encode("utf-8"))
    assert time.monotonic() - started < 10


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "no essay text"),
        (bytes(range(256)) * 20, "binary"),
    ],
)
def test_pages_without_an_essay_fail_with_a_message(data, message):
    with pytest.raises(PageError, match=message):
        read_web_page(data)


# --- the command line -------------------------------------------------------------------------


def test_saved_page_becomes_an_essay_with_its_metadata(archive):
    (archive / "essays" / "harbour.html").write_text(opinion_page(), encoding="utf-8")
    (archive / "essays" / "harbour_files").mkdir()  # "Web page, complete": its pictures, ignored
    (archive / "essays" / "harbour_files" / "t.js").write_text("alert('FILES-LEAK')", encoding="utf-8")
    run = convert(archive)
    assert run.returncode == 0, run.stderr
    assert "harbour_files" not in run.stderr
    page = _page(archive, "the-harbour-will-not-wait.md")
    assert page["title"] == "The Harbour Will Not Wait"
    assert page["authors"] == ["Marta Kowalczyk"]
    assert str(page["date"]) == "2023-03-14" and page["date_source"] == "page"
    assert "article:published_time" in page["date_note"]
    assert page["publication"] == "The Northfield Courier"
    assert page["source_url"] == "https://www.northfield-courier.example/opinion/harbour-will-not-wait"
    assert page["source"] == "harbour.html"
    text = (archive / "docs" / "essays" / "the-harbour-will-not-wait.md").read_text(encoding="utf-8")
    assert "Saved from <em>The Northfield Courier</em>" in text
    assert "&lt;Read more&gt; about the fund &amp; its rules." in text  # page text: escaped, never markup
    for leak in (*LEAKS, "FILES-LEAK", "onerror", "iframe", "javascript:"):
        assert leak not in text


def test_the_page_date_shows_as_machine_readable_metadata(archive):
    (archive / "essays" / "harbour.html").write_text(opinion_page(), encoding="utf-8")
    assert convert(archive).returncode == 0
    page = _page(archive, "the-harbour-will-not-wait.md")
    assert '<meta property="article:published_time" content="2023-03-14">' in page["head"]


def test_a_sidecar_wins_over_the_page(archive):
    (archive / "essays" / "harbour.html").write_text(opinion_page(), encoding="utf-8")
    (archive / "essays" / "harbour.yml").write_text(
        "title: A Wall Against the Sea\nauthors: [Jan Nowak]\ndate: 2023-03-13\npublication: Courier Weekly\n"
        "source_url: https://courier.example/a\nretrieved: 2024-01-05\n",
        encoding="utf-8",
    )
    run = convert(archive)
    assert run.returncode == 0, run.stderr
    page = _page(archive, "a-wall-against-the-sea.md")
    assert page["authors"] == ["Jan Nowak"]
    assert page["date_source"] == "curated" and str(page["date"]) == "2023-03-13"
    assert page["publication"] == "Courier Weekly" and page["source_url"] == "https://courier.example/a"
    assert page["retrieved"] == "2024-01-05"
    assert "Saved from <em>Courier Weekly</em> on January 5, 2024" in page.content


def test_json_ld_news_page_converts_with_both_authors(archive):
    (archive / "essays" / "rail.html").write_text(news_page(), encoding="utf-8")
    run = convert(archive)
    assert run.returncode == 0, run.stderr
    page = _page(archive, "rail-line-to-millbrook-will-reopen-after-58-years.md")
    assert page["authors"] == ["Priya Raman", "Tomás Ferreira"]
    assert page["date_source"] == "page" and "JSON-LD" in page["date_note"]
    assert [d["field"] for d in page["metadata_lines"]] == ["title"]  # the h1 line: the title, not text
    assert NEWS_PARAGRAPHS[0] in page.content


def test_a_page_that_states_nothing_warns_as_a_text_does(archive):
    (archive / "essays" / "trees.html").write_text(bare_page(), encoding="utf-8")
    run = convert(archive)
    assert run.returncode == 0, run.stderr
    assert "essays/trees.html: warning: no author found" in run.stderr
    assert "essays/trees.html: warning: no publication date" in run.stderr
    page = _page(archive, "tell-us-before-you-cut.md")
    assert page["authors"] == [] and page["date_source"] == "unknown"
    assert "Saved from the web" in page.content
    assert BARE_PARAGRAPHS[2] in page.content


def test_a_huge_page_fails_alone(archive):
    attributes = " ".join(f"a{i}=x" for i in range(100_000))
    (archive / "essays" / "huge.html").write_text(f"<html><body><p {attributes}>x</p></body></html>", encoding="utf-8")
    (archive / "essays" / "deep.html").write_text("<html><body>" + "<div>" * 5000 + "text</body></html>")
    (archive / "essays" / "over.html").write_bytes(b"<html><body><p>" + b"word " * 2_100_000 + b"</p></body></html>")
    started = time.monotonic()
    run = convert(archive)
    assert time.monotonic() - started < 60
    assert run.returncode == 1
    assert "essays/huge.html: error: line 1: an element with more than" in run.stderr
    assert "essays/deep.html: error: its elements are nested" in run.stderr
    assert "essays/over.html: error: the file is 10.5 MB" in run.stderr
    assert "Traceback" not in run.stderr
    assert "2 converted, 3 failed" in run.stderr  # the seeds


def test_two_essays_with_one_name_are_refused_not_mixed(archive):
    (archive / "essays" / "harbour.txt").write_text(
        "A Text Title\n\nBy Ann Lee\n\nSome words here.\n", encoding="utf-8"
    )
    (archive / "essays" / "harbour.html").write_text(opinion_page(), encoding="utf-8")
    run = convert(archive)
    assert run.returncode == 1
    assert "essays/harbour.html: error: two essays named harbour: also harbour.txt" in run.stderr
    assert (archive / "docs" / "essays" / "a-text-title.md").exists()


def test_a_normal_run_never_touches_the_network(archive, monkeypatch):
    """In-process, with every way to open a connection or resolve a name made to fail loudly."""
    from opedarchive.cli import main

    (archive / "essays" / "harbour.html").write_text(opinion_page(), encoding="utf-8")

    def no_network(*args, **kwargs):
        raise AssertionError(f"network access during a normal run: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket.socket, "connect_ex", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    monkeypatch.chdir(archive)
    assert main([]) == 0
    assert (archive / "docs" / "essays" / "the-harbour-will-not-wait.md").exists()


def test_text_essays_do_not_load_the_page_and_word_readers(archive):
    """Conversion speed of text essays: trafilatura and mammoth are imported only when a page
    or a Word file is there."""
    code = (
        "import sys\nfrom opedarchive.cli import main\nstatus = main([])\n"
        "print(status, 'trafilatura' in sys.modules, 'mammoth' in sys.modules)"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        cwd=archive,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert run.stdout.split() == ["0", "False", "False"], run.stderr


@pytest.mark.slow
def test_built_site_shows_the_page_text_and_nothing_of_its_markup(archive):
    """mkdocs build --strict, then --verify: every paragraph verbatim against the text extracted
    from the saved page, no script, handler, frame or javascript: link from it; and a changed
    paragraph is found and named by the saved file."""
    (archive / "essays" / "harbour.html").write_text(opinion_page(), encoding="utf-8")
    (archive / "essays" / "rail.html").write_text(news_page(), encoding="utf-8")
    assert convert(archive).returncode == 0
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=archive, capture_output=True, text=True, env=env
    )
    assert build.returncode == 0, build.stderr
    html = (archive / "site" / "essays" / "the-harbour-will-not-wait" / "index.html").read_text(encoding="utf-8")
    for leak in LEAKS:
        assert leak not in html
    verify = convert(archive, "--verify")
    assert verify.returncode == 0, verify.stdout + verify.stderr
    page = archive / "site" / "essays" / "the-harbour-will-not-wait" / "index.html"
    page.write_text(html.replace("old harbour wall", "old HARBOUR wall"), encoding="utf-8")
    verify = convert(archive, "--verify")
    assert verify.returncode == 1
    assert "essays/harbour.html" in verify.stdout and "paragraph 1 is not verbatim" in verify.stdout
