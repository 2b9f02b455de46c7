"""Slug assignment: unique, deterministic, and stable while essays come and go."""

from opedarchive.essay import title_slug
from opedarchive.slugs import assign_slugs, parse_record, render_record


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
