"""tools/build_site.py: MkDocs in slices for a large archive makes the same site as one run.

The same converted archive (the seeds, synthetic essays, an alias that leaves a redirect page)
is built twice: by `mkdocs build --strict`, and by the tool with two essays per run. Every file
must be byte for byte the same but the sitemap, whose entries must be the same set."""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.synth import generate

from .conftest import ROOT, convert, make_archive

BUILD_SITE = ROOT / "tools" / "build_site.py"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def _build_site(archive: Path, essays_per_build: int) -> subprocess.CompletedProcess:
    command = [sys.executable, str(BUILD_SITE), "--essays-per-build", str(essays_per_build)]
    return subprocess.run(command, cwd=archive, env=ENV, capture_output=True, text=True)


def _files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def _sitemap_entries(site: Path) -> list[str]:
    return sorted(re.findall(r"<url>.*?</url>", (site / "sitemap.xml").read_text(encoding="utf-8"), re.DOTALL))


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory) -> tuple[Path, Path, subprocess.CompletedProcess]:
    """(the site of one MkDocs run, the site built in slices, the sliced run)."""
    base = tmp_path_factory.mktemp("slices")
    archive = make_archive(base / "archive")
    generate(5, archive / "essays", seed=5)
    sidecar = next((archive / "essays").glob("*.yml"))
    sidecar.write_text(sidecar.read_text(encoding="utf-8") + "aliases: [an-old-address]\n", encoding="utf-8")
    run = convert(archive)
    assert run.returncode == 0, run.stderr
    one = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"], cwd=archive, env=ENV, capture_output=True
    )
    assert one.returncode == 0, one.stderr
    shutil.move(archive / "site", base / "one-run")
    sliced = _build_site(archive, 2)
    return base / "one-run", archive / "site", sliced


def test_slices_build_every_page_byte_for_byte_as_one_run(two_builds):
    one, sliced, run = two_builds
    assert run.returncode == 0, run.stderr
    essays = len(list((one / "essays").iterdir()))
    assert essays >= 8  # seeds, synthetic essays and the redirect page: four runs of two, and one more
    assert f"{essays:,} essay pages built in {(essays + 1) // 2} runs of MkDocs" in run.stdout
    assert "WARNING" not in run.stderr
    assert _files(one) == _files(sliced)
    _, differ, errors = filecmp.cmpfiles(one, sliced, sorted(_files(one) - {"sitemap.xml", "sitemap.xml.gz"}), False)
    assert differ == [] and errors == []
    assert _sitemap_entries(one) == _sitemap_entries(sliced)


def test_an_archive_within_one_slice_is_built_in_one_run(archive):
    assert convert(archive).returncode == 0
    run = _build_site(archive, 2)
    assert run.returncode == 0, run.stderr
    assert "runs of MkDocs" not in run.stdout and not (archive / ".site-slices").exists()
    assert (archive / "site" / "essays").is_dir() and (archive / "site" / "index.html").is_file()


def test_a_failing_run_stops_the_build_with_mkdocs_status(archive):
    generate(4, archive / "essays", seed=6)
    assert convert(archive).returncode == 0
    # A link to a page that does not exist: --strict fails in the run that builds the home page.
    home = archive / "docs" / "about.md"
    home.write_text(home.read_text(encoding="utf-8") + "\n[nowhere](nowhere.md)\n", encoding="utf-8")
    run = _build_site(archive, 2)
    assert run.returncode == 1 and "nowhere.md" in run.stderr
    assert not (archive / "site" / "essays").is_dir()
