"""Shared helpers: a throwaway archive (the project's config, catalog and seeds) in tmp_path."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "essays").glob("*.txt")) + sorted((ROOT / "essays").glob("*.yml"))


def make_archive(base: Path, with_seeds: bool = True) -> Path:
    """A minimal copy of the project: mkdocs.yml, catalog, theme overrides, hand-written docs, seed essays."""
    base.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "events.yml", "build_archive.py", "pagefind.yml"):
        shutil.copy(ROOT / name, base / name)
    for hand_written in ("docs/stylesheets", "docs/javascripts", "overrides"):
        shutil.copytree(ROOT / hand_written, base / hand_written)
    (base / "essays").mkdir()
    if with_seeds:
        for path in SEEDS:
            shutil.copy(path, base / "essays" / path.name)
    return base


def convert(archive: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run the real command line, as a maintainer would, in the archive folder."""
    return subprocess.run(
        [sys.executable, str(ROOT / "build_archive.py"), *args],
        cwd=archive,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", **(env or {})},
        check=False,
    )


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    return make_archive(tmp_path / "archive")


@pytest.fixture(scope="session")
def served_site(tmp_path_factory):
    """The seed archive built once per run by the real pipeline for http://127.0.0.1:PORT/REPO/ and served
    there, like GitHub Pages serves a project site; shared by the crawl and browser tests."""
    from .sitebuild import build_and_serve  # sitebuild imports this module

    site_dir, server = build_and_serve(tmp_path_factory.mktemp("served"))
    yield SimpleNamespace(site_dir=site_dir, base_url=server.base_url, origin=server.origin)
    server.stop()
