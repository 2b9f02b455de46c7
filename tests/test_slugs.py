"""Slug assignment: unique, deterministic, and stable while essays come and go."""

from opedarchive.ingest.essay import title_slug
from opedarchive.pages.slugs import RECORD_HEADER, assign_slugs, parse_full_record, parse_record, render_record


def test_same_title_gets_numbered_slugs_in_file_order():
    wanted = {"b.txt": (None, "war"), "a.txt": (None, "war"), "c.txt": (None, "war")}
    slugs, conflicts = assign_slugs(wanted, {}, {})
    assert slugs == {"a.txt": "war", "b.txt": "war-2", "c.txt": "war-3"}
    assert conflicts == []


def test_recorded_slug_is_kept_when_an_earlier_file_arrives():
    slugs, _ = assign_slugs({"a.txt": (None, "war"), "b.txt": (None, "war")}, {"b.txt": "war"}, {})
    assert slugs == {"b.txt": "war", "a.txt": "war-2"}


def test_curated_slug_wins_over_the_record_and_conflicts_are_reported():
    wanted = {"a.txt": ("peace", "war"), "b.txt": ("peace", "other")}
    slugs, conflicts = assign_slugs(wanted, {"a.txt": "war"}, {})
    assert slugs == {"a.txt": "peace"}
    assert conflicts == [("b.txt", "slug 'peace' is already used by a.txt")]


def test_failed_essay_holds_its_slug():
    slugs, _ = assign_slugs({"b.txt": (None, "war")}, {"a.txt": "war"}, {"a.txt": "war"})
    assert slugs == {"a.txt": "war", "b.txt": "war-2"}


def test_many_identical_titles_stay_linear_and_unique():
    wanted = {f"{i:05d}.txt": (None, "same") for i in range(3000)}
    slugs, _ = assign_slugs(wanted, {}, {})
    assert len(set(slugs.values())) == 3000
    assert slugs["02999.txt"] == "same-3000"


def test_title_slug_is_ascii_and_joins_apostrophes():
    assert title_slug("Why It Won't Bring Verónica’s Peace") == "why-it-wont-bring-veronicas-peace"
    assert title_slug("!!!") == "essay"
    assert len(title_slug("word " * 40)) <= 60


def test_record_round_trips():
    text = render_record({"b.txt": "b", "a.txt": "a"})
    assert text.index("a.txt") < text.index("b.txt")
    assert parse_record(text, "essays/.slugs.yml") == ({"a.txt": "a", "b.txt": "b"}, [])
    assert parse_record("- not a mapping\n", "x")[1][0].message.startswith("the slug record must map")


def test_full_record_round_trips_with_redirects():
    slugs = {"b.txt": "beslan-2", "a.txt": "war"}
    redirects = {"old-war": "a.txt", "2017": "b.txt", "yes": "b.txt", "null": "a.txt"}
    text = render_record(slugs, redirects)
    assert text.startswith(RECORD_HEADER)
    assert "# `redirects`: former slugs" in text
    # Sources first, then the redirects section, each sorted.
    assert text.index("a.txt: war") < text.index("b.txt: beslan-2") < text.index("redirects:")
    assert parse_full_record(text, "essays/.slugs.yml") == (slugs, redirects, [])
    # parse_record still gives the slugs alone.
    assert parse_record(text, "essays/.slugs.yml") == (slugs, [])


def test_record_without_redirects_has_no_section():
    text = render_record({"a.txt": "a"}, {})
    assert "redirects" not in text
    assert parse_full_record(text, "x") == ({"a.txt": "a"}, {}, [])
    assert render_record({}) == RECORD_HEADER
    assert parse_full_record(render_record({}), "x") == ({}, {}, [])
    assert parse_full_record(None, "x") == ({}, {}, [])


def test_record_with_only_redirects_round_trips():
    text = render_record({}, {"gone": "a.txt"})
    assert parse_full_record(text, "x") == ({}, {"gone": "a.txt"}, [])


def test_bad_redirects_section_keeps_the_slugs_and_reports():
    slugs, redirects, problems = parse_full_record("a.txt: a\nredirects: [x, y]\n", "essays/.slugs.yml")
    assert (slugs, redirects) == ({"a.txt": "a"}, {})
    assert str(problems[0]).startswith(
        "essays/.slugs.yml:2: error: `redirects` must map former slugs to source file names: mend that line"
    )
    _, _, problems = parse_full_record("a.txt: a\nredirects:\n  old: [1]\n", "x")
    assert (problems[0].line, problems[0].message) == (
        3,
        "former slug 'old' must name one source file: write it, or delete the line",
    )


def test_invalid_yaml_record_is_a_problem():
    assert parse_full_record("a.txt: [\n", "x")[2][0].message.startswith("invalid YAML in the slug record")
