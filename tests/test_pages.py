"""The browsable archive at the Markdown layer: redirects for changed slugs and aliases, feeds,
event pages quoting the paragraph they link to, related essays. Runs the real command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import frontmatter

from .conftest import ROOT, convert

SEED_2 = "004_eb5e84a9e9950381"
SEED_2_SLUG = "the-st-petersburg-bombing-why-it-wont-bring-america-and"
SEED_1_SLUG = "the-hour-of-serious-and-responsible-diplomacy-a-farewell-to"


def _page(archive, rel):
    return frontmatter.loads((archive / "docs" / rel).read_text(encoding="utf-8"))


def test_a_changed_slug_keeps_answering_at_its_old_address(archive):
    assert convert(archive).returncode == 0
    sidecar = archive / "essays" / f"{SEED_2}.yml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8") + "slug: st-petersburg-bombing\n", encoding="utf-8")
    run = convert(archive)
    assert run.returncode == 0, run.stderr
    old = _page(archive, f"essays/{SEED_2_SLUG}.md")
    assert old["redirect"] == "../st-petersburg-bombing/"
    assert old["robots"] == "noindex"
    assert '<a href="../st-petersburg-bombing/">' in old.content
    assert _page(archive, "essays/st-petersburg-bombing.md")["source"] == f"{SEED_2}.txt"
    record = (archive / "essays" / ".slugs.yml").read_text(encoding="utf-8")
    assert f"redirects:\n  {SEED_2_SLUG}: {SEED_2}.txt" in record
    # The slug record remembers: the redirect survives later runs, and a second run is a no-op.
    run = convert(archive)
    assert "0 file(s) written, 0 removed" in run.stderr
    assert (archive / "docs" / "essays" / f"{SEED_2_SLUG}.md").exists()


def test_sidecar_aliases_become_redirect_pages(archive):
    sidecar = archive / "essays" / f"{SEED_2}.yml"
    sidecar.write_text(
        sidecar.read_text(encoding="utf-8") + f"aliases: [old-address, {SEED_1_SLUG}]\n", encoding="utf-8"
    )
    run = convert(archive)
    assert run.returncode == 0, run.stderr
    assert _page(archive, "essays/old-address.md")["redirect"] == f"../{SEED_2_SLUG}/"
    # An alias that is another live essay's slug is refused, and that essay's page is untouched.
    assert f"warning: alias '{SEED_1_SLUG}' is the slug of another essay" in run.stderr
    assert "redirect" not in _page(archive, f"essays/{SEED_1_SLUG}.md").metadata


def test_feeds_list_dated_essays_newest_first_with_absolute_links(archive):
    assert convert(archive).returncode == 0
    rss = ET.fromstring((archive / "docs" / "feed.xml").read_bytes())
    items = rss.findall("./channel/item")
    assert [i.findtext("link") for i in items] == [
        f"http://127.0.0.1:8000/essays/{SEED_1_SLUG}/",
        f"http://127.0.0.1:8000/essays/{SEED_2_SLUG}/",
    ]
    assert items[1].findtext("pubDate") == "Tue, 04 Apr 2017 00:00:00 +0000"
    assert "c. March 2024" in items[0].findtext("description")  # an inferred date says so in words,
    assert items[0].find("pubDate") is None  # and is never a machine-readable date
    # Not the clock, and not an inferred date: the newest stated or curated one.
    assert rss.findtext("./channel/lastBuildDate") == "Tue, 04 Apr 2017 00:00:00 +0000"
    creators = items[1].findall("{http://purl.org/dc/elements/1.1/}creator")
    assert [c.text for c in creators] == ["Nikolas K. Gvosdev"]
    feed = json.loads((archive / "docs" / "feed.json").read_text(encoding="utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert [i["url"] for i in feed["items"]] == [i.findtext("link") for i in items]
    assert "date_published" not in feed["items"][0] and feed["items"][1]["date_published"].startswith("2017-04-04")


def test_event_page_quotes_each_essay_and_links_to_the_paragraph(archive):
    assert convert(archive).returncode == 0
    event = _page(archive, "events/beslan-school-siege.md")
    assert "## 2 essays on this event" in event.content
    assert f'(<a href="../../essays/{SEED_2_SLUG}/#p3">paragraph 3</a>)' in event.content
    assert "<strong>Beslan</strong> in 2004" in event.content
    essay = (archive / "docs" / "essays" / f"{SEED_2_SLUG}.md").read_text(encoding="utf-8")
    paragraph_3 = essay.split('<p id="p3" class="essay-paragraph">')[1].split("</p>")[0]
    assert "attack on the school in Beslan in 2004" in paragraph_3


def test_related_essays_share_events(archive):
    assert convert(archive).returncode == 0
    essay = _page(archive, f"essays/{SEED_2_SLUG}.md").content
    related = essay.split("## Related essays {: #related }", 1)[1]
    assert f'<a href="../{SEED_1_SLUG}/">' in related
    assert "also on Beslan school siege" in related


def test_site_url_from_the_environment_reaches_citations_and_feeds(archive):
    run = subprocess.run(
        [sys.executable, str(ROOT / "build_archive.py")],
        cwd=archive,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": os.environ.get("PATH", ""), "SITE_URL": "https://user.github.io/repo"},
        check=False,
    )
    assert run.returncode == 0, run.stderr
    essay = (archive / "docs" / "essays" / f"{SEED_2_SLUG}.md").read_text(encoding="utf-8")
    assert f"Archived at Op-ed Archive, https://user.github.io/repo/essays/{SEED_2_SLUG}/." in essay
    assert "https://user.github.io/repo/feed.json" in (archive / "docs" / "feed.json").read_text(encoding="utf-8")
