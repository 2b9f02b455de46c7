"""The same mkdocs.yml and docs/ build with Zensical (pinned in requirements-zensical.txt, in its
own venv .venv-zensical that `make test` installs): the essay pages keep their paragraphs with
their ids, the escaped title, the metadata block, and the home page lists the essays."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from opedarchive.decode import decode
from opedarchive.structure import extract_structure

from .conftest import ROOT, convert, make_archive

ZENSICAL = ROOT / ".venv-zensical" / "bin" / "zensical"
SEED_1_PAGE = "essays/the-hour-of-serious-and-responsible-diplomacy-a-farewell-to/index.html"
HOSTILE_TITLE = 'The </title><script>alert("t")</script> & "Quotes"'
HOSTILE = f"""{HOSTILE_TITLE}

By Eve Mallory

<script>alert("body")</script> opens this essay about Beslan.
<img src=x onerror=alert(1)> and {{{{ config.site_name }}}}
"""
HOSTILE_PAGE = "essays/the-title-script-alert-t-script-quotes/index.html"


def _visible(node) -> str:
    return " ".join(node.get_text(" ").split())


def _body_paragraphs(archive: Path, source: str) -> tuple[str, ...]:
    return extract_structure(decode((archive / "essays" / source).read_bytes()).text).paragraphs


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory) -> Path:
    assert ZENSICAL.exists(), "Zensical is not installed: run `make test` (it installs .venv-zensical)"
    archive = make_archive(tmp_path_factory.mktemp("zensical") / "archive")
    (archive / "essays" / "900_hostile.txt").write_text(HOSTILE, encoding="utf-8")
    assert convert(archive).returncode == 0
    env = {"PATH": "/usr/bin:/bin", "HOME": str(archive), "SITE_URL": "https://example.org/archive/"}
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
