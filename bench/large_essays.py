"""One very large essay at a time (1, 2, 4, 8 MB of one-line paragraphs): conversion and the
MkDocs build must grow linearly with the essay's size (they grew with its square when each
paragraph was its own raw HTML block). Part of `make bench`:

    python -m bench.large_essays --mb 1 2 4 8
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from tests.conftest import make_archive

from . import measure

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"
BIN = Path(sys.executable).parent
SIZES_MB = (1, 2, 4, 8)


def large_essay(megabytes: float) -> str:
    """A title, a byline, then one-line paragraphs (about 90 bytes each) up to the size."""
    head = "A Very Long Essay\n\nBy Jane Doe\n\n"
    lines, size, number = [head], len(head), 0
    while size < megabytes * 1_000_000:
        number += 1
        line = f"Paragraph {number} of a very long essay says one short thing about diplomacy.\n\n"
        lines.append(line)
        size += len(line)
    return "".join(lines)


def measure_one(megabytes: float) -> dict[str, float]:
    archive = WORK / f"large-{megabytes:g}mb"
    shutil.rmtree(archive, ignore_errors=True)
    make_archive(archive, with_seeds=False)
    (archive / "essays" / "large.txt").write_text(large_essay(megabytes), encoding="utf-8")
    env = {"NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    convert = measure.run([sys.executable, str(ROOT / "build_archive.py")], archive, env)
    build = measure.run([str(BIN / "mkdocs"), "build", "--strict", "--quiet"], archive, env)
    if convert.returncode != 0 or build.returncode != 0:
        raise SystemExit(f"large essay of {megabytes} MB: {convert.stderr[-2000:]}{build.stderr[-2000:]}")
    return {
        "mb": megabytes,
        "convert_s": convert.seconds,
        "convert_mb": convert.peak_mb,
        "mkdocs_s": build.seconds,
        "mkdocs_mb": build.peak_mb,
    }


def render(rows: list[dict[str, float]]) -> list[str]:
    out = [
        "## One large essay",
        "",
        "One essay of one-line paragraphs (about 90 bytes each), converted and built with `mkdocs build "
        "--strict`. Budget: time linear in the essay's size (each doubling at most about doubles the time).",
        "",
        "| essay size | convert | peak memory | mkdocs build | peak memory | mkdocs s per MB |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        out.append(
            f"| {r['mb']:g} MB | {r['convert_s']:.2f} s | {r['convert_mb']:,.0f} MB | {r['mkdocs_s']:.2f} s | "
            f"{r['mkdocs_mb']:,.0f} MB | {r['mkdocs_s'] / r['mb']:.2f} |"
        )
    return [*out, ""]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark one large essay at several sizes.")
    parser.add_argument("--mb", type=float, nargs="+", default=list(SIZES_MB))
    args = parser.parse_args(argv)
    print("\n".join(render([measure_one(mb) for mb in args.mb])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
