"""Front matter written by opedarchive.pages.frontyaml reads back, through PyYAML as MkDocs and
python-frontmatter read it, exactly as it was written."""

from __future__ import annotations

from datetime import date

import pytest
import yaml

from opedarchive.pages.frontyaml import dump

HOSTILE_STRINGS = [
    "",
    "plain",
    "true",
    "null",
    "2017-04-04",
    "123",
    "- a list item?",
    "key: value",
    "# a comment",
    "'single' and \"double\" quotes",
    "back\\slash and \\n not a newline",
    "tab\there and\nnewline and\r\ncrlf",
    "\x00\x01\x1f control",
    "\x7f\x80\x85\x9f C1 controls and NEL",
    "line\u2028separator\u2029paragraph",
    "\ufeffBOM, \ufffe and \uffff noncharacters",
    "lone \ud800 surrogate",
    "emoji 😀 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "Cyrillic Путин, Greek Ωμέγα, Arabic سلام",
    "<script>alert(1)</script> &amp; {{ jinja }} {% raw %}",
    "---",
    "...",
    "@at `tick` |pipe >fold *star &anchor !tag %percent",
]


@pytest.mark.parametrize("text", HOSTILE_STRINGS)
def test_a_string_reads_back_exactly(text):
    meta = {"title": text, "authors": [text, "x"], "bios": {text or "k": text}, "quotes": [{"before": text}]}
    assert yaml.safe_load(dump(meta)) == meta


def test_numbers_dates_null_and_empty_collections():
    meta = {"date": date(2017, 4, 4), "none": None, "count": 702, "flag": True, "empty": [], "nothing": {}}
    assert yaml.safe_load(dump(meta)) == meta


def test_bare_keys_stay_unquoted_for_the_generator_mark():
    assert dump({"generator": "build_archive.py"}, frozenset({"generator"})) == "generator: build_archive.py\n"
