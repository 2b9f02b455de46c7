"""Issue 14, reading and publishing, on the pages the converter writes (fast: the command line on the seeds, and
the page functions on synthetic listings). The built site, in a real browser, is tested by test_browser.py;
search (the Pagefind index) and the theme's templates by test_site.py and test_crawl.py; the workflows by
test_workflow.py.

- the essay page reads like a magazine's: title, deck, byline and one line of date and reading time, then the
  text; bios, date reasoning, events, topics and provenance one tap away ("About this essay"); provenance in
  words, the file names only in the front matter;
- search indexes an essay's title, deck and text, never its metadata or citation, and an event page's own
  words, never the essays it lists; filters by author, event, topic and year;
- the front page: the newest essays as headlines (title, deck, authors, date), the events most written about,
  the ways in (years, authors, topics, timeline, search, feeds);
- the timeline: every row a link with its whole label, and small at 5,000 essays;
- the About page gives the reading speed the code uses;
- preview.py serves a built site under the subpath it was built for, as GitHub Pages does.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import date, timedelta
from pathlib import Path

import frontmatter
import pytest
from bs4 import BeautifulSoup

from opedarchive.core.models import Author, DateValue, Event
from opedarchive.ingest.essay import WORDS_PER_MINUTE
from opedarchive.pages.listing import Listing
from opedarchive.pages.timeline import MAX_MONTH_ROWS, render_timeline, timeline_rows
from tests.conftest import ROOT, convert
from tests.mdrender import renderer

SEED_1 = "essays/the-hour-of-serious-and-responsible-diplomacy-a-farewell-to.md"
SEED_2 = "essays/the-st-petersburg-bombing-why-it-wont-bring-america-and.md"
BUDGET = 150 * 1024  # bytes of HTML a listing page may hold at any size of the archive
THEME = 35 * 1024  # what Material adds around a page's own HTML (header, tabs, footer, scripts)


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> Path:
    from tests.conftest import make_archive

    archive = make_archive(tmp_path_factory.mktemp("reading") / "archive")
    run = convert(archive)
    assert run.returncode == 0, run.stderr
    return archive / "docs"


def _page(docs: Path, path: str) -> tuple[dict, BeautifulSoup, str]:
    """Front matter, the body as the site's Markdown renders it, and the body's text."""
    post = frontmatter.loads((docs / path).read_text(encoding="utf-8"))
    return post.metadata, BeautifulSoup(renderer().convert(post.content), "html.parser"), post.content


# The essay page.


def test_the_text_comes_right_after_title_byline_and_one_line_of_facts(docs):
    meta, soup, _ = _page(docs, SEED_1)
    header = soup.select_one("header.essay-header")
    # The title comes first, just above the header (the first heading: where "Skip to content" leads).
    assert header.find_previous_sibling() is soup.select_one("h1.essay-title") and soup.find("h1") is not None
    shown = [
        el.name + ("." + el["class"][0] if el.get("class") else "")
        for el in header.find_all(["h1", "p", "details"], recursive=True)
        if not el.find_parent("details")
    ]
    assert shown == ["p.essay-meta__byline", "p.essay-meta__facts", "details.essay-about"]
    assert header.select_one(".essay-meta__facts").get_text() == "c. March 2024 · 4 min read · 726 words"
    # Everything else a reader may want is one tap away.
    about = header.select_one("details.essay-about")
    assert about.select_one("summary").get_text() == "About this essay"
    assert [p["class"][0] for p in about.select("p")] == [
        "essay-meta__bio",
        "essay-meta__date",
        "essay-meta__events",
        "essay-meta__topics",
        "essay-meta__source",
    ]
    # The header is followed by the text itself, nothing in between.
    assert header.find_next_sibling().get("class") == ["essay-text"]
    assert meta["hide"] == ["navigation", "toc"]  # no empty side column


def test_the_deck_sits_under_the_title(docs):
    _, soup, _ = _page(docs, SEED_2)
    title = soup.select_one("h1.essay-title")
    deck = title.find_next_sibling().find()  # the header's first element
    assert deck.get("class") == ["essay-subtitle"]
    assert deck.get_text().startswith("While Washington and Moscow")


def test_provenance_is_in_words_and_the_file_names_only_in_the_front_matter(docs):
    meta, soup, body = _page(docs, SEED_1)
    assert soup.select_one(".essay-meta__source").get_text() == "Original publication unknown."
    assert meta["source"] == "000_483c548ea0d7e199.txt"
    assert "483c548ea0d7e199" not in body and ".txt" not in body
    meta, soup, body = _page(docs, SEED_2)
    source = soup.select_one(".essay-meta__source")
    assert source.get_text() == (
        "Published in The National Interest · read the original. "
        "Some facts on this page were supplied by the archive's curator."
    )
    assert source.select_one("a")["href"].startswith("https://nationalinterest.org/")
    assert meta["sidecar"] == "004_eb5e84a9e9950381.yml"
    assert "eb5e84a9e9950381" not in body and ".yml" not in body


# Search: what an essay page and an event page give Pagefind.


def test_search_indexes_the_title_deck_and_text_of_an_essay_not_its_metadata_or_citation(docs):
    _, soup, _ = _page(docs, SEED_2)
    bodies = soup.select("[data-pagefind-body]")
    assert [b.name + "." + b["class"][0] for b in bodies] == ["h1.essay-title", "header.essay-header", "div.essay-text"]
    title, deck = soup.select_one("h1.essay-title"), soup.select_one(".essay-subtitle")
    assert float(title["data-pagefind-weight"]) > float(deck["data-pagefind-weight"]) > 1  # above the text
    assert soup.select_one(".essay-meta").has_attr("data-pagefind-ignore")
    assert all(a.has_attr("data-pagefind-ignore") for a in soup.select("a.paragraph-link"))  # no ¶ in snippets
    for outside in soup.select("#cite, .essay-cite__text, .essay-related"):
        assert not outside.find_parent(attrs={"data-pagefind-body": True})


def test_an_essay_gives_search_its_author_year_event_and_topic_filters(docs):
    _, soup, _ = _page(docs, SEED_2)
    filters: dict[str, list[str]] = {}
    for element in soup.select("[data-pagefind-filter]"):
        name, _, value = element["data-pagefind-filter"].partition(":")
        filters.setdefault(name, []).append(value or element.get_text())
    assert filters == {
        "author": ["Nikolas K. Gvosdev"],
        "year": ["2017"],
        "event": [
            "Saint Petersburg Metro bombing",
            "Beslan school siege",
            "Anti-corruption protests across Russia",
            "Russian military intervention in Syria",
            "September 11 attacks",
        ],
        "topic": ["terrorist attack", "protest", "war"],
    }


def test_an_event_page_gives_search_its_own_words_not_the_essays_it_lists(docs):
    meta, _, body = _page(docs, "events/beslan-school-siege.md")
    assert meta["hide"] == ["navigation", "toc"]
    header, _, listed = body.partition("</div>")
    title, _, header = header.partition("\n\n")
    assert title == '# Beslan school siege {: data-pagefind-body="" data-pagefind-filter="event" }'
    assert header.startswith('<div class="event-header" data-pagefind-body ')
    assert 'data-pagefind-filter="year:2004"' in header
    assert 'data-pagefind-filter="topic">terrorist attack</a>' in header and "Armed militants" in header
    # The essays it lists, with their quotes, are found on their own pages.
    assert "## 2 essays on this event" in listed and "The Hour of Serious" in listed
    assert "The Hour of Serious" not in header


def test_listing_pages_are_not_in_the_search_index(docs):
    listings = [p for p in docs.rglob("*.md") if not p.relative_to(docs).as_posix().startswith(("essays/", "events/"))]
    listings.append(docs / "events" / "index.md")
    assert len(listings) > 10
    assert "data-pagefind-body" in (docs / SEED_1).read_text(encoding="utf-8")  # once one page marks a body
    for path in listings:
        assert "data-pagefind-body" not in path.read_text(encoding="utf-8"), path


# The front page.


def test_the_front_page_leads_with_the_newest_essays_as_headlines(docs):
    meta, _, body = _page(docs, "index.md")
    assert body.startswith("# Op-ed Archive\n")  # not the navigation's "Essays"
    assert meta["hide"] == ["navigation", "toc"]
    cards = re.findall(r'^<h3 class="essay-card__title"><a href="(essays/[^"]+/)">(.+)</a></h3>$', body, re.MULTILINE)
    assert [title for _, title in cards] == [
        "The Hour of Serious and Responsible Diplomacy: A Farewell to Arms?",
        "The St. Petersburg Bombing: Why It Won&#x27;t Bring America and Russia Together",
    ]
    second = body.split(cards[1][1], 1)[1]
    deck, facts = second.split("\n\n")[1:3]
    assert deck == (
        '<p class="essay-card__deck">While Washington and Moscow face a common enemy, they will continue to fight '
        "separately.</p>"
    )
    byline = '<a href="authors/nikolas-k-gvosdev/">Nikolas K. Gvosdev</a> · April 4, 2017 · 4 min read'
    assert facts == f'<p class="essay-card__facts">{byline}</p>'
    assert "\n-   [The Hour" not in body  # headlines, not a bulleted list


def test_the_front_page_shows_the_events_most_written_about_and_the_ways_in(docs):
    _, _, body = _page(docs, "index.md")
    events = body.split("## Most written about", 1)[1].split("## ", 1)[0]
    named = re.findall(r"^-   \[([^\]]+)\]\(events/", events, re.MULTILINE)
    # Both seeds discuss Beslan and 9/11; then one essay each, the most recent event first.
    assert named[:2] == ["Beslan school siege", "September 11 attacks"]
    assert named[2] == "Crocus City Hall attack" and len(named) == 5
    assert "2 essays · September 1–3, 2004" in events and "[All 10 events](events/index.md)" in events
    browse = body.split("## Browse the archive", 1)[1]
    for target in ("years/2024.md", "years/2017.md", "authors/index.md", "topics/index.md", "events/index.md"):
        assert f"]({target})" in browse, target
    for target in ("timeline.md", "search.md", "feed.xml", "feed.json", "about.md"):
        assert f"]({target})" in browse, target


# The timeline.

EVENTS = [
    Event(f"event-{n}", f"An event with a long name that a chart would cut, number {n}",
          date(2000 + n % 25, 1 + n % 12, 1), None, "Somewhere", "What happened.", "war", (), (), "https://example.org/")
    for n in range(60)
]  # fmt: skip


def _listing(number: int, when: date, precision: str = "day") -> Listing:
    return Listing(
        slug=f"essay-{number:06d}",
        source=f"{number:06d}.txt",
        title=f"An essay title of a usual length, number {number:06d}",
        subtitle=None,
        authors=(Author("Jane Doe"),),
        date=DateValue(when, precision),
        date_source="stated",
        date_note=None,
        events=(),
        dates_mentioned=(),
        description="",
        word_count=800,
        reading_time=4,
    )


def test_every_timeline_row_links_its_page_and_shows_its_whole_label():
    listings = [_listing(1, date(2017, 4, 5)), _listing(2, date(2017, 4, 20)), _listing(3, date(2017, 3, 27))]
    rows = timeline_rows(listings, EVENTS[:2])
    assert [(r.kind, r.target) for r in rows if r.when.year == 2017] == [
        ("essays", "essays/essay-000003.md"),  # a month of one essay: the essay
        ("essays", "years/2017.md"),  # a month of several: the year's page
    ]
    assert rows[0] == timeline_rows([], EVENTS[:1])[0]
    assert rows[0].target == "events/event-0.md" and rows[0].label == EVENTS[0].name  # whole, never cut
    soup = BeautifulSoup(render_timeline(listings, EVENTS[:2]), "html.parser")
    links = soup.select("ol.timeline > li.timeline__row > a[href]")
    assert len(links) == len(rows) == 4
    assert [a.select_one(".timeline__label").get_text() for a in links] == [r.label for r in rows]
    assert links[0]["href"] == "../events/event-0/" and links[-1]["href"] == "../years/2017/"
    assert [a.select_one("time")["datetime"] for a in links] == ["2000-01-01", "2001-02-01", "2017-03", "2017-04"]
    assert "…" not in soup.get_text()


def test_the_timeline_stays_small_at_5000_essays():
    """Essays over 21 years (as bench/synth.py writes them): one row per month, whatever their number."""
    start = date(2005, 1, 1)
    listings = [_listing(n, start + timedelta(days=n * 7919 % (21 * 365))) for n in range(5000)]
    page = render_timeline(listings, EVENTS)
    rows = timeline_rows(listings, EVENTS)
    assert sum(r.kind == "essays" for r in rows) == 252 <= MAX_MONTH_ROWS  # every month of 21 years
    assert len(page.encode("utf-8")) + THEME < BUDGET, len(page.encode("utf-8"))


def test_an_archive_over_too_many_months_is_grouped_by_year():
    """5,000 essays over 5,000 months (a long archive): one row per year, so the page still stays small."""
    listings = [_listing(n, date(1600 + n // 12, 1 + n % 12, 1)) for n in range(5000)]
    rows = timeline_rows(listings, [])
    assert len(rows) == len({item.date.value.year for item in listings})
    assert all(r.target.startswith("years/") and r.label.endswith("essays") for r in rows)
    assert len(render_timeline(listings, []).encode("utf-8")) + THEME < BUDGET


# The About page.


def test_the_about_page_gives_the_reading_speed_the_code_uses(docs):
    assert WORDS_PER_MINUTE == 230
    _, _, body = _page(docs, "about.md")
    assert "230 words a minute" in body and "200 words" not in body
    meta, _, _ = _page(docs, SEED_1)
    assert meta["reading_time"] == -(-meta["word_count"] // 230)  # 726 words: 4 minutes


# make preview's server.


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=5) as reply:
            return reply.status, reply.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location") or error.read().decode("utf-8")


def test_preview_serves_a_built_site_under_the_subpath_it_was_built_for(tmp_path):
    site = tmp_path / "site"
    (site / "essays" / "one").mkdir(parents=True)
    (site / "index.html").write_text("home", encoding="utf-8")
    (site / "404.html").write_text("not found page", encoding="utf-8")
    (site / "essays" / "one" / "index.html").write_text("essay", encoding="utf-8")
    (site / "sitemap.xml").write_text(
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>https://jane.github.io/archive/</loc></url></urlset>",
        encoding="utf-8",
    )
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "preview.py"), "--site", str(site), "--port", str(port)],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        assert _get(f"{base}/archive/") == (200, "home")
        assert _get(f"{base}/archive/essays/one/") == (200, "essay")
        assert _get(f"{base}/archive/essays/one") == (301, "/archive/essays/one/")
        assert _get(f"{base}/archive/no/such/page/") == (404, "not found page")
        assert _get(f"{base}/") == (404, "not found page")  # nothing outside the subpath
        assert _get(f"{base}/archive/../../etc/passwd")[0] == 404
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=10)
    assert f"at http://127.0.0.1:{port}/archive/ as GitHub Pages would" in stderr


def test_preview_says_what_to_do_when_there_is_no_site(tmp_path):
    run = subprocess.run(
        [sys.executable, str(ROOT / "preview.py"), "--site", str(tmp_path / "site")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert run.returncode == 2
    assert "no built site here: run `make site` or `make preview`" in run.stderr
