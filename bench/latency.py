"""Edit-to-browser latency of `make serve`: how long after an essay is saved does its served page
show the change? Runs the same two processes as the Makefile's serve target (the converter in
--watch mode, `mkdocs serve`) on a synthetic archive, edits one essay, and polls the page.

    python -m bench.latency --count 1000 [--dirty]

--dirty passes `--dirty` to mkdocs serve (rebuild only the pages that changed; without
--strict, which a dirty build's own warning would abort).
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml

from .run import BIN, ENV, ROOT, WORK, _archive, _convert

TIMEOUT = 600


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, TimeoutError, ConnectionError):
        return None


def measure_latency(count: int, dirty: bool) -> dict[str, float]:
    archive = _archive(WORK / f"latency-{count}", count)
    _convert(archive)
    port = _free_port()
    serve_args = [str(BIN / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}"]
    # --dirty rebuilds only changed pages; MkDocs warns that it does, so it cannot go with --strict.
    serve_args += ["--dirty", "--no-strict"] if dirty else ["--strict"]
    watcher = subprocess.Popen(
        [sys.executable, str(ROOT / "build_archive.py"), "--watch"],
        cwd=archive,
        env=ENV,
        stderr=subprocess.DEVNULL,
    )
    server = subprocess.Popen(serve_args, cwd=archive, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        essay = sorted((archive / "essays").glob("*.txt"))[0]
        slug = yaml.safe_load((archive / "essays" / ".slugs.yml").read_text(encoding="utf-8"))[essay.name]
        url = f"http://127.0.0.1:{port}/essays/{slug}/"
        started = time.perf_counter()
        while _get(url) is None:
            if server.poll() is not None:
                raise SystemExit(f"mkdocs serve exited with {server.returncode}")
            if time.perf_counter() - started > TIMEOUT:
                raise SystemExit("mkdocs serve did not come up")
            time.sleep(0.2)
        first_serve = time.perf_counter() - started
        time.sleep(2)  # let the watcher settle
        marker = f"Latencymarker{int(time.time())}"
        text = essay.read_text(encoding="utf-8")
        cut = text.index(" ", len(text) // 2)
        saved = time.perf_counter()
        essay.write_text(text[:cut] + f" {marker}" + text[cut:], encoding="utf-8")
        while True:
            page = _get(url)
            if page and marker in page:
                break
            if server.poll() is not None:
                raise SystemExit(f"mkdocs serve exited with {server.returncode}")
            if time.perf_counter() - saved > TIMEOUT:
                raise SystemExit("the edit never showed")
            time.sleep(0.05)
        return {
            "count": count,
            "dirty": dirty,
            "first_serve_s": first_serve,
            "edit_to_page_s": time.perf_counter() - saved,
        }
    finally:
        for process in (server, watcher):
            process.terminate()
            process.wait(timeout=30)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Edit-to-browser latency of make serve.")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--dirty", action="store_true")
    parser.add_argument("--out", type=Path, default=None, help="append the result as a line to this file")
    args = parser.parse_args(argv)
    result = measure_latency(args.count, args.dirty)
    line = (
        f"make serve at {args.count:,} essays{' (mkdocs serve --dirty)' if args.dirty else ''}: first page served "
        f"after {result['first_serve_s']:.1f} s; an essay edit shows on its served page after "
        f"{result['edit_to_page_s']:.1f} s (budget 3 s)."
    )
    print(line)
    if args.out:
        with args.out.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
