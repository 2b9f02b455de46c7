"""The slug record and sidecar slugs cannot send a write out of docs/, lose the redirect memory,
or give one essay's published address to another. Runs the real command line where it can."""

from __future__ import annotations

import re
from pathlib import Path

import frontmatter
import pytest

from opedarchive.pages.slugs import assign_slugs, parse_full_record, read_record
from opedarchive.store import writer

from .conftest import convert

SEED_1 = "000_483c548ea0d7e199"
SEED_2 = "004_eb5e84a9e9950381"
SEED_1_SLUG = "the-hour-of-serious-and-responsible-diplomacy-a-farewell-to"
SEED_2_SLUG = "the-st-petersburg-bombing-why-it-wont-bring-america-and"
RECORD = ".slugs.yml"


def _record(archive: Path) -> Path:
    return archive / "essays" / RECORD


def _page(archive: Path, rel: str):
    return frontmatter.loads((archive / "docs" / rel).read_text(encoding="utf-8"))


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _outside_docs(archive: Path) -> dict[str, bytes]:
    """Every file of the archive's parent folder that is not under docs/ or the state folder."""
    root = archive.parent
    return {
        rel: data
        for rel, data in _snapshot(root).items()
        if not rel.startswith(("archive/docs/", "archive/.build_archive_cache/", "archive/essays/"))
    }


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def _no_traceback(run) -> None:
    assert "Traceback" not in run.stderr, run.stderr


def _with_redirect(archive: Path) -> None:
    """Seed 2 moved to `st-petersburg-bombing`: its old slug is a redirect the record remembers."""
    assert convert(archive).returncode == 0
    sidecar = archive / "essays" / f"{SEED_2}.yml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8") + "slug: st-petersburg-bombing\n", encoding="utf-8")
    run = convert(archive)
    assert run.returncode == 0, run.stderr
    assert _page(archive, f"essays/{SEED_2_SLUG}.md")["redirect"] == "../st-petersburg-bombing/"


# 1. Slugs read back from the record never lead a write out of docs/.


@pytest.mark.parametrize("bad", ["../../README", "../../../x", "Not A Slug", "index", "a/b"])
def test_a_bad_slug_in_the_record_is_reported_and_writes_nothing_outside_docs(archive, bad):
    assert convert(archive).returncode == 0
    (archive / "README.md").write_text("the maintainer's README\n", encoding="utf-8")
    record = _record(archive)
    text = record.read_text(encoding="utf-8").replace(f": {SEED_1_SLUG}\n", f": {bad}\n")
    record.write_text(text, encoding="utf-8")
    before = _outside_docs(archive)
    run = convert(archive)
    _no_traceback(run)
    assert run.returncode == 1, run.stderr
    line = _line_of(text, bad)
    assert re.search(rf"essays/\.slugs\.yml:{line}: error: .*{re.escape(repr(bad))}.*delete the line", run.stderr)
    assert _outside_docs(archive) == before
    assert (archive / "README.md").read_text(encoding="utf-8") == "the maintainer's README\n"
    # The record keeps the line until the maintainer mends it; the essay's page stays.
    assert record.read_text(encoding="utf-8") == text
    assert _page(archive, f"essays/{SEED_1_SLUG}.md")["source"] == f"{SEED_1}.txt"


def test_a_bad_redirect_in_the_record_makes_no_folder_outside_docs(archive):
    _with_redirect(archive)
    record = _record(archive)
    text = record.read_text(encoding="utf-8") + f"  ../../../escaped: {SEED_2}.txt\n"
    record.write_text(text, encoding="utf-8")
    before = _outside_docs(archive)
    run = convert(archive)
    _no_traceback(run)
    assert run.returncode == 1
    line = _line_of(text, "escaped")
    assert f"essays/.slugs.yml:{line}: error: former slug '../../../escaped'" in run.stderr
    assert _outside_docs(archive) == before
    assert not (archive.parent / "escaped.md").exists()
    # The good redirect is still published.
    assert _page(archive, f"essays/{SEED_2_SLUG}.md")["redirect"] == "../st-petersburg-bombing/"


def test_read_record_reports_every_bad_entry_with_its_line_and_keeps_the_good_ones():
    text = (
        "a.txt: good-slug\n"
        "b.txt: ../../README\n"
        "c.txt: [x]\n"
        "redirects:\n"
        "  old-a: a.txt\n"
        "  ../up: a.txt\n"
        "  index: a.txt\n"
    )
    record = read_record(text.encode("utf-8"), "essays/.slugs.yml")
    assert record.slugs == {"a.txt": "good-slug"}
    assert record.redirects == {"old-a": "a.txt"}
    assert not record.trusted
    assert [(p.line, p.severity) for p in record.problems] == [(2, "error"), (3, "error"), (6, "error"), (7, "error")]
    assert all(p.path == "essays/.slugs.yml" for p in record.problems)


def test_a_source_named_twice_makes_the_record_untrusted_with_the_line():
    """YAML keeps the last of two equal keys; the loader refuses the record instead (which of
    the two addresses is the published one cannot be told), so the run keeps every page."""
    record = read_record(b"a.txt: good-slug\nb.txt: other\na.txt: again\n", "essays/.slugs.yml")
    assert not record.trusted
    assert [p.line for p in record.problems] == [3]
    assert "twice" in record.problems[0].message


def test_the_writer_refuses_a_target_outside_docs(tmp_path):
    docs = tmp_path / "docs"
    record = tmp_path / "essays" / RECORD
    wanted = {
        docs / "essays" / "fine.md": b"fine",
        docs / "essays" / ".." / ".." / "README.md": b"escaped",
        docs / ".." / "x.md": b"escaped",
        record: b"record",
    }
    todo = writer.plan(wanted, {}, set(), set(), docs, {record})
    assert todo.write == [docs / "essays" / "fine.md", record]
    assert sorted(todo.outside) == sorted([docs / "essays" / ".." / ".." / "README.md", docs / ".." / "x.md"])
    writer.apply(todo, wanted)
    assert not (tmp_path / "README.md").exists() and not (tmp_path / "x.md").exists()
    # Last line of defence: a plan made by hand that names such a path is refused, not written.
    bad = writer.Plan(write=[docs / ".." / "x.md"], root=docs)
    with pytest.raises(writer.OutsideRoot):
        writer.apply(bad, wanted)
    assert not (tmp_path / "x.md").exists()


def test_the_writer_refuses_a_docs_subfolder_that_is_a_link_out_of_docs(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (tmp_path / "elsewhere").mkdir()
    (docs / "essays").symlink_to(tmp_path / "elsewhere")
    target = docs / "essays" / "a.md"
    todo = writer.plan({target: b"x"}, {}, set(), set(), docs, set())
    assert todo.write == [] and todo.outside == [target]


def test_a_run_writes_nothing_through_a_docs_folder_that_links_out_of_docs(archive):
    elsewhere = archive.parent / "elsewhere"
    elsewhere.mkdir()
    (archive / "docs").mkdir(exist_ok=True)
    (archive / "docs" / "essays").symlink_to(elsewhere)
    run = convert(archive)
    _no_traceback(run)
    assert run.returncode == 1
    assert f"docs/essays/{SEED_1_SLUG}.md: error: refused to write or remove a file outside docs/" in run.stderr
    assert list(elsewhere.iterdir()) == []
    assert (archive / "docs" / "index.md").exists()  # the rest of docs/ is written


def test_verify_reports_a_record_entry_that_points_out_of_docs(archive):
    assert convert(archive).returncode == 0
    record = _record(archive)
    record.write_text(record.read_text(encoding="utf-8").replace(f": {SEED_1_SLUG}\n", ": ../../README\n"))
    (archive / "site").mkdir()
    run = convert(archive, "--verify")
    _no_traceback(run)
    assert run.returncode == 1
    assert "essays/.slugs.yml:3: error: " in run.stdout and "'../../README'" in run.stdout


# 2. A record that cannot be read loses nothing.


@pytest.mark.parametrize(
    ("damage", "line"),
    [
        (b"oops: [\n", None),  # invalid YAML: the line of the error
        (b"- a list\n- not a mapping\n", 1),
        (b"\xff\xfe not UTF-8\n", None),
    ],
    ids=["invalid-yaml", "wrong-shape", "not-utf8"],
)
def test_an_unreadable_record_keeps_itself_and_every_essay_page(archive, damage, line):
    _with_redirect(archive)
    record = _record(archive)
    broken = record.read_bytes() + damage if line is None else damage
    record.write_bytes(broken)
    essays_before = _snapshot(archive / "docs" / "essays")
    run = convert(archive)
    _no_traceback(run)
    assert run.returncode == 1, run.stderr
    where = re.search(r"^essays/\.slugs\.yml:(\d+): error: (.*)$", run.stderr, re.M)
    assert where, run.stderr
    if line is not None:
        assert int(where[1]) == line
    assert "git checkout" in where[2]
    # Nothing a run would remove only because the record was lost is removed or replaced.
    assert record.read_bytes() == broken
    after = _snapshot(archive / "docs" / "essays")
    assert {k: v for k, v in after.items() if k in essays_before} == essays_before
    assert _page(archive, f"essays/{SEED_2_SLUG}.md")["redirect"] == "../st-petersburg-bombing/"
    # Mending the record brings the run back to normal, redirect memory and all.
    if damage.startswith(b"oops"):
        record.write_bytes(broken.replace(damage, b""))
        run = convert(archive)
        assert run.returncode == 0, run.stderr
        assert _page(archive, f"essays/{SEED_2_SLUG}.md")["redirect"] == "../st-petersburg-bombing/"
        assert f"  {SEED_2_SLUG}: {SEED_2}.txt" in record.read_text(encoding="utf-8")


def test_with_a_broken_record_essays_stay_on_their_own_pages_and_new_ones_avoid_kept_pages(archive):
    _with_redirect(archive)
    record = _record(archive)
    record.write_text("oops: [\n", encoding="utf-8")
    # A new essay whose title is that of the redirect page's address; the first seed now fails.
    (archive / "essays" / "010_new.txt").write_text(
        "The St. Petersburg Bombing: Why It Won't Bring America and\n\nA new essay about Beslan.\n", encoding="utf-8"
    )
    seed_1 = archive / "essays" / f"{SEED_1}.txt"
    seed_1.write_bytes(b"")
    run = convert(archive)
    assert run.returncode == 1
    assert "0 removed" in run.stderr, run.stderr
    assert record.read_text(encoding="utf-8") == "oops: [\n"
    # The redirect page stays; the new essay takes a free address instead of it.
    assert _page(archive, f"essays/{SEED_2_SLUG}.md")["redirect"] == "../st-petersburg-bombing/"
    assert _page(archive, f"essays/{SEED_2_SLUG}-2.md")["source"] == "010_new.txt"
    # The failing essay keeps its last good page, still listed; the other stays on its own page.
    assert _page(archive, f"essays/{SEED_1_SLUG}.md")["source"] == f"{SEED_1}.txt"
    assert f'href="essays/{SEED_1_SLUG}/"' in (archive / "docs" / "index.md").read_text(encoding="utf-8")
    assert _page(archive, "essays/st-petersburg-bombing.md")["source"] == f"{SEED_2}.txt"
    assert sorted(p.name for p in (archive / "docs" / "essays").iterdir()) == sorted(
        [f"{SEED_1_SLUG}.md", f"{SEED_2_SLUG}.md", f"{SEED_2_SLUG}-2.md", "st-petersburg-bombing.md"]
    )


def test_a_non_utf8_record_names_the_file_and_its_line():
    record = read_record(b"a.txt: a\nb.txt: caf\xe9\n", "essays/.slugs.yml")
    assert not record.trusted and record.slugs == {}
    (problem,) = record.problems
    assert (problem.path, problem.line) == ("essays/.slugs.yml", 2)
    assert "not UTF-8" in problem.message and "git checkout" in problem.message


def test_check_mode_with_a_broken_record_reports_it_and_writes_nothing(archive):
    assert convert(archive).returncode == 0
    _record(archive).write_text("oops: [\n", encoding="utf-8")
    before = _snapshot(archive / "docs")
    run = convert(archive, "--check")
    _no_traceback(run)
    assert run.returncode == 1
    assert "essays/.slugs.yml:2: error: invalid YAML in the slug record" in run.stderr
    assert _snapshot(archive / "docs") == before


# 6. One essay cannot take another's address.


def test_a_curated_slug_cannot_take_another_essays_recorded_slug(archive):
    assert convert(archive).returncode == 0
    seed_1_page = (archive / "docs" / "essays" / f"{SEED_1_SLUG}.md").read_bytes()
    sidecar = archive / "essays" / f"{SEED_2}.yml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8") + f"slug: {SEED_1_SLUG}\n", encoding="utf-8")
    run = convert(archive)
    assert run.returncode == 1
    assert f"essays/{SEED_2}.yml: error: slug '{SEED_1_SLUG}' is the address of {SEED_1}.txt" in run.stderr, run.stderr
    assert "choose another `slug`" in run.stderr
    # The owner keeps its address and its page; no `-2` appears; the curating essay keeps its
    # last good page while it fails.
    assert (archive / "docs" / "essays" / f"{SEED_1_SLUG}.md").read_bytes() == seed_1_page
    assert not (archive / "docs" / "essays" / f"{SEED_1_SLUG}-2.md").exists()
    assert _page(archive, f"essays/{SEED_2_SLUG}.md")["source"] == f"{SEED_2}.txt"
    record = _record(archive).read_text(encoding="utf-8")
    assert f"{SEED_1}.txt: {SEED_1_SLUG}\n" in record and f"{SEED_2}.txt: {SEED_2_SLUG}\n" in record


def test_an_alias_cannot_repoint_another_essays_former_address(archive):
    _with_redirect(archive)
    sidecar = archive / "essays" / f"{SEED_1}.yml"
    sidecar.write_text(f"aliases: [{SEED_2_SLUG}]\n", encoding="utf-8")
    run = convert(archive)
    assert run.returncode == 0, run.stderr
    warning = f"essays/{SEED_1}.yml: warning: alias '{SEED_2_SLUG}' is a former address of {SEED_2}.txt, which"
    assert f"{warning} redirects there; ignored" in run.stderr, run.stderr
    assert _page(archive, f"essays/{SEED_2_SLUG}.md")["redirect"] == "../st-petersburg-bombing/"


@pytest.mark.parametrize("key", ["slug: index", "aliases: [index]"])
def test_index_is_no_essays_slug(archive, key):
    (archive / "essays" / f"{SEED_1}.yml").write_text(f"{key}\n", encoding="utf-8")
    run = convert(archive)
    assert run.returncode == 1
    assert re.search(rf"essays/{SEED_1}\.yml:1: error: `\w+` .*'index' is reserved", run.stderr), run.stderr
    assert not (archive / "docs" / "essays" / "index.md").exists()


def test_recorded_slugs_are_claimed_before_curated_ones():
    # b remembers `peace`; a's sidecar asks for it: a is refused, b keeps it.
    slugs, conflicts = assign_slugs({"a.txt": ("peace", "x"), "b.txt": (None, "y")}, {"b.txt": "peace"}, {})
    assert slugs == {"b.txt": "peace"}
    assert conflicts[0][0] == "a.txt" and "is the address of b.txt" in conflicts[0][1]
    # An essay may take its own recorded or former slug back.
    slugs, conflicts = assign_slugs({"a.txt": ("old", "x")}, {"a.txt": "new"}, {}, former={"old": "a.txt"})
    assert (slugs, conflicts) == ({"a.txt": "old"}, [])
    # A moving essay's old slug stays its address: nobody else's title takes it.
    slugs, _ = assign_slugs({"a.txt": ("new", "x"), "b.txt": (None, "old")}, {"a.txt": "old"}, {})
    assert slugs == {"a.txt": "new", "b.txt": "old-2"}
    # Nor a former slug another essay's redirect answers at, nor `index`.
    slugs, _ = assign_slugs(
        {"b.txt": (None, "gone"), "c.txt": (None, "index")}, {"a.txt": "a"}, {"a.txt": "a"}, former={"gone": "a.txt"}
    )
    assert slugs == {"a.txt": "a", "b.txt": "gone-2", "c.txt": "index-2"}


def test_parse_full_record_still_gives_three_values():
    assert parse_full_record("a.txt: a\n", "x") == ({"a.txt": "a"}, {}, [])
