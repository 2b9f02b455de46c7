"""How big the built site is, against GitHub Pages' limit for a published site (1 GB).

    python tools/site_size.py [--site site] [--limit-mb 1000]

Prints the site's size and how many more essays fit; warns from 80% of the limit; exit status 1
above it, saying what to do. `make site` runs it last. `--limit-mb` is another host's limit, or 0
for a host without one (README, "Scale and benchmarks").
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path

# "Published GitHub Pages sites may be no larger than 1 GB" (GitHub's Pages limits). Read as
# 10^9 bytes, the stricter of the two readings, and counted as the files' bytes before the
# Pages artifact's compression.
GITHUB_PAGES_LIMIT_MB = 1000
WARN_AT = 0.8
MB = 1_000_000


@dataclass(frozen=True)
class SiteSize:
    bytes: int
    files: int
    essays: int  # folders under essays/ (pages and redirects), for a size per essay


@dataclass(frozen=True)
class Verdict:
    level: str  # "ok", "warning" or "error"
    message: str


def measure(site: Path) -> SiteSize:
    sizes = [path.stat().st_size for path in site.rglob("*") if path.is_file() and not path.is_symlink()]
    essays = sum(1 for page in (site / "essays").glob("*/index.html"))
    return SiteSize(sum(sizes), len(sizes), essays)


def _room(size: SiteSize, limit_bytes: int) -> str:
    """How many essays fit, from this site's size per essay."""
    if not size.essays:
        return ""
    per_essay = size.bytes / size.essays
    fit = int(limit_bytes / per_essay)
    return f"; at {per_essay / 1000:,.0f} KB per essay, about {fit:,} essays fit ({max(fit - size.essays, 0):,} more)"


def verdict(size: SiteSize, limit_mb: float, site: str = "site") -> Verdict:
    """Pure: the line to print for this size against the limit (0: no limit)."""
    total = f"{site}/ is {size.bytes / MB:,.1f} MB in {size.files:,} files"
    if limit_mb <= 0:
        return Verdict("ok", f"{total} (no size limit set)")
    limit_bytes = int(limit_mb * MB)
    share = size.bytes / limit_bytes
    limit = f"{limit_mb / 1000:g} GB" if limit_mb >= 1000 else f"{limit_mb:g} MB"
    host = "GitHub Pages' " if limit_mb == GITHUB_PAGES_LIMIT_MB else ""
    of_limit = f"{share:.0%} of {host}{limit} limit for a published site{_room(size, limit_bytes)}"
    if size.bytes > limit_bytes:
        return Verdict(
            "error",
            f"{total}, over {host}{limit} limit for a published site: the deployment would be refused. "
            "Publish site/ on a static host without this limit and build with `make site SITE_LIMIT_MB=<its limit "
            "in MB, or 0>` (README, 'Scale and benchmarks': what changes)",
        )
    if share >= WARN_AT:
        return Verdict(
            "warning",
            f"{total}, {of_limit}. Plan the move to a bigger host before the limit stops the build "
            "(README, 'Scale and benchmarks')",
        )
    return Verdict("ok", f"{total}, {of_limit}")


def _annotation(found: Verdict) -> str:
    """A GitHub Actions workflow command, so that the run's summary shows it."""
    text = found.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return f"::{found.level} title=Site size::{text}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check the built site's size against the host's limit.")
    parser.add_argument("--site", type=Path, default=Path("site"))
    parser.add_argument(
        "--limit-mb",
        type=float,
        default=GITHUB_PAGES_LIMIT_MB,
        help=f"the host's limit in MB (default {GITHUB_PAGES_LIMIT_MB}: GitHub Pages); 0 for none",
    )
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"site size: error: {args.site}/index.html is missing: build the site first (make site)", file=sys.stderr)
        return 1
    found = verdict(measure(args.site), args.limit_mb, args.site.as_posix())
    level = "" if found.level == "ok" else f"{found.level}: "
    print(f"site size: {level}{found.message}", file=sys.stdout if found.level == "ok" else sys.stderr)
    if found.level != "ok" and os.environ.get("GITHUB_ACTIONS") == "true":
        print(_annotation(found))
    return 1 if found.level == "error" else 0


if __name__ == "__main__":
    raise SystemExit(main())
