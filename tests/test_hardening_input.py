"""Hostile and odd inputs: links, FIFOs, folders and hidden files in essays/, file names that
cannot be printed, a UTF-8 file with a stray byte, UTF-16 without a byte-order mark, codecs that
produce lone surrogates, mojibake on a built page, worker processes that cannot start, and a
failed essay whose last good page cannot be read back. Each is named, none crashes or hangs."""

from __future__ import annotations

import html
import os
import re
import subprocess
from pathlib import Path

import pytest

from opedarchive import cli
from opedarchive.catalog.match import build_matcher
from opedarchive.checks.verify import EssayToVerify, verify
from opedarchive.core.models import RawEssay, Site
from opedarchive.ingest import parallel
from opedarchive.ingest.decode import decode
from opedarchive.ingest.essay import extract_essay
from opedarchive.ingest.sidecar import parse_sidecar
from opedarchive.store.reader import fingerprint, input_files, stat_files
from opedarchive.store.source import read_source

from .conftest import ROOT, convert

SEED_1 = "000_483c548ea0d7e199.txt"
SEED_1_PAGE = "docs/essays/the-hour-of-serious-and-responsible-diplomacy-a-farewell-to.md"
ESSAY = "A Plain Title\n\nBy Jane Doe\n\nIt’s a “test” of the converter, with café and naïve words.\n"
SYMLINK_MESSAGE = "is a symbolic link: essays are read only from regular files in essays/; copy the file in instead"


def _convert(archive: Path, *args: str) -> subprocess.CompletedProcess:
    """convert(), but a run that hangs (on a FIFO) fails the test instead of stopping the suite."""
    return convert(archive, *args, timeout=120)


def _docs_text(archive: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted((archive / "docs").rglob("*")) if p.is_file())


def _no_traceback(run: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in run.stderr, run.stderr


# A. What essays/ holds besides regular files ---------------------------------------------------


def test_a_symlinked_essay_is_refused_and_what_it_points_at_is_not_published(archive, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("Machine Secrets\n\nroot:x:0:0:the build machine's password file\n", encoding="utf-8")
    os.symlink(secret, archive / "essays" / "x.txt")

    run = _convert(archive)

    assert run.returncode == 1
    _no_traceback(run)
    assert f"essays/x.txt: error: {SYMLINK_MESSAGE}" in run.stderr.splitlines()
    assert "root:x:0:0" not in _docs_text(archive)
    assert "2 converted, 1 failed" in run.stderr  # the seeds still convert


def test_a_symlink_loop_is_an_error_not_a_crash(archive):
    os.symlink("loop.txt", archive / "essays" / "loop.txt")

    run = _convert(archive)

    assert run.returncode == 1
    _no_traceback(run)
    assert f"essays/loop.txt: error: {SYMLINK_MESSAGE}" in run.stderr.splitlines()


def test_a_symlinked_sidecar_fails_its_essay_and_is_not_read(archive, tmp_path):
    outside = tmp_path / "outside.yml"
    outside.write_text("title: Taken From Outside\n", encoding="utf-8")
    os.symlink(outside, archive / "essays" / SEED_1.replace(".txt", ".yml"))

    run = _convert(archive)

    assert run.returncode == 1
    _no_traceback(run)
    assert (
        f"essays/{SEED_1.replace('.txt', '.yml')}: error: is a symbolic link: sidecars are read only from "
        "regular files in essays/; copy the file in instead"
    ) in run.stderr.splitlines()
    assert "Taken From Outside" not in _docs_text(archive)


def test_dangling_links_fifos_folders_and_hidden_files_are_each_named(archive):
    essays = archive / "essays"
    os.symlink("nowhere.txt", essays / "dangling.txt")
    os.mkfifo(essays / "pipe.txt")  # opening it would block until a writer comes: never opened
    (essays / "y.txt").mkdir()
    (essays / ".hidden.txt").write_text(ESSAY, encoding="utf-8")

    run = _convert(archive)

    assert run.returncode == 1
    _no_traceback(run)
    lines = run.stderr.splitlines()
    assert f"essays/dangling.txt: error: {SYMLINK_MESSAGE}" in lines
    assert (
        "essays/pipe.txt: error: is a named pipe (FIFO), not a regular file: essays are read only from "
        "regular files in essays/; remove it and save the text as a file"
    ) in lines
    assert any(line.startswith("essays/y.txt: warning: ignored: a folder") for line in lines), lines
    assert any(line.startswith("essays/.hidden.txt: warning: ignored: its name starts with a dot") for line in lines)
    assert "4 essays: 2 converted, 2 failed" in run.stderr


def test_the_no_op_check_does_not_hang_on_a_fifo_and_notices_a_new_hidden_file(archive):
    os.mkfifo(archive / "essays" / "pipe.txt")
    first = _convert(archive)
    assert first.returncode == 1

    again = _convert(archive)

    assert "(nothing changed since the last run)" in again.stderr
    assert "essays/pipe.txt: error: is a named pipe (FIFO)" in again.stderr
    (archive / "essays" / ".draft.txt").write_text(ESSAY, encoding="utf-8")
    third = _convert(archive)
    assert "nothing changed" not in third.stderr
    assert "essays/.draft.txt: warning: ignored: its name starts with a dot" in third.stderr


def test_the_stat_pass_never_opens_a_fifo_nor_stops_at_a_loop(tmp_path):
    folder = tmp_path / "essays"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")
    os.symlink("loop.txt", folder / "loop.txt")
    os.symlink("nowhere.txt", folder / "dangling.txt")
    paths = input_files(folder, [])
    assert {p.name for p in paths} == {"pipe.txt", "loop.txt", "dangling.txt"}
    # now_ns in the future: every file is "racy", so each would be hashed if it could be.
    stats = stat_files(paths, set(), now_ns=10**20)
    assert set(stats) == {p.as_posix() for p in paths}
    assert len(fingerprint([folder])) == 3


def test_a_newline_in_a_file_name_is_escaped_so_each_message_is_one_line(archive):
    (archive / "essays" / "a\nb.txt").write_text("No Byline Here\n\nJust a paragraph of text.\n", encoding="utf-8")

    run = _convert(archive)

    assert run.returncode == 0, run.stderr
    lines = run.stderr.splitlines()
    assert all(line.startswith("essays/") or re.match(r"\d+ essays: ", line) for line in lines), lines
    assert any(line.startswith("essays/a\\nb.txt: warning: no author found") for line in lines), lines


def test_a_file_name_that_is_not_utf8_fails_its_essay_only(archive):
    name = os.fsdecode(b"caf\xe9.txt")  # Latin-1 bytes, not UTF-8
    (archive / "essays" / name).write_text(ESSAY, encoding="utf-8")

    run = _convert(archive)

    assert run.returncode == 1
    _no_traceback(run)
    assert "essays/caf\\udce9.txt: error: the file name is not UTF-8" in run.stderr
    assert "3 essays: 2 converted, 1 failed" in run.stderr


def test_read_source_lists_a_symlink_as_a_failed_essay_without_reading_it(tmp_path):
    folder = tmp_path / "essays"
    folder.mkdir()
    os.symlink("/etc/hostname", folder / "host.txt")
    source = read_source(folder)
    (raw,) = source.essays
    assert raw.data == b""
    assert raw.read_error is not None and raw.read_error.message.startswith("is a symbolic link")


# B. Decoding: a stray byte in UTF-8, UTF-16 without a byte-order mark ------------------------------


def test_a_stray_byte_in_utf8_is_refused_with_its_line_and_column():
    data = "Title\n\nIt’s here.\nSome words, ".encode() + b"\xff" + " and more “quotes”.\n".encode()
    decoded = decode(data)
    assert decoded.text is None
    assert decoded.error is not None
    assert decoded.error.startswith("byte 0xFF at line 4, column 13 is not UTF-8: fix or remove it")
    assert "the essay was not converted" in decoded.error
    assert decoded.line == 4


def test_several_bad_bytes_are_listed_and_counted():
    body = "It’s “fine” — or it was; naïve café ".encode() * 3
    data = b"Title\n\n" + body + b"\x92 x \xe2\x80 y \xff z \xfe\n"
    decoded = decode(data)
    assert decoded.error is not None
    assert "byte 0x92 at line 3" in decoded.error and "bytes 0xE2 0x80 at line 3" in decoded.error
    assert "and 1 more bad byte sequence(s)" in decoded.error


def test_a_file_that_is_not_utf8_at_all_is_still_read_as_windows_1252():
    decoded = decode("Title\n\nIt’s José’s “test”, naïve.\n".encode("cp1252"))
    assert decoded.text == "Title\n\nIt’s José’s “test”, naïve.\n"
    assert decoded.warnings and "decoded as Windows-1252" in decoded.warnings[0]


def test_a_stray_byte_keeps_the_last_good_page(archive):
    essay = archive / "essays" / SEED_1
    good = essay.read_bytes()
    assert convert(archive).returncode == 0
    page = (archive / SEED_1_PAGE).read_text(encoding="utf-8")
    lines = good.split(b"\n")
    lines[2] = lines[2] + b" \xff"
    essay.write_bytes(b"\n".join(lines))

    run = _convert(archive)

    assert run.returncode == 1
    _no_traceback(run)
    assert re.search(rf"essays/{SEED_1}:3: error: byte 0xFF at line 3, column \d+ is not UTF-8", run.stderr)
    assert (archive / SEED_1_PAGE).read_text(encoding="utf-8") == page
    assert "â€" not in _docs_text(archive)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_named_as_such(encoding):
    for text in (ESSAY, "Заголовок\n\nЭто статья, написанная по-русски, с пробелами.\n"):
        decoded = decode(text.encode(encoding))
        assert decoded.error is not None
        assert decoded.error.startswith("looks like UTF-16 without a byte-order mark"), decoded.error
        assert "save it as UTF-8" in decoded.error


def test_utf16_with_a_byte_order_mark_is_read_as_the_readme_says():
    assert decode(ESSAY.encode("utf-16")).text == ESSAY
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "UTF-16" in readme[readme.index("## Adding an essay") : readme.index("2. Run `make convert`")]


def test_binary_with_nuls_is_still_binary():
    png = (ROOT / "tests" / "cases" / "essays" / "binary-png.txt").read_bytes()
    assert decode(png).error == "binary file, not text"


# C. Declared encodings that give what is not text ------------------------------------------------


def test_a_lone_surrogate_from_a_declared_codec_fails_the_essay():
    for declared, data in (("unicode_escape", b"Title\n\n\\ud800 text\n"), ("utf-7", b"Title\n\n+2AA- text\n")):
        decoded = decode(data, declared)
        assert decoded.text is None
        assert decoded.error is not None and "'\\ud800'" in decoded.error and "line 3" in decoded.error


@pytest.mark.parametrize("codec", ["unicode_escape", "raw_unicode_escape", "rot13", "base64", "zlib", "idna"])
def test_the_sidecar_refuses_codecs_that_are_not_text_file_encodings(codec):
    curation, problems = parse_sidecar(f"encoding: {codec}\n", "essays/x.yml")
    assert curation is None
    assert any("is not a character encoding a text file is saved in" in p.message for p in problems), problems


def test_the_sidecar_still_takes_real_encodings():
    for codec in ("windows-1251", "cp1252", "utf-16", "shift_jis", "latin-1"):
        curation, problems = parse_sidecar(f"encoding: {codec}\n", "essays/x.yml")
        assert curation is not None and curation.encoding == codec, problems


def test_unicode_escape_and_utf7_surrogates_do_not_crash_the_run(archive):
    essays = archive / "essays"
    (essays / "esc.txt").write_text("Escapes\n\nA text with \\ud800 in it.\n", encoding="utf-8")
    (essays / "esc.yml").write_text("encoding: unicode_escape\n", encoding="utf-8")
    (essays / "seven.txt").write_bytes(b"Seven\n\nA text with +2AA- in it.\n")
    (essays / "seven.yml").write_text("encoding: utf-7\n", encoding="utf-8")

    run = _convert(archive)

    assert run.returncode == 1
    _no_traceback(run)
    assert "essays/esc.yml:1: error: `encoding` 'unicode_escape' is not a character encoding" in run.stderr
    assert "essays/seven.txt:3: error: decoded as the declared encoding 'utf-7', line 3 holds '\\ud800'" in run.stderr
    assert "4 essays: 2 converted, 2 failed" in run.stderr


# D. --verify finds mojibake -----------------------------------------------------------------------


def _page(paragraphs: tuple[str, ...]) -> bytes:
    body = "".join(f'<p id="p{n}" class="essay-paragraph">{html.escape(p)}</p>' for n, p in enumerate(paragraphs, 1))
    article = f'<article class="md-content__inner">{body}</article>'
    return f'<html><head><meta charset="utf-8"></head><body>{article}</body></html>'.encode()


def _verify_one(source: bytes, sidecar: str | None) -> list[str]:
    raw = RawEssay("x.txt", "essays/x.txt", source, "essays/x.yml" if sidecar else None, sidecar)
    essay, problems = extract_essay(raw, build_matcher(()), {})
    assert essay is not None, problems
    item = EssayToVerify("essays/x.txt", essay, source, None, "x")
    pages = {"essays/x/index.html": _page(essay.paragraphs), "404.html": b"<html><body></body></html>"}
    report = verify([item], pages, set(pages), Site(name="Essays", url="https://archive.example/"), {})
    return [str(f) for f in report.findings if "Windows-1252" in f.message]


def test_verify_finds_mojibake_that_the_utf8_source_does_not_have():
    # A wrong `encoding:` (or an older converter) read this UTF-8 file as Windows-1252.
    # No "”" in it: its third byte (0x9D) is not Windows-1252, and the declared decoding would fail.
    text = "A Plain Title\n\nBy Jane Doe\n\nIt’s a ‘test’ of the converter, with café and naïve words.\n"
    findings = _verify_one(text.encode(), "encoding: windows-1252\n")
    assert len(findings) == 1
    assert findings[0].startswith(
        "essays/x.txt: paragraph 1 on essays/x/index.html#p1 shows UTF-8 read as Windows-1252 ("
    )
    assert "'â€™' for '’'" in findings[0] and "'Ã©' for 'é'" in findings[0]


def test_verify_accepts_mojibake_the_source_itself_has_and_pages_of_other_encodings():
    assert _verify_one("Title\n\nThe bug shows “Ã©” for “é” and â€™ for ’.\n".encode(), None) == []
    assert _verify_one("Title\n\nIt’s José’s “test”.\n".encode("cp1252"), None) == []


# E. Worker processes that cannot start ----------------------------------------------------------


def _no_pool(*args, **kwargs):
    raise OSError(38, "Function not implemented")


def test_extract_essays_says_when_the_workers_could_not_start(monkeypatch):
    monkeypatch.setattr(parallel, "ProcessPoolExecutor", _no_pool)
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 1)
    raws = tuple(RawEssay(f"{n}.txt", f"essays/{n}.txt", ESSAY.encode()) for n in range(3))
    keys = {raw.name: raw.name for raw in raws}

    results, note = parallel.extract_essays(raws, (), keys, {}, workers=2)

    assert set(results) == {raw.name for raw in raws}
    assert all(essay is not None for essay, _ in results.values())
    assert note == (
        "extraction workers could not start (OSError: [Errno 38] Function not implemented): converting in one process"
    )


def test_extract_essays_has_no_note_when_nothing_went_wrong():
    raws = (RawEssay("a.txt", "essays/a.txt", ESSAY.encode()),)
    _, note = parallel.extract_essays(raws, (), {"a.txt": "k"}, {}, workers=1)
    assert note is None


def test_the_run_warns_when_the_workers_could_not_start(archive, monkeypatch, capsys):
    monkeypatch.setattr(parallel, "ProcessPoolExecutor", _no_pool)
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 1)
    monkeypatch.setattr(cli, "default_workers", lambda: 2)
    monkeypatch.chdir(archive)

    status = cli.main([])

    assert status == 0
    err = capsys.readouterr().err
    assert "warning: extraction workers could not start (OSError: [Errno 38] Function not implemented): " in err
    assert "2 essays: 2 converted, 0 failed" in err


# F. A failed essay whose last good page cannot be read back ----------------------------------------


@pytest.mark.parametrize(
    ("damage", "why"),
    [
        (lambda t: re.sub(r"^word_count: \d+$", "word_count: x", t, count=1, flags=re.M), "is damaged"),
        (lambda t: t.replace("---\n", "---\ntitle: [unclosed\n", 1), "is not valid YAML"),
    ],
    ids=["word-count-not-a-number", "invalid-yaml"],
)
def test_a_failed_essay_with_an_unreadable_last_page_is_a_warning_not_a_crash(archive, damage, why):
    assert convert(archive).returncode == 0
    page = archive / SEED_1_PAGE
    damaged = damage(page.read_text(encoding="utf-8"))
    assert damaged != page.read_text(encoding="utf-8")
    page.write_text(damaged, encoding="utf-8")
    (archive / "essays" / SEED_1).write_text("", encoding="utf-8")

    run = _convert(archive)

    assert run.returncode == 1
    _no_traceback(run)
    warning = next(line for line in run.stderr.splitlines() if "last good page cannot be kept" in line)
    assert warning.startswith(f"essays/{SEED_1}: warning: ")
    assert f"{SEED_1_PAGE}: its front matter {why}" in warning
    assert f"essays/{SEED_1}: error: the file is empty" in run.stderr
