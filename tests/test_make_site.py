"""`make site` as the maintainer and the Pages workflow run it: one bad essay does not stop the
site (its last good page stays, every problem is printed, on GitHub as an annotation), and
STRICT=1 stops it; search is indexed in shards; the site's size is checked against GitHub Pages'
limit; and `make preview`. The real Makefile, run in a temporary archive with the project's venv."""

from __future__ import annotations

import json
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .conftest import ROOT, convert, make_archive

pytestmark = pytest.mark.slow  # `make test-fast` leaves this module out

VENV = Path(sys.executable).parent.parent
INSTALLED = VENV / "bin" / ".installed"


def make_site(archive: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    # -o: the venv is this test run's, already installed; the archive has no requirements files.
    command = ["make", "-f", str(ROOT / "Makefile"), f"VENV={VENV}", "-o", str(INSTALLED), "site", *args]
    full_env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), "PYTHONPATH": str(ROOT)}
    full_env.update(env or {})
    return subprocess.run(command, cwd=archive, capture_output=True, text=True, env=full_env, check=False, timeout=300)


@pytest.fixture
def archive_with_a_bad_essay(tmp_path: Path) -> Path:
    archive = make_archive(tmp_path / "archive")
    assert convert(archive).returncode == 0
    (archive / "essays" / "999_empty.txt").write_bytes(b"")
    return archive


def test_one_bad_essay_does_not_stop_the_site(archive_with_a_bad_essay):
    run = make_site(archive_with_a_bad_essay)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "essays/999_empty.txt: error:" in run.stderr
    assert "STRICT=1" in run.stderr
    assert (archive_with_a_bad_essay / "site" / "index.html").is_file()
    assert "1 essay(s) that do not convert not counted" in run.stdout


def test_strict_stops_at_a_bad_essay(archive_with_a_bad_essay):
    run = make_site(archive_with_a_bad_essay, "STRICT=1")
    assert run.returncode != 0
    assert "essays/999_empty.txt: error:" in run.stderr
    assert not (archive_with_a_bad_essay / "site").exists()


def test_on_github_each_problem_is_an_annotation_on_its_file(archive_with_a_bad_essay):
    run = make_site(archive_with_a_bad_essay, env={"GITHUB_ACTIONS": "true"})
    assert run.returncode == 0, run.stderr[-3000:]
    annotations = [line for line in run.stdout.splitlines() if line.startswith("::error ")]
    assert any(line.startswith("::error file=essays/999_empty.txt::") for line in annotations), annotations


def test_a_failing_essay_keeps_its_last_good_page_on_the_site(tmp_path):
    archive = make_archive(tmp_path / "archive")
    assert convert(archive).returncode == 0
    seed = sorted((archive / "essays").glob("000_*.txt"))[0]
    seed.write_bytes(b"\xff\xfe\x00binary\x00")
    run = make_site(archive)
    assert run.returncode == 0, run.stderr[-3000:]
    pages = list((archive / "site" / "essays").glob("*/index.html"))
    assert any("Beslan" in page.read_text(encoding="utf-8") for page in pages)


def test_make_site_indexes_search_in_shards_and_reports_the_size(tmp_path):
    archive = make_archive(tmp_path / "archive")
    run = make_site(archive, "SEARCH_SHARD_PAGES=2")
    assert run.returncode == 0, run.stderr[-3000:]
    manifest = json.loads((archive / "site" / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    assert len(manifest["bundles"]) == math.ceil(manifest["pages"] / 2) > 1
    assert f"search index: {manifest['pages']} pages in {len(manifest['bundles'])} shard(s)" in run.stdout
    assert "site size: site/ is " in run.stdout
    assert "of GitHub Pages' 1 GB limit" in run.stdout


def test_make_site_fails_above_the_size_limit_and_says_what_to_do(tmp_path):
    archive = make_archive(tmp_path / "archive")
    run = make_site(archive, "SITE_LIMIT_MB=1")  # the seed site is several MB
    assert run.returncode != 0
    assert "site size: error: site/ is " in run.stderr
    assert "over 1 MB limit for a published site" in run.stderr
    assert "SITE_LIMIT_MB=" in run.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as reply:
            return reply.status, reply.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def test_make_preview_serves_the_site_as_github_pages_would_and_leaves_docs_alone(tmp_path):
    """`make preview`: the whole site (search and 404 page included) built for http://127.0.0.1:PORT/PATH/ in
    .preview/, served there by preview.py; docs/ (committed for the default address) and site/ untouched."""
    archive = make_archive(tmp_path / "archive")
    shutil.copy(ROOT / "preview.py", archive / "preview.py")
    assert convert(archive).returncode == 0
    docs_before = {p: p.read_bytes() for p in (archive / "docs").rglob("*") if p.is_file()}
    port = _free_port()
    command = ["make", "-f", str(ROOT / "Makefile"), f"VENV={VENV}", "-o", str(INSTALLED), "preview"]
    command += [f"PREVIEW_PORT={port}", "PREVIEW_PATH=essays"]
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), "PYTHONPATH": str(ROOT)}
    # Its own process group: make and the server it starts are stopped together, and only they.
    preview = subprocess.Popen(command, cwd=archive, env=env, text=True, stderr=subprocess.PIPE, start_new_session=True)
    base = f"http://127.0.0.1:{port}/essays/"
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and preview.poll() is None:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        assert preview.poll() is None, preview.stderr.read()
        status, home = _fetch(base)
        assert status == 200 and "Latest essays" in home
        assert f'href="{base}"' in home  # built for this address: its canonical link
        assert _fetch(base + "search/?q=Beslan")[0] == 200
        # Search works: the manifest of the shards is served, and the first shard's script with it.
        status, manifest = _fetch(base + "pagefind/shards.json")
        assert status == 200 and json.loads(manifest)["bundles"][0] == "shard-0/"
        assert _fetch(base + "pagefind/shard-0/pagefind.js")[0] == 200
        status, missing = _fetch(base + "no/such/page/")
        assert status == 404 and "Page not found" in missing
        assert 'action="/essays/search/"' in missing
        assert _fetch(f"http://127.0.0.1:{port}/")[0] == 404  # nothing outside the subpath
    finally:
        os.killpg(preview.pid, signal.SIGTERM)
        preview.wait(timeout=30)
    assert {p: p.read_bytes() for p in (archive / "docs").rglob("*") if p.is_file()} == docs_before
    assert not (archive / "site").exists()
    assert (archive / ".preview" / "site" / "404.html").is_file()
