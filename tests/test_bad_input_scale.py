"""Bad input at scale: a few dozen broken files among a thousand good essays. Each broken file
is named once, as an error, with its line where it has one; every good essay still gets its
page, and no good essay is blamed for a neighbour's problem."""

from __future__ import annotations

import random
import re
from collections import Counter
from pathlib import Path

import pytest

from bench.synth import generate
from opedarchive.ingest.decode import decode
from tests.conftest import convert, make_archive

pytestmark = pytest.mark.slow  # `make test-fast` leaves this module out

GOOD = 1000
PER_KIND = 8
# `path:line: error: message` or `path: error: message` (models.Problem.__str__).
ERROR_LINE = re.compile(r"^(?P<path>[^:\s]+)(?::(?P<line>\d+))?: error: (?P<message>.*)$")
# Three sentences of Russian, in KOI8-R: not UTF-8, and in Windows-1252 runs of accented Latin letters.
RUSSIAN = "Переговоры о перемирии снова зашли в тупик. Обе стороны обвиняют друг друга. Мир ждёт.\n"


def _bad_files(essays: Path, prose: list[str]) -> dict[str, list[str]]:
    """Writes the broken files; returns kind -> the archive paths that must be named as errors.
    prose: texts of good essays, for the essays whose sidecar (not text) is what is wrong."""
    rng = random.Random(4242)
    bad: dict[str, list[str]] = {}

    def text(name: str, data: bytes) -> str:
        (essays / name).write_bytes(data)
        return f"essays/{name}"

    def with_sidecar(stem: str, sidecar: str, index: int) -> str:
        (essays / f"{stem}.txt").write_text(prose[index], encoding="utf-8")
        (essays / f"{stem}.yml").write_text(sidecar, encoding="utf-8")
        return f"essays/{stem}.yml"

    bad["empty"] = [text(f"bad_empty_{i}.txt", b"") for i in range(PER_KIND)]
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(300))
    bad["binary"] = [
        text(f"bad_binary_{i}.txt", png if i % 2 else b"Title\n\nSome words\x00\x00\x01 then NUL bytes.\n" * 3)
        for i in range(PER_KIND)
    ]
    # Undecodable: KOI8-R Cyrillic, or random high bytes in runs of 3+ between Latin words. Both
    # decode as Windows-1252 to runs of accented letters, which decode.py refuses (no mojibake).
    undecodable = []
    for i in range(PER_KIND):
        if i % 2:
            data = (RUSSIAN * (i + 1)).encode("koi8_r")
        else:
            runs = [bytes(rng.randrange(0xC0, 0x100) for _ in range(rng.randrange(3, 7))) for _ in range(20)]
            data = b"A Title\n\n" + b" word ".join(runs) + b"\n"
        assert decode(data).text is None, "decode.py must refuse this file"
        undecodable.append(text(f"bad_undecodable_{i}.txt", data))
    bad["undecodable"] = undecodable
    invalid_yaml = [
        "title: An Unclosed List\nauthors: [Jane Doe\n",
        'title: "an unclosed quote\n',
        "title: Fine\n  indented: wrongly\n",
        "tags:\n- one\n two: three\n",
    ]
    bad["invalid YAML"] = [
        with_sidecar(f"bad_yaml_{i}", invalid_yaml[i % len(invalid_yaml)], i) for i in range(PER_KIND)
    ]
    wrong_types = [
        "title: A Title\ndate: [2020, 2021]\n",
        "authors: 5\n",
        "tags: 3\n",
        "slug: Not A Slug\n",
        "source_url: 12\n",
        "events: [a, b]\n",
        "title: [a list, not a title]\n",
        "date: not a date at all\n",
    ]
    bad["wrong types"] = [with_sidecar(f"bad_types_{i}", wrong_types[i], PER_KIND + i) for i in range(PER_KIND)]
    # Two essays whose sidecars claim the same slug: curated slugs go in file-name order, so
    # `_a` keeps it and `_b`'s sidecar is refused, naming `_a` (slugs.assign_slugs).
    losers = []
    for i in range(PER_KIND):
        for side in "ab":
            stem = f"dup_slug_{i}_{side}"
            (essays / f"{stem}.txt").write_text(prose[2 * PER_KIND + 2 * i + (side == "b")], encoding="utf-8")
            (essays / f"{stem}.yml").write_text(f"slug: the-same-slug-{i}\n", encoding="utf-8")
        losers.append(f"essays/dup_slug_{i}_b.yml")
    bad["duplicate slug"] = losers
    return bad


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    archive = make_archive(tmp_path_factory.mktemp("badscale") / "archive", with_seeds=False)
    essays = archive / "essays"
    names = generate(GOOD, essays, seed=31, catalog=archive / "events")
    prose = [(essays / name).read_text(encoding="utf-8") for name in names[: 4 * PER_KIND]]
    bad = _bad_files(essays, prose)
    return archive, names, bad, convert(archive)


def test_bad_files_are_reported_once_and_good_essays_convert(run):
    archive, good, bad, result = run
    assert result.returncode == 1, result.stderr[-3000:]
    errors = [ERROR_LINE.match(line) for line in result.stderr.splitlines()]
    errors = [match for match in errors if match]
    named = Counter(match["path"] for match in errors)
    every_bad = [path for paths in bad.values() for path in paths]
    assert len(named) == 6 * PER_KIND, f"{len(named)} files named in errors"
    # Each bad file exactly once, and nothing else (no good essay, no essay of a bad sidecar).
    assert {path: named[path] for path in every_bad} == dict.fromkeys(every_bad, 1)
    assert set(named) == set(every_bad), sorted(set(named) - set(every_bad))
    good_paths = {f"essays/{name}" for name in good} | {f"essays/dup_slug_{i}_a.txt" for i in range(PER_KIND)}
    blamed = [match.group(0) for match in errors if any(f"{path}" in match.group(0) for path in good_paths)]
    assert blamed == []
    # Lines where a line exists: YAML errors and wrong values in sidecars point at theirs.
    for match in errors:
        if match["path"] in bad["invalid YAML"] + bad["wrong types"]:
            assert match["line"], match.group(0)
    # Every good essay has its page; the winner of each duplicate slug has the slug.
    pages = list((archive / "docs/essays").glob("*.md"))
    assert len(pages) == GOOD + PER_KIND
    for i in range(PER_KIND):
        page = (archive / f"docs/essays/the-same-slug-{i}.md").read_text(encoding="utf-8")
        assert page.split("\n---\n", 1)[0].count("generator: build_archive.py") == 1
    summary = result.stderr.strip().splitlines()[-1]
    print(f"\n{len(every_bad)} bad files ({', '.join(f'{k}: {len(v)}' for k, v in bad.items())}); {summary}")
    assert f"{GOOD + 5 * PER_KIND + 2 * PER_KIND} essays" in summary
