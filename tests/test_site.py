"""Integration: the real `mkdocs build --strict` on a temporary archive (the seeds plus a hostile
essay), then read the HTML it wrote."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from opedarchive.ingest.decode import decode
from opedarchive.ingest.structure import extract_structure

from .conftest import HOSTILE_SETTINGS, HOSTILE_TITLE

SEED_1_PAGE = "essays/the-hour-of-serious-and-responsible-diplomacy-a-farewell-to/index.html"
SEED_2_PAGE = "essays/the-st-petersburg-bombing-why-it-wont-bring-america-and/index.html"


def _visible(node) -> str:
    """Visible text, whitespace collapsed as a browser shows it, without the ¶ permalinks."""
    parts = [t for t in node.find_all(string=True) if not t.find_parent("a", class_="paragraph-link")]
    return " ".join(" ".join(parts).split())


@pytest.fixture(scope="module")
def site(hostile_site) -> Path:
    return hostile_site


def _soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / "site" / page).read_text(encoding="utf-8"), "html.parser")


def _body_paragraphs(site: Path, source: str) -> tuple[str, ...]:
    text = decode((site / "essays" / source).read_bytes()).text
    return extract_structure(text).paragraphs


@pytest.mark.parametrize(
    ("page", "source"), [(SEED_1_PAGE, "000_483c548ea0d7e199.txt"), (SEED_2_PAGE, "004_eb5e84a9e9950381.txt")]
)
def test_every_paragraph_is_on_the_page_verbatim_in_order(site, page, source):
    soup = _soup(site, page)
    shown = [_visible(p) for p in soup.select("article p.essay-paragraph")]
    expected = [" ".join(p.split()) for p in _body_paragraphs(site, source)]
    assert shown == expected
    assert [p["id"] for p in soup.select("article p.essay-paragraph")] == [f"p{i}" for i in range(1, len(expected) + 1)]


def test_first_seed_page(site):
    soup = _soup(site, SEED_1_PAGE)
    title = "The Hour of Serious and Responsible Diplomacy: A Farewell to Arms?"
    assert _visible(soup.select_one("article h1")) == title
    meta = _visible(soup.select_one(".essay-meta"))
    assert "By Verónica Pérez Taffi" in meta
    assert (
        "Verónica Pérez Taffi President of AERIA (Argentine Association of Studies in International Relations). "
        "PhD candidate in International Relations at USAL. Professor at USAL, UNTREF, UNDAV, and UP." in meta
    )
    assert "c. March 2024" in meta and "Inferred" in meta
    assert "Beslan school siege" in meta and "Crocus City Hall attack" in meta
    assert "Other reviews" not in (site / "site" / SEED_1_PAGE).read_text(encoding="utf-8")


def test_second_seed_page_shows_curated_facts(site):
    soup = _soup(site, SEED_2_PAGE)
    assert _visible(soup.select_one("article h1")).startswith("The St. Petersburg Bombing: Why It Won")
    meta = _visible(soup.select_one(".essay-meta"))
    assert "By Nikolas K. Gvosdev" in meta and "April 4, 2017" in meta
    assert "The National Interest" in meta
    link = soup.select_one(".essay-meta__source a")
    assert link["href"].startswith("https://nationalinterest.org/feature/the-st-petersburg-bombing")
    assert _visible(soup.select_one(".essay-subtitle")).startswith("While Washington and Moscow")


def test_home_lists_essays_newest_first_with_dates(site):
    soup = _soup(site, "index.html")
    titles = [_visible(a) for a in soup.select("article .essay-card__title > a")]
    assert titles[0] == "The Hour of Serious and Responsible Diplomacy: A Farewell to Arms?"
    assert titles[1].startswith("The St. Petersburg Bombing")
    assert titles[2] == HOSTILE_TITLE  # no date known: listed last
    text = _visible(soup.select_one("article"))
    assert "c. March 2024" in text and "April 4, 2017" in text


def test_hostile_essay_shows_its_text_and_runs_nothing(site):
    html = (site / "site" / "essays" / "the-title-script-alert-t-script-quotes" / "index.html").read_text(
        encoding="utf-8"
    )
    soup = BeautifulSoup(html, "html.parser")
    assert _visible(soup.select_one("article h1")) == HOSTILE_TITLE
    # "Skip to content" leads to the title, not past the essay.
    assert soup.select_one("a.md-skip")["href"] == "#" + soup.select_one("article h1")["id"]
    assert soup.title.get_text().startswith(HOSTILE_TITLE)
    assert soup.select_one('meta[name="description"]')["content"].startswith('<script>alert("body")</script>')
    article = soup.select_one("article")
    assert not article.select("script, img, h3, table, hr")
    # The only headings, lists and code are the archive's own: citation and related essays.
    assert [h["id"] for h in article.select("h2")] == ["cite", "related"]
    assert [ul["class"] for ul in article.select("ul")] == [["essay-related"]]
    assert all(code.find_parent(class_=["essay-cite__text", "essay-cite__hint"]) for code in article.select("code"))
    assert not [a for a in soup.select("a[href]") if a["href"].lower().startswith("javascript")]
    assert not [tag for tag in soup.find_all(True) if any(attr.startswith("on") for attr in tag.attrs)]
    text = _visible(article)
    assert '<script>alert("body")</script> opens this essay about Beslan.' in text
    assert "[click](javascript:alert(1))" in text and "{{ config.site_name }}" in text
    assert "&copy; stays as typed" in text
    # Besides Material's own scripts, the one <script> is JSON-LD data: it holds the title as
    # data, with "<" escaped so that no "</script>" can end it early.
    data_scripts = soup.find_all("script", type="application/ld+json")
    assert len(data_scripts) == 1
    assert "<" not in data_scripts[0].string
    assert json.loads(data_scripts[0].string)["headline"] == HOSTILE_TITLE
    for script in soup.find_all("script"):
        assert script in data_scripts or "alert(" not in script.get_text()
    assert soup.select_one('meta[property="og:title"]')["content"] == HOSTILE_TITLE
    # A topic named with markup is shown as its text, on the essay page and on the topic pages.
    topic_links = soup.select(".essay-meta__topics a")
    assert "<b>bold</b> & co" in [_visible(a) for a in topic_links]
    assert not soup.select("b")
    topics_page = _soup(site, "topics/index.html")
    assert not topics_page.select("article b") and "<b>bold</b> & co" in _visible(topics_page.select_one("article"))
    topic_page = _soup(site, "topics/" + topic_links[0]["href"].rstrip("/").rsplit("/", 1)[-1] + "/index.html")
    assert "The </title><script>" in _visible(topic_page.select_one("article"))


def test_archive_json_links_every_essay_event_and_author(site):
    data = json.loads((site / "site" / "archive.json").read_text(encoding="utf-8"))
    for essay in data["essays"]:
        assert (site / "site" / essay["url"] / "index.html").exists()
    beslan = next(e for e in data["events"] if e["id"] == "beslan-school-siege")
    assert len(beslan["essays"]) == 3
    authors = {a["name"]: a for a in data["authors"]}
    assert authors["Verónica Pérez Taffi"]["essays"] == ["the-hour-of-serious-and-responsible-diplomacy-a-farewell-to"]
    hostile = next(e for e in data["essays"] if e["source"] == "900_hostile.txt")
    assert hostile["title"] == HOSTILE_TITLE  # plain text in JSON, not entities


def test_no_request_leaves_the_site(site):
    for page in (site / "site").rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.select("script[src], link[href], img[src], iframe[src]"):
            target = tag.get("src") or tag.get("href")
            if tag.name == "link" and tag.get("rel") == ["canonical"]:
                continue
            assert not target.startswith(("http:", "https:", "//")), f"{page}: {tag}"


def _indexed(site: Path) -> set[str]:
    """The URLs of the pages in the Pagefind index."""
    urls = set()
    for fragment in (site / "site" / "pagefind").glob("**/fragment/*.pf_fragment"):  # every shard
        urls |= set(re.findall(r'"url":"([^"]+)"', gzip.decompress(fragment.read_bytes()).decode("utf-8")))
    return urls


def test_search_indexes_essays_and_event_pages_and_nothing_else(site):
    essays = {f"/essays/{p.stem}/" for p in (site / "docs" / "essays").glob("*.md") if p.stem != "hostile-old-address"}
    events = {f"/events/{p.stem}/" for p in (site / "docs" / "events").glob("*.md") if p.stem != "index"}
    assert len(essays) == 3 and len(events) == 10  # not the redirect page, nor the events index
    assert _indexed(site) == essays | events


def test_the_browser_tab_says_the_site_name_once(site):
    assert _soup(site, "index.html").title.get_text() == "Op-ed Archive"
    assert _soup(site, "timeline/index.html").title.get_text() == "Timeline - Op-ed Archive"
    essay = _soup(site, SEED_2_PAGE).title.get_text()
    assert essay.endswith(" - Op-ed Archive") and essay.count("Op-ed Archive") == 1


def test_the_page_not_found_links_home_and_has_a_search_box_from_any_depth(site):
    page = _soup(site, "404.html")
    assert page.title.get_text() == "Page not found - Op-ed Archive"
    assert _visible(page.select_one("article h1")) == "Page not found"
    # Absolute paths under the site's address: GitHub Pages serves this page at any depth.
    at_depth = "https://example.org/archive/no/such/page/"
    assert urljoin(at_depth, page.select_one("article a.archive-home-link")["href"]) == HOSTILE_SETTINGS["SITE_URL"]
    form = page.select_one('article form[role="search"]')
    assert urljoin(at_depth, form["action"]) == HOSTILE_SETTINGS["SITE_URL"] + "search/" and form.select_one(
        'input[name="q"][type="search"]'
    )
    assert page.select_one(f'label[for="{form.select_one("input")["id"]}"]') is not None


def test_the_footer_links_about_the_feeds_corrections_and_gives_the_licence(site):
    for page in ("index.html", SEED_1_PAGE, "404.html"):
        footer = _soup(site, page).select_one("footer.archive-footer")
        links = {_visible(a): a["href"] for a in footer.select("a")}
        assert set(links) == {"About this archive", "RSS feed", "JSON Feed", "Report a correction"}, page
        assert links["Report a correction"] == HOSTILE_SETTINGS["CORRECTIONS_URL"]
        assert _visible(footer.select_one(".archive-footer__licence")) == HOSTILE_SETTINGS["COPYRIGHT"]
        assert not footer.select("b") and "Made with" not in footer.get_text()


def test_pagefind_indexes_every_essay(site):
    bundles = site / "site" / "pagefind"
    manifest = json.loads((bundles / "shards.json").read_text(encoding="utf-8"))
    entries = [
        json.loads((bundles / b / "pagefind-entry.json").read_text(encoding="utf-8")) for b in manifest["bundles"]
    ]
    pages = [p.read_text(encoding="utf-8") for p in (site / "site" / "essays").glob("*/index.html")]
    essays = [p for p in pages if 'http-equiv="refresh"' not in p]
    assert len(essays) == 3
    assert sum(entry["languages"]["en"]["page_count"] for entry in entries) == manifest["pages"] >= len(essays)


def test_an_alias_redirects_to_the_essay(site):
    soup = _soup(site, "essays/hostile-old-address/index.html")
    refresh = soup.select_one('meta[http-equiv="refresh"]')
    assert refresh["content"] == "0; url=../the-title-script-alert-t-script-quotes/"
    assert soup.select_one('meta[name="robots"]')["content"] == "noindex"
    target = site / "site" / "essays" / "hostile-old-address" / "../the-title-script-alert-t-script-quotes/index.html"
    assert target.resolve().exists()
    # Without JavaScript or refresh, the page says so in words, with a link (no Markdown left unrendered).
    moved = soup.select_one("article .essay-moved")
    assert moved.h1.get_text().startswith("Moved: ") and "<script>" in moved.h1.get_text()
    assert moved.a["href"] == "../the-title-script-alert-t-script-quotes/"
    assert "#" not in moved.get_text() and "](" not in moved.get_text()


def test_essay_head_metadata(site):
    soup = _soup(site, SEED_2_PAGE)
    url = "https://example.org/archive/essays/the-st-petersburg-bombing-why-it-wont-bring-america-and/"
    assert soup.select_one('link[rel="canonical"]')["href"] == url
    prop = {m["property"]: m["content"] for m in soup.select("meta[property]")}
    assert prop["og:type"] == "article" and prop["og:url"] == url
    assert prop["article:published_time"] == "2017-04-04"
    assert prop["article:author"] == "Nikolas K. Gvosdev"
    names = {m["name"]: m["content"] for m in soup.select("meta[name]")}
    assert names["twitter:card"] == "summary"
    assert names["citation_publication_date"] == "2017/04/04"
    assert names["citation_title"].startswith("The St. Petersburg Bombing")
    data = json.loads(soup.select_one('script[type="application/ld+json"]').string)
    assert data["@type"] == "OpinionNewsArticle" and data["author"][0]["@type"] == "Person"
    assert data["isBasedOn"].startswith("https://nationalinterest.org/")
    assert data["publisher"]["name"] == "The National Interest"
    beslan = next(e for e in data["about"] if e["name"] == "Beslan school siege")
    assert beslan["@type"] == "Event" and beslan["startDate"] == "2004-09-01"
    assert beslan["location"]["name"].startswith("Beslan")
    # An inferred date is not published as machine-readable fact.
    other = _soup(site, SEED_1_PAGE)
    assert not other.select('meta[property="article:published_time"], meta[name="citation_publication_date"]')
    assert "datePublished" not in json.loads(other.select_one('script[type="application/ld+json"]').string)
