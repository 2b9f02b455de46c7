"""Matching that reads like a person: relative days counted from the essay's own date, and the
suggestions of what the catalog lacks."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opedarchive.catalog.match import _needed_words, _prefix_finder, build_matcher
from opedarchive.catalog.suggest import draft_entry, render_report, suggest_events
from opedarchive.core.models import Event, RawEssay
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
    # In capitals, and where case folding lengthens the text (ß, İ): the words are still read (an
    # "İ" in them stopped the run: "FRİDAY".lower() is no weekday's name).
    assert _events("GUNMEN ATTACKED A CONCERT HALL ON FRIDAY NIGHT.", MONDAY) == ("crocus-city-hall-attack",)
    assert _events("Gunmen attacked a concert hall by the Straße on FRİDAY night.", MONDAY) == (
        "crocus-city-hall-attack",
    )
    assert _events("The attack THREE DAYS AGO, or FİVE days ago: the Straße.", date(2024, 3, 27)) == (
        "crocus-city-hall-attack",
    )
    # A span too: "THİS MONTH" is this month (1 to 24 April), where the concert hall attack of
    # 22 March is not; "LAST MONTH" is March.
    assert _events("The attack near Moscow THİS MONTH, in the Straße.", date(2024, 4, 25)) == ()
    assert _events("The attack near Moscow LAST MONTH, in the Straße.", date(2024, 4, 25)) == (
        "crocus-city-hall-attack",
    )


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


def _one_pattern_matcher(pattern: str):
    event = Event("test-event", "Test event", date(2001, 1, 1), None, "Nowhere", "A test.", "test", (), (pattern,), "")
    return build_matcher((event,))


@pytest.mark.parametrize(
    ("pattern", "sentence"),
    [
        # The parser takes the letters shared by every branch out in front ("S" + "alisbury" or
        # "kripal"); a class makes the run after it start mid-word ("[Kk]" + "remlin"). A
        # pattern indexed by such a fragment was never tried.
        ("(?:Salisbury|Skripal)", "The Skripal inquiry dragged on."),
        ("[Kk]remlin", "The kremlin gathering was brief."),
        ("(?:hospital|hostages?) ... (?:in|at) Bud[yi]?[oe]nn?ovsk", "The hostages in Budyonnovsk waited."),
        ("blast ... [İI]stiklal ... (?:2022|November)", "The blast on Istiklal in November shocked the city."),
    ],
)
def test_a_pattern_is_tried_wherever_its_words_are(pattern, sentence):
    needs, _ = _needed_words(pattern)
    words = {w.casefold() for w in re.findall(r"\w+", sentence)}
    # A paragraph's candidates are found by the first letters of its words.
    assert needs is None or any(word.startswith(need) for word in words for need in needs), needs
    assert [event for _, _, event in _one_pattern_matcher(pattern).spans(sentence)] == ["test-event"]


def test_a_kind_in_the_plural_names_its_event_in_either_number():
    # Two events in Brussels in March 2024; "sanctions" names the one of that kind, as
    # "attacks" names a terrorist attack.
    events = (
        Event("eu-sanctions", "EU sanctions", date(2024, 3, 5), None, "Brussels", "A test.", "sanctions", (), (), ""),
        Event("eu-summit", "EU summit", date(2024, 3, 20), None, "Brussels", "A test.", "summit", (), (), ""),
    )
    matcher = build_matcher(events)
    april = date(2024, 4, 8)
    found = matcher.find(("The sanctions treaty signed in Brussels last month will bite.",), (), 0, april)
    assert [m.event_id for m in found] == ["eu-sanctions"]


@pytest.mark.parametrize(
    ("pattern", "run", "sentence", "elsewhere"),
    [
        # No word of four letters to index it by: before, it was tried on every paragraph with "since".
        ("(?:since|after|before|until) 7/7", "7/7", "London changed after 7/7.", "Since then, nothing."),
        ("EP-3E? (?:spy plane|crew)", "ep-3", "The EP-3E crew landed on Hainan.", "The spy plane crew was held."),
        # A run that a letter may come before is still needed whole (ovsk), unlike a word to index by.
        ("hostages? ... Bud[yi]?[oe]nn?ovsk", "ovsk", "The hostages in Budennovsk waited.", "The hostages waited."),
    ],
)
def test_a_pattern_is_tried_only_where_every_literal_run_it_needs_is(pattern, run, sentence, elsewhere):
    _, runs = _needed_words(pattern)
    assert any(run in option for option in runs), runs
    matcher = _one_pattern_matcher(pattern)
    assert [event for _, _, event in matcher.spans(sentence)] == ["test-event"]
    assert matcher.spans(elsewhere) == []


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="abcdeéßİı _-1'’.", max_size=80),
    st.lists(st.text(alphabet="abcdeé1", min_size=3, max_size=4), max_size=6),
)
def test_the_prefix_finder_finds_what_splitting_every_word_out_would(text, prefixes):
    # The first three and four letters of every word of three letters or more, as the matcher
    # once found them, restricted to the index's prefixes.
    lowered = text.casefold()
    words = re.findall(r"[^\W_]{3,}", lowered)
    expected = ({w[:4] for w in words} | {w[:3] for w in words}) & set(prefixes)
    found = set(_prefix_finder(prefixes).findall(lowered))
    assert (found | {f[:3] for f in found}) & set(prefixes) == expected


@pytest.mark.parametrize(
    "paragraph",
    [
        "The Crocus City Hall attack shocked Moscow.",
        # Case folding lengthens "ß" and "İ": the aliases are then looked for case by case in the
        # text as written, and a mention's place and words are still the text's own.
        "Auf der Straße sprach man über the CROCUS CITY HALL attack.",
        "İstanbul papers led with the crocus city hall attack.",
    ],
)
def test_an_alias_is_found_in_any_case_at_its_place_in_the_text(paragraph):
    (mention,) = _MATCHER.find((paragraph,), ())
    written = re.search(r"crocus city hall attack", paragraph, re.IGNORECASE)
    assert mention.event_id == "crocus-city-hall-attack"
    assert (mention.start, mention.text) == (written.start(), written.group(0))
