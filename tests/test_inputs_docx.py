"""essays/*.docx: Word files, made here with python-docx. Paragraphs verbatim (line breaks,
lists, tables), the title from Word's Title style or the first line, the author from the file's
properties only when neither a sidecar nor the text names one, no date from the file's times,
and a damaged or oversized file failing alone."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

import docx
import frontmatter
import pytest

from opedarchive.ingest.word_file import WordFileError, read_word_file

from .conftest import convert

PARAGRAPHS = (
    "Rivers have been treated as property for centuries, bought and sold with the land they cross.",
    "A river that can sue for its own health is not a fantasy: three countries already allow it, and "
    "their courts have not collapsed under the weight of fish.",
    "The objection that rivers cannot speak applies equally to companies, which have had lawyers for "
    "two hundred years.",
)


def word_file(
    title: str | None = "Why Rivers Need Rights",
    byline: str | None = "By Ana Lopez",
    creator: str = "Somebody Else",
    extra: bool = False,
) -> bytes:
    document = docx.Document()
    document.core_properties.author = creator
    document.core_properties.created = datetime(2001, 2, 3)  # a file time: never a publication date
    document.core_properties.modified = datetime(2001, 2, 4)
    if title:
        document.add_paragraph(title, style="Title")
    if byline:
        document.add_paragraph(byline)
    for text in PARAGRAPHS:
        document.add_paragraph(text)
    if extra:
        broken = document.add_paragraph("A line of verse,")
        broken.add_run().add_break()
        broken.add_run("and the next line of it.")
        document.add_paragraph("first point", style="List Bullet")
        table = document.add_table(rows=1, cols=2)
        table.cell(0, 0).text = "left cell"
        table.cell(0, 1).text = "right cell"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _page(archive: Path, name: str) -> frontmatter.Post:
    return frontmatter.loads((archive / "docs" / "essays" / name).read_text(encoding="utf-8"))


def test_paragraphs_are_read_verbatim_in_order():
    facts = read_word_file(word_file(extra=True))
    assert facts.title == "Why Rivers Need Rights"
    assert facts.text.split("\n\n") == [
        "Why Rivers Need Rights",
        "By Ana Lopez",
        *PARAGRAPHS,
        "A line of verse,\nand the next line of it.",
        "first point",
        "left cell",
        "right cell",
    ]
    assert facts.date is None


@pytest.mark.parametrize("creator", ["User", "jdoe", "Microsoft Office User"])
def test_properties_that_name_no_one_are_not_an_author(creator):
    assert read_word_file(word_file(creator=creator)).authors == ()


def test_word_file_becomes_an_essay(archive):
    (archive / "essays" / "rivers.docx").write_bytes(word_file())
    run = convert(archive)
    assert run.returncode == 0, run.stderr
    page = _page(archive, "why-rivers-need-rights.md")
    assert page["title"] == "Why Rivers Need Rights"
    assert page["authors"] == ["Ana Lopez"]  # the byline, not the file's properties
    assert page["date_source"] == "unknown" and page["date"] is None  # not the file's times
    assert "essays/rivers.docx: warning: no publication date" in run.stderr
    assert page["source"] == "rivers.docx"
    for text in PARAGRAPHS:
        assert text in page.content
    assert "Saved from" not in page.content


def test_without_title_style_the_first_line_is_the_title(archive):
    (archive / "essays" / "rivers.docx").write_bytes(word_file(title=None, byline="Why Rivers Need Rights"))
    run = convert(archive)
    assert run.returncode == 0, run.stderr
    assert _page(archive, "why-rivers-need-rights.md")["title"] == "Why Rivers Need Rights"


def test_properties_author_only_when_nothing_else_names_one(archive):
    (archive / "essays" / "rivers.docx").write_bytes(word_file(byline=None, creator="Maria Gonzalez"))
    assert convert(archive).returncode == 0
    assert _page(archive, "why-rivers-need-rights.md")["authors"] == ["Maria Gonzalez"]


def test_a_sidecar_wins_over_the_properties(archive):
    (archive / "essays" / "rivers.docx").write_bytes(word_file(byline=None, creator="Maria Gonzalez"))
    (archive / "essays" / "rivers.yml").write_text("authors: [Ana Lopez]\n", encoding="utf-8")
    assert convert(archive).returncode == 0
    assert _page(archive, "why-rivers-need-rights.md")["authors"] == ["Ana Lopez"]


def test_a_dateline_in_the_text_is_stated(archive):
    (archive / "essays" / "rivers.docx").write_bytes(word_file(byline="By Ana Lopez | March 3, 2021"))
    assert convert(archive).returncode == 0
    page = _page(archive, "why-rivers-need-rights.md")
    assert page["date_source"] == "stated" and str(page["date"]) == "2021-03-03"


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Why Rivers Need Rights\n\nBy Ana Lopez\n", "not a Word file"),
        (_zip({"mimetype": b"x"}), "a zip archive, but not a Word document"),
        (_zip({"word/document.xml": b"<" * 10}), "mammoth cannot read it"),
        (_zip({"word/document.xml": b"0" * 60_000_000}), "it unpacks to 60 MB"),
    ],
)
def test_a_bad_word_file_fails_alone_with_a_message(archive, data, message):
    (archive / "essays" / "bad.docx").write_bytes(data)
    run = convert(archive)
    assert run.returncode == 1
    assert f"essays/bad.docx: error: {message}" in run.stderr
    assert "Traceback" not in run.stderr
    assert "2 converted, 1 failed" in run.stderr


def test_unit_errors_are_word_file_errors():
    with pytest.raises(WordFileError):
        read_word_file(b"PK\x03\x04 not really")


@pytest.mark.slow
def test_verify_checks_the_page_against_the_word_file(archive):
    import os
    import subprocess
    import sys

    (archive / "essays" / "rivers.docx").write_bytes(word_file(extra=True))
    assert convert(archive).returncode == 0
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=archive, capture_output=True, text=True, env=env
    )
    assert build.returncode == 0, build.stderr
    verify = convert(archive, "--verify")
    assert verify.returncode == 0, verify.stdout
    page = archive / "site" / "essays" / "why-rivers-need-rights" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("left cell", "left sell"), encoding="utf-8")
    verify = convert(archive, "--verify")
    assert verify.returncode == 1 and "essays/rivers.docx" in verify.stdout
