"""Full-text search for the built site in bounded memory: Pagefind, run in shards.

Pagefind 1.5 keeps every indexed word of every page in memory until it writes the index: about
0.37 MB per essay page, 2 GB at 5,000 essays in one run. So the pages pagefind.yml selects are
indexed in consecutive slices of at most a fixed number of pages (and of HTML bytes), one
Pagefind run after another, each into its own bundle (site/pagefind/shard-0/, shard-1/, ...);
site/pagefind/shards.json lists the bundles, and the search page (docs/javascripts/archive.js)
loads the first and merges the others into it with Pagefind's `mergeIndex`. Each run's peak
memory depends on its slice, not on the size of the archive; only the number of runs grows.

    python tools/search_index.py [--config pagefind.yml] [--pages-per-shard 2000]

Run from the archive's folder after `mkdocs build` (make site does). Exit status 1, with a
message, when Pagefind fails or indexes other pages than it was given.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

BUNDLE_DIR = "pagefind"  # under the site; the search page looks for it there
MANIFEST = "shards.json"
# About 650 MB at Pagefind's peak for 2,000 essay pages of ~850 words (480 MB for 1,500, 330 MB
# for 1,000), two thirds of what a step of make site may take. The search page fetches one index
# chunk (25-40 KB) from every shard for each word of a query (README: Scale and benchmarks), so
# fewer, larger shards make the first search cheaper and each run hungrier; each run also costs
# ~0.4 s of CPU of its own. At 20,000 essays: 12 shards, and a one-word first search of 972 KB
# (1,036 KB with the 14 shards of 1,500 pages).
PAGES_PER_SHARD = 2000
# Memory follows the words indexed, so a slice is also cut at this much HTML: a few very long
# essays do not add up to one huge run. (2,000 typical essay pages are about 55 MB.)
BYTES_PER_SHARD = 60_000_000
# A glob is one command-line argument, and Linux refuses an argument over 128 KiB.
MAX_GLOB_CHARS = 100_000
# The characters Pagefind's globs (the `wax` crate) give a meaning to, escaped with a backslash
# to stand for themselves. Wax refuses an escaped character that has no meaning (a space, `&`).
_GLOB_SPECIAL = re.compile(r"[\\*?$:<>()\[\]{},]")
# What Pagefind's search loads from a merged bundle (the first bundle's script, worker and
# WebAssembly serve them all); the rest of each later bundle is never fetched, so it is removed.
_MERGED_BUNDLE_KEEPS = ("pagefind-entry.json", "index", "fragment", "filter")


class SearchIndexError(Exception):
    """A failure, with a message that says what to do."""


@dataclass(frozen=True)
class Page:
    path: str  # relative to the site, with forward slashes
    size: int  # bytes of HTML


@dataclass(frozen=True)
class Shard:
    number: int
    pages: tuple[str, ...]

    @property
    def subdir(self) -> str:
        return f"{BUNDLE_DIR}/shard-{self.number}"


def read_config(path: Path) -> tuple[Path, str]:
    """(site folder, glob of the pages to index) from pagefind.yml."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise SearchIndexError(f"{path}: cannot read the Pagefind configuration ({exc}); restore it from git") from exc
    if not isinstance(data, dict) or not isinstance(data.get("site"), str):
        raise SearchIndexError(f"{path}: `site` must name the built site's folder, e.g. `site: site`")
    return Path(data["site"]), str(data.get("glob") or "**/*.html")


def expand_braces(pattern: str) -> list[str]:
    """`{a,b}/**/*.html` -> ['a/**/*.html', 'b/**/*.html']: the one glob feature Pagefind has and
    pathlib lacks (nested braces too)."""
    start = pattern.find("{")
    if start < 0:
        return [pattern]
    depth = 0
    for end in range(start, len(pattern)):
        depth += {"{": 1, "}": -1}.get(pattern[end], 0)
        if depth == 0:
            break
    else:
        return [pattern]  # unbalanced: taken literally, as pathlib would
    head, body, tail = pattern[:start], pattern[start + 1 : end], pattern[end + 1 :]
    options, depth, current = [], 0, ""
    for char in body:
        if char == "," and depth == 0:
            options.append(current)
            current = ""
            continue
        depth += {"{": 1, "}": -1}.get(char, 0)
        current += char
    options.append(current)
    return [expanded for option in options for expanded in expand_braces(head + option + tail)]


BODY_MARK = b"data-pagefind-body"


def select_pages(site: Path, glob: str) -> list[Page]:
    """Every file under `site` that the glob selects, in path order (the same shards every run),
    except the search bundles themselves."""
    found = {path for pattern in expand_braces(glob) for path in site.glob(pattern) if path.is_file()}
    found = {path for path in found if not path.relative_to(site).as_posix().startswith(f"{BUNDLE_DIR}/")}
    # Once a page of the site marks its indexed part with data-pagefind-body, Pagefind indexes
    # only such pages: the others the glob selects are not counted (nor given to a shard).
    bodies = {path for path in found if BODY_MARK in path.read_bytes()}
    if bodies:
        found = bodies
    pages = [Page(path.relative_to(site).as_posix(), path.stat().st_size) for path in found]
    return sorted(pages, key=lambda p: p.path)


def escape_glob(path: str) -> str:
    return _GLOB_SPECIAL.sub(lambda found: "\\" + found.group(0), path)


def glob_of(pages: tuple[str, ...] | list[str]) -> str:
    """A glob that selects exactly these pages."""
    return "{" + ",".join(escape_glob(page) for page in pages) + "}"


def plan_shards(
    pages: list[Page],
    pages_per_shard: int = PAGES_PER_SHARD,
    bytes_per_shard: int = BYTES_PER_SHARD,
    max_glob_chars: int = MAX_GLOB_CHARS,
) -> list[Shard]:
    """Consecutive slices of the pages, each cut before it would pass `pages_per_shard` pages,
    `bytes_per_shard` bytes of HTML or a glob of `max_glob_chars`. A page larger than the byte
    budget is a slice of its own."""
    shards: list[Shard] = []
    current: list[str] = []
    size, length = 0, 2  # the glob's braces
    for page in pages:
        cost = len(escape_glob(page.path)) + 1
        full = len(current) == pages_per_shard or size + page.size > bytes_per_shard or length + cost > max_glob_chars
        if current and full:
            shards.append(Shard(len(shards), tuple(current)))
            current, size, length = [], 0, 2
        current.append(page.path)
        size += page.size
        length += cost
    if current:
        shards.append(Shard(len(shards), tuple(current)))
    return shards


def index_shard(site: Path, shard: Shard) -> None:
    """One Pagefind run over the shard's pages, into its own bundle."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--glob", glob_of(shard.pages)]
    command += ["--output-subdir", shard.subdir, "--quiet"]  # quiet: it would print the whole glob
    run = subprocess.run(command, capture_output=True, text=True, check=False)
    if run.returncode != 0:
        detail = _shorten(run.stderr or run.stdout)
        raise SearchIndexError(f"pagefind failed on shard {shard.number} ({run.returncode}): {detail}")
    for line in (run.stdout + run.stderr).splitlines():  # warnings, e.g. a page without <html lang>
        print(f"search index: shard {shard.number}: {_shorten(line)}", file=sys.stderr)
    indexed = _page_count(site / shard.subdir)
    if indexed != len(shard.pages):
        raise SearchIndexError(
            f"pagefind indexed {indexed} of the {len(shard.pages)} pages of shard {shard.number} "
            f"({shard.pages[0]} to {shard.pages[-1]}): a page name its glob does not match? "
            "Rename the page, or report the name as a bug in tools/search_index.py"
        )


def _shorten(text: str, limit: int = 400) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit // 2] + " … " + text[-limit // 2 :]


def _page_count(bundle: Path) -> int:
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(language["page_count"] for language in entry["languages"].values())


def prune_merged_bundle(bundle: Path) -> None:
    """Remove what the search page never fetches from a bundle it merges (its own copy of the
    UI, script and WebAssembly, about 0.6 MB a shard): the site stays as small as unsharded."""
    for path in bundle.iterdir():
        if path.name in _MERGED_BUNDLE_KEEPS or path.suffix == ".pf_meta":
            continue
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()


def write_manifest(site: Path, shards: list[Shard]) -> None:
    """The bundles the search page merges, the first one first (it also serves the UI)."""
    manifest = {
        "bundles": [f"shard-{shard.number}/" for shard in shards],
        "pages": sum(len(shard.pages) for shard in shards),
    }
    (site / BUNDLE_DIR / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")


def build_index(config: Path, pages_per_shard: int = PAGES_PER_SHARD) -> tuple[int, int]:
    """Index the site in shards; returns (pages, shards)."""
    site, glob = read_config(config)
    if not (site / "index.html").is_file():
        raise SearchIndexError(f"{site}/index.html is missing: build the site first (mkdocs build), then index it")
    pages = select_pages(site, glob)
    if not pages:
        raise SearchIndexError(f"no page under {site}/ matches the glob {glob!r} of {config}: nothing to search")
    shards = plan_shards(pages, pages_per_shard)
    # The bundles of the last run go: a smaller archive has fewer shards, and a stale one would
    # still take space on the host.
    shutil.rmtree(site / BUNDLE_DIR, ignore_errors=True)
    (site / BUNDLE_DIR).mkdir()
    for shard in shards:
        index_shard(site, shard)
        if shard.number > 0:
            prune_merged_bundle(site / shard.subdir)
    write_manifest(site, shards)
    return len(pages), len(shards)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Index the built site for search with Pagefind, in shards.")
    parser.add_argument("--config", type=Path, default=Path("pagefind.yml"), help="site and glob (pagefind.yml)")
    parser.add_argument(
        "--pages-per-shard", type=int, default=PAGES_PER_SHARD, help=f"pages in one run (default {PAGES_PER_SHARD})"
    )
    args = parser.parse_args(argv)
    if args.pages_per_shard < 1:
        parser.error("--pages-per-shard must be at least 1")
    try:
        pages, shards = build_index(args.config, args.pages_per_shard)
    except SearchIndexError as exc:
        print(f"search index: error: {exc}", file=sys.stderr)
        return 1
    print(f"search index: {pages:,} pages in {shards} shard(s) of at most {args.pages_per_shard:,} pages (Pagefind)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
