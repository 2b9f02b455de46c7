"""The Material blog peer of `make bench` (bench/blog_peer.py): the same essays as blog posts with
their title, date, authors, categories (events) and tags (topics), built by MkDocs with Material's
blog, tags and search plugins and mkdocs-rss-plugin, as pinned in requirements-dev.txt."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from bench.blog_peer import UNKNOWN_DATE, post_page, write_blog
from bench.synth import generate

from .conftest import convert, make_archive

ESSAYS = 12


@pytest.fixture(scope="module")
def blog(tmp_path_factory) -> tuple[Path, Path]:
    """(the converted archive, the blog peer built from it)."""
    base = tmp_path_factory.mktemp("peer")
    archive = make_archive(base / "archive", with_seeds=False)
    generate(ESSAYS, archive / "essays", seed=3)  # the project's catalog
    assert convert(archive).returncode == 0
    peer = write_blog(archive, base / "blog")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet"], cwd=peer, capture_output=True, text=True, env=env
    )
    assert build.returncode == 0, build.stderr
    return archive, peer


def _front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def test_every_essay_is_a_post_with_the_archives_metadata(blog):
    archive, peer = blog
    data = json.loads((archive / "docs" / "archive.json").read_text(encoding="utf-8"))
    events = {event["id"]: event["name"] for event in data["events"]}
    authors = yaml.safe_load((peer / "docs" / "blog" / ".authors.yml").read_text(encoding="utf-8"))["authors"]
    assert len(data["essays"]) == ESSAYS
    for essay in data["essays"]:
        meta = _front_matter(peer / "docs" / "blog" / "posts" / f"{essay['slug']}.md")
        assert str(meta["date"]) == (essay["date"] or UNKNOWN_DATE)
        assert [authors[author]["name"] for author in meta.get("authors", [])] == [a["name"] for a in essay["authors"]]
        assert meta.get("categories", []) == [events[event] for event in essay["events"]]
        assert meta.get("tags", []) == essay["tags"]
        page = BeautifulSoup(post_page(peer / "site", essay["slug"]).read_text(encoding="utf-8"), "html.parser")
        assert page.select_one("article h1").get_text(strip=True) == essay["title"]


def test_the_plugins_made_their_pages_and_feeds(blog):
    archive, peer = blog
    site = peer / "site"
    assert (site / "search" / "search_index.json").is_file()  # Material's search
    assert any((site / "blog" / "category").glob("*/index.html"))  # one page per event
    assert any((site / "blog" / "archive").glob("*/index.html"))  # one page per year
    tags = (site / "tags" / "index.html").read_text(encoding="utf-8")
    data = json.loads((archive / "docs" / "archive.json").read_text(encoding="utf-8"))
    assert all(tag in tags for essay in data["essays"] for tag in essay["tags"])
    feed = (site / "feed_rss_created.xml").read_text(encoding="utf-8")
    assert feed.count("<item>") == ESSAYS
