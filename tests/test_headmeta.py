"""The JSON-LD goes inside <script>: its raw text must hold nothing HTML could read as markup."""

import json

import pytest
import yaml

from .casefiles import CASES, citation_json_ld, listing_from

CITATION_CASES = sorted((CASES / "citation").glob("*.yml"))


@pytest.mark.parametrize("path", CITATION_CASES, ids=lambda p: p.stem)
def test_json_ld_is_script_safe(path):
    item = listing_from(yaml.safe_load(path.read_text(encoding="utf-8")), path.stem)
    raw = citation_json_ld(item)
    assert not {"<", ">", "&"} & set(raw)
    assert json.loads(raw)["headline"] == item.title


def test_json_ld_escapes_a_closing_script_tag():
    item = listing_from({"title": "a </script><script>alert(1)</script> & b"})
    raw = citation_json_ld(item)
    assert "\\u003c/script\\u003e" in raw
    assert json.loads(raw)["headline"] == item.title
