"""The archive-core acceptance criteria, checked on the committed seed pages (which CI's
`--check` proves are what the converter makes of essays/) and on the second seed without its
sidecar."""

from __future__ import annotations

import datetime
import shutil

import frontmatter

from .conftest import ROOT, convert, make_archive

SEED_1 = ROOT / "docs" / "essays" / "the-hour-of-serious-and-responsible-diplomacy-a-farewell-to.md"
SEED_2 = ROOT / "docs" / "essays" / "the-st-petersburg-bombing-why-it-wont-bring-america-and.md"


def test_first_seed():
    page = frontmatter.load(SEED_1)
    assert page["title"] == "The Hour of Serious and Responsible Diplomacy: A Farewell to Arms?"
    assert page["authors"] == ["Verónica Pérez Taffi"]
    assert "AERIA" in page["bios"]["Verónica Pérez Taffi"]
    assert page["date_source"] == "inferred" and page["date_precision"] == "month"
    assert (page["date"].year, page["date"].month) == (2024, 3)
    for event in (
        "beslan-school-siege",
        "moscow-theater-hostage-crisis",
        "crocus-city-hall-attack",
        "september-11-attacks",
        "russian-invasion-of-ukraine",
    ):
        assert event in page["events"]
    assert "saint-petersburg-metro-bombing" not in page["events"]
    assert {"2001", "2002", "2004", "2024-03-22"} <= set(page["dates_mentioned"])
    # The page's debris is not the essay: set aside, and listed with its line, not dropped.
    assert "Other reviews" not in page.content
    assert {"line": 24, "kind": "teaser list", "text": "Other reviews"} in page["debris"]


def test_second_seed_with_its_sidecar():
    page = frontmatter.load(SEED_2)
    assert page["title"] == "The St. Petersburg Bombing: Why It Won't Bring America and Russia Together"
    assert page["authors"] == ["Nikolas K. Gvosdev"]
    assert page["publication"] == "The National Interest"
    assert page["source_url"].startswith("https://nationalinterest.org/feature/the-st-petersburg-bombing")
    assert page["date"] == datetime.date(2017, 4, 4) and page["date_source"] == "curated"
    for event in (
        "saint-petersburg-metro-bombing",
        "beslan-school-siege",
        "september-11-attacks",
        "russian-intervention-in-syria",
    ):
        assert event in page["events"]
    assert "crocus-city-hall-attack" not in page["events"]
    assert "moscow-theater-hostage-crisis" not in page["events"]


def test_second_seed_without_its_sidecar(tmp_path):
    archive = make_archive(tmp_path / "archive", with_seeds=False)
    shutil.copy(ROOT / "essays" / "004_eb5e84a9e9950381.txt", archive / "essays")
    run = convert(archive)
    assert run.returncode == 0
    assert "essays/004_eb5e84a9e9950381.txt: warning: no title line" in run.stderr
    assert "essays/004_eb5e84a9e9950381.txt: warning: no author found" in run.stderr
    (page_path,) = (archive / "docs" / "essays").glob("*.md")
    page = frontmatter.load(page_path)
    assert page["authors"] == []
    assert page["title"].endswith("…") and len(page["title"].split()) <= 10
    assert page["date_source"] == "inferred"
    assert (page["date"].year, page["date"].month, page["date_precision"]) == (2017, 4, "month")
