"""The size guard `make site` ends with (tools/site_size.py): the site's size against GitHub Pages'
1 GB limit for a published site, a warning from 80% of it, a failure above it that says what to do."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tools.site_size import GITHUB_PAGES_LIMIT_MB, SiteSize, measure, verdict

from .conftest import ROOT

GB = 1_000_000_000


@pytest.mark.parametrize(
    ("size", "level"),
    [(198_100_000, "ok"), (799_999_999, "ok"), (800_000_000, "warning"), (GB, "warning"), (GB + 1, "error")],
)
def test_the_level_follows_githubs_limit(size, level):
    assert verdict(SiteSize(size, 11_253, 5_000), GITHUB_PAGES_LIMIT_MB).level == level


def test_the_report_says_how_many_more_essays_fit():
    found = verdict(SiteSize(198_100_000, 11_253, 5_000), GITHUB_PAGES_LIMIT_MB)
    assert found.message == (
        "site/ is 198.1 MB in 11,253 files, 20% of GitHub Pages' 1 GB limit for a published site; "
        "at 40 KB per essay, about 25,239 essays fit (20,239 more)"
    )


def test_the_warning_says_to_plan_the_move():
    found = verdict(SiteSize(850_000_000, 50_000, 21_000), GITHUB_PAGES_LIMIT_MB)
    assert found.level == "warning"
    assert "85% of GitHub Pages' 1 GB limit" in found.message
    assert "Plan the move to a bigger host" in found.message


def test_over_the_limit_it_says_what_fails_and_what_to_do():
    found = verdict(SiteSize(1_030_000_000, 60_000, 26_000), GITHUB_PAGES_LIMIT_MB)
    assert found.level == "error"
    assert "site/ is 1,030.0 MB in 60,000 files, over GitHub Pages' 1 GB limit" in found.message
    assert "the deployment would be refused" in found.message
    assert "make site SITE_LIMIT_MB=" in found.message


def test_another_hosts_limit_or_none():
    assert verdict(SiteSize(3 * GB, 1, 0), 0).level == "ok"
    found = verdict(SiteSize(30_000_000, 10, 0), 25)
    assert found.level == "error"
    assert "over 25 MB limit" in found.message
    assert "GitHub" not in found.message


def _site(base: Path, essays: int, bytes_each: int) -> Path:
    site = base / "site"
    site.mkdir(parents=True)
    (site / "index.html").write_text("<html></html>", encoding="utf-8")
    for number in range(essays):
        page = site / "essays" / f"essay-{number}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_bytes(b"x" * bytes_each)
    return site


def _check(base: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "tools" / "site_size.py"), *args],
        cwd=base,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", **(env or {})},
    )


def test_measure_counts_every_file_and_the_essay_pages(tmp_path):
    site = _site(tmp_path, essays=3, bytes_each=1000)
    assert measure(site) == SiteSize(3013, 4, 3)


def test_the_command_passes_warns_and_fails(tmp_path):
    _site(tmp_path, essays=10, bytes_each=100_000)  # 1.0 MB
    ok = _check(tmp_path)
    assert ok.returncode == 0
    assert ok.stdout.startswith("site size: site/ is 1.0 MB in 11 files, 0% of GitHub Pages' 1 GB limit")
    warned = _check(tmp_path, "--limit-mb", "1.2")
    assert warned.returncode == 0
    assert warned.stderr.startswith("site size: warning: site/ is 1.0 MB")
    failed = _check(tmp_path, "--limit-mb", "0.5", env={"GITHUB_ACTIONS": "true"})
    assert failed.returncode == 1
    assert failed.stderr.startswith("site size: error: site/ is 1.0 MB in 11 files, over 0.5 MB limit")
    assert failed.stdout.startswith("::error title=Site size::site/ is 1.0 MB")


def test_a_missing_site_says_to_build_it(tmp_path):
    run = _check(tmp_path)
    assert run.returncode == 1
    assert run.stderr == "site size: error: site/index.html is missing: build the site first (make site)\n"
