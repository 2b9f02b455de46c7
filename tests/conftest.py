"""Shared helpers: a throwaway archive (the project's config, catalog and seeds) in tmp_path."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEARCH_INDEX = ROOT / "tools" / "search_index.py"
# Pages per Pagefind run in the tests' site builds: so few that even the seed site's index is in
# several shards, and every search in the tests merges them as a large archive's search does.
TEST_SHARD_PAGES = 3
SEEDS = sorted((ROOT / "essays").glob("*.txt")) + sorted((ROOT / "essays").glob("*.yml"))
HOSTILE_SITE_URL = "https://example.org/archive/"
# The other settings a maintainer may give (README, "Publish on GitHub Pages"); the licence line holds markup
# that must show as text.
HOSTILE_SETTINGS = {
    "SITE_URL": HOSTILE_SITE_URL,
    "CORRECTIONS_URL": "https://example.org/corrections",
    "COPYRIGHT": "Texts © their authors; <b>metadata</b> CC BY 4.0",
}
HOSTILE_TITLE = 'The </title><script>alert("t")</script> & "Quotes"'
HOSTILE = f"""{HOSTILE_TITLE}

By Eve Mallory

<script>alert("body")</script> opens this essay about Beslan.
# not a heading
<img src=x onerror=alert(1)> and [click](javascript:alert(1)) and {{{{ config.site_name }}}}
---
| a | b |

* not a list and `not code` and &copy; stays as typed.

Eve Mallory is a fellow at the Institute of Hostile Inputs.
"""


def project_catalog():
    """The project's event catalog (every events/*.yml), loaded as the converter loads it."""
    from opedarchive.catalog.load import load_catalog_files

    files = sorted((ROOT / "events").glob("*.yml"))
    events, problems = load_catalog_files({f"events/{p.name}": p.read_text(encoding="utf-8") for p in files})
    assert not problems, problems
    return events


def make_archive(base: Path, with_seeds: bool = True) -> Path:
    """A minimal copy of the project: mkdocs.yml, catalog, theme overrides, hand-written docs, seed essays."""
    base.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "build_archive.py", "pagefind.yml"):
        shutil.copy(ROOT / name, base / name)
    for hand_written in ("events", "docs/stylesheets", "docs/javascripts", "overrides"):
        shutil.copytree(ROOT / hand_written, base / hand_written)
    (base / "essays").mkdir()
    if with_seeds:
        for path in SEEDS:
            shutil.copy(path, base / "essays" / path.name)
    return base


def _link_unless_lock(source: str, target: str) -> None:
    """Hard link, not copy (far less I/O on a busy machine): the converter never writes a file
    in place, it renames a new one over it, so the saved copy is never touched. The lock file
    is the exception (rewritten in place with each holder's pid): copied."""
    if Path(source).name == "lock":
        shutil.copy2(source, target)
    else:
        os.link(source, target)


def restore_outputs(archive: Path, saved: Path) -> None:
    """Put back docs/, the state folder and the slug record as they are in `saved` (a copy of
    the archive), for tests that run the converter many times from one starting point."""
    for folder in ("docs", ".build_archive_cache"):
        shutil.rmtree(archive / folder, ignore_errors=True)
        shutil.copytree(saved / folder, archive / folder, copy_function=_link_unless_lock)
    shutil.copy(saved / "essays" / ".slugs.yml", archive / "essays" / ".slugs.yml")


def convert(
    archive: Path, *args: str, env: dict[str, str] | None = None, timeout: float | None = None
) -> subprocess.CompletedProcess:
    """Run the real command line, as a maintainer would, in the archive folder. With a timeout,
    a run that hangs fails its test instead of stopping the suite."""
    return subprocess.run(
        [sys.executable, str(ROOT / "build_archive.py"), *args],
        cwd=archive,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", **(env or {})},
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    return make_archive(tmp_path / "archive")


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Path:
    """The seeds plus a hostile essay, converted and built by the real `mkdocs build --strict` and
    indexed by Pagefind in shards (tools/search_index.py) for a site under a subpath
    (HOSTILE_SITE_URL, with the other HOSTILE_SETTINGS). Read it; copy it before changing it."""
    archive = make_archive(tmp_path_factory.mktemp("site") / "archive")
    (archive / "essays" / "900_hostile.txt").write_text(HOSTILE, encoding="utf-8")
    (archive / "essays" / "900_hostile.yml").write_text(
        'aliases: [hostile-old-address]\ntags: ["<b>bold</b> & co"]\n', encoding="utf-8"
    )
    run = convert(archive, env=HOSTILE_SETTINGS)
    assert run.returncode == 0, run.stderr
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **HOSTILE_SETTINGS}
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=archive, capture_output=True, text=True, env=env
    )
    assert build.returncode == 0, build.stderr
    index = subprocess.run(
        [sys.executable, str(SEARCH_INDEX), "--pages-per-shard", str(TEST_SHARD_PAGES)],
        cwd=archive,
        capture_output=True,
        text=True,
        env=env,
    )
    assert index.returncode == 0, index.stderr
    return archive


@pytest.fixture(scope="session")
def served_site(tmp_path_factory):
    """The seed archive built once per run by the real pipeline for http://127.0.0.1:PORT/REPO/ and served
    there, like GitHub Pages serves a project site; shared by the crawl and browser tests."""
    from .sitebuild import build_and_serve  # sitebuild imports this module

    site_dir, server = build_and_serve(tmp_path_factory.mktemp("served"))
    yield SimpleNamespace(site_dir=site_dir, base_url=server.base_url, origin=server.origin)
    server.stop()
