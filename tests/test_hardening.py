"""Hardening: hostile or broken input that the converter must refuse cleanly.

Each test reproduces one report from the hardening issue on the real command line, in a
temporary archive, and looks only at the exit status, the messages and the files on disk (black
box: the package is being restructured, so nothing here imports it). Every run has a time limit,
so that a hang fails its test instead of stopping the suite.

Messages are expected in the documented form (README, "The converter"):
`path[:line]: error|warning: what is wrong`.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import time
from pathlib import Path
from unittest import mock
from urllib.parse import unquote

import frontmatter
import pytest

from .conftest import convert

SEED_1 = "000_483c548ea0d7e199.txt"
SEED_2 = "004_eb5e84a9e9950381.txt"
SLUG_1 = "the-hour-of-serious-and-responsible-diplomacy-a-farewell-to"
SLUG_2 = "the-st-petersburg-bombing-why-it-wont-bring-america-and"
RECORD_HEADER = (
    "# Slugs assigned by build_archive.py: source file -> slug. Generated; commit it.\n"
    "# An essay keeps its slug (and so its URL) while this file remembers it.\n"
)
GOOD_TEXT = "A Good Title\n\nBy Jane Doe\n\nSome words of an essay written in 2020.\n"
TIME_LIMIT = 20  # seconds for one run; a run that takes longer is a hang


def _convert(archive: Path, *args: str, seconds: float = TIME_LIMIT) -> subprocess.CompletedProcess:
    """conftest's convert() (the real command line, its environment), with a time limit."""
    real_run = subprocess.run

    def run_with_limit(*a, **kw):
        kw.setdefault("timeout", seconds)
        return real_run(*a, **kw)

    with mock.patch.object(subprocess, "run", run_with_limit):
        try:
            return convert(archive, *args)
        except subprocess.TimeoutExpired:
            pytest.fail(f"{' '.join(['build_archive.py', *args])} did not finish within {seconds} s (killed)")


def _no_traceback(run: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in run.stderr, run.stderr[-3000:]


def _lines(run: subprocess.CompletedProcess, pattern: str) -> list[str]:
    """The lines of stderr matching a regular expression (from their start)."""
    return [line for line in run.stderr.splitlines() if re.match(pattern, line)]


def _seed_pages_exist(archive: Path) -> None:
    for slug in (SLUG_1, SLUG_2):
        assert (archive / "docs" / "essays" / f"{slug}.md").is_file(), f"seed essay {slug} was not converted"


def _outside_docs(archive: Path) -> dict[str, bytes | str | None]:
    """Everything under the test's temporary folder (the archive and beside it) except docs/ and
    the converter's state folder: path -> bytes for files, "dir"/"other" for the rest. The slug
    record is listed without its bytes: the converter owns it and may rewrite it."""
    root = archive.parent
    found: dict[str, bytes | str | None] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if rel.startswith(("archive/docs/", "archive/.build_archive_cache/")):
            continue
        if path.is_symlink() or not (path.is_file() or path.is_dir()):
            found[rel] = "other"
        elif path.is_dir():
            found[rel] = "dir"
        else:
            found[rel] = None if rel == "archive/essays/.slugs.yml" else path.read_bytes()
    return found


def _docs(archive: Path) -> dict[str, bytes]:
    docs = archive / "docs"
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file()}


def _meta(archive: Path, rel: str) -> dict:
    return frontmatter.loads((archive / "docs" / rel).read_text(encoding="utf-8")).metadata


# 1. The slug record names where pages are written: a slug must never lead out of docs/.


@pytest.mark.parametrize(
    ("record_tail", "line"),
    [
        # Line 3 is the first entry after the two header lines.
        (f"{SEED_1}: ../../README\n{SEED_2}: {SLUG_2}\n", 3),  # docs/essays/../../README.md is ./README.md
        (f"{SEED_1}: ../../../x\n{SEED_2}: {SLUG_2}\n", 3),  # beside the archive folder
        (f"{SEED_1}: {SLUG_1}\n{SEED_2}: {SLUG_2}\nredirects:\n  ../../evil: {SEED_1}\n", 6),
    ],
    ids=["slug-over-readme", "slug-beside-archive", "redirect-outside-docs"],
)
def test_slug_record_cannot_lead_outside_docs(archive, record_tail, line):
    readme = archive / "README.md"
    readme.write_text("# The maintainer's own notes\n", encoding="utf-8")
    assert _convert(archive).returncode == 0
    (archive / "essays" / ".slugs.yml").write_text(RECORD_HEADER + record_tail, encoding="utf-8")
    before = _outside_docs(archive)
    run = _convert(archive)
    _no_traceback(run)
    assert readme.read_text(encoding="utf-8") == "# The maintainer's own notes\n"
    after = _outside_docs(archive)
    changed = sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))
    assert changed == [], "written outside docs/"
    assert _lines(run, rf"essays/\.slugs\.yml:{line}: "), run.stderr
    assert (archive / "docs" / "essays" / f"{SLUG_2}.md").is_file()


# 2. A broken slug record: named with its line, and left as it was (it is the site's memory).


def test_invalid_line_in_slug_record_is_named_and_the_record_kept(archive):
    assert _convert(archive).returncode == 0
    sidecar = archive / "essays" / SEED_2.replace(".txt", ".yml")
    sidecar.write_text(sidecar.read_text(encoding="utf-8") + "slug: st-petersburg-2017\n", encoding="utf-8")
    assert _convert(archive).returncode == 0
    record = archive / "essays" / ".slugs.yml"
    text = record.read_text(encoding="utf-8")
    assert f"redirects:\n  {SLUG_2}: {SEED_2}\n" in text
    redirect_page = archive / "docs" / "essays" / f"{SLUG_2}.md"
    redirect_bytes = redirect_page.read_bytes()
    record.write_text(text + "oops: [\n", encoding="utf-8")
    bad_line = text.count("\n") + 1
    before = record.read_bytes()
    run = _convert(archive)
    _no_traceback(run)
    assert run.returncode == 1
    # The line of `oops: [`, or the next (the end of the file, where the parser notices it).
    assert _lines(run, rf"essays/\.slugs\.yml:({bad_line}|{bad_line + 1}): error: "), run.stderr
    assert record.read_bytes() == before, "the slug record was rewritten (its redirects lost)"
    assert redirect_page.is_file() and redirect_page.read_bytes() == redirect_bytes


def test_slug_record_that_is_not_utf8_is_reported(archive):
    assert _convert(archive).returncode == 0
    record = archive / "essays" / ".slugs.yml"
    record.write_bytes(b"\xff\xfe" + record.read_bytes())
    before = record.read_bytes()
    run = _convert(archive)
    _no_traceback(run)
    assert _lines(run, r"essays/\.slugs\.yml(:\d+)?: error: "), run.stderr
    assert record.read_bytes() == before


# 3. One bad essay or sidecar fails that essay, never the run.


@pytest.mark.parametrize(
    ("sidecar", "text", "args"),
    [
        ('title: "Bad \\ud800 title"\n', GOOD_TEXT.encode(), ()),  # a lone surrogate: no UTF-8 for it
        ('title: "Bad \\ud800 title"\n', GOOD_TEXT.encode(), ("--check",)),
        ("encoding: unicode_escape\n", b"A Title\n\nSome text \\ud800 written in 2020.\n", ()),
        ('date: "0000"\n', GOOD_TEXT.encode(), ()),
        ('date: "0000-05"\n', GOOD_TEXT.encode(), ()),
        ("title: " + "[" * 1000 + "x" + "]" * 1000 + "\n", GOOD_TEXT.encode(), ()),  # 1,000 nested lists
    ],
    ids=["surrogate-title", "surrogate-title-check", "unicode-escape", "year-0", "year-0-month", "deep-nesting"],
)
def test_bad_sidecar_value_fails_only_its_essay(archive, sidecar, text, args):
    if args:
        assert _convert(archive).returncode == 0  # docs/ up to date but for the bad essay
    (archive / "essays" / "bad.txt").write_bytes(text)
    (archive / "essays" / "bad.yml").write_text(sidecar, encoding="utf-8")
    run = _convert(archive, *args)
    _no_traceback(run)
    assert run.returncode == 1
    assert _lines(run, r"essays/bad\.(txt|yml)(:\d+)?: error: "), run.stderr
    if not args:
        assert "1 failed" in run.stderr
        _seed_pages_exist(archive)


def test_symlink_loop_is_named_and_the_run_goes_on(archive):
    os.symlink("loop.txt", archive / "essays" / "loop.txt")
    run = _convert(archive)
    _no_traceback(run)
    assert run.returncode == 1
    assert _lines(run, r"essays/loop\.txt(:\d+)?: error: "), run.stderr
    _seed_pages_exist(archive)


# 4. A YAML alias bomb: a few hundred bytes that expand to millions of values.


def test_yaml_alias_bomb_in_sidecar_is_refused_quickly(archive):
    anchors = ["a: &a [x,x,x,x,x,x,x,x,x]"]
    for previous, name in zip("abcdef", "bcdefg", strict=True):
        anchors.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    # An invalid date among 9 x 9^6 aliased values: today every value is looked at to find it.
    bomb = "\n".join(anchors) + "\ndate: [" + ",".join(["*g"] * 9) + ", 2019-02-30]\n"
    assert len(bomb.encode()) < 400
    (archive / "essays" / "bomb.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (archive / "essays" / "bomb.yml").write_text(bomb, encoding="utf-8")
    started = time.monotonic()
    run = _convert(archive)
    elapsed = time.monotonic() - started
    _no_traceback(run)
    assert elapsed < 10, f"took {elapsed:.1f} s"
    assert run.returncode == 1
    refused = _lines(run, r"essays/bomb\.yml:\d+: error: ")
    assert any(re.search(r"alias|anchor", line, re.IGNORECASE) for line in refused), run.stderr
    _seed_pages_exist(archive)


# 5. What is in essays/ besides regular files: never followed out, never skipped in silence.


def test_symlink_to_a_file_outside_is_not_published(archive):
    assert "root:" in Path("/etc/passwd").read_text(encoding="utf-8")
    os.symlink("/etc/passwd", archive / "essays" / "x.txt")
    run = _convert(archive)
    _no_traceback(run)
    leaked = [rel for rel, data in _docs(archive).items() if b"root:" in data]
    assert leaked == [], f"/etc/passwd published in {leaked}"
    named = _lines(run, r"essays/x\.txt(:\d+)?: (error|warning): ")
    assert any(re.search(r"symlink|symbolic link", line, re.IGNORECASE) for line in named), run.stderr
    _seed_pages_exist(archive)


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("d.txt", lambda path: os.symlink("nowhere.txt", path)),  # dangling symlink
        ("f.txt", os.mkfifo),  # opening it would block: the time limit catches that
        ("y.txt", Path.mkdir),
        (".hidden.txt", lambda path: path.write_text(GOOD_TEXT, encoding="utf-8")),
    ],
    ids=["dangling-symlink", "fifo", "directory", "dot-file"],
)
def test_unusual_entry_in_essays_is_named(archive, name, make):
    make(archive / "essays" / name)
    run = _convert(archive)
    _no_traceback(run)
    assert _lines(run, rf"essays/{re.escape(name)}(:\d+)?: (error|warning): "), run.stderr
    _seed_pages_exist(archive)


def test_file_name_with_a_newline_is_reported_on_one_line(archive):
    (archive / "essays" / "a\nb.txt").write_bytes(b"")
    run = _convert(archive)
    _no_traceback(run)
    lines = run.stderr.splitlines()
    # Today the name is printed as is: "essays/a" on one line, "b.txt: error: ..." on the next.
    assert not any(line.startswith("b.txt") for line in lines), lines
    assert any(line.startswith("essays/") and "b.txt" in line and ": error: " in line for line in lines), lines


# 6. Published addresses belong to their essay: no other essay's sidecar can take them.


def test_curated_slug_cannot_take_another_essays_recorded_slug(archive):
    (archive / "essays" / "a.txt").write_text(GOOD_TEXT.replace("A Good Title", "A Title"), encoding="utf-8")
    assert _convert(archive).returncode == 0
    assert _meta(archive, "essays/a-title.md")["source"] == "a.txt"
    (archive / "essays" / "b.txt").write_text("Another Title\n\nBy John Roe\n\nEssay B, from 2021.\n", encoding="utf-8")
    (archive / "essays" / "b.yml").write_text("slug: a-title\n", encoding="utf-8")
    run = _convert(archive)
    _no_traceback(run)
    assert _meta(archive, "essays/a-title.md")["source"] == "a.txt", "essay A lost its address"
    assert "\na.txt: a-title\n" in (archive / "essays" / ".slugs.yml").read_text(encoding="utf-8")
    assert any("a-title" in line for line in _lines(run, r"essays/b\.yml(:\d+)?: (error|warning): ")), run.stderr


def test_alias_cannot_repoint_another_essays_redirect(archive):
    (archive / "essays" / "a.txt").write_text(GOOD_TEXT.replace("A Good Title", "A Title"), encoding="utf-8")
    (archive / "essays" / "b.txt").write_text("Another Title\n\nBy John Roe\n\nEssay B, from 2021.\n", encoding="utf-8")
    assert _convert(archive).returncode == 0
    (archive / "essays" / "a.yml").write_text("slug: a-new-title\n", encoding="utf-8")
    assert _convert(archive).returncode == 0
    assert _meta(archive, "essays/a-title.md")["redirect"] == "../a-new-title/"
    (archive / "essays" / "b.yml").write_text("aliases: [a-title]\n", encoding="utf-8")
    run = _convert(archive)
    _no_traceback(run)
    assert _meta(archive, "essays/a-title.md")["redirect"] == "../a-new-title/", "A's old address now leads to B"
    assert any("a-title" in line for line in _lines(run, r"essays/b\.yml(:\d+)?: (error|warning): ")), run.stderr


def test_reserved_slug_index_is_refused(archive):
    assert _convert(archive).returncode == 0
    sidecar = archive / "essays" / SEED_2.replace(".txt", ".yml")
    sidecar.write_text(sidecar.read_text(encoding="utf-8") + "slug: index\n", encoding="utf-8")
    run = _convert(archive)
    _no_traceback(run)
    # docs/essays/index.md would be the address essays/ itself; the redirect to ../index/ leads nowhere.
    assert not (archive / "docs" / "essays" / "index.md").exists()
    assert not [rel for rel, data in _docs(archive).items() if b'redirect: "../index/"' in data]
    assert any("index" in line for line in _lines(run, rf"essays/{SEED_2[:-4]}\.yml(:\d+)?: error: ")), run.stderr


# 7. Decoding. README: essays are UTF-8 (with or without BOM), or Windows-1252 "decoded, with a
# warning"; any other encoding is refused with a message saying what to do. Assumed here: a file
# that is valid UTF-8 but for one stray byte is damaged UTF-8, not Windows-1252 (decoding it all
# as Windows-1252 is the mojibake decode.py promises never to produce); the stray byte is named
# by line and 1-based column, whether the essay is published or refused.


def test_utf8_with_one_stray_byte_is_not_published_as_mojibake(archive):
    text = b"A Title\n\nIt\xe2\x80\x99s a fine essay, written in 2020.\nAnother line with a stray \xff byte.\n"
    (archive / "essays" / "stray.txt").write_bytes(text)
    run = _convert(archive)
    _no_traceback(run)
    mojibake = [rel for rel, data in _docs(archive).items() if "â€™".encode() in data]
    assert mojibake == [], f"mojibake in {mojibake}"
    page = archive / "docs" / "essays" / "a-title.md"
    if page.exists():
        assert "It’s a fine essay" in page.read_text(encoding="utf-8")
    # Line 4, column 27: "Another line with a stray " is 26 characters.
    named = _lines(run, r"essays/stray\.txt:4(:27)?: (error|warning): ")
    assert any(line.startswith("essays/stray.txt:4:27:") or "column 27" in line for line in named), run.stderr
    _seed_pages_exist(archive)


def test_utf16_without_bom_is_named_as_utf16(archive):
    (archive / "essays" / "u16.txt").write_bytes("A Title\n\nAn essay saved as UTF-16, in 2021.\n".encode("utf-16-le"))
    run = _convert(archive)
    _no_traceback(run)
    named = _lines(run, r"essays/u16\.txt(:\d+)?: (error|warning): ")
    assert any("utf-16" in line.lower() and ("UTF-8" in line or "encoding" in line) for line in named), run.stderr
    _seed_pages_exist(archive)


# 8. BibTeX. pybtex is not installed in the project's venv: the entry is read by _bibtex_fields,
# which scans braces as BibTeX does (a backslash does not escape a brace).


def _bibtex_fields(entry: str) -> dict[str, str]:
    head = re.match(r"@(\w+)\{([^,\s]+),", entry)
    assert head, entry
    fields: dict[str, str] = {}
    pos = head.end()
    while True:
        pos = len(entry) - len(entry[pos:].lstrip())
        if entry[pos:].startswith("}"):
            assert entry[pos + 1 :].strip() == "", f"text after the end of the entry: {entry[pos:]!r}"
            return fields
        name = re.compile(r"(\w+)\s*=\s*").match(entry, pos)
        assert name, f"expected `field = value` at {entry[pos : pos + 60]!r}"
        pos = name.end()
        if entry[pos] == "{":
            depth, start = 0, pos
            while True:
                assert pos < len(entry), f"unbalanced braces in `{name[1]}`"
                depth += {"{": 1, "}": -1}.get(entry[pos], 0)
                pos += 1
                if depth == 0:
                    break
            value = entry[start + 1 : pos - 1]
        else:
            bare = re.compile(r"\w+").match(entry, pos)
            assert bare, f"expected a value at {entry[pos : pos + 60]!r}"
            value, pos = bare[0], bare.end()
        fields[name[1].lower()] = value
        rest = entry[pos:].lstrip()
        assert rest.startswith((",", "}")), f"after `{name[1]}`, expected `,` or `}}`: {rest[:60]!r}"
        pos = len(entry) - len(rest) + (1 if rest.startswith(",") else 0)


@pytest.mark.parametrize(
    ("title", "author", "url"),
    [
        ("A}B title", "Jane Doe", "https://example.com/essay"),
        ("A B title", "Jane Do}e", "https://example.com/essay"),
        ("A B title", "Jane Doe", "https://example.com/a}b"),
    ],
    ids=["brace-in-title", "brace-in-author", "brace-in-url"],
)
def test_bibtex_entry_keeps_balanced_braces(archive, title, author, url):
    (archive / "essays" / "bib.txt").write_text("Some text of the essay.\n\nA second paragraph.\n", encoding="utf-8")
    (archive / "essays" / "bib.yml").write_text(
        f'title: "{title}"\nauthors: ["{author}"]\npublication: The Daily Planet\ndate: 2020-05-06\n'
        f'source_url: "{url}"\n',
        encoding="utf-8",
    )
    run = _convert(archive)
    assert run.returncode == 0, run.stderr
    page = (archive / "docs" / "essays" / "a-b-title.md").read_text(encoding="utf-8")
    blocks = re.findall(r"<code>(@\w+\{.*?)</code>", page, re.DOTALL)
    assert len(blocks) == 1, page
    fields = _bibtex_fields(html.unescape(blocks[0]))
    assert {"author", "title", "journal", "year", "url"} <= set(fields), fields
    assert fields["journal"] == "The Daily Planet"
    assert fields["year"] == "2020"
    assert unquote(fields["url"]) == url


# 10. The event catalog: a pattern is code that runs on every essay.


def _add_event(archive: Path, event_id: str, pattern: str) -> range:
    """Appends an event to the catalog; returns the range of its lines."""
    catalog = archive / "events/terrorism-russia-europe-americas.yml"
    text = catalog.read_text(encoding="utf-8")
    entry = (
        f"\n  - id: {event_id}\n    name: Some Made Up Event\n    start: 2020-01-01\n    end: null\n"
        "    place: Nowhere\n    kind: war\n    description: Made up.\n    aliases: []\n"
        f'    patterns:\n      - "{pattern}"\n    reference: https://example.org/made-up\n'
    )
    catalog.write_text(text + entry, encoding="utf-8")
    first = text.count("\n") + 2
    assert (text + entry).splitlines()[first - 1] == f"  - id: {event_id}"
    return range(first, first + entry.count("\n") - 1)


CATALOG_ERROR = r"events/terrorism-russia-europe-americas\.yml:(\d+): error: "


def _catalog_refused(run: subprocess.CompletedProcess, lines: range) -> None:
    _no_traceback(run)
    assert run.returncode == 2, run.stderr
    named = [int(m[1]) for line in run.stderr.splitlines() if (m := re.match(CATALOG_ERROR, line))]
    assert any(n in lines for n in named), run.stderr


def test_catalog_pattern_with_catastrophic_backtracking_is_refused(archive):
    assert _convert(archive).returncode == 0
    lines = _add_event(archive, "made-up", "(a+)+$")
    (archive / "essays" / "aaa.txt").write_text("A Title\n\n" + "a" * 40 + "b\n", encoding="utf-8")
    started = time.monotonic()
    run = _convert(archive)
    assert time.monotonic() - started < 10
    _catalog_refused(run, lines)


def test_catalog_pattern_matching_everything_is_refused(archive):
    assert _convert(archive).returncode == 0
    before = _docs(archive)
    lines = _add_event(archive, "made-up", ".*")
    run = _convert(archive)
    _catalog_refused(run, lines)
    assert _docs(archive) == before, "pages changed or removed"


def test_catalog_event_id_index_is_refused(archive):
    assert _convert(archive).returncode == 0
    events_index = (archive / "docs" / "events" / "index.md").read_bytes()
    lines = _add_event(archive, "index", "made up thing")
    (archive / "essays" / "made.txt").write_text("A Title\n\nThe made up thing happened in 2020.\n", encoding="utf-8")
    run = _convert(archive)
    _catalog_refused(run, range(lines.start, lines.start + 1))  # the line of `id: index`
    assert (archive / "docs" / "events" / "index.md").read_bytes() == events_index


# 11. Sidecar mappings inside lists.


@pytest.mark.parametrize(
    ("sidecar", "line"),
    [("title: T\nauthors: [{name: A, name: B}]\n", 2), ("title: T\nauthors:\n  - name: A\n    name: B\n", 4)],
    ids=["flow", "block"],
)
def test_duplicate_key_inside_an_author_is_refused(archive, sidecar, line):
    (archive / "essays" / "bad.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (archive / "essays" / "bad.yml").write_text(sidecar, encoding="utf-8")
    run = _convert(archive)
    _no_traceback(run)
    assert run.returncode == 1
    assert any("name" in found for found in _lines(run, rf"essays/bad\.yml:{line}: error: ")), run.stderr
    _seed_pages_exist(archive)


def test_author_name_that_is_a_mapping_is_called_a_mapping(archive):
    (archive / "essays" / "bad.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (archive / "essays" / "bad.yml").write_text("title: T\nauthors: [{name: {x: 1}}]\n", encoding="utf-8")
    run = _convert(archive)
    _no_traceback(run)
    assert run.returncode == 1
    named = _lines(run, r"essays/bad\.yml:2: error: ")
    assert named, run.stderr
    assert not any("non-empty string" in line for line in named), named
    assert any("mapping" in line for line in named), named


# 12. A failing essay whose last good page cannot be read back.


def _fail_with_damaged_page(archive: Path, damage) -> subprocess.CompletedProcess:
    assert _convert(archive).returncode == 0
    page = archive / "docs" / "essays" / f"{SLUG_1}.md"
    page.write_text(damage(page.read_text(encoding="utf-8")), encoding="utf-8")
    (archive / "essays" / SEED_1).write_bytes(b"")
    return _convert(archive)


def test_failed_essay_whose_old_page_is_unreadable_is_reported(archive):
    run = _fail_with_damaged_page(archive, lambda text: text.replace("\nslug: ", "\ntitle: [unclosed\nslug: ", 1))
    _no_traceback(run)
    assert run.returncode == 1
    assert _lines(run, rf"essays/{re.escape(SEED_1)}: error: the file is empty"), run.stderr
    # Besides that error: a message that the last good page could not be kept.
    about_page = [
        line
        for line in run.stderr.splitlines()
        if (SEED_1 in line or f"{SLUG_1}.md" in line) and "the file is empty" not in line
    ]
    assert about_page, run.stderr


def test_failed_essay_whose_old_page_has_a_bad_word_count_is_no_traceback(archive):
    run = _fail_with_damaged_page(archive, lambda text: re.sub(r"\nword_count: \d+", "\nword_count: x", text, count=1))
    _no_traceback(run)
    assert run.returncode == 1
    assert _lines(run, rf"essays/{re.escape(SEED_1)}: error: the file is empty"), run.stderr
    assert (archive / "docs" / "essays" / f"{SLUG_2}.md").is_file()
