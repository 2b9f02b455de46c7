"""Matching that reads like a person: relative days counted from the essay's own date, and the
suggestions of what the catalog lacks."""

from __future__ import annotations

from datetime import date

from opedarchive.catalog.suggest import draft_entry, render_report, suggest_events
from opedarchive.core.models import RawEssay
from opedarchive.ingest.essay import extract_essay

from .casefiles import _BY_ID, _MATCHER

MONDAY = date(2024, 3, 25)  # three days after the Crocus City Hall attack (Friday, March 22)


def _events(text: str, written_on: date | None) -> tuple[str, ...]:
    return tuple(m.event_id for m in _MATCHER.find((text,), (), 0, written_on))


def test_a_relative_day_next_to_an_attack_word_lands_on_the_event():
    assert _events("Gunmen attacked a concert hall outside the capital on Friday night.", MONDAY) == (
        "crocus-city-hall-attack",
    )
    assert _events("The attack three days ago left more than a hundred dead.", MONDAY) == ("crocus-city-hall-attack",)


def test_a_relative_day_alone_or_without_a_date_to_count_from_is_nothing():
    assert _events("On Friday night the minister flew to Geneva.", MONDAY) == ()  # no attack word
    assert _events("Gunmen attacked a concert hall on Friday night.", None) == ()  # no stated date
    assert _events("Gunmen attacked a concert hall on Thursday night.", MONDAY) == ()  # no event that day


def test_a_span_with_two_events_there_is_the_one_whose_kind_the_sentence_names():
    april = date(2024, 4, 8)  # March 2024 in Moscow: the US warning (7th) and the Crocus attack (22nd)
    assert _events("The attack near Moscow last month exposed the gaps.", april) == ("crocus-city-hall-attack",)
    assert _events("The warning about an attack near Moscow last month went unheeded.", april) == ()  # both kinds
    assert _events("The talks near Moscow last month went nowhere.", april) == ()  # neither kind


def _essay(text: str, name: str = "e.txt"):
    essay, _ = extract_essay(RawEssay(name=name, path=f"essays/{name}", data=text.encode()), _MATCHER, _BY_ID)
    return essay


def test_an_essay_counts_from_its_stated_date_never_from_an_inferred_one():
    body = "Gunmen attacked a concert hall outside the capital on Friday night, and the country mourns.\n"
    stated = _essay("A Nation Mourns\n\nBy Jane Doe\n\nMarch 25, 2024\n\n" + body)
    assert stated.events == ("crocus-city-hall-attack",)
    undated = _essay("A Nation Mourns\n\nBy Jane Doe\n\n" + body)
    assert undated.events == ()


def test_suggestions_group_names_no_event_matches_and_skip_catalogued_ones():
    essays = [
        ("essays/a.txt", ("The Northfield Harbour bombing changed how cities guard ports.",)),
        ("essays/b.txt", ("After the Northfield Harbour bombings, the police were asked what they knew.",)),
        ("essays/c.txt", ("Beslan and the Crocus City Hall attack are different stories.",)),
    ]
    suggestions = suggest_events(essays, _MATCHER)
    assert [(s.name, len(s.essays)) for s in suggestions] == [("Northfield Harbour bombing", 2)]
    report = render_report(suggestions, 3)
    assert "Northfield Harbour bombing: 2 essay(s)" in report
    assert "essays/a.txt, paragraph 1:" in report and "essays/b.txt, paragraph 1:" in report
    entry = draft_entry(suggestions[0])
    assert "id: northfield-harbour-bombing" in entry and "kind: terrorist attack" in entry
    assert "start: YYYY-MM-DD" in entry  # the text gives no date: left for the maintainer
    assert "Northfield Harbour bombings" in entry  # the other spelling, as an alias


def test_suggestions_skip_phrases_that_name_nothing():
    essays = [("essays/a.txt", ("This attack was different. Russia's war goes on. The summit ended.",))]
    assert suggest_events(essays, _MATCHER) == []
