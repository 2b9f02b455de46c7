"""The pages a run makes, kept compressed in memory for a large archive (pages/build.py)."""

from opedarchive.core.models import Site
from opedarchive.pages.build import PACK_FROM, PackedFiles, build


def test_packed_pages_read_back_as_written():
    pages = {"essays/a.md": "---\ntitle: A\n---\n¶ text\n".encode() * 50, "feed.xml": b"<rss/>", "empty.md": b""}
    packed, plain = PackedFiles(packed=True), PackedFiles(packed=False)
    packed.update(pages)
    plain.update(pages)
    assert dict(packed.items()) == pages == dict(plain.items())
    assert packed == plain
    del packed["feed.xml"]
    assert "feed.xml" not in packed and len(packed) == 2


def test_packing_shrinks_what_is_held():
    page = ("<p>" + "An essay's paragraph, with words that repeat. " * 40 + "</p>\n").encode() * 20
    packed = PackedFiles(packed=True)
    packed["essays/a.md"] = page
    assert len(packed._files["essays/a.md"]) * 4 < len(page)


def test_a_small_archive_keeps_its_pages_as_they_are():
    result = build((), {}, (), None, "essays/.slugs.yml", {}, Site("Essays", "https://archive.example/"))
    assert result.files._packed is False
    assert PACK_FROM > 1000  # the bench's 1,000 essays convert without packing
