"""Scale properties that are not timings, on a few hundred synthetic essays (bench/synth.py):
an essay's page does not depend on how many essays the archive holds, a run with nothing to do
writes nothing, and one edited essay changes only its own page and the pages that list it.
The timings themselves are in bench/results.md (`make bench`)."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bench.synth import generate
from tests.conftest import convert, make_archive

pytestmark = pytest.mark.slow  # `make test-fast` leaves this module out

SMALL, LARGE = 40, 300


def _synthetic(base: Path, count: int) -> Path:
    archive = make_archive(base, with_seeds=False)
    generate(count, archive / "essays", seed=7, catalog=archive / "events")
    run = convert(archive)
    assert run.returncode == 0, run.stderr[-2000:]
    return archive


def _state(archive: Path) -> dict[str, tuple[int, str]]:
    """Every generated file (docs/ and the slug record): (mtime_ns, sha256)."""
    files = [p for p in (archive / "docs").rglob("*") if p.is_file()] + [archive / "essays" / ".slugs.yml"]
    return {
        p.relative_to(archive).as_posix(): (p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
        for p in files
    }


def _slugs(archive: Path) -> dict[str, str]:
    return yaml.safe_load((archive / "essays" / ".slugs.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def small_and_large(tmp_path_factory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("scale")
    return _synthetic(base / "small", SMALL), _synthetic(base / "large", LARGE)


def test_synthetic_archive_is_deterministic(tmp_path):
    generate(30, tmp_path / "a", seed=3)
    generate(30, tmp_path / "b", seed=3)
    generate(30, tmp_path / "c", seed=4)
    files = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert files == sorted(p.name for p in (tmp_path / "b").iterdir())
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files)
    assert files != sorted(p.name for p in (tmp_path / "c").iterdir())
    assert any(f.endswith(".yml") for f in files), "some essays have sidecars"


RELATED_MD = b"\n## Related essays {: #related }\n"
RELATED_HTML = b'<h2 id="related">'


def _without_related(page: bytes, marker: bytes) -> bytes:
    """An essay page up to its list of related essays: that list names other essays (at most
    five, so its size is bounded), and which ones depends on what else the archive holds."""
    return page.split(marker, 1)[0]


def _related_count(page: bytes) -> int:
    """How many related essays a page lists (they are written as raw HTML list items)."""
    return page.split(RELATED_MD, 1)[1].count(b"<li>") if RELATED_MD in page else 0


def test_essay_pages_do_not_depend_on_the_archive_size(small_and_large):
    small, large = small_and_large
    small_slugs, large_slugs = _slugs(small), _slugs(large)
    assert len(small_slugs) == SMALL and len(large_slugs) == LARGE
    related_lists_differ = 0
    most_related = 0
    for source, slug in small_slugs.items():
        assert large_slugs[source] == slug
        page = f"docs/essays/{slug}.md"
        small_page, large_page = (small / page).read_bytes(), (large / page).read_bytes()
        assert _without_related(small_page, RELATED_MD) == _without_related(large_page, RELATED_MD), page
        related_counts = [_related_count(small_page), _related_count(large_page)]
        assert max(related_counts) <= 5, (page, related_counts)
        most_related = max(most_related, *related_counts)
        related_lists_differ += small_page != large_page
    assert related_lists_differ, "the larger archive offers other related essays: the cut above is needed"
    assert most_related == 5, "no essay has a full list of related essays: the bound above is untested"
    # The listings do grow with the archive (the home page shows the latest 20, the year pages
    # all): the comparison above is not vacuous.
    assert len((large / "docs/archive.json").read_bytes()) > 3 * len((small / "docs/archive.json").read_bytes())
    home = (large / "docs/index.md").read_text(encoding="utf-8")
    assert home.count('\n<h3 class="essay-card__title">') == 20  # the latest essays, as headlines


def test_essay_html_does_not_depend_on_the_archive_size(small_and_large):
    small, large = small_and_large
    mkdocs = Path(sys.executable).parent / "mkdocs"
    for archive in (small, large):
        subprocess.run([str(mkdocs), "build", "--strict", "--quiet"], cwd=archive, check=True, capture_output=True)
    compared = 0
    for slug in list(_slugs(small).values())[:40]:
        page = f"site/essays/{slug}/index.html"
        small_page, large_page = (small / page).read_bytes(), (large / page).read_bytes()
        if (RELATED_HTML in small_page) != (RELATED_HTML in large_page):
            continue  # related essays in one archive only: the table of contents differs by that heading
        assert _without_related(small_page, RELATED_HTML) == _without_related(large_page, RELATED_HTML), page
        compared += 1
    assert compared >= 10, f"only {compared} pages could be compared"


def test_run_with_nothing_to_do_writes_nothing(small_and_large):
    _, large = small_and_large
    before = _state(large)
    run = convert(large)
    assert run.returncode == 0
    assert "0 file(s) written, 0 removed" in run.stderr
    assert "no author found" in run.stderr, "the warnings of the last run are reported again"
    assert _state(large) == before


def test_one_edit_changes_only_its_page_and_the_pages_that_list_it(tmp_path, small_and_large):
    _, large = small_and_large
    archive = tmp_path / "edited"
    shutil.copytree(large, archive, symlinks=True)
    convert(archive)  # the copy has new times: settle them
    essay = sorted((archive / "essays").glob("*.txt"))[LARGE // 2]
    slug = _slugs(archive)[essay.name]
    before = _state(archive)
    text = essay.read_text(encoding="utf-8")
    cut = text.index(" ", len(text) // 2)
    essay.write_text(text[:cut] + " amended" + text[cut:], encoding="utf-8")
    assert convert(archive).returncode == 0
    after = _state(archive)
    changed = {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}
    own = f"docs/essays/{slug}.md"
    assert own in changed
    for path in changed - {own}:
        # Any other page that changed lists the essay (home, archive.json, later author or event pages).
        assert slug in (archive / path).read_text(encoding="utf-8"), path
    assert len(changed) <= 1 + 10, changed


def test_incremental_output_equals_a_run_from_nothing(tmp_path, small_and_large):
    """The cache and the manifest never change the result: edit, run, then compare with a
    clean run of the same sources in a fresh folder."""
    _, large = small_and_large
    archive = tmp_path / "incremental"
    shutil.copytree(large, archive, symlinks=True)
    essays = sorted((archive / "essays").glob("*.txt"))
    essays[3].write_text("A Brand New Title\n\nBy Jane Doe\n\nShort text written in 2020.\n", encoding="utf-8")
    essays[5].unlink()
    assert convert(archive).returncode == 0
    fresh = tmp_path / "fresh"
    make_archive(fresh, with_seeds=False)
    for path in (archive / "essays").iterdir():
        shutil.copy(path, fresh / "essays" / path.name)
    assert convert(fresh).returncode == 0
    ours = {k: v[1] for k, v in _state(archive).items()}
    theirs = {k: v[1] for k, v in _state(fresh).items()}
    assert ours == theirs


def test_manifest_notices_changed_outputs_and_same_size_edits(tmp_path):
    archive = _synthetic(tmp_path / "a", 20)
    slug = next(iter(_slugs(archive).values()))
    page = archive / "docs" / "essays" / f"{slug}.md"
    good = page.read_bytes()
    # A hand-edited generated page is put back.
    page.write_bytes(good.replace(b"---\n", b"---\n#", 1))
    assert "1 file(s) written" in convert(archive).stderr
    assert page.read_bytes() == good
    # A deleted page is written again.
    page.unlink()
    assert "1 file(s) written" in convert(archive).stderr
    assert page.read_bytes() == good
    # An edit of the same size at once after a run (file times may not move) is seen.
    essay = sorted((archive / "essays").glob("*.txt"))[0]
    text = essay.read_text(encoding="utf-8")
    i = text.index(" the ")
    same_size = text[:i] + " THE " + text[i + 5 :]
    assert len(same_size) == len(text)
    essay.write_text(same_size, encoding="utf-8")
    convert(archive)
    assert "THE" in page.read_text(encoding="utf-8")
    # (An edit that keeps both the size and the file time is not seen, as with git; file
    # times move with every write on the file systems this runs on.)


def test_cache_and_state_folder_are_not_needed(tmp_path):
    archive = _synthetic(tmp_path / "a", 20)
    before = _state(archive)
    shutil.rmtree(archive / ".build_archive_cache")
    run = convert(archive)
    assert run.returncode == 0
    assert "0 file(s) written" in run.stderr
    assert {k: v[1] for k, v in _state(archive).items()} == {k: v[1] for k, v in before.items()}
    assert (archive / ".build_archive_cache" / "manifest.json").is_file()
