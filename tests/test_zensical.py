"""The same mkdocs.yml and docs/ build with Zensical (pinned in requirements-zensical.txt, in its
own venv .venv-zensical that `make test` installs): the essay pages keep their paragraphs with
their ids, the escaped title, the metadata block, and the home page lists the essays."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from opedarchive.ingest.decode import decode
from opedarchive.ingest.structure import extract_structure

from .conftest import HOSTILE, HOSTILE_SETTINGS, HOSTILE_SITE_URL, HOSTILE_TITLE, ROOT, convert, make_archive

pytestmark = pytest.mark.slow  # `make test-fast` leaves this module out

ZENSICAL = ROOT / ".venv-zensical" / "bin" / "zensical"
SEED_1_PAGE = "essays/the-hour-of-serious-and-responsible-diplomacy-a-farewell-to/index.html"
HOSTILE_PAGE = "essays/the-title-script-alert-t-script-quotes/index.html"


def _visible(node) -> str:
    """Visible text, whitespace collapsed, without the ¶ permalinks."""
    parts = [t for t in node.find_all(string=True) if not t.find_parent("a", class_="paragraph-link")]
    return " ".join(" ".join(parts).split())


def _body_paragraphs(archive: Path, source: str) -> tuple[str, ...]:
    return extract_structure(decode((archive / "essays" / source).read_bytes()).text).paragraphs


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory) -> Path:
    assert ZENSICAL.exists(), "Zensical is not installed: run `make test` (it installs .venv-zensical)"
    archive = make_archive(tmp_path_factory.mktemp("zensical") / "archive")
    (archive / "essays" / "900_hostile.txt").write_text(HOSTILE, encoding="utf-8")
    assert convert(archive, env=HOSTILE_SETTINGS).returncode == 0
    env = {"PATH": "/usr/bin:/bin", "HOME": str(archive), **HOSTILE_SETTINGS}
    build = subprocess.run(
        [str(ZENSICAL), "build", "--clean", "-f", "mkdocs.yml"],
        cwd=archive,
        capture_output=True,
        text=True,
        env={**env, "LANG": os.environ.get("LANG", "C.UTF-8")},
        timeout=300,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    return archive


def _soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / "site" / page).read_text(encoding="utf-8"), "html.parser")


def test_essay_page_has_every_paragraph_with_its_id(zensical_site):
    soup = _soup(zensical_site, SEED_1_PAGE)
    paragraphs = soup.select("article p.essay-paragraph")
    expected = [" ".join(p.split()) for p in _body_paragraphs(zensical_site, "000_483c548ea0d7e199.txt")]
    assert [_visible(p) for p in paragraphs] == expected
    assert [p["id"] for p in paragraphs] == [f"p{i}" for i in range(1, len(expected) + 1)]
    meta = _visible(soup.select_one(".essay-meta"))
    assert "By Verónica Pérez Taffi" in meta and "Beslan school siege" in meta


def test_hostile_title_is_escaped_and_nothing_runs(zensical_site):
    soup = _soup(zensical_site, HOSTILE_PAGE)
    assert _visible(soup.select_one("article h1")) == HOSTILE_TITLE
    assert soup.title.get_text().startswith(HOSTILE_TITLE)
    article = soup.select_one("article")
    assert not article.select("script, img")
    assert '<script>alert("body")</script> opens this essay about Beslan.' in _visible(article)


def test_home_lists_every_essay(zensical_site):
    soup = _soup(zensical_site, "index.html")
    links = {a["href"] for a in soup.select("article a[href]")}
    for page in (SEED_1_PAGE, HOSTILE_PAGE):
        assert page.removesuffix("index.html") in links


def test_event_timeline_author_and_topic_pages_are_built(zensical_site):
    event = _soup(zensical_site, "events/beslan-school-siege/index.html")
    assert _visible(event.select_one("article h1")) == "Beslan school siege"
    quote_links = [a["href"] for a in event.select("article blockquote a")]
    assert any(href.endswith("#p1") or "#p" in href for href in quote_links), quote_links
    timeline = _soup(zensical_site, "timeline/index.html")
    rows = timeline.select("article ol.timeline > li.timeline__row > a[href]")
    assert "Beslan school siege" in [_visible(a.select_one(".timeline__label")) for a in rows]
    author = _soup(zensical_site, "authors/veronica-perez-taffi/index.html")
    assert "AERIA" in _visible(author.select_one("article"))
    topics = _soup(zensical_site, "topics/index.html")
    assert "terrorist attack" in _visible(topics.select_one("article"))
    topic = _soup(zensical_site, "topics/terrorist-attack/index.html")
    assert "The Hour of Serious and Responsible Diplomacy" in _visible(topic.select_one("article"))


def test_head_metadata_comes_through_the_theme_override(zensical_site):
    soup = _soup(zensical_site, SEED_1_PAGE)
    assert soup.select_one('meta[property="og:type"]')["content"] == "article"
    data = json.loads(soup.select_one('script[type="application/ld+json"]').string)
    assert data["@type"] == "OpinionNewsArticle"
    hostile = _soup(zensical_site, HOSTILE_PAGE)
    assert json.loads(hostile.select_one('script[type="application/ld+json"]').string)["headline"] == HOSTILE_TITLE


def test_the_theme_overrides_work_under_zensical(zensical_site):
    """overrides/ (Jinja that Zensical's own template engine also runs): the front page's browser tab, the
    footer with its corrections link and licence line, the page not found."""
    assert _soup(zensical_site, "index.html").title.get_text() == "Op-ed Archive"
    assert _soup(zensical_site, "about/index.html").title.get_text() == "About this archive - Op-ed Archive"
    footer = _soup(zensical_site, "index.html").select_one("footer.archive-footer")
    links = {_visible(a): a["href"] for a in footer.select("a")}
    assert links["Report a correction"] == HOSTILE_SETTINGS["CORRECTIONS_URL"]
    assert _visible(footer.select_one(".archive-footer__licence")) == HOSTILE_SETTINGS["COPYRIGHT"]
    missing = _soup(zensical_site, "404.html")
    assert missing.title.get_text() == "Page not found - Op-ed Archive"
    assert missing.select_one("a.archive-home-link")["href"] == "/archive/"
    assert missing.select_one('form[role="search"]')["action"] == "/archive/search/"


def test_verify_passes_on_the_zensical_site(zensical_site):
    """Every paragraph verbatim, metadata as the front matter says, and no markup but the theme's:
    the same check `make site` runs on the MkDocs build."""
    run = convert(zensical_site, "--verify", env={"SITE_URL": HOSTILE_SITE_URL})
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.strip().endswith("0 problem(s); every paragraph is on its page verbatim")
