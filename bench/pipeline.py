"""The `make site` pipeline on one synthetic archive, step by step: the cold conversion, `mkdocs
build --strict`, the sharded search index and `--verify`, each with its wall time, CPU time and
peak memory (wait4), then the site's size and its largest pages. What `make bench N=20000`
spends most of an hour on besides (three cold runs, the reference, Zensical), in a quarter of it.

    .venv/bin/python -m bench.pipeline --count 20000 [--out bench/work/pipeline-20000.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from . import measure
from .run import BUILD_SITE, ENV, ROOT, SEARCH_INDEX, WORK, _archive, _first_essay_slug, _html_sizes, _largest_page


def measure_pipeline(count: int) -> dict[str, object]:
    started = time.perf_counter()
    archive = _archive(WORK / f"pipeline-{count}", count)
    result: dict[str, object] = {"N": count, "synth_s": round(time.perf_counter() - started, 1), "steps": {}}
    steps = {
        "convert": [sys.executable, str(ROOT / "build_archive.py")],
        "mkdocs": [sys.executable, str(BUILD_SITE), "--quiet"],
        "search index": [sys.executable, str(SEARCH_INDEX)],
        "verify": [sys.executable, str(ROOT / "build_archive.py"), "--verify"],
    }
    for name, command in steps.items():
        run = measure.run(command, archive, ENV)
        result["steps"][name] = {
            "s": round(run.seconds, 1),
            "cpu_s": round(run.cpu_seconds, 1),
            "peak_mb": round(run.peak_mb),
            "exit": run.returncode,
        }
        print(f"pipeline: {name}: {result['steps'][name]}", file=sys.stderr, flush=True)
        if run.returncode:
            result["failed"] = f"{name}: {run.stderr[-2000:]}"
            return result
    site = archive / "site"
    size, files = measure.tree_size(site)
    result["site_mb"], result["site_files"] = round(size / 1e6, 1), files
    result["essay_page_bytes"], result["essay_page_gzip"] = _html_sizes(
        site / "essays" / _first_essay_slug(archive) / "index.html"
    )
    for folder in ("events", "topics", "authors"):
        result[f"largest_{folder}_page"] = _largest_page(site, folder)
    result["search_shards"] = len(json.loads((site / "pagefind" / "shards.json").read_text())["bundles"])
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the make site pipeline on one synthetic archive.")
    parser.add_argument("--count", type=int, default=20000)
    parser.add_argument("--out", type=Path, help="also write the result here (JSON)")
    args = parser.parse_args(argv)
    result = measure_pipeline(args.count)
    text = json.dumps(result, indent=1)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 1 if "failed" in result else 0


if __name__ == "__main__":
    raise SystemExit(main())
