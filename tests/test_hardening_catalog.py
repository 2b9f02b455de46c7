"""Hardening: catalog patterns that hang the run or match any text, event ids that overwrite the
site's own pages, and BibTeX entries that a real BibTeX parser cannot read."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import frontmatter
import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from pybtex.database import parse_string

from opedarchive.catalog.load import RESERVED_EVENT_IDS, load_catalog
from opedarchive.catalog.patterns import BLAND_SENTENCES, pattern_problems
from opedarchive.core.models import Event, RawEssay
from opedarchive.ingest.parallel import PARALLEL_FROM, extract_essays
from opedarchive.pages import urls
from opedarchive.pages.cite import bibtex

from .casefiles import listing_from
from .conftest import ROOT, convert, project_catalog

WAR_FILE = "events/terrorism-elsewhere-and-wars.yml"
RUS_FILE = "events/terrorism-russia-europe-americas.yml"

# Where a test adds one pattern to the real catalog: the patterns of the Afghanistan entry.
ANCHOR = '      - "interven\\\\w* ... in Afghanistan"\n'


def _add_pattern(archive: Path, pattern: str) -> int:
    """Add `pattern` to an event of the archive's catalog; returns the line it is on."""
    catalog = archive / WAR_FILE
    text = catalog.read_text(encoding="utf-8")
    assert ANCHOR in text
    quoted = pattern.replace("\\", "\\\\").replace('"', '\\"')
    catalog.write_text(text.replace(ANCHOR, f'{ANCHOR}      - "{quoted}"\n'), encoding="utf-8")
    return text[: text.index(ANCHOR)].count("\n") + 2


def _convert_within(archive: Path, seconds: float) -> subprocess.CompletedProcess:
    """conftest.convert with a time limit: a run that hangs fails the test instead of the suite
    (subprocess.run kills the converter when the time is up)."""
    return subprocess.run(
        [sys.executable, str(ROOT / "build_archive.py")],
        cwd=archive,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        check=False,
        timeout=seconds,
    )


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- A. Catalog patterns ------------------------------------------------------------------------


def test_backtracking_pattern_stops_the_run_at_once_instead_of_hanging(archive):
    line = _add_pattern(archive, "(a+)+$")
    (archive / "essays" / "900_evil.txt").write_text(
        "An Evil Essay\n\nBy Eve Mallory\n\n" + "a" * 60 + "b is the whole point.\n", encoding="utf-8"
    )
    run = _convert_within(archive, 60)
    assert run.returncode == 2, run.stderr
    assert WAR_FILE + f":{line}: error: pattern '(a+)+$' repeats a group that itself holds a repeat" in run.stderr
    assert "nothing was converted" in run.stderr
    assert "Traceback" not in run.stderr
    assert not (archive / "docs" / "index.md").exists()


@pytest.mark.parametrize("pattern", [".*", "\\w+", ".+", "[a-z]+", "Beslan|.+", "(?:the )?\\w+ war"])
def test_catch_all_pattern_stops_the_run_and_keeps_the_event_pages(archive, pattern):
    assert convert(archive).returncode == 0
    before = _tree(archive / "docs")
    line = _add_pattern(archive, pattern)
    run = convert(archive)
    assert run.returncode == 2, run.stderr
    assert WAR_FILE + f":{line}: error: pattern {pattern!r} matches ordinary text (" in run.stderr
    assert "make it name the event (a place, a name, a date)" in run.stderr
    assert _tree(archive / "docs") == before


def test_event_id_index_is_refused_and_the_events_index_stays(archive):
    assert convert(archive).returncode == 0
    before = _tree(archive / "docs")
    catalog = archive / "events/terrorism-russia-europe-americas.yml"
    text = catalog.read_text(encoding="utf-8")
    line = text[: text.index("- id: beslan-school-siege")].count("\n") + 1
    catalog.write_text(text.replace("- id: beslan-school-siege", "- id: index"), encoding="utf-8")
    run = convert(archive)
    assert run.returncode == 2, run.stderr
    assert RUS_FILE + f":{line}: error: `id` 'index' is the name of the site's own page events/index.md" in run.stderr
    assert "choose another id" in run.stderr
    assert _tree(archive / "docs") == before


def test_reserved_ids_cover_every_fixed_page_of_the_events_folder():
    """catalog/ cannot import pages/, so the names are repeated there: this keeps them in step."""
    fixed = {
        value
        for value in vars(urls).values()
        if isinstance(value, str) and value.startswith(f"{urls.EVENT_DIR}/") and value.endswith(".md")
    }
    assert fixed == {urls.EVENTS_INDEX}
    assert {Path(page).stem for page in fixed} <= RESERVED_EVENT_IDS


def _catalog(patterns: list[str], event_id: str = "alpha-event") -> str:
    items = "".join(f"      - '{p.replace(chr(39), chr(39) * 2)}'\n" for p in patterns)
    return (
        "events:\n"
        f"  - id: {event_id}\n"
        "    name: Alpha event\n"
        "    start: 2001-01-01\n"
        "    end: null\n"
        "    place: Somewhere\n"
        "    kind: war\n"
        "    description: Something happened.\n"
        "    aliases: []\n"
        "    patterns:\n"
        f"{items}"
        "    reference: https://example.com/alpha-event\n"
    )


DANGEROUS = [
    ("(a+)+$", "nested quantifiers"),
    ("Beslan (a*)*", "nested quantifiers"),
    ("Beslan (\\w+\\s?)+ siege", "nested quantifiers"),
    ("Beslan(?:\\w+ ){0,3}siege", "nested quantifiers"),
    ("Beslan(a{1,5}){1,5}", "nested quantifiers"),
    ("Beslan (siege) \\1", "refers back to a group"),
    ("(Beslan) (?(1)siege|war)", "refers back to a group"),
    ("Beslan(?=\\w+ siege)", "lookahead or lookbehind that holds a repeat"),
    ("Beslan(?!\\w*x)", "lookahead or lookbehind that holds a repeat"),
    ("Beslan (a|a)+", "alternatives that can match the same text"),
    ("Beslan (\\w|\\d)+", "alternatives that can match the same text"),
    ("Beslan (?:a|ab)+", "alternatives that can match the same text"),
    ("Beslan (?:siege|siege of the school )+", "alternatives that can match the same text"),
    ("Beslan [\\w\\d]+", "alternatives that can match the same text"),
    ("Beslan \\w+\\w*", "two unbounded repeats in a row"),
    ("Beslan .*\\s*.*x", "two unbounded repeats in a row"),
]


@pytest.mark.parametrize(("pattern", "what"), DANGEROUS)
def test_super_linear_pattern_is_rejected_on_its_own_line(pattern, what):
    events, problems = load_catalog(_catalog(["Beslan ... siege", pattern]), "events.yml")
    assert events == ()
    assert problems, pattern
    assert all(p.line == 12 and p.path == "events.yml" for p in problems)
    assert what in problems[0].message
    assert problems[0].message.startswith(f"pattern {pattern!r} ")


def test_every_error_of_the_catalog_is_reported_at_once():
    problems = load_catalog(_catalog(["(a+)+$", ".*", "Beslan (\\w|\\d)+"]), "events.yml")[1]
    assert [p.line for p in problems] == [11, 11, 12, 13]
    assert "nested quantifiers" in problems[0].message
    assert "no word of 4 or more letters" in problems[1].message  # (a+)+$ names nothing either
    assert "can match an empty string" in problems[2].message
    assert "alternatives that can match the same text" in problems[3].message


ORDINARY = [
    (".*", "it can match an empty string"),
    ("(?:Beslan)?", "it can match an empty string"),
    ("\\w+", "no word of 4 or more letters"),
    ("\\d{4}", "no word of 4 or more letters"),
    ("the \\w+", "no word of 4 or more letters"),
    ("Beslan|.+", "fewer than 4 letters written out"),
    ("committee", "it matches 'The committee met on Tuesday to discuss the budget.'"),
    ("long day", "it matches 'It was a long day.'"),
]


@pytest.mark.parametrize(("pattern", "reason"), ORDINARY)
def test_pattern_that_matches_ordinary_text_is_rejected(pattern, reason):
    problems = pattern_problems(pattern)
    assert len(problems) == 1
    assert problems[0].startswith(f"pattern {pattern!r} matches ordinary text (")
    assert reason in problems[0]
    assert problems[0].endswith("): make it name the event (a place, a name, a date)")


def test_bland_sentences_name_no_event_of_the_real_catalog():
    """If one did, an honest pattern would be refused."""
    from opedarchive.catalog.match import build_matcher

    events, problems = project_catalog(), []
    assert problems == []
    assert build_matcher(events).find(BLAND_SENTENCES, ()) == ()


# Patterns the catalog uses or is about to (a new catalog of ~200 events): all must stay legal.
SAFE = [
    "interven\\w* ... in Afghanistan",
    "(?:Russian|Russia's|Moscow's|Kremlin's) ... intervention ... in Syria",
    "Russia(?:n|'s)? ... protests? against (?:government |official )?corruption",
    "(?:bombing|explosion|blast|attack) (?:in|on) the (?:St\\.?|Saint) Petersburg (?:metro|subway)",
    "(?:hospital|hostages?) ... (?:in|at) Bud[yi]?[oe]nn?ovsk",
    "(?:SAF|army)[-–](?:RSF|Rapid Support Forces) (?:war|conflict)",
    "(?:interfer\\w*|meddl\\w*|tamper\\w*) in the 2016 (?:US |U\\.S\\. |American |presidential |United States )*"
    "(?:election|elections|vote|campaign)",
    "(?:North Korea|Pyongyang|Clinton)\\S* ... Agreed Framework",
    "(?:bomb\\w*|blast|explosion) ... [İI]stiklal ... (?:2022|November)",
    "(?:bomb\\w*|blasts?|explosions?) on (?:Mumbai(?:['’]s)? )?(?:suburban|commuter|local) trains in (?:July )?2006",
    "(?:MRTA|T[uú]pac Amaru) ... (?:seiz\\w+|storm\\w*|took|held|hostages?) ... Japanese (?:embassy|ambassador)",
    "[a-zA-Z]+ Beslan",
    "Beslan(?<=n) siege",
    "(?:Beslan )+siege",
    "2004 Beslan",
]


@pytest.mark.parametrize("pattern", SAFE)
def test_ordinary_catalog_patterns_are_accepted(pattern):
    assert pattern_problems(pattern) == []


def test_real_catalog_loads_unchanged():
    events = project_catalog()  # fails on any problem
    assert len(events) >= 150


def _raw(name: str, text: str) -> RawEssay:
    return RawEssay(name=name, path=f"essays/{name}", data=text.encode("utf-8"))


RUNAWAY = Event(
    id="runaway",
    name="Runaway event",
    start=date(2001, 1, 1),
    end=None,
    place="Nowhere",
    description="A test.",
    kind="war",
    aliases=(),
    patterns=("(a+)+$",),
    reference="https://example.com/runaway",
)
EVIL = "An Evil Essay\n\nBy Eve Mallory\n\n" + "a" * 60 + "b\n"


def test_an_essay_on_which_matching_runs_away_fails_alone_within_the_time_limit():
    """The second guard: a backtracking pattern that validation missed (here, one that never went
    through it) stops its essay after the time limit; the other essays convert."""
    essays = (
        _raw("900_evil.txt", EVIL),
        _raw("901_good.txt", "A Good Essay\n\nBy Jane Doe\n\nBeslan was a tragedy.\n"),
    )
    keys = {raw.name: raw.name for raw in essays}
    start = time.monotonic()
    results, _ = extract_essays(essays, (RUNAWAY,), keys, {}, workers=1, seconds=1.0)
    assert time.monotonic() - start < 20
    essay, problems = results["900_evil.txt"]
    assert essay is None
    assert problems[0].path == "essays/900_evil.txt"
    assert "took more than 1 s and was stopped: a pattern of the event catalog probably backtracks" in str(problems[0])
    good, _ = results["901_good.txt"]
    assert good is not None and good.title == "A Good Essay"


def test_the_time_limit_holds_in_worker_processes_too():
    essays = tuple(_raw(f"{i:03d}.txt", f"Essay {i}\n\nBy Jane Doe\n\nBeslan.\n") for i in range(PARALLEL_FROM))
    essays += (_raw("900_evil.txt", EVIL),)
    keys = {raw.name: raw.name for raw in essays}
    start = time.monotonic()
    results, note = extract_essays(essays, (RUNAWAY,), keys, {}, workers=2, seconds=1.0)
    assert note is None  # the workers did the work
    assert time.monotonic() - start < 30
    assert results["900_evil.txt"][0] is None
    assert "took more than 1 s and was stopped" in results["900_evil.txt"][1][0].message
    assert sum(essay is not None for essay, _ in results.values()) == PARALLEL_FROM


# --- B. BibTeX -----------------------------------------------------------------------------------

SPECIALS = "{}\\%#&_$~^"
_TEX_WORDS = {
    "textbackslash": "\\",
    "textasciicircum": "^",
    "textasciitilde": "~",
    "textbraceleft": "{",
    "textbraceright": "}",
}
_TEX_TOKEN = re.compile(
    r"\\(textbackslash|textasciicircum|textasciitilde|textbraceleft|textbraceright)\{\}|\\([$&%#_])|[{}]"
)


def _untex(value: str) -> str:
    """A field's text as pybtex returns it, back to plain text, by the rule pages/cite.py writes
    it: special characters as \\X or \\textX{}, and bare braces only as grouping."""
    return _TEX_TOKEN.sub(lambda m: _TEX_WORDS[m.group(1)] if m.group(1) else (m.group(2) or ""), value)


def _unurl(url: str) -> str:
    """Undo the percent-encoding cite.py adds (braces, backslash, whitespace) and nothing else."""
    return re.sub(r"%(7B|7D|5C|20|09|0A)", lambda m: chr(int(m.group(1), 16)), url)


def _person_text(person) -> str:
    parts = [*person.first_names, *person.middle_names, *person.prelast_names, *person.last_names]
    name = _untex(" ".join(parts))
    return f"{name} {_untex(' '.join(person.lineage_names))}".strip()


def _parse(entry: str):
    database = parse_string(entry, "bibtex")
    assert len(database.entries) == 1
    return next(iter(database.entries.values()))


def _item(title: str, authors: list[str], source_url: str | None, publication: str = "The Daily Planet"):
    return listing_from(
        {
            "title": title,
            "authors": [{"name": name} for name in authors],
            "date": "2024-03-23",
            "date_precision": "day",
            "date_source": "inferred",
            "publication": publication,
            "source_url": source_url,
        }
    )


ARCHIVE_URL = "https://archive.example/essays/x/"


def _assert_round_trip(title: str, authors: list[str], source_url: str, publication: str, site: str) -> None:
    entry = _parse(bibtex(_item(title, authors, source_url, publication), ARCHIVE_URL, site))
    fields = entry.fields
    assert _untex(fields["title"]) == title
    assert _untex(fields["journal"]) == publication
    assert fields["year"] == "2024"
    assert fields["month"] == "March"
    assert _unurl(fields["url"]) == source_url
    assert not re.search(r"[{}\\\s]", fields["url"])
    assert _untex(fields["note"]).startswith("Date inferred by the archive: c. March 23, 2024. Archived at ")
    note = fields["note"]
    assert note.endswith(f"\\url{{{ARCHIVE_URL}}}")
    assert _untex(note[: -len(f", \\url{{{ARCHIVE_URL}}}")]).endswith(f"Archived at {site}")
    assert [_person_text(person) for person in entry.persons["author"]] == authors


@pytest.mark.parametrize("char", list(SPECIALS))
def test_bibtex_parses_with_every_special_character(char):
    _assert_round_trip(
        title=f"A {char} title{char}with {char}{char} it",
        authors=[f"Jane{char} Doe", f"John {char}Roe{char}"],
        source_url=f"https://example.com/a{char}b?q={char}",
        publication=f"The {char} Planet",
        site=f"Essays {char}",
    )


def test_bibtex_keeps_a_lone_closing_brace_from_ending_the_title():
    entry = bibtex(_item("Who pays } the bill", ["Jo}hn Do{e"], "https://example.com/a}b"), ARCHIVE_URL, "Essays")
    fields = _parse(entry).fields
    assert set(fields) == {"title", "journal", "year", "month", "url", "note"}
    assert "\\textbraceright{}" in fields["title"]
    assert fields["url"] == "https://example.com/a%7Db"


def test_bibtex_name_holding_and_or_a_comma_stays_one_author():
    entry = _parse(bibtex(_item("A title", ["Tom and Jerry Smith", "Ann, Bee Cee"], None), ARCHIVE_URL, "Essays"))
    assert [_person_text(person) for person in entry.persons["author"]] == ["Tom and Jerry Smith", "Ann, Bee Cee"]


_TEXT = st.text(alphabet=st.sampled_from(SPECIALS + "aZ 1-,.'\"@é"), min_size=1, max_size=20).filter(
    lambda t: t.strip() == t and t.strip() and "  " not in t
)


@settings(max_examples=150, deadline=None)
@given(title=_TEXT, name=_TEXT, path=_TEXT, publication=_TEXT, site=_TEXT)
def test_bibtex_of_any_text_parses_and_keeps_every_field(title, name, path, publication, site):
    source_url = "https://example.com/" + path
    entry = _parse(bibtex(_item(title, [name], source_url, publication), ARCHIVE_URL, site))
    assert set(entry.fields) == {"title", "journal", "year", "month", "url", "note"}
    assert _untex(entry.fields["title"]) == title
    assert _untex(entry.fields["journal"]) == publication
    assert _unurl(entry.fields["url"]) == source_url
    assert len(entry.persons["author"]) == 1


def test_bibtex_on_the_essay_page_parses(archive):
    sidecar = archive / "essays" / "004_eb5e84a9e9950381.yml"
    text = sidecar.read_text(encoding="utf-8")
    text = text.replace(
        'title: "The St. Petersburg Bombing: Why It Won\'t Bring America and Russia Together"',
        'title: "The } Bombing: {Why} It Won\'t \\\\ Bring"',
    )
    text = text.replace("name: Nikolas K. Gvosdev", "name: Nikolas K. Gvos}dev")
    text = text.replace(
        "source_url: https://nationalinterest.org/feature/the-st-petersburg-bombing-why-it-wont-bring-america-russia-20012",
        "source_url: https://example.com/a}b{c\\d",
    )
    sidecar.write_text(text, encoding="utf-8")
    run = convert(archive)
    assert run.returncode == 0, run.stderr
    pages = [
        page
        for page in (archive / "docs" / "essays").glob("*.md")
        if frontmatter.loads(page.read_text(encoding="utf-8")).get("source") == "004_eb5e84a9e9950381.txt"
    ]
    assert len(pages) == 1
    soup = BeautifulSoup(pages[0].read_text(encoding="utf-8"), "html.parser")
    entry = _parse(soup.select("pre.essay-cite__text")[1].get_text())
    assert _untex(entry.fields["title"]) == "The } Bombing: {Why} It Won't \\ Bring"
    assert _untex(entry.fields["journal"]) == "The National Interest"
    assert entry.fields["year"] == "2017"
    assert entry.fields["url"] == "https://example.com/a%7Db%7Bc%5Cd"
    assert "Archived at" in entry.fields["note"]
    assert [_person_text(p) for p in entry.persons["author"]] == ["Nikolas K. Gvos}dev"]


def test_author_helper_reads_what_cite_writes():
    """The test's own decoder against a name without specials: no false comfort from _untex."""
    entry = _parse(bibtex(_item("T", ["Martin Luther King Jr."], None), ARCHIVE_URL, "Essays"))
    assert [_person_text(p) for p in entry.persons["author"]] == ["Martin Luther King Jr."]
