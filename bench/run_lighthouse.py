"""Lighthouse 12 (mobile, the default form factor) on the archive's home, an essay, an event, the timeline and the
search page (with results), against a naive Material site of the same two seed essays. A benchmark, not a test:
`make lighthouse` runs it and writes bench/lighthouse-results.md.

Both sites are built into a temporary folder for http://127.0.0.1:PORT/REPO/ and served there with gzip, as
GitHub Pages serves them. Chromium resolves every other host to nothing (--host-resolver-rules), so a page that
asks another host (the naive site's Google Fonts) is counted by Lighthouse and nothing leaves the machine."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from bench.measure import CHROMIUM, CHROMIUM_ARGS
from opedarchive.ingest.decode import decode
from opedarchive.ingest.structure import extract_structure
from tests.conftest import ROOT
from tests.sitebuild import REPO, SiteServer, build_and_serve

LIGHTHOUSE = ROOT / "bench" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
RESULTS = ROOT / "bench" / "lighthouse-results.md"
# Lighthouse wants the new headless mode; other hosts resolve to nothing, so no request leaves.
CHROME_FLAGS = [
    "--headless=new",
    *(flag for flag in CHROMIUM_ARGS if flag != "--headless"),
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
SEED_ESSAY = "essays/the-hour-of-serious-and-responsible-diplomacy-a-farewell-to/"
SEED_EVENT = "events/beslan-school-siege/"
ARCHIVE_PAGES = {
    "home": "",
    "essay": SEED_ESSAY,
    "event": SEED_EVENT,
    "timeline": "timeline/",
    "search": "search/?q=Beslan",  # the search page with its results (Pagefind's interface and index)
}
NAIVE_CONFIG = f"""\
site_name: Op-ed Archive
site_url: http://127.0.0.1:{{port}}/{REPO}/
theme:
  name: material
plugins:
  - search
"""


@dataclass(frozen=True)
class Score:
    site: str
    page: str
    scores: dict[str, int] | None  # None: the page is missing
    kilobytes: float = 0
    requests: int = 0
    outside: tuple[str, ...] = ()
    failing_a11y: tuple[str, ...] = ()
    note: str = ""


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as reply:
            return reply.status
    except urllib.error.HTTPError as error:
        return error.code


def lighthouse(url: str, out: Path) -> dict:
    command = [
        str(LIGHTHOUSE),
        url,
        f"--chrome-flags={' '.join(CHROME_FLAGS)}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json",
        f"--output-path={out}",
        "--quiet",
    ]
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM)}
    subprocess.run(command, env=env, check=True, timeout=300)
    return json.loads(out.read_text(encoding="utf-8"))


def summarise(site: str, page: str, report: dict) -> Score:
    scores = {name: round((report["categories"][name]["score"] or 0) * 100) for name in CATEGORIES}
    requests = report["audits"]["network-requests"]["details"]["items"]
    outside = tuple(
        sorted({item["url"] for item in requests if urlsplit(item["url"]).hostname not in ("127.0.0.1", None)})
    )
    a11y_ids = [ref["id"] for ref in report["categories"]["accessibility"]["auditRefs"] if ref["weight"] > 0]
    failing = tuple(a for a in a11y_ids if report["audits"][a]["score"] == 0)
    return Score(
        site,
        page,
        scores,
        kilobytes=report["audits"]["total-byte-weight"]["numericValue"] / 1024,
        requests=len(requests),
        outside=outside,
        failing_a11y=failing,
    )


def measure(site: str, base_url: str, pages: dict[str, str], work: Path, runs: int) -> list[Score]:
    """Each page `runs` times; the run with the median performance score is kept (Lighthouse's own advice)."""
    results = []
    for page, path in pages.items():
        url = base_url + path
        if (code := status(url)) != 200:
            results.append(Score(site, page, None, note=f"HTTP {code}: page not built yet"))
            continue
        reports = [lighthouse(url, work / f"{site}-{page}-{run}.json") for run in range(runs)]
        reports.sort(key=lambda report: report["categories"]["performance"]["score"] or 0)
        results.append(summarise(site, page, reports[len(reports) // 2]))
        spread = [round((r["categories"]["performance"]["score"] or 0) * 100) for r in reports]
        print(f"{site} {page}: performance over {runs} runs {spread}", file=sys.stderr)
    return results


def write_naive_site(folder: Path, port: int) -> Path:
    """The baseline: Material's defaults, its search, default fonts, each essay's text as plain Markdown."""
    docs = folder / "docs"
    (docs / "essays").mkdir(parents=True)
    (folder / "mkdocs.yml").write_text(NAIVE_CONFIG.format(port=port), encoding="utf-8")
    archive = json.loads((ROOT / "docs" / "archive.json").read_text(encoding="utf-8"))
    index = ["# Op-ed Archive", ""]
    for essay in archive["essays"]:
        text = decode((ROOT / "essays" / essay["source"]).read_bytes()).text
        paragraphs = extract_structure(text).paragraphs
        body = "\n\n".join([f"# {essay['title']}", *paragraphs])
        (docs / "essays" / f"{essay['slug']}.md").write_text(body + "\n", encoding="utf-8")
        index.append(f"- [{essay['title']}](essays/{essay['slug']}.md)")
    (docs / "index.md").write_text("\n".join(index) + "\n", encoding="utf-8")
    return folder


def build_naive(folder: Path) -> SiteServer:
    server = SiteServer(folder / "site", compress=True)
    write_naive_site(folder, server.port)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet"], cwd=folder, env=env, check=True)
    return server.start()


def table(scores: list[Score]) -> str:
    columns = ["site", "page", "perf", "a11y", "best pr.", "SEO", "KB transferred", "requests", "outside hosts"]
    columns.append("failing a11y audits")
    lines = ["| " + " | ".join(columns) + " |", "|" + " --- |" * len(columns)]
    for s in scores:
        if s.scores is None:
            lines.append(f"| {s.site} | {s.page} | {s.note} | | | | | | | |")
            continue
        outside = "<br>".join(s.outside) or "0"
        failing = ", ".join(s.failing_a11y) or "none"
        numbers = " | ".join(str(s.scores[name]) for name in CATEGORIES)
        lines.append(f"| {s.site} | {s.page} | {numbers} | {s.kilobytes:.1f} | {s.requests} | {outside} | {failing} |")
    return "\n".join(lines)


def versions() -> str:
    lighthouse_version = subprocess.run([str(LIGHTHOUSE), "--version"], capture_output=True, text=True).stdout
    chromium_version = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout
    return f"Lighthouse {lighthouse_version.strip()}, {chromium_version.strip()}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page; the median is kept")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        work = Path(tmp)
        _, archive_server = build_and_serve(work / "archive-site", compress=True)
        naive_server = build_naive(work / "naive")
        try:
            naive_pages = {"home": "", "essay": SEED_ESSAY}
            scores = measure("archive", archive_server.base_url, ARCHIVE_PAGES, work, args.runs)
            scores += measure("naive Material", naive_server.base_url, naive_pages, work, args.runs)
        finally:
            archive_server.stop()
            naive_server.stop()
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    report = (
        "# Lighthouse: the archive against a naive Material site\n\n"
        f"Measured {stamp} by `make lighthouse` ({versions()}; mobile, simulated throttling, "
        f"median of {args.runs} runs per page by performance; served with gzip under /{REPO}/ on 127.0.0.1).\n\n"
        f"{table(scores)}\n"
    )
    RESULTS.write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
