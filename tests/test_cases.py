"""One test per paired case file in tests/cases (see casefiles.py)."""

import pytest

from .casefiles import all_cases, case_id, expected_path, produce


@pytest.mark.parametrize("path", all_cases(), ids=case_id)
def test_case(path):
    expected = expected_path(path)
    assert expected.exists(), f"no {expected.name}: run `make expected` and review it"
    assert produce(path) == expected.read_text(encoding="utf-8")
