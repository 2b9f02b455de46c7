"""Fuzzing the two parsers that read what a person (or a careless tool) wrote: sidecars and the
slug record. Whatever the bytes: no exception, every problem names the file it is about, and
no slug read back could lead a page out of docs/ (the writer's last guard is tested apart, in
tests/test_hardening_slugs.py). Bounded: about half a minute in all on two cores."""

from __future__ import annotations

import posixpath

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opedarchive.ingest.sidecar import parse_sidecar
from opedarchive.pages.slugs import read_record
from opedarchive.pages.urls import essay_path

pytestmark = pytest.mark.slow  # `make test-fast` leaves this module out

SIDECAR = "essays/fuzz.yml"
RECORD = "essays/.slugs.yml"
FUZZ = settings(max_examples=400, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])

# YAML-shaped text: the keys a sidecar knows and some it does not, values of every kind, the
# characters YAML gives a meaning to, anchors, aliases, tags, deep brackets, odd whitespace.
_KEYS = st.sampled_from(
    ["title", "subtitle", "authors", "date", "date_order", "slug", "aliases", "events", "tags", "encoding",
     "source_url", "publication", "description", "date_note", "name", "bio", "add", "drop", "x", "redirects"]
)  # fmt: skip
_ATOMS = st.one_of(
    st.text(max_size=20),
    st.sampled_from(
        ["[", "]", "{", "}", ": ", "- ", "&a ", "*a", "!!python/object:os.system", "'", '"', "\\ud800", "\t", "\n  ",
         "2017-02-30", "0000", "9999-12-31", "../../README", "/etc/passwd", "index", "a.txt", "~", "null", "1e9",
         "[" * 50, "]" * 50, "---", "...", "#", "%YAML 1.1", "\x00", "\x85", "\u2028"]
    ),
)  # fmt: skip
_LINE = st.builds(
    lambda key, parts, indent: " " * indent + key + ": " + "".join(parts),
    _KEYS,
    st.lists(_ATOMS, max_size=4),
    st.integers(0, 4),
)
_YAMLISH = st.lists(st.one_of(_LINE, _ATOMS), max_size=12).map("\n".join)


@FUZZ
@given(_YAMLISH)
def test_a_sidecar_is_read_or_refused_naming_its_file(text):
    curation, problems = parse_sidecar(text, SIDECAR, frozenset({"beslan-school-siege"}))
    assert (curation is None) == bool(problems)
    assert all(problem.path == SIDECAR for problem in problems)
    assert all(problem.line is None or problem.line >= 1 for problem in problems)


@FUZZ
@given(st.one_of(_YAMLISH.map(lambda t: t.encode("utf-8", "surrogatepass")), st.binary(max_size=200)))
def test_a_slug_record_is_read_or_refused_and_leads_nowhere_outside_docs(data):
    record = read_record(data, RECORD)
    assert all(problem.path == RECORD for problem in record.problems)
    assert not record.problems or not record.trusted  # a record with a problem is never trusted
    for slug in [*record.slugs.values(), *record.redirects]:
        path = posixpath.normpath(posixpath.join("docs", essay_path(slug)))
        assert path.startswith("docs/essays/") and "/" not in slug, slug
