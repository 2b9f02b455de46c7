"""Build the seed archive into a folder with the real pipeline and serve it under a subpath, the way
GitHub Pages serves a project site at https://USER.github.io/REPO/. Shared by the crawl and browser tests
and by bench/lighthouse.py."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from preview import SiteServer as _SiteServer

from .conftest import ROOT, SEARCH_INDEX, TEST_SHARD_PAGES, make_archive

REPO = "REPO"


def run_pipeline(archive: Path, site_url: str) -> None:
    """build_archive.py -> mkdocs build --strict -> Pagefind in shards (as `make site`, with fewer pages
    per shard, so that search merges several), all with SITE_URL set."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": site_url, "PYTHONPATH": str(ROOT)}
    steps = [
        [sys.executable, "build_archive.py"],
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        [sys.executable, str(SEARCH_INDEX), "--pages-per-shard", str(TEST_SHARD_PAGES)],  # reads pagefind.yml
    ]
    for step in steps:
        run = subprocess.run(step, cwd=archive, capture_output=True, text=True, env=env, check=False)
        if run.returncode != 0:
            raise RuntimeError(f"{' '.join(step)} failed ({run.returncode}):\n{run.stdout}\n{run.stderr}")


class SiteServer(_SiteServer):
    """preview.py's server (the one `make preview` runs), on a free port of 127.0.0.1, serving `site_dir` under
    /REPO/ until `stop()`; bound before the site is built, since the build needs the port for SITE_URL."""

    def __init__(self, site_dir: Path, compress: bool = False) -> None:
        super().__init__(site_dir, f"/{REPO}/", compress=compress)


def build_and_serve(base: Path, compress: bool = False) -> tuple[Path, SiteServer]:
    """Copy the project's seeds into `base`, build the site for its final URL and start serving it."""
    archive = make_archive(base / "archive")
    server = SiteServer(archive / "site", compress=compress)
    try:
        run_pipeline(archive, server.base_url)
    except BaseException:
        server.stop()
        raise
    return archive / "site", server.start()
