"""Datelines in several languages and forms, and names written in capitals: the pure rules
the page reader builds on."""

from __future__ import annotations

from datetime import date

import pytest

from opedarchive.ingest.datelines import read_dateline
from opedarchive.ingest.names import is_name, is_organisation, names, proper_case


@pytest.mark.parametrize(
    ("line", "iso", "updated"),
    [
        ("February 08, 2019", "2019-02-08", False),
        ("- Sunday, June 9, 2019", "2019-06-09", False),
        ("Published: 2017-04-04T09:30:00Z", "2017-04-04", False),
        ("April 4, 2017 at 5:12 p.m. ET", "2017-04-04", False),
        ("26.03.2024", "2024-03-26", False),
        ("26. März 2024", "2024-03-26", False),
        ("26 марта 2024", "2024-03-26", False),
        ("26 mars 2024", "2024-03-26", False),
        ("Last Updated: March 5, 2020", "2020-03-05", True),
        ("March 2024", "2024-03", False),
    ],
)
def test_datelines(line, iso, updated):
    found = read_dateline(line)
    assert found is not None and found.value.iso() == iso and found.updated is updated


def test_a_day_and_month_that_read_both_ways_keep_only_the_year():
    found = read_dateline("Published 7-03-2019, 00:00")
    assert found.value.iso() == "2019" and found.value.precision == "year"
    assert "March 7, 2019" in found.note and "July 3, 2019" in found.note and "date_order" in found.note


@pytest.mark.parametrize(("order", "day"), [("dmy", date(2019, 3, 7)), ("mdy", date(2019, 7, 3))])
def test_the_sidecar_says_how_to_read_an_ambiguous_date(order, day):
    assert read_dateline("Published 7-03-2019", order).value.value == day


@pytest.mark.parametrize(
    "line", ["The Lessons of April 2004", "By 2030 the alliance will be larger.", "Paragraph 2019 of nothing", ""]
)
def test_not_datelines(line):
    assert read_dateline(line) is None


@pytest.mark.parametrize(
    ("written", "proper"),
    [
        ("JANE Q. DOE", "Jane Q. Doe"),
        ("FIONA MCALLISTER", "Fiona McAllister"),
        ("PIETER VAN DER MEER", "Pieter van der Meer"),
        ("LAYLA AL-HASHIMI", "Layla al-Hashimi"),
        ("OMAR BIN SALEH", "Omar bin Saleh"),
        ("SEAN O'BRIEN", "Sean O'Brien"),
        ("Jane McDoe", "Jane McDoe"),  # mixed case is the person's own spelling
    ],
)
def test_names_in_capitals_are_written_properly(written, proper):
    assert proper_case(written) == proper


@pytest.mark.parametrize("text", ["Jane Doe", "Ana M. Lopez", "Алексей Громов", "Pieter van der Meer"])
def test_names(text):
    assert is_name(text)


@pytest.mark.parametrize(
    "text",
    [
        "Intelligence Sharing After Crocus Should Continue",  # a title in title case
        "frontier-forum",  # a posting account
        "The Daily Example",  # an outlet
        "Senior Fellow",  # a role
        "Baltic Policy Institute",
    ],
)
def test_not_names(text):
    assert not is_name(text)


def test_name_lists():
    assert names("Jane Holloway, Marek Novak and Li Wei") == ("Jane Holloway", "Marek Novak", "Li Wei")
    assert names("Jane Holloway and the Board") is None


@pytest.mark.parametrize("text", ["The Daily Example", "Meridian Editors", "Editorial Board", "Le Courrier du Nord"])
def test_organisations(text):
    assert is_organisation(text)


@pytest.mark.parametrize("text", ["Jane Doe", "frontier-forum", "It was a long day."])
def test_not_organisations(text):
    assert not is_organisation(text)
