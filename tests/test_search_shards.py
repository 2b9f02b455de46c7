"""Search indexed in bounded memory (tools/search_index.py): Pagefind runs over slices of at most a
fixed number of pages, one after another, each into its own bundle, and the search page merges the
bundles. The slicing is pure and tested as such; the runs are tested on small sites with the real
Pagefind; the search, in headless Chromium on the real search page, must find an essay's phrase
and rank that essay first whatever shard it is in."""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bench import measure
from bench.synth import generate
from tools.search_index import (
    MAX_GLOB_CHARS,
    PAGES_PER_SHARD,
    Page,
    escape_glob,
    expand_braces,
    glob_of,
    plan_shards,
)

from .conftest import ROOT, SEARCH_INDEX, convert, make_archive

# Names the glob must match literally: Pagefind's glob metacharacters, a space, accents.
ODD_NAMES = ["plain", "a b", "x,y", "p{q}", "r[s]", "paren(1)", "colon:", "lt<gt>", "t*u", "q?r", "dollar$", "ü-é"]


def _pages(count: int, size: int = 27_000) -> list[Page]:
    return [Page(f"essays/essay-{number:05d}/index.html", size) for number in range(count)]


@pytest.mark.parametrize("count", [1, 1999, 2000, 2001, 5_236, 20_240])
def test_every_shard_has_at_most_the_fixed_number_of_pages_whatever_the_archive(count):
    pages = _pages(count)
    shards = plan_shards(pages)
    assert max(len(shard.pages) for shard in shards) == min(count, PAGES_PER_SHARD)
    assert len(shards) == math.ceil(count / PAGES_PER_SHARD)  # only the number of runs grows with N
    assert [page for shard in shards for page in shard.pages] == [page.path for page in pages]  # each once, in order
    assert [shard.number for shard in shards] == list(range(len(shards)))


def test_a_shard_is_also_cut_at_the_byte_budget_and_a_huge_page_is_alone():
    pages = [Page("a.html", 30), Page("b.html", 30), Page("huge.html", 500), Page("c.html", 10), Page("d.html", 10)]
    shards = plan_shards(pages, pages_per_shard=10, bytes_per_shard=100)
    assert [shard.pages for shard in shards] == [("a.html", "b.html"), ("huge.html",), ("c.html", "d.html")]


def test_each_shards_glob_fits_in_one_command_line_argument():
    long_names = [Page(f"authors/{'very-long-author-name-' * 8}{number}/index.html", 5000) for number in range(3000)]
    shards = plan_shards(long_names, pages_per_shard=1000)
    assert len(shards) > 3  # cut by length before 1,000 pages
    assert all(len(glob_of(shard.pages)) <= MAX_GLOB_CHARS for shard in shards)
    assert sum(len(shard.pages) for shard in shards) == 3000


def test_the_config_glob_braces_expand_as_pagefind_reads_them():
    assert expand_braces("{essays,events,authors}/**/*.html") == [
        "essays/**/*.html",
        "events/**/*.html",
        "authors/**/*.html",
    ]
    assert expand_braces("{a,b{c,d}}/x") == ["a/x", "bc/x", "bd/x"]
    # A glob that leaves out the year pages of a large event or author (events/<id>/2024/).
    assert expand_braces("{essays/**/*,events/*,events/*/index}.html") == [
        "essays/**/*.html",
        "events/*.html",
        "events/*/index.html",
    ]
    assert expand_braces("**/*.html") == ["**/*.html"]


def test_glob_metacharacters_are_escaped_and_nothing_else():
    assert escape_glob("essays/p{q},r[s](t)*?:$<>/index.html") == (
        "essays/p\\{q\\}\\,r\\[s\\]\\(t\\)\\*\\?\\:\\$\\<\\>/index.html"
    )
    assert escape_glob("essays/a b-ü!&/index.html") == "essays/a b-ü!&/index.html"


def _tiny_site(base: Path, names: list[str]) -> Path:
    """A built site as Pagefind sees it: a home page, essay pages with one unique word each, a
    page outside the configured glob, and pagefind.yml."""
    site = base / "site"
    (site / "other").mkdir(parents=True)
    (site / "index.html").write_text("<html lang=en><body><h1>Home</h1></body></html>", encoding="utf-8")
    (site / "other" / "index.html").write_text("<html lang=en><body><p>outside</p></body></html>", encoding="utf-8")
    for number, name in enumerate(names):
        page = site / "essays" / name / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(f"<html lang=en><body><h1>{name}</h1><p>uniqueword{number}</p></body></html>", encoding="utf-8")
    (base / "pagefind.yml").write_text('site: site\nglob: "{essays,events}/**/*.html"\n', encoding="utf-8")
    return base


def _index(base: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SEARCH_INDEX), *args], cwd=base, capture_output=True, text=True, check=False
    )


def _entry(bundle: Path) -> dict:
    return json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))


def test_pagefind_runs_once_per_shard_and_indexes_every_page_once(tmp_path):
    base = _tiny_site(tmp_path, ODD_NAMES)
    run = _index(base, "--pages-per-shard", "5")
    assert run.returncode == 0, run.stderr
    assert f"{len(ODD_NAMES)} pages in 3 shard(s) of at most 5 pages" in run.stdout
    bundles = base / "site" / "pagefind"
    manifest = json.loads((bundles / "shards.json").read_text(encoding="utf-8"))
    assert manifest == {"bundles": ["shard-0/", "shard-1/", "shard-2/"], "pages": len(ODD_NAMES)}
    counts = [_entry(bundles / bundle)["languages"]["en"]["page_count"] for bundle in manifest["bundles"]]
    assert counts == [5, 5, 2]  # the page outside the glob and the home page are not indexed


def test_merged_bundles_keep_only_what_the_search_page_fetches_from_them(tmp_path):
    base = _tiny_site(tmp_path, ODD_NAMES)
    assert _index(base, "--pages-per-shard", "5").returncode == 0
    first, later = base / "site" / "pagefind" / "shard-0", base / "site" / "pagefind" / "shard-1"
    assert {"pagefind.js", "pagefind-ui.js", "pagefind-ui.css", "pagefind-worker.js"} <= {
        p.name for p in first.iterdir()
    }
    assert any(first.glob("wasm.*.pagefind"))
    kept = {path.name if path.suffix != ".pf_meta" else "*.pf_meta" for path in later.iterdir()}
    assert kept == {"pagefind-entry.json", "*.pf_meta", "index", "fragment"}


def test_the_bundles_of_an_earlier_run_are_replaced(tmp_path):
    base = _tiny_site(tmp_path, ODD_NAMES)
    assert _index(base, "--pages-per-shard", "2").returncode == 0
    (base / "site" / "pagefind" / "stale.txt").write_text("from an older Pagefind", encoding="utf-8")
    assert _index(base).returncode == 0
    assert sorted(p.name for p in (base / "site" / "pagefind").iterdir()) == ["shard-0", "shards.json"]


def test_an_unbuilt_site_says_to_build_it_first(tmp_path):
    (tmp_path / "pagefind.yml").write_text("site: site\n", encoding="utf-8")
    run = _index(tmp_path)
    assert run.returncode == 1
    assert "site/index.html is missing: build the site first" in run.stderr
    assert "Traceback" not in run.stderr


def test_a_broken_config_is_named_with_what_to_do(tmp_path):
    (tmp_path / "pagefind.yml").write_text("glob: '**/*.html'\n", encoding="utf-8")
    run = _index(tmp_path)
    assert run.returncode == 1
    assert "pagefind.yml: `site` must name the built site's folder" in run.stderr


# The search itself, as a reader runs it: a synthetic archive of 40 essays, built as `make site`
# builds it but with 10 pages per shard, so that the essays are spread over several bundles.
SEARCH_ESSAYS = 40
SEARCH_SHARD_PAGES = 10


@pytest.fixture(scope="module")
def sharded_site(tmp_path_factory) -> Path:
    archive = make_archive(tmp_path_factory.mktemp("shards") / "archive", with_seeds=False)
    generate(SEARCH_ESSAYS, archive / "essays", seed=7)  # the project's catalog
    assert convert(archive).returncode == 0
    env = {"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=archive, capture_output=True, text=True, env=env
    )
    assert build.returncode == 0, build.stderr
    index = _index(archive, "--pages-per-shard", str(SEARCH_SHARD_PAGES))
    assert index.returncode == 0, index.stderr
    return archive


def _marker(archive: Path, position: int) -> tuple[str, str]:
    """(the marker phrase of the essay at this position in file order, the URL of its page)."""
    source = sorted((archive / "essays").glob("*.txt"))[position]
    phrase = re.search(r"Marker phrase \w+ \d{5} \w+", source.read_text(encoding="utf-8")).group(0)
    slugs = yaml.safe_load((archive / "essays" / ".slugs.yml").read_text(encoding="utf-8"))
    return phrase, f"/essays/{slugs[source.name]}/"


@pytest.mark.slow
def test_the_sharded_index_spreads_the_essays_over_several_runs(sharded_site):
    manifest = json.loads((sharded_site / "site" / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    assert len(manifest["bundles"]) >= SEARCH_ESSAYS // SEARCH_SHARD_PAGES
    for bundle in manifest["bundles"]:
        assert (
            _entry(sharded_site / "site" / "pagefind" / bundle)["languages"]["en"]["page_count"] <= SEARCH_SHARD_PAGES
        )


@pytest.mark.slow
@pytest.mark.parametrize("position", [0, SEARCH_ESSAYS // 2, -1])
def test_a_search_finds_an_essays_phrase_and_ranks_that_essay_first(sharded_site, position):
    phrase, url = _marker(sharded_site, position)
    found, fetched = measure.pagefind_search(sharded_site / "site", phrase)
    assert found[:1] == [url], (phrase, found)
    assert 0 < fetched < 1_000_000
