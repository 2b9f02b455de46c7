"""The command line on a real folder: what it writes, rewrites, keeps, refuses and removes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import frontmatter
import pytest

from opedarchive.store import writer

from .conftest import ROOT, convert, make_archive

SEED_1 = "000_483c548ea0d7e199.txt"
SEED_2 = "004_eb5e84a9e9950381.txt"


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _page(archive: Path, source: str) -> frontmatter.Post:
    for path in (archive / "docs" / "essays").glob("*.md"):
        post = frontmatter.loads(path.read_text(encoding="utf-8"))
        if post.get("source") == source:
            return post
    raise AssertionError(f"no page for {source}")


def test_first_run_writes_pages_index_json_and_slug_record(archive):
    run = convert(archive)
    assert run.returncode == 0, run.stderr
    assert "2 essays: 2 converted, 0 failed" in run.stderr
    files = sorted(_tree(archive / "docs"))
    assert files == [
        "about.md",
        "archive.json",
        "authors/index.md",
        "authors/nikolas-k-gvosdev.md",
        "authors/veronica-perez-taffi.md",
        "essays/the-hour-of-serious-and-responsible-diplomacy-a-farewell-to.md",
        "essays/the-st-petersburg-bombing-why-it-wont-bring-america-and.md",
        "events/beslan-school-siege.md",
        "events/crocus-city-hall-attack.md",
        "events/index.md",
        "events/invasion-of-afghanistan-2001.md",
        "events/invasion-of-iraq-2003.md",
        "events/moscow-theater-hostage-crisis.md",
        "events/russian-intervention-in-syria.md",
        "events/russian-invasion-of-ukraine.md",
        "events/russian-protests-2017.md",
        "events/saint-petersburg-metro-bombing.md",
        "events/september-11-attacks.md",
        "feed.json",
        "feed.xml",
        "index.md",
        "javascripts/archive.js",
        "search.md",
        "stylesheets/archive.css",
        "timeline.md",
        "topics/index.md",
        "topics/protest.md",
        "topics/terrorist-attack.md",
        "topics/war.md",
        "years/2017.md",
        "years/2024.md",
    ]
    record = (archive / "essays" / ".slugs.yml").read_text(encoding="utf-8")
    assert f"{SEED_1}: the-hour-of-serious-and-responsible-diplomacy-a-farewell-to" in record


def test_second_run_writes_nothing(archive):
    # Except the lock file, which every run takes and stamps with its own pid (for the message
    # of a run that has to wait): it is not an output.
    lock = archive / ".build_archive_cache" / "lock"
    assert convert(archive).returncode == 0
    before = {p: p.stat().st_mtime_ns for p in archive.rglob("*") if p.is_file() and p != lock}
    contents = _tree(archive)
    run = convert(archive)
    assert "0 file(s) written, 0 removed" in run.stderr
    assert {p: p.stat().st_mtime_ns for p in archive.rglob("*") if p.is_file() and p != lock} == before
    assert {k: v for k, v in _tree(archive).items() if not k.endswith("/lock")} == {
        k: v for k, v in contents.items() if not k.endswith("/lock")
    }


def test_output_is_byte_identical_in_another_folder(tmp_path):
    one, two = make_archive(tmp_path / "one"), make_archive(tmp_path / "two")
    convert(one), convert(two)
    assert _tree(one / "docs") == _tree(two / "docs")
    assert (one / "essays" / ".slugs.yml").read_bytes() == (two / "essays" / ".slugs.yml").read_bytes()


def test_committed_docs_match_the_sources():
    """What CI's `build_archive.py --check` guards, asserted here as well."""
    run = convert(ROOT, "--check")
    assert run.returncode == 0, run.stderr


def test_check_lists_stale_files_and_writes_nothing(archive):
    run = convert(archive, "--check")
    assert run.returncode == 1
    assert "stale: docs/index.md" in run.stderr
    assert not (archive / "docs" / "index.md").exists()
    convert(archive)
    (archive / "essays" / SEED_1).write_text("A New Title\n\nNew text of the essay, in 2020.\n", encoding="utf-8")
    run = convert(archive, "--check")
    assert run.returncode == 1
    assert "stale: docs/essays/the-hour-of-serious-and-responsible-diplomacy-a-farewell-to.md" in run.stderr


def test_deleted_essay_loses_its_page_but_hand_written_pages_stay(archive):
    convert(archive)
    hand_written = archive / "docs" / "essays" / "notes.md"
    hand_written.write_text("---\ntitle: Notes\n---\n\nWritten by a person.\n", encoding="utf-8")
    (archive / "docs" / "contact.md").write_text("# Contact\n", encoding="utf-8")
    (archive / "essays" / SEED_1).unlink()
    run = convert(archive)
    assert run.returncode == 0, run.stderr
    # Its page, its author's page, its year and the events only it referenced.
    assert "8 removed" in run.stderr
    assert not (archive / "docs" / "authors" / "veronica-perez-taffi.md").exists()
    assert not (archive / "docs" / "events" / "crocus-city-hall-attack.md").exists()
    assert not (archive / "docs" / "essays" / "the-hour-of-serious-and-responsible-diplomacy-a-farewell-to.md").exists()
    assert hand_written.exists() and (archive / "docs" / "contact.md").exists()
    assert SEED_1 not in (archive / "essays" / ".slugs.yml").read_text(encoding="utf-8")
    home = (archive / "docs" / "index.md").read_text(encoding="utf-8")
    assert "1 essay, newest first" in home


def test_hand_written_page_in_the_way_is_never_overwritten(archive):
    index = archive / "docs" / "index.md"
    index.write_text("# My own home page\n", encoding="utf-8")
    run = convert(archive)
    assert run.returncode == 1
    assert "docs/index.md: error: a hand-written page stands where a generated one belongs" in run.stderr
    assert index.read_text(encoding="utf-8") == "# My own home page\n"
    assert (archive / "docs" / "essays").is_dir()  # the essays themselves were still written


def test_broken_sidecar_keeps_the_last_good_page(archive):
    convert(archive)
    page = archive / "docs" / "essays" / "the-st-petersburg-bombing-why-it-wont-bring-america-and.md"
    good = page.read_bytes()
    sidecar = archive / "essays" / "004_eb5e84a9e9950381.yml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8") + "tags: [unclosed\n", encoding="utf-8")
    run = convert(archive)
    assert run.returncode == 1
    assert "essays/004_eb5e84a9e9950381.yml:" in run.stderr and "invalid YAML" in run.stderr
    assert page.read_bytes() == good
    home = (archive / "docs" / "index.md").read_text(encoding="utf-8")
    assert "The St. Petersburg Bombing" in home
    data = json.loads((archive / "docs" / "archive.json").read_text(encoding="utf-8"))
    assert {e["slug"] for e in data["essays"]} == {
        "the-hour-of-serious-and-responsible-diplomacy-a-farewell-to",
        "the-st-petersburg-bombing-why-it-wont-bring-america-and",
    }


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "the file is empty"),
        ("blank.txt", b"\n  \r\n\t\n", "the file has no text"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("cyrillic-1251.txt", "Заголовок\n\nТекст эссе о Беслане.\n".encode("cp1251"), "not UTF-8"),
    ],
)
def test_bad_input_is_named_and_good_essays_still_build(archive, name, data, message):
    (archive / "essays" / name).write_bytes(data)
    run = convert(archive)
    assert run.returncode == 1
    assert f"essays/{name}: error: {message}" in run.stderr
    assert "2 converted, 1 failed" in run.stderr
    assert len(list((archive / "docs" / "essays").glob("*.md"))) == 2


def test_windows_1252_is_decoded_with_a_warning(archive):
    text = "A Title\n\n\x93Quoted\x94 words \x96 and caf\xe9 in 2020.\n".encode("latin-1")
    (archive / "essays" / "cp1252.txt").write_bytes(text)
    run = convert(archive)
    assert run.returncode == 0, run.stderr
    assert "essays/cp1252.txt: warning: not UTF-8; decoded as Windows-1252" in run.stderr
    page = (archive / "docs" / "essays" / "a-title.md").read_text(encoding="utf-8")
    assert "“Quoted” words – and café in 2020." in page


def test_sidecar_error_names_file_line_and_key(archive):
    (archive / "essays" / "004_eb5e84a9e9950381.yml").write_text("title: Fine\ncolour: blue\n", encoding="utf-8")
    run = convert(archive)
    assert "essays/004_eb5e84a9e9950381.yml:2: error: unknown key `colour`" in run.stderr


def test_same_title_gets_a_second_slug_and_slugs_never_move(archive):
    convert(archive)
    shutil.copy(archive / "essays" / SEED_1, archive / "essays" / "100_copy.txt")
    convert(archive)
    copy = _page(archive, "100_copy.txt")
    assert copy["slug"] == "the-hour-of-serious-and-responsible-diplomacy-a-farewell-to-2"
    # Removing the first essay does not hand its slug to the copy: the copy's URL stays.
    (archive / "essays" / SEED_1).unlink()
    convert(archive)
    assert _page(archive, "100_copy.txt")["slug"] == "the-hour-of-serious-and-responsible-diplomacy-a-farewell-to-2"


def test_curated_slug_wins(archive):
    sidecar = archive / "essays" / "004_eb5e84a9e9950381.yml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8") + "slug: st-petersburg-2017\n", encoding="utf-8")
    assert convert(archive).returncode == 0
    assert (archive / "docs" / "essays" / "st-petersburg-2017.md").exists()


def test_broken_catalog_stops_the_run(archive):
    catalog = archive / "events/terrorism-russia-europe-americas.yml"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace("id: crocus-city-hall-attack", "id: beslan-school-siege"), encoding="utf-8")
    run = convert(archive)
    assert run.returncode == 2
    assert "duplicate event id `beslan-school-siege`" in run.stderr
    assert not (archive / "docs" / "index.md").exists()


def test_orphan_sidecar_is_a_warning(archive):
    (archive / "essays" / "lonely.yml").write_text("title: Alone\n", encoding="utf-8")
    run = convert(archive)
    assert run.returncode == 0
    assert "essays/lonely.yml: warning: sidecar without an essay" in run.stderr


def test_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "page.md"
    target.write_bytes(b"old")

    def crash(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        writer.write_atomic(target, b"new content")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.md"]


def test_watch_converts_again_when_an_essay_changes(archive):
    watcher = subprocess.Popen(
        [sys.executable, str(ROOT / "build_archive.py"), "--watch"],
        cwd=archive,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        stderr=subprocess.DEVNULL,
    )
    try:
        home = archive / "docs" / "index.md"
        deadline = time.monotonic() + 20
        while not home.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        (archive / "essays" / "new.txt").write_text("A Fresh Essay\n\nWritten in 2025.\n", encoding="utf-8")
        page = archive / "docs" / "essays" / "a-fresh-essay.md"
        # The writer renames files into place one after another: wait for the last of them.
        while not ("A Fresh Essay" in home.read_text(encoding="utf-8") and page.exists()):
            assert time.monotonic() < deadline, "the watcher did not convert the new essay within 20 s"
            time.sleep(0.1)
    finally:
        watcher.terminate()
        watcher.wait(timeout=10)


def test_sidecar_that_is_not_utf8_fails_its_essay_once_and_keeps_the_page(archive):
    convert(archive)
    (archive / "essays" / "004_eb5e84a9e9950381.yml").write_bytes("title: caf\xe9\n".encode("latin-1"))
    run = convert(archive)
    assert run.returncode == 1
    assert run.stderr.count("004_eb5e84a9e9950381") == 1
    assert "essays/004_eb5e84a9e9950381.yml:1: error: the sidecar is not UTF-8 (byte 10)" in run.stderr
    assert (archive / "docs" / "essays" / "the-st-petersburg-bombing-why-it-wont-bring-america-and.md").exists()


def test_essay_text_is_one_raw_html_block(archive):
    """Python-Markdown re-reads the rest of the page at the end of every raw HTML block: one
    block per paragraph made the build quadratic in paragraphs. The text is one block now."""
    paragraphs = [f"Paragraph {n} says one thing about diplomacy." for n in range(1, 201)]
    (archive / "essays" / "500_many.txt").write_text("Many Paragraphs\n\n" + "\n\n".join(paragraphs) + "\n")
    assert convert(archive).returncode == 0
    page = next(p for p in (archive / "docs" / "essays").glob("*.md") if "Many Paragraphs" in p.read_text())
    text = page.read_text(encoding="utf-8")
    block = text.split('<div class="essay-text" data-pagefind-body>\n', 1)[1].split("\n</div>\n", 1)[0]
    assert "\n\n" not in block
    assert block.count('<p id="p') == 200 and text.count('<p id="p') == 200


def test_an_essay_over_the_size_limit_is_refused_and_the_others_convert(archive):
    from opedarchive.store.source import MAX_ESSAY_BYTES

    line = "A line of a text far longer than any essay.\n\n"
    (archive / "essays" / "990_huge.txt").write_text(line * (MAX_ESSAY_BYTES // len(line) + 1), encoding="utf-8")
    run = convert(archive)
    assert run.returncode == 1
    assert "essays/990_huge.txt: error: the file is 10.0 MB; an essay may be at most 10 MB: split it" in run.stderr
    assert "2 converted, 1 failed" in run.stderr
