"""Every catalogued event, against its own case file (tests/cases/catalog-events/<id>.txt):
each '+' sentence refers to the event, each '-' sentence (a near miss: the same city in
another year, the same word in another sense) does not; and no two events claim the same
words of any sentence (a '+' sentence may name a second event with other words: "the Bosnian
War ended with the Dayton agreement")."""

from __future__ import annotations

import pytest

from .casefiles import _BY_ID, _MATCHER, CASES, event_case_lines

CASE_FILES = sorted((CASES / "catalog-events").glob("*.txt"))


def test_every_event_has_a_case_with_a_match_and_a_near_miss():
    have = {path.stem: [sign for sign, _, _ in event_case_lines(path)] for path in CASE_FILES}
    assert set(have) == set(_BY_ID), sorted(set(_BY_ID) ^ set(have))
    assert [event for event, signs in have.items() if "+" not in signs or "-" not in signs] == []


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_event_case(path):
    for sign, sentence, found in event_case_lines(path):
        if sign == "+":
            assert path.stem in found, f"{sentence!r} -> {found}"
        else:
            assert path.stem not in found, f"near miss {sentence!r} -> {found}"


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_no_two_events_claim_the_same_words(path):
    for _, sentence, _ in event_case_lines(path):
        spans = [(m.start, m.start + len(m.text), m.event_id) for m in _MATCHER.find((sentence,), ())]
        for a in spans:
            for b in spans:
                assert not (a[2] < b[2] and a[0] < b[1] and b[0] < a[1]), f"{sentence!r}: {a} and {b} overlap"
