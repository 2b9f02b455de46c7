"""The corpus of pasted op-ed pages (tests/cases/corpus) read as a careful person reads them:
no wrong author or date (precision first), and most of what the text states found; every
source line of every case accounted for. `make accuracy` writes the full report."""

from __future__ import annotations

import pytest

from opedarchive.checks.verify import EssayToVerify, source_line_findings

from .accuracy import corpus_paths, read_case, score

PATHS = corpus_paths()


@pytest.fixture(scope="module")
def scores():
    return score(PATHS)


def test_the_corpus_is_large_enough():
    assert len(PATHS) >= 80


def test_no_wrong_author_and_no_wrong_stated_date(scores):
    assert scores["authors"].wrong == []
    assert scores["date"].wrong == []


def test_titles_authors_and_dates_are_found(scores):
    assert scores["title"].precision() >= 0.95, scores["title"].wrong
    assert scores["title"].recall() >= 0.95, scores["title"].missed
    assert scores["authors"].recall() >= 0.95, scores["authors"].missed
    assert scores["date"].recall() >= 0.95, scores["date"].missed


def test_no_wrong_event_and_most_events_found(scores):
    """Precision first: a wrong event on a page is worse than a missing one. The recall floor is
    the measured value (61.2%, 158 of 258) less three points: the 110 cases added on 2026-12-02
    (`new-*`, `r2-*` to `r5-*`) name events in words the catalog's aliases and patterns do not
    match yet (tests/accuracy.md lists them: the catalog's to-do); it was 71.7% (109 of 152)
    before them."""
    assert scores["events"].wrong == []
    assert scores["events"].precision() == 1.0
    assert scores["events"].recall() >= 0.582, scores["events"].missed


def test_nothing_of_the_essay_is_called_debris(scores):
    assert scores["debris lines"].wrong == []
    assert scores["debris lines"].recall() >= 0.9, scores["debris lines"].missed


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_every_source_line_is_accounted_for(path):
    essay, _ = read_case(path)
    assert essay is not None
    item = EssayToVerify(f"essays/{path.name}", essay, path.read_bytes(), None, "slug")
    assert source_line_findings(item) == []


def test_a_lost_line_is_found():
    """The check itself: a line dropped from the paragraphs is reported with its number."""
    import dataclasses

    path = next(p for p in PATHS if p.stem == "clean-sanctions-tool")
    essay, _ = read_case(path)
    shortened = dataclasses.replace(essay, paragraphs=essay.paragraphs[:-1])
    findings = source_line_findings(EssayToVerify(f"essays/{path.name}", shortened, path.read_bytes(), None, "x"))
    assert len(findings) == 1 and findings[0].where.startswith(f"essays/{path.name}:")
