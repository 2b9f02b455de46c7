"""The benchmark behind `make bench`: for each archive size, generate synthetic essays, then
measure the converter (cold, the median of three runs; no-op; one edit), the full site build
(convert + mkdocs build --strict + the sharded Pagefind index of tools/search_index.py), sizes,
a reader's first visit to an essay page and first search, a bare Material site of the same essays
(the reference), the same essays as a Material blog with its blog, tags, search and RSS plugins
(the peer a maintainer would otherwise build; bench/blog_peer.py), and Zensical. Writes
bench/results.md.

    python -m bench.run --sizes 100 1000 5000 [--blog-up-to 1000] [--large-mb 1 2 4 8]

Work folders go to bench/work/ (ignored by git). Each archive is made as the tests make one
(tests/conftest.py): the project's own mkdocs.yml, overrides and pagefind.yml.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

from tests.conftest import make_archive
from tools import search_index

from . import blog_peer, html_essays, large_essays, measure
from .synth import generate

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"
RESULTS = ROOT / "bench" / "results.md"
BIN = Path(sys.executable).parent
# make bench installs it there; BENCH_ZENSICAL names another install (e.g. a worktree's main checkout).
ZENSICAL = Path(os.environ.get("BENCH_ZENSICAL") or ROOT / ".venv-zensical" / "bin" / "zensical")
ZENSICAL_MEMORY_CAP_MB = 8192  # address space; beyond it Zensical is reported "out of memory"
SEED = 1
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
SEARCH_INDEX = ROOT / "tools" / "search_index.py"
BUILD_SITE = ROOT / "tools" / "build_site.py"  # mkdocs build --strict, in slices above 4,000 essays
COLD_RUNS = 3  # the cold conversion's time is the median of these
PAIRED_RUNS = 3  # the full site and the blog peer, taking turns, up to PAIRED_UP_TO essays
PAIRED_UP_TO = 1000
BLOG_UP_TO = 1000  # the blog peer is built at sizes up to this (make bench: 5,000, its longest step)
IDLE_WAIT_S = 60  # before each size, wait up to this long for the machine to settle


def _archive(base: Path, count: int) -> Path:
    """A fresh archive folder, as the tests make one (config, catalog, theme overrides, scripts,
    stylesheets, pagefind.yml), with `count` synthetic essays."""
    shutil.rmtree(base, ignore_errors=True)
    make_archive(base, with_seeds=False)
    generate(count, base / "essays", SEED, ROOT / "events")
    return base


def _convert(archive: Path) -> measure.Run:
    return measure.run([sys.executable, str(ROOT / "build_archive.py")], archive, ENV)


def _make_cold(archive: Path) -> None:
    """Back to before the first conversion: docs/ holds only the hand-written files, and there
    is no slug record and no converter state."""
    shutil.rmtree(archive / "docs")
    for hand_written in ("docs/stylesheets", "docs/javascripts"):
        shutil.copytree(ROOT / hand_written, archive / hand_written)
    (archive / "essays" / ".slugs.yml").unlink(missing_ok=True)
    shutil.rmtree(archive / ".build_archive_cache", ignore_errors=True)


def _cold_conversions(archive: Path) -> list[measure.Run]:
    """COLD_RUNS conversions, each from nothing, in the order they ran."""
    runs = []
    for number in range(COLD_RUNS):
        if number:
            _make_cold(archive)
        runs.append(_check(_convert(archive), f"cold conversion {number + 1}"))
    return runs


def _runs(row: dict) -> str:
    runs = row.get("site_runs", 1)
    return f", median of {runs}" if runs > 1 else ""


def _median(runs: list, key=lambda run: run.seconds):
    """The middle one of `runs` (an odd number of them) by `key`: a run that happened."""
    return sorted(runs, key=key)[len(runs) // 2]


def _wait_for_idle(limit_s: float = IDLE_WAIT_S) -> float:
    """Wait (up to limit_s) until the 1-minute load average is under half the cores; returns the
    load average when the measurement starts, which the results report."""
    cores = os.cpu_count() or 1
    deadline = time.monotonic() + limit_s
    while os.getloadavg()[0] > cores / 2 and time.monotonic() < deadline:
        time.sleep(5)
    return os.getloadavg()[0]


def _check(step: measure.Run, what: str) -> measure.Run:
    if step.returncode not in (0, 1):  # 1: some essay failed, which a benchmark may show
        raise SystemExit(f"{what} failed ({step.returncode}):\n{step.stderr[-3000:]}")
    return step


def _first_essay_slug(archive: Path) -> str:
    record = yaml.safe_load((archive / "essays" / ".slugs.yml").read_text(encoding="utf-8"))
    return record[min(record)]


def _edit_one_essay(archive: Path) -> str:
    """Change one word in the middle of the first essay's body; returns its file name."""
    path = sorted((archive / "essays").glob("*.txt"))[0]
    text = path.read_text(encoding="utf-8")
    middle = len(text) // 2
    cut = text.index(" ", middle)
    path.write_text(text[:cut] + " edited" + text[cut:], encoding="utf-8")
    return path.name


def _edit_catalog(archive: Path) -> None:
    """Add an alias to one event of the archive's catalog, as a maintainer growing it would."""
    path = sorted((archive / "events").glob("*.yml"))[0]
    text = path.read_text(encoding="utf-8")
    at = text.index("    aliases: [") + len("    aliases: [")
    path.write_text(text[:at] + "a benchmark alias never written, " + text[at:], encoding="utf-8")


def _html_sizes(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, 6, mtime=0))


def _largest_page(site: Path, folder: str) -> tuple[int, str]:
    """The largest HTML page under site/<folder>/ (its index and every listing page, year pages
    included): its size in bytes and its site-relative folder. (0, "") when there is none."""
    found = (site / folder).rglob("*.html")
    pages = [(path.stat().st_size, path.parent.relative_to(site).as_posix() + "/") for path in found]
    return max(pages, default=(0, ""))


def _reference_site(base: Path, archive: Path) -> Path:
    """The same essays as a bare Material site: one Markdown file per essay with its title,
    navigation of sections only, Material's search plugin."""
    shutil.rmtree(base, ignore_errors=True)
    (base / "docs" / "essays").mkdir(parents=True)
    lines = []
    for raw in sorted((archive / "essays").glob("*.txt")):
        text = raw.read_text(encoding="utf-8").strip()
        title, _, body = text.partition("\n")
        page = f"---\ntitle: {yaml.safe_dump(title.strip(), width=1000).splitlines()[0]}\n---\n\n{body.strip()}\n"
        (base / "docs" / "essays" / f"{raw.stem}.md").write_text(page, encoding="utf-8")
        lines.append(f"- [{raw.stem}](essays/{raw.stem}.md)")
    (base / "docs" / "index.md").write_text("# Essays\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
    (base / "mkdocs.yml").write_text(
        "site_name: Reference\nsite_url: http://127.0.0.1:8000/\ntheme:\n  name: material\n  font: false\n"
        "plugins:\n  - search\nnav:\n  - Essays: index.md\nnot_in_nav: |\n  /essays/\n",
        encoding="utf-8",
    )
    return base


def measure_size(count: int, blog_up_to: int = BLOG_UP_TO) -> dict[str, object]:
    row: dict[str, object] = {"N": count}
    archive = _archive(WORK / f"archive-{count}", count)
    row["load_start"] = _wait_for_idle()

    # Cold: no docs/, no converter state. The essays were just written, so they are in the
    # disk cache, as they are on a maintainer's machine; the median of three runs is reported.
    colds = _cold_conversions(archive)
    cold = _median(colds)
    row["convert_cold_s"] = cold.seconds
    row["convert_cold_cpu"] = cold.cpu_seconds
    row["convert_cold_mb"] = max(run.peak_mb for run in colds)
    row["convert_cold_runs_s"] = [run.seconds for run in colds]
    row["essays_per_s"] = count / cold.seconds

    watched = [archive / "essays" / ".slugs.yml"]
    before = measure.snapshot(archive / "docs", watched)
    noop = _check(_convert(archive), "no-op run")
    after = measure.snapshot(archive / "docs", watched)
    row["noop_s"] = noop.seconds
    row["noop_cpu"] = noop.cpu_seconds
    row["noop_touched"] = len(measure.touched(before, after))

    edited = _edit_one_essay(archive)
    edit = _check(_convert(archive), "one-edit run")
    after_edit = measure.snapshot(archive / "docs", watched)
    row["edit_s"] = edit.seconds
    row["edit_changed"] = [Path(p).relative_to(archive).as_posix() for p in measure.changed_bytes(after, after_edit)]
    row["edited"] = edited

    # A catalog edit re-matches every essay (the extraction cache is keyed by the catalog).
    _edit_catalog(archive)
    catalog_edit = _check(_convert(archive), "catalog-edit run")
    row["catalog_edit_s"] = catalog_edit.seconds

    # The full `make site` pipeline, from nothing: convert, MkDocs, Pagefind in shards; and the
    # blog peer. Up to PAIRED_UP_TO essays, each three times, taking turns, and the median run of
    # each is reported: a machine shared with others drifts by 10-30% over minutes, and a ratio of
    # two single runs made minutes apart would measure the drift as much as the tools.
    blog = blog_peer.write_blog(archive, WORK / f"blog-{count}") if count <= blog_up_to else None
    site_runs, blog_runs = [], []
    for _ in range(PAIRED_RUNS if count <= PAIRED_UP_TO else 1):
        site_runs.append(_full_site(archive))
        if blog is not None:
            blog_runs.append(_strict(measure.run([str(BIN / "mkdocs"), "build", "--quiet"], blog, ENV), "blog build"))
    steps = _median(site_runs, key=lambda steps: sum(step.cpu_seconds for step in steps))
    row["site_runs"] = len(site_runs)
    row["site_s"] = sum(s.seconds for s in steps)
    row["site_cpu"] = sum(s.cpu_seconds for s in steps)
    row["site_steps_s"] = [s.seconds for s in steps]
    row["site_mb"] = max(s.peak_mb for s in steps)
    row["site_steps_mb"] = [s.peak_mb for s in steps]
    row["site_bytes"], row["site_files"] = measure.tree_size(archive / "site")
    slug = _first_essay_slug(archive)
    row["page_bytes"], row["page_gzip"] = _html_sizes(archive / "site" / "essays" / slug / "index.html")
    # Listing pages that could grow with the archive: an event, topic or author with thousands
    # of essays is paged by year (opedarchive/pages/paging.py).
    for kind, folder in (("event", "events"), ("topic", "topics"), ("author", "authors")):
        row[f"largest_{kind}_bytes"], row[f"largest_{kind}_page"] = _largest_page(archive / "site", folder)
    row["visit_bytes"], row["visit_requests"] = measure.first_visit_bytes(archive / "site", f"essays/{slug}/")
    row["search_shards"] = len(json.loads((archive / "site" / "pagefind" / "shards.json").read_text())["bundles"])
    row.update(_pagefind_finds(archive))

    reference = _reference_site(WORK / f"reference-{count}", archive)
    ref = _check(measure.run([str(BIN / "mkdocs"), "build", "--quiet"], reference, ENV), "reference build")
    row["ref_s"], row["ref_mb"], row["ref_cpu"] = ref.seconds, ref.peak_mb, ref.cpu_seconds
    row["ref_bytes"], row["ref_files"] = measure.tree_size(reference / "site")
    ref_stem = sorted((archive / "essays").glob("*.txt"))[0].stem
    row["ref_page_bytes"], _ = _html_sizes(reference / "site" / "essays" / ref_stem / "index.html")
    row["ref_visit_bytes"], row["ref_visit_requests"] = measure.first_visit_bytes(
        reference / "site", f"essays/{ref_stem}/"
    )

    if blog is not None:
        row.update(_blog_peer(blog, _median(blog_runs, key=lambda run: run.cpu_seconds), slug))
    row.update(_zensical(archive))
    row["load_end"] = os.getloadavg()[0]
    return row


def _strict(step: measure.Run, what: str) -> measure.Run:
    if step.returncode != 0:
        raise SystemExit(f"{what} failed ({step.returncode}):\n{step.stderr[-3000:]}")
    return step


def _pagefind_finds(archive: Path) -> dict[str, object]:
    """Search the built site on its search page, as a reader would, for the marker phrase in the
    body of the last essay (each synthetic essay has its own), then for one word of it (its
    number): where does that essay rank, and how much does each first search fetch?"""
    last = sorted((archive / "essays").glob("*.txt"))[-1]
    marker = re.search(r"Marker phrase \w+ (\d{5}) \w+", last.read_text(encoding="utf-8"))
    if not marker:
        return {"search_found": "no marker in the essay"}
    record = yaml.safe_load((archive / "essays" / ".slugs.yml").read_text(encoding="utf-8"))
    wanted = f"/essays/{record[last.name]}/"
    result = {}
    for key, query in (("search", marker.group(0)), ("search_word", marker.group(1))):
        urls, fetched = measure.pagefind_search(archive / "site", query)
        rank = urls.index(wanted) + 1 if wanted in urls else 0
        result[f"{key}_found"] = f"ranked {rank} of {len(urls)}" if rank else f"NOT found ({len(urls)} results)"
        result[f"{key}_bytes"] = fetched
    return result


def _full_site(archive: Path) -> list[measure.Run]:
    """make site's steps from nothing (no docs/, no state, no site/): their runs."""
    _make_cold(archive)
    shutil.rmtree(archive / "site", ignore_errors=True)
    return [
        _check(_convert(archive), "conversion"),
        # As make site: one run of MkDocs, or one per slice above 4,000 essays (wait4: the largest).
        _check(measure.run([sys.executable, str(BUILD_SITE), "--quiet"], archive, ENV), "mkdocs build"),
        # Reads pagefind.yml; one Pagefind run per shard, one after another: wait4's peak is the
        # largest of them.
        _strict(measure.run([sys.executable, str(SEARCH_INDEX)], archive, ENV), "search index"),
    ]


def _blog_peer(blog: Path, build: measure.Run, first_slug: str) -> dict[str, object]:
    """The same essays as a Material blog (blog, tags, search and RSS plugins): its median cold
    build, and the site its last build left."""
    site = blog / "site"
    page = blog_peer.post_page(site, first_slug)
    row: dict[str, object] = {"blog_s": build.seconds, "blog_cpu": build.cpu_seconds, "blog_mb": build.peak_mb}
    row["blog_bytes"], row["blog_files"] = measure.tree_size(site)
    row["blog_page_bytes"], row["blog_page_gzip"] = _html_sizes(page)
    row["blog_visit_bytes"], row["blog_visit_requests"] = measure.first_visit_bytes(
        site, page.parent.relative_to(site).as_posix() + "/"
    )
    return row


def _zensical(archive: Path) -> dict[str, object]:
    if not ZENSICAL.exists():
        return {"zensical": "not installed"}
    shutil.rmtree(archive / "site", ignore_errors=True)
    shutil.rmtree(archive / ".cache", ignore_errors=True)
    step = measure.run(
        [str(ZENSICAL), "build", "--clean", "-f", "mkdocs.yml"], archive, ENV, memory_cap_mb=ZENSICAL_MEMORY_CAP_MB
    )
    if step.returncode != 0:
        lowered = step.stderr.lower()
        oom = "memory" in lowered or "alloc" in lowered or step.returncode in (-9, 134, -6)
        last = (step.stderr.strip().splitlines() or [""])[-1][:160]
        verdict = "out of memory" if oom else f"failed ({step.returncode}: {last})"
        return {"zensical": verdict, "zensical_s": step.seconds, "zensical_mb": step.peak_mb}
    return {"zensical": "ok", "zensical_s": step.seconds, "zensical_mb": step.peak_mb, "zensical_cpu": step.cpu_seconds}


def _machine() -> str:
    cpu = "unknown CPU"
    info = Path("/proc/cpuinfo")
    if info.exists():
        found = re.search(r"^model name\s*:\s*(.+)$", info.read_text(encoding="utf-8"), re.MULTILINE)
        cpu = found.group(1) if found else cpu
    ram = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kb = int(re.search(r"MemTotal:\s+(\d+)", meminfo.read_text(encoding="utf-8")).group(1))
        ram = f"{kb / 1024 / 1024:.1f} GiB RAM"
    versions = []
    for name in ("mkdocs", "mkdocs-material", "mkdocs-rss-plugin", "pagefind", "playwright"):
        versions.append(f"{name} {_version(name)}")
    if ZENSICAL.exists():
        zensical = subprocess.run([str(ZENSICAL), "--version"], capture_output=True, text=True, check=False)
        version = zensical.stdout.strip() or "no version"
        versions.append(version if version.lower().startswith("zensical") else f"zensical {version}")
    else:
        versions.append("zensical: not installed")
    load = os.getloadavg()
    return (
        f"`{' '.join(platform.uname())}`; {cpu}, {os.cpu_count()} cores, {ram}; Python {platform.python_version()}; "
        f"{', '.join(versions)}; Chromium at {measure.CHROMIUM}; load average at the end {load[0]:.2f}"
    )


def _version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def _fmt_s(x: float) -> str:
    return f"{x:.2f} s"


def _kb(x: int) -> str:
    return f"{x / 1024:,.1f} KB"


def _mb(x: float) -> str:
    return f"{x:,.0f} MB"


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×"


def render(rows: list[dict], started: str, seconds: float, command: str, complete: bool) -> str:
    by_n = {row["N"]: row for row in rows}
    sizes = sorted(by_n)

    def line(label: str, budget: str, cell) -> str:
        cells = []
        for n in sizes:
            try:
                cells.append(cell(by_n[n]))
            except (KeyError, TypeError, ZeroDivisionError):
                cells.append("–")
        return f"| {label} | " + " | ".join(cells) + f" | {budget} |"

    def zens(row):
        if row.get("zensical") != "ok":
            return f"{row.get('zensical')} ({_fmt_s(row['zensical_s'])})" if "zensical_s" in row else row["zensical"]
        return f"{_fmt_s(row['zensical_s'])} ({row['zensical_cpu']:.1f} s CPU), {_mb(row['zensical_mb'])}"

    status = "" if complete else " **Interrupted or still running: the sizes below are those finished.**"
    out = [
        "# Benchmark results",
        "",
        f"Run by `{command}` ({' '.join(map(str, sizes))} essays, seed {SEED}) on {started} UTC, "
        f"{seconds / 60:.1f} min in all.{status}",
        "",
        f"Machine: {_machine()}.",
        "",
        "Load average (1 min) when each size started and ended: "
        + "; ".join(f"N = {n:,}: {by_n[n].get('load_start', 0):.2f} → {by_n[n].get('load_end', 0):.2f}" for n in sizes)
        + f" ({os.cpu_count()} cores; each size waits up to {IDLE_WAIT_S} s for the load to fall under half the"
        " cores). Wall times on a busy machine stretch; CPU seconds are given beside them.",
        "",
        "| measure | " + " | ".join(f"N = {n:,}" for n in sizes) + " | budget |",
        "| --- | " + " | ".join("---:" for _ in sizes) + " | --- |",
        line(
            f"convert, cold (no docs/, no state), median of {COLD_RUNS}",
            "≥ 1,000 essays/s",
            lambda r: f"{_fmt_s(r['convert_cold_s'])} ({r['convert_cold_cpu']:.2f} s CPU)",
        ),
        line("  essays per second", "≥ 1,000", lambda r: f"{r['essays_per_s']:,.0f}"),
        line(
            "  the cold runs, in order", "", lambda r: " / ".join(f"{t:.2f}" for t in r["convert_cold_runs_s"]) + " s"
        ),
        line("  peak memory", "", lambda r: _mb(r["convert_cold_mb"])),
        line("no-op re-run", "< 1 s at 5,000", lambda r: f"{_fmt_s(r['noop_s'])} ({r['noop_cpu']:.2f} s CPU)"),
        line("  files touched by it", "0", lambda r: str(r["noop_touched"])),
        line("one essay edited: re-run", "", lambda r: _fmt_s(r["edit_s"])),
        line(
            "catalog edited: re-run (every essay matched again)",
            "≤ 2 × cold at 5,000",
            lambda r: f"{_fmt_s(r['catalog_edit_s'])} ({r['catalog_edit_s'] / r['convert_cold_s']:.2f} × cold)",
        ),
        line(
            "  files changed",
            "its page + pages listing it",
            lambda r: "<br>".join(p.removeprefix("docs/") for p in r["edit_changed"]) or "none",
        ),
        line(
            "full site (convert + mkdocs --strict + search index)",
            "≤ 1.25 × reference",
            lambda r: f"{_fmt_s(r['site_s'])} ({r['site_cpu']:.1f} s CPU)" + _runs(r),
        ),
        line(
            "  steps",
            "",
            lambda r: " + ".join(f"{s:.1f}" for s in r["site_steps_s"]) + " s",
        ),
        line(
            "  ÷ bare Material reference (wall; CPU)",
            "≤ 1.25",
            lambda r: f"{r['site_s'] / r['ref_s']:.2f}×; {r['site_cpu'] / r['ref_cpu']:.2f}×",
        ),
        line(
            "  peak memory (convert, mkdocs, search index)",
            "< 1 GB at 5,000",
            lambda r: " / ".join(_mb(m) for m in r["site_steps_mb"]),
        ),
        line("  output size (site/)", "", lambda r: f"{r['site_bytes'] / 1e6:,.1f} MB, {r['site_files']:,} files"),
        line("essay page HTML (first essay)", "independent of N", lambda r: _kb(r["page_bytes"])),
        line("  gzipped", "", lambda r: _kb(r["page_gzip"])),
        *(
            line(
                f"largest {kind} page HTML",
                "< 150 KB at any N",
                lambda r, kind=kind: f"{_kb(r[f'largest_{kind}_bytes'])} ({r[f'largest_{kind}_page']})",
            )
            for kind in ("event", "topic", "author")
        ),
        line(
            "first visit to it (bytes sent, gzip)",
            "< 150 KB at 5,000",
            lambda r: f"{_kb(r['visit_bytes'])} ({r['visit_requests']} requests)",
        ),
        line(
            "search index: Pagefind runs (shards)",
            f"≤ {search_index.PAGES_PER_SHARD:,} pages each",
            lambda r: str(r["search_shards"]),
        ),
        line(
            "  first search: last essay's marker phrase (5 words)",
            "ranked 1; < 1 MB at 20,000",
            lambda r: f"{r['search_found']}, {_kb(r['search_bytes'])} fetched",
        ),
        line(
            "  first search: one word of it",
            "ranked 1",
            lambda r: f"{r['search_word_found']}, {_kb(r['search_word_bytes'])} fetched",
        ),
        line(
            "bare Material reference: build",
            "",
            lambda r: f"{_fmt_s(r['ref_s'])} ({r['ref_cpu']:.1f} s CPU)",
        ),
        line("  peak memory", "", lambda r: _mb(r["ref_mb"])),
        line("  output size", "", lambda r: f"{r['ref_bytes'] / 1e6:,.1f} MB, {r['ref_files']:,} files"),
        line("  essay page HTML", "", lambda r: _kb(r["ref_page_bytes"])),
        line(
            "  first visit (bytes sent, gzip)",
            "",
            lambda r: f"{_kb(r['ref_visit_bytes'])} ({r['ref_visit_requests']} requests)",
        ),
        line(
            "Material blog peer (blog, tags, search, rss): build",
            "",
            lambda r: f"{_fmt_s(r['blog_s'])} ({r['blog_cpu']:.1f} s CPU)" + _runs(r),
        ),
        line("  peak memory", "", lambda r: _mb(r["blog_mb"])),
        line("  output size", "", lambda r: f"{r['blog_bytes'] / 1e6:,.1f} MB, {r['blog_files']:,} files"),
        line(
            "  post page HTML (first essay)",
            "",
            lambda r: f"{_kb(r['blog_page_bytes'])} ({_kb(r['blog_page_gzip'])} gzipped)",
        ),
        line(
            "  first visit to it (bytes sent, gzip)",
            "",
            lambda r: f"{_kb(r['blog_visit_bytes'])} ({r['blog_visit_requests']} requests)",
        ),
        line(
            "archive ÷ blog peer: CPU; wall (full site vs. blog build)",
            "< 1",
            lambda r: f"{_ratio(r['site_cpu'], r['blog_cpu'])}; {_ratio(r['site_s'], r['blog_s'])}",
        ),
        line("  peak memory", "< 1", lambda r: _ratio(r["site_mb"], r["blog_mb"])),
        line("  site size", "", lambda r: _ratio(r["site_bytes"], r["blog_bytes"])),
        line("  essay page HTML", "", lambda r: _ratio(r["page_bytes"], r["blog_page_bytes"])),
        line("  first visit", "< 1", lambda r: _ratio(r["visit_bytes"], r["blog_visit_bytes"])),
        line("Zensical 0.0.73 build (cold), peak memory", "", zens),
    ]
    notes = []
    if 1000 in by_n and 5000 in by_n:
        ratio = by_n[5000]["site_s"] / by_n[1000]["site_s"]
        cpu = by_n[5000]["site_cpu"] / by_n[1000]["site_cpu"]
        notes.append(f"Full site, 5,000 ÷ 1,000 essays: {ratio:.2f}× wall, {cpu:.2f}× CPU (budget ≤ 5.5×).")
    paired = [f"{n:,}" for n in sizes if by_n[n].get("site_runs", 1) > 1]
    if paired:
        notes.append(
            f"At N = {', '.join(paired)} the full site and the blog peer were each built {PAIRED_RUNS} times, "
            "taking turns, and the run with the median CPU time of each is shown: this machine's speed drifts "
            "by 10-30% over minutes (it is shared), and one run of each, minutes apart, measures the drift too."
        )
    skipped = [f"{n:,}" for n in sizes if "blog_s" not in by_n[n]]
    if skipped:
        notes.append(
            f"The blog peer was not built at N = {', '.join(skipped)} "
            "(`--blog-up-to`; `make bench` builds it up to 5,000)."
        )
    if notes:
        out += ["", *notes]
    out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the archive at several sizes.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument(
        "--blog-up-to", type=int, default=BLOG_UP_TO, help=f"build the blog peer up to this size (default {BLOG_UP_TO})"
    )
    parser.add_argument(
        "--large-mb", type=float, nargs="*", default=list(large_essays.SIZES_MB), help="one-essay sizes to build (MB)"
    )
    parser.add_argument(
        "--html",
        type=int,
        default=html_essays.COUNT,
        metavar="N",
        help=f"web-page essays to convert for essays per second (default {html_essays.COUNT}; 0: skip)",
    )
    args = parser.parse_args(argv)
    command = "python -m bench.run " + " ".join(sys.argv[1:] if argv is None else argv)
    started = time.strftime("%Y-%m-%d %H:%M", time.gmtime())
    clock = time.perf_counter()
    rows = []

    def write(complete: bool, extra: list[str] = ()) -> None:
        report = render(rows, started, time.perf_counter() - clock, command.strip(), complete)
        args.out.write_text(report + ("\n" + "\n".join(extra) if extra else ""), encoding="utf-8")

    for count in args.sizes:
        print(f"bench: {count} essays…", file=sys.stderr, flush=True)
        rows.append(measure_size(count, args.blog_up_to))
        print(f"bench: {count} essays: {rows[-1]}", file=sys.stderr, flush=True)
        write(complete=False)
    extra: list[str] = []
    if args.large_mb:
        print(f"bench: one large essay of {args.large_mb} MB…", file=sys.stderr, flush=True)
        extra += large_essays.render([large_essays.measure_one(mb) for mb in args.large_mb])
    if args.html:
        print(f"bench: {args.html} web-page essays…", file=sys.stderr, flush=True)
        extra += html_essays.render(html_essays.measure_count(args.html))
    write(complete=True, extra=extra)
    print(f"bench: wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
