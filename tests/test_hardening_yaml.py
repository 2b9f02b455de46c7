"""Hostile or mistyped YAML in a sidecar or the event catalog: refused with the file, the line,
the key and what to do, never a traceback, a hang or a crash of the whole run."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from opedarchive.catalog.load import load_catalog
from opedarchive.core.yamldoc import MAX_DEPTH
from opedarchive.ingest.sidecar import parse_sidecar
from opedarchive.pages.escape import markdown_inline
from tests.conftest import ROOT, convert

ESSAY = "900_hostile.txt"
SIDECAR = "essays/900_hostile.yml"


def _run_with_sidecar(archive: Path, sidecar: str, *args: str, timeout: float | None = None):
    """The real command line on the seeds plus one essay whose sidecar is `sidecar`."""
    (archive / "essays" / ESSAY).write_text("A Plain Title\n\nBy Jane Doe\n\nSome words.\n", encoding="utf-8")
    (archive / SIDECAR).write_text(sidecar, encoding="utf-8")
    return convert(archive, *args, timeout=timeout)


def _refused(run: subprocess.CompletedProcess, line: int, *words: str) -> None:
    """The hostile essay failed on its own, with file:line and the words; the seeds converted."""
    assert "Traceback" not in run.stderr, run.stderr
    assert run.returncode == 1, run.stderr
    assert f"{SIDECAR}:{line}: error: " in run.stderr, run.stderr
    for word in words:
        assert word in run.stderr, run.stderr
    assert "2 converted, 1 failed" in run.stderr, run.stderr


def _problem(text: str) -> tuple[int | None, str]:
    curation, problems = parse_sidecar(text, "x.yml")
    assert curation is None and len(problems) == 1, problems
    return problems[0].line, problems[0].message


# A. Lone surrogates ----------------------------------------------------------------------------


def test_surrogate_in_a_sidecar_title_fails_its_essay_only(archive):
    run = _run_with_sidecar(archive, 'title: "Bad \\ud800 title"\n')
    _refused(run, 1, "`title` holds U+D800", "surrogate", "write the character itself, or remove it")
    check = convert(archive, "--check")
    assert "Traceback" not in check.stderr and check.returncode == 1, check.stderr
    assert f"{SIDECAR}:1: error: `title` holds U+D800" in check.stderr


@pytest.mark.parametrize(
    ("sidecar", "line", "subject"),
    [
        ('title: "\\udfff"', 1, "`title`"),
        ('subtitle: "a\\ud800"', 1, "`subtitle`"),
        ('description: "\\ud800"', 1, "`description`"),
        ('authors: ["\\ud800"]', 1, "`authors`"),
        ('authors:\n  - name: "J \\ud800"\n    bio: x', 2, "`name`"),
        ('authors:\n  - name: J\n    bio: "\\udc00 b"', 3, "`bio`"),
        ('date_note: "\\ud800"', 1, "`date_note`"),
        ('publication: "\\ud800"', 1, "`publication`"),
        ('source_url: "https://x.org/\\ud800"', 1, "`source_url`"),
        ('tags: [ok, "\\ud800"]', 1, "`tags`"),
        ('aliases: ["a\\ud800"]', 1, "`aliases`"),
        ('slug: "a\\ud800"', 1, "`slug`"),
        ('encoding: "\\ud800"', 1, "`encoding`"),
        ('events:\n  add: ["\\ud800"]', 2, "`add`"),
        ('date: "2017-\\ud800"', 1, "`date`"),
        ('title: ok\n"\\ud800": x', 2, "a key"),
    ],
)
def test_surrogate_anywhere_in_a_sidecar_is_refused_with_line_and_key(sidecar, line, subject):
    assert _problem(sidecar) == (
        line,
        f"{subject} holds U+{_first_surrogate(sidecar)}, half of a UTF-16 surrogate pair, which is not a "
        f"character (a `\\u{_first_surrogate(sidecar).lower()}` escape?): write the character itself, or remove it",
    )


def _first_surrogate(sidecar: str) -> str:
    return sidecar[sidecar.index("\\u") + 2 :][:4].upper()


def test_surrogate_in_the_catalog_is_refused_with_its_line():
    events, problems = load_catalog('events:\n  - id: x\n    name: "A \\ud800"\n', "events.yml")
    assert events == ()
    assert [(p.line, p.message.split(",")[0]) for p in problems] == [(3, "`name` holds U+D800")]


# B. Implausible years --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written", ['"0000"', '"0000-05"', '"0000-05-01"', "0500-01-01", '"0999"', "3000", '"9999-12"']
)
def test_sidecar_date_outside_1000_to_2999_is_refused(written):
    shown = written.strip('"')
    assert _problem(f"date: {written}\n") == (
        1,
        f"`date` {shown}: the year must be from 1000 to 2999 (YYYY-MM-DD, YYYY-MM or YYYY)",
    )


def test_sidecar_year_zero_fails_its_essay_only(archive):
    for written in ("0000", "0000-05"):
        run = _run_with_sidecar(archive, f'date: "{written}"\n')
        _refused(run, 1, f"`date` {written}: the year must be from 1000 to 2999")


def test_unquoted_impossible_date_names_the_key_and_the_fix():
    assert _problem("title: T\ndate: 0000-05-01\n") == (
        2,
        "`date` holds '0000-05-01', which is no date (year 0 is out of range): write a real date as "
        "YYYY-MM-DD, or put the value in quotes if it is text",
    )


def test_plausible_dates_still_read():
    for written in ("1000", '"2999-12"', "2017-04-04", '"2017-04-04"', "2017-04-04T10:00:00"):
        curation, problems = parse_sidecar(f"date: {written}\n", "x.yml")
        assert problems == [] and curation is not None and curation.date is not None


# C. Nesting --------------------------------------------------------------------------------------


@pytest.mark.parametrize("levels", [1000, 100_000])
def test_deeply_nested_unquoted_title_is_refused_quickly(archive, levels):
    title = "[" * levels + "x" + "]" * levels
    started = time.monotonic()
    run = _run_with_sidecar(archive, f"title: {title}\n", timeout=30)
    assert time.monotonic() - started < 10
    _refused(run, 1, f"lists and mappings nested more than {MAX_DEPTH} deep", "put it in quotes")


@pytest.mark.parametrize("levels", [1000, 100_000])
def test_deeply_nested_quoted_title_is_text_and_converts(archive, levels):
    title = "[" * levels + "x" + "]" * levels
    run = _run_with_sidecar(archive, f'title: "{title}"\n', timeout=60)
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    home = (archive / "docs" / "index.md").read_text(encoding="utf-8")
    # A headline's link text, in raw HTML, where brackets are only text.
    assert ">" + "[" * levels + "x" + "]" * levels + "</a></h3>" in home


def test_escaping_a_title_of_100000_levels_is_linear_and_keeps_its_semantics():
    started = time.monotonic()
    for levels in (1000, 100_000):
        title = "[" * levels + "x" + "]" * levels
        assert markdown_inline(title) == "\\[" * levels + "x" + "\\]" * levels
    assert time.monotonic() - started < 2


def test_nesting_up_to_the_limit_is_still_read_and_one_more_is_refused():
    within = "[" * (MAX_DEPTH - 1) + "x" + "]" * (MAX_DEPTH - 1)
    assert _problem(f"tags: {within}\n")[1].startswith("`tags`: item 1 must be text, not a list")
    beyond = "[" * MAX_DEPTH + "x" + "]" * MAX_DEPTH
    assert _problem(f"tags: {beyond}\n")[1].startswith(f"lists and mappings nested more than {MAX_DEPTH} deep")


# D. Anchors and aliases -------------------------------------------------------------------------


def _laughs() -> str:
    """Six levels of nine aliases each, and an invalid date after them: about 400 bytes."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 7)]
    lines.append("date: [*a6, *a6, 2017-02-30]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_sidecar_is_refused_at_once(archive):
    assert len(_laughs().encode()) < 420
    started = time.monotonic()
    run = _run_with_sidecar(archive, _laughs(), timeout=10)
    assert time.monotonic() - started < 10
    _refused(run, 1, "YAML anchors (&) and aliases (*) are not allowed here: write the value out")


@pytest.mark.parametrize(
    ("text", "line"),
    [("title: &t Title\nsubtitle: *t\n", 1), ("title: T\nauthors:\n  - &a Jane\n", 3), ("title: *nowhere\n", 1)],
)
def test_any_anchor_or_alias_in_a_sidecar_is_refused(text, line):
    found_line, message = _problem(text)
    assert found_line == line
    assert message.startswith("YAML anchors (&) and aliases (*) are not allowed here: write the value out")


CATALOG_FILE = ROOT / "events" / "terrorism-russia-europe-americas.yml"


def test_alias_in_the_catalog_is_refused():
    text = CATALOG_FILE.read_text(encoding="utf-8").replace("kind:", "kind: &k", 1)
    events, problems = load_catalog(text, "events.yml")
    assert events == ()
    assert len(problems) == 1 and problems[0].message.startswith("YAML anchors (&) and aliases (*)")


# E. Nested duplicate keys, types named ------------------------------------------------------------


def test_duplicate_key_inside_an_author_is_refused_at_the_second_key():
    assert _problem("title: T\nauthors:\n  - name: A\n    name: B\n") == (
        4,
        "key `name` appears twice in one mapping (first on line 3): keep one of them",
    )
    assert _problem("authors: [{name: A, name: B}]\n")[1].startswith("key `name` appears twice")


def test_nested_duplicate_key_fails_its_essay(archive):
    run = _run_with_sidecar(archive, "events:\n  add: [beslan-school-siege]\n  add: []\n")
    _refused(run, 3, "key `add` appears twice in one mapping (first on line 2): keep one of them")


def test_duplicate_key_at_any_depth_of_the_catalog_is_refused():
    text = CATALOG_FILE.read_text(encoding="utf-8")
    text = text.replace("patterns: []", "patterns:\n      - {a: 1, a: 2}", 1)
    events, problems = load_catalog(text, "events.yml")
    assert events == ()
    assert len(problems) == 1 and problems[0].message.startswith("key `a` appears twice in one mapping")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("authors: [{name: {x: 1}}]", "`authors`: author 1's `name` must be text, not a mapping"),
        ("authors: [A, {name: B, bio: [x]}]", "`authors`: author 2's `bio` must be text, not a list"),
        ("authors: [A, 1984]", "`authors`: author 2 must be text; YAML read 1984 as a number: put it in quotes"),
        ("authors: [[A, B]]", "`authors`: author 1 must be a name, or a mapping with `name` and `bio`, not a list"),
        ("authors: {name: A}", "`authors` must be a list of authors, not a mapping"),
        ("title: {x: 1}", "`title` must be text, not a mapping"),
        ("title: [x]", "`title` must be text, not a list"),
        ("title: true", "`title` must be text; YAML read True as true/false: put it in quotes"),
        ("title:", "`title` is empty: write the text, or remove it"),
        ("tags: [a, {b: c}]", "`tags`: item 2 must be text, not a mapping"),
        ("tags: x", "`tags` must be a list, not text"),
    ],
)
def test_type_errors_name_the_type_found_and_the_one_expected(text, message):
    assert _problem(text + "\n")[1].startswith(message)


# F. Syntax errors say what to do -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "hint"),
    [
        (
            "title: T\ntags: [a, b\nslug: s\n",
            2,
            "a `[` opened on line 2 is not closed where it should be: close it with `]`, or put the value in "
            "quotes if the `[` is part of the text",
        ),
        (
            "title: T\ntags: [a, b\n\n\n",
            2,
            "a `[` opened on line 2 is never closed: close it with `]`, or put the value in quotes if the `[` "
            "is part of the text",
        ),
        ("events: {add: [x]\n", 1, "a `{` opened on line 1 is never closed: close it with `}`"),
        (
            'title: "T\nslug: s\n\n',
            1,
            "a quote opened on line 1 is never closed: end the value with the same quote mark",
        ),
        ("authors:\n\t- Jane\n", 2, "YAML indents with spaces, not tabs: replace the tab with spaces"),
        ("title: Why: a question\n", 1, "a value that holds `: ` must be in quotes"),
        ("title: `x`\n", 1, "a value cannot start with that character: put the value in quotes"),
        ("title: *bold* words\n", 1, "a value that starts with `*` must be in quotes"),
        ('title: "a \\q"\n', 1, "write `\\\\` for a backslash, or use single quotes"),
        ("title: a\n---\ntitle: b\n", 2, "the file holds one document: remove the `---` line"),
        (
            "authors:\n  - name: A\n   bio: x\n",
            3,
            "check the quoting and indentation on that line; values with `: `, ` #`, `[` or `{` need quotes",
        ),
    ],
)
def test_yaml_syntax_error_has_the_right_line_and_a_hint(text, line, hint):
    found_line, message = _problem(text)
    assert found_line == line
    assert message.startswith("invalid YAML (") and hint in message, message


def test_unclosed_bracket_is_reported_where_it_opened(archive):
    run = _run_with_sidecar(archive, "title: T\ntags: [a, b\ndate: 2017\nslug: s\n")
    _refused(run, 2, "a `[` opened on line 2", "close it with `]`")


def test_unclosed_bracket_in_the_catalog_is_reported_where_it_opened():
    events, problems = load_catalog("events:\n  - id: x\n    aliases: [a, b\n    name: y\n", "events.yml")
    assert events == ()
    assert [p.line for p in problems] == [3]
    assert "a `[` opened on line 3" in problems[0].message


def test_raw_control_character_is_refused_on_its_line():
    assert _problem("title: T\nsubtitle: a\x01b\n") == (
        2,
        "the character U+0001 is not text, and YAML refuses it: remove it",
    )


def test_empty_essay_says_what_to_do(archive):
    (archive / "essays" / "empty.txt").write_bytes(b"")
    run = convert(archive)
    assert run.returncode == 1
    assert "essays/empty.txt: error: the file is empty: put the essay's text in it, or delete it" in run.stderr
