"""Event, topic and author pages that stay small at any archive size (pages/paging.py): past
PAGE_SIZE essays, the main page shows the newest and links one page per year (per decade where a
decade's essays fit on one), a crowded year is split into parts, and every essay is on exactly one
year page. Unit tests on the render functions
with synthetic listings, then the command line and a real `mkdocs build --strict` + Pagefind."""

from __future__ import annotations

import gzip
import os
import posixpath
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from opedarchive.core.models import Author, DateValue, Event, Quote
from opedarchive.pages.author_topic_pages import render_authors, render_topics
from opedarchive.pages.event_pages import render_event_pages
from opedarchive.pages.listing import Listing, sort_key
from opedarchive.pages.md import is_generated_file
from opedarchive.pages.paging import PAGE_SIZE
from opedarchive.pages.urls import author_slugs, essay_path, topic_slugs, url_of
from tests.conftest import convert, make_archive

EVENT = Event(
    id="beslan-school-siege",
    name="Beslan school siege",
    start=date(2004, 9, 1),
    end=date(2004, 9, 3),
    place="Beslan, Russia",
    description="A school siege.",
    kind="terrorist attack",
    aliases=(),
    patterns=(),
    reference="https://en.wikipedia.org/wiki/Beslan_school_siege",
)
CATALOG = {EVENT.id: EVENT}
AUTHOR = "Jane Doe"
TOPIC = "terrorist attack"
YEARS = (2022, 2023, 2024)
UNDATED_COUNT = 10


def _listing(number: int, when: date | None) -> Listing:
    """One essay on the event, by the same author, with a quote; fixed-width title and slug so
    that page sizes compare across archive sizes."""
    slug = f"essay-{number:06d}"
    return Listing(
        slug=slug,
        source=f"{number:06d}.txt",
        title=f"Essay {number:06d}",
        subtitle=None,
        authors=(Author(AUTHOR, f"{AUTHOR} writes essay {number:06d}."),),
        date=DateValue(when, "day") if when else None,
        date_source="stated" if when else "unknown",
        date_note=None,
        events=(EVENT.id,),
        dates_mentioned=(),
        description=f"What essay {number:06d} says about the siege.",
        word_count=800,
        reading_time=4,
        topics=(TOPIC,),
        quotes=(Quote(EVENT.id, 2, "Words before ", "Beslan", " and words after."),),
    )


def _listings(count: int) -> list[Listing]:
    """`count` dated essays spread over YEARS (days vary within each year), plus UNDATED_COUNT."""
    dated = [_listing(i, date(YEARS[i % len(YEARS)], 1 + i % 12, 1 + i % 28)) for i in range(count)]
    return dated + [_listing(count + i, None) for i in range(UNDATED_COUNT)]


def _render(listings: list[Listing]) -> dict[str, str]:
    """Every event, author and topic page of these listings (docs path -> Markdown)."""
    authors = author_slugs(a.name for item in listings for a in item.authors)
    topics = topic_slugs(t for item in listings for t in item.topics)
    return {
        **render_event_pages(listings, CATALOG, authors, topics),
        **render_authors(listings, authors),
        **render_topics(listings, authors, topics),
    }


MAIN = {
    "event": "events/beslan-school-siege.md",
    "author": "authors/jane-doe.md",
    "topic": "topics/terrorist-attack.md",
}
LINK = re.compile(r"\]\(([^)#\s]+\.md)(?:#[^)]*)?\)")  # a Markdown link (checked by MkDocs' strict mode)
HREF = re.compile(r'href="([^"#]+)(?:#[^"]*)?"')  # a link of the raw HTML cards (a URL MkDocs leaves alone)


def _year_pages(pages: dict[str, str], kind: str) -> dict[str, str]:
    folder = MAIN[kind].removesuffix(".md") + "/"
    return {path: text for path, text in pages.items() if path.startswith(folder)}


def _essays_on(text: str) -> list[str]:
    """The essay slugs a page lists (the title links of its cards, `…/essays/<slug>/`)."""
    return re.findall(r'<p class="essay-card__title"><a href="(?:\.\./)+essays/([^/"]+)/">', text)


def _resolve(page: str, target: str) -> str:
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), target))


def _links(page: str, text: str) -> list[str]:
    """The docs paths a page links to: its Markdown links, and its cards' URLs taken back to the
    page they address (with use_directory_urls, `events/x.md` is the folder `events/x/`)."""
    found = [_resolve(page, target) for target in LINK.findall(text)]
    for href in HREF.findall(text):
        if "://" in href:  # the event's reference
            continue
        url = posixpath.normpath(posixpath.join(url_of(page), href))
        found.append(url + ".md")
    return found


@pytest.fixture(scope="module")
def three_hundred() -> tuple[list[Listing], dict[str, str]]:
    listings = _listings(300)
    return listings, _render(listings)


@pytest.mark.parametrize("kind", ["event", "author", "topic"])
def test_every_essay_is_on_exactly_one_year_page_of_its_year(three_hundred, kind):
    listings, pages = three_hundred
    years = _year_pages(pages, kind)
    # 100 essays a year: two full parts each; 10 undated essays: one page.
    names = sorted(posixpath.basename(p) for p in years)
    assert names == ["2022-2.md", "2022.md", "2023-2.md", "2023.md", "2024-2.md", "2024.md", "undated.md"]
    seen: dict[str, list[str]] = {}
    for path, text in years.items():
        assert is_generated_file(path, text.encode("utf-8")), path
        entries = _essays_on(text)
        assert 0 < len(entries) <= PAGE_SIZE, path
        for slug in entries:
            seen.setdefault(slug, []).append(path)
    by_slug = {item.slug: item for item in listings}
    assert sorted(seen) == sorted(by_slug), "every essay is on a year page, and only those"
    for slug, where in seen.items():
        assert len(where) == 1, (slug, where)
        item = by_slug[slug]
        expected = f"{item.date.value.year}" if item.date else "undated"
        assert posixpath.basename(where[0]).split("-")[0].removesuffix(".md") == expected, (slug, where)


@pytest.mark.parametrize("kind", ["event", "author", "topic"])
def test_main_page_shows_the_newest_essays_up_to_the_bound_and_links_every_year(three_hundred, kind):
    listings, pages = three_hundred
    main = pages[MAIN[kind]]
    newest = [item.slug for item in sorted(listings, key=sort_key)[:PAGE_SIZE]]
    assert _essays_on(main) == newest
    assert f"Latest {PAGE_SIZE} essays" in main
    folder = posixpath.basename(MAIN[kind]).removesuffix(".md")
    for year, count in (("2024", 100), ("2023", 100), ("2022", 100)):
        assert f"[{year} ({count})]({folder}/{year}.md)" in main
    assert f"[Undated ({UNDATED_COUNT})]({folder}/undated.md)" in main
    assert f"{folder}/2024-2.md" not in main, "the main page links each year once: its first page"


def test_event_year_pages_quote_the_essays_and_link_back(three_hundred):
    _, pages = three_hundred
    page = pages["events/beslan-school-siege/2023.md"]
    assert page.startswith('---\ntitle: "Beslan school siege: essays of 2023 (page 1 of 2)"\n')
    assert "100 essays of 2023 on [Beslan school siege](../beslan-school-siege.md), newest first." in page
    assert page.count("<blockquote><p>Words before <strong>Beslan</strong> and words after.") == PAGE_SIZE
    assert "(essays 1–50 of 100): [next](2023-2.md)" in page
    second = pages["events/beslan-school-siege/2023-2.md"]
    assert "Page 2 of 2 (essays 51–100 of 100): [previous](2023.md)" in second
    undated = pages["events/beslan-school-siege/undated.md"]
    assert 'title: "Beslan school siege: undated essays"' in undated
    assert f"{UNDATED_COUNT} essays without a date on [Beslan school siege](../beslan-school-siege.md)." in undated


def test_a_long_year_links_its_parts_by_first_previous_next_last():
    listings = [_listing(i, date(2024, 1 + i % 12, 1 + i % 28)) for i in range(5 * PAGE_SIZE)]
    pages = _year_pages(_render(listings), "event")
    assert sorted(pages) == [f"events/beslan-school-siege/2024{s}.md" for s in ("-2", "-3", "-4", "-5", "")]
    middle = pages["events/beslan-school-siege/2024-3.md"]
    assert "Page 3 of 5 (essays 101–150 of 250): [first](2024.md) · [previous](2024-2.md) · " in middle
    assert "[next](2024-4.md) · [last](2024-5.md)" in middle


def _page_names(pages: dict[str, str], kind: str) -> list[str]:
    return sorted(path.rsplit("/", 1)[1] for path in _year_pages(pages, kind))


@pytest.mark.parametrize("kind", ["event", "author", "topic"])
def test_the_years_of_a_decade_share_a_page_when_its_essays_fit_on_one(kind):
    """60 essays over 24 years: three decade pages, not 24 pages of two or three essays each."""
    listings = [_listing(i, date(2001 + i % 24, 1 + i % 12, 1 + i % 28)) for i in range(60)]
    pages = _render(listings)
    assert _page_names(pages, kind) == ["2000s.md", "2010s.md", "2020s.md"]
    folder = MAIN[kind].removesuffix(".md")
    listed = [slug for path in _year_pages(pages, kind) for slug in _essays_on(pages[path])]
    assert sorted(listed) == sorted(item.slug for item in listings), "each essay on exactly one page"
    assert f"[2010s (23)]({folder.rsplit('/', 1)[1]}/2010s.md)" in pages[MAIN[kind]]
    tens = pages[f"{folder}/2010s.md"]
    assert "essays of the 2010s" in tens and "23 essays of the 2010s" in tens
    order = [int(slug.rsplit("-", 1)[1]) for slug in _essays_on(tens)]
    years = [listings[n].date.value.year for n in order]
    assert years == sorted(years, reverse=True) and set(years) == set(range(2010, 2020)), "newest first"


def test_a_decade_that_outgrows_a_page_is_split_into_its_years_and_a_lone_year_keeps_its_name():
    crowded = [_listing(i, date(2011 + i % 9, 2, 1 + i % 28)) for i in range(PAGE_SIZE + 4)]
    sparse = [_listing(100 + i, date(2021 + i % 3, 5, 1 + i)) for i in range(6)]
    lone = [_listing(200 + i, date(1995, 6, 1 + i)) for i in range(3)]
    pages = _year_pages(_render(crowded + sparse + lone), "event")
    names = sorted(path.rsplit("/", 1)[1] for path in pages)
    assert names == ["1995.md", *(f"{y}.md" for y in range(2011, 2020)), "2020s.md"]
    assert 'title: "Beslan school siege: essays of 1995"' in pages["events/beslan-school-siege/1995.md"]


def test_every_link_of_a_paged_listing_resolves(three_hundred):
    listings, pages = three_hundred
    essays = {essay_path(item.slug) for item in listings}
    checked = 0
    for path, text in pages.items():
        for resolved in _links(path, text):
            assert resolved in pages or resolved in essays, f"{path}: -> {resolved}"
            checked += 1
    year_page_links = [t for p, text in pages.items() for t in _links(p, text) if "/20" in t]
    assert checked >= 3 * len(listings) and year_page_links, "the main pages, the years and the pagers were checked"


def test_no_page_grows_with_the_archive():
    """1,000 essays or 3,000 on one event, by one author, on one topic: the largest page is the
    same size (up to the digits of the counts it prints), and holds at most PAGE_SIZE essays.
    (From 1,000: a year then has parts enough for a full pager, first · previous · next · last.)"""
    largest = {}
    for count in (1000, 3000):
        pages = _render(_listings(count))
        assert max(len(_essays_on(text)) for text in pages.values()) <= PAGE_SIZE
        largest[count] = max(len(text.encode("utf-8")) for text in pages.values())
    assert largest[3000] <= largest[1000] + 64, largest  # "1,000" where "333" was, a dozen times at most
    assert largest[3000] < 60_000, "the Markdown of a full page, far under the 150 KB of HTML"


def test_an_author_page_shows_only_the_bios_of_the_essays_it_lists(three_hundred):
    _, pages = three_hundred
    main = pages[MAIN["author"]]
    assert main.count("{: .author-bio }") == PAGE_SIZE
    assert "No biography is known." not in main


def test_a_listing_up_to_the_bound_keeps_its_single_page():
    listings = [_listing(i, date(2020 + i % 3, 3, 1 + i % 28)) for i in range(PAGE_SIZE)]
    pages = _render(listings)
    for kind in ("event", "author", "topic"):
        assert not _year_pages(pages, kind), kind
        assert len(_essays_on(pages[MAIN[kind]])) == PAGE_SIZE
        assert "Essays by year" not in pages[MAIN[kind]]


# The command line and the built site.

ESSAY = """Essay on Beslan number {n:03d}

By Author {n:03d} Example

Published: {year}-{month:02d}-{day:02d}

This essay remembers the Beslan school siege and what came after it, number {n:03d}.

A second paragraph with other words, so that the essay has a body.
"""


def _write_essays(archive: Path, count: int, years: tuple[int, ...] = (2019, 2020)) -> None:
    for n in range(count):
        text = ESSAY.format(n=n, year=years[n % len(years)], month=1 + n % 12, day=1 + n % 28)
        (archive / "essays" / f"{n:03d}_beslan.txt").write_text(text, encoding="utf-8")


def test_shrinking_an_event_below_the_bound_removes_its_year_pages(tmp_path):
    archive = make_archive(tmp_path / "archive", with_seeds=False)
    _write_essays(archive, PAGE_SIZE + 10)
    run = convert(archive)
    assert run.returncode == 0, run.stderr
    folder = archive / "docs" / "events" / "beslan-school-siege"
    year_pages = sorted(p.name for p in folder.glob("*.md"))
    assert year_pages == ["2019.md", "2020.md"]
    assert all(is_generated_file("x.md", (folder / name).read_bytes()) for name in year_pages)
    assert "Latest 50 essays" in (archive / "docs/events/beslan-school-siege.md").read_text(encoding="utf-8")
    assert convert(archive, "--check").returncode == 0

    for n in range(PAGE_SIZE - 5, PAGE_SIZE + 10):
        (archive / "essays" / f"{n:03d}_beslan.txt").unlink()
    run = convert(archive)
    assert run.returncode == 0, run.stderr
    assert not list(folder.glob("*.md")), "the year pages are removed with the paging"
    main = (archive / "docs/events/beslan-school-siege.md").read_text(encoding="utf-8")
    assert len(_essays_on(main)) == PAGE_SIZE - 5
    assert "Essays by year" not in main
    assert convert(archive, "--check").returncode == 0


def test_a_big_event_builds_strict_and_its_year_pages_stay_out_of_search(tmp_path):
    archive = make_archive(tmp_path / "archive", with_seeds=False)
    _write_essays(archive, 2 * PAGE_SIZE + 20, years=(2019, 2020))  # 2019 and 2020: 60 each, two parts
    assert convert(archive).returncode == 0
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=archive, capture_output=True, text=True, env=env
    )
    assert build.returncode == 0, build.stderr
    assert 'not included in the "nav"' not in build.stderr, "year pages are in not_in_nav, as their main pages"
    site = archive / "site"
    event = site / "events" / "beslan-school-siege"
    built = sorted(p.relative_to(event).as_posix() for p in event.rglob("index.html"))
    assert built == ["2019-2/index.html", "2019/index.html", "2020-2/index.html", "2020/index.html", "index.html"]
    for kind in ("events", "authors", "topics"):
        for page in (site / kind).rglob("*.html"):
            assert page.stat().st_size < 150 * 1024, page
    main = (event / "index.html").read_text(encoding="utf-8")
    assert 'href="2020/"' in main and 'href="2019/"' in main
    assert 'href="../"' in (event / "2020" / "index.html").read_text(encoding="utf-8")

    index = subprocess.run([sys.executable, "-m", "pagefind"], cwd=archive, capture_output=True, text=True, env=env)
    assert index.returncode == 0, index.stderr
    indexed = set()
    for fragment in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        indexed |= set(re.findall(r'"url":"([^"]+)"', gzip.decompress(fragment.read_bytes()).decode("utf-8")))
    assert "/events/beslan-school-siege/" in indexed
    assert not [url for url in indexed if re.search(r"/20\d\d(-\d+)?/$", url)], "no year page is indexed"
    assert sum(url.startswith("/essays/") for url in indexed) == 2 * PAGE_SIZE + 20
