"""`mkdocs build --strict` for make site, in slices when the archive is large.

MkDocs keeps every page's Markdown, HTML and front matter in memory until its build ends: about
55 KB a page, 1.76 GB for the 31,600 pages of 20,000 essays, past what a small machine (or
GitHub's runner) gives. Up to ESSAYS_PER_BUILD essay pages this runs `mkdocs build --strict`
as it is. Above, MkDocs runs several times, one after another, each with a configuration
written here that inherits mkdocs.yml and changes only which pages it sees and where it writes:

1. every page but the essays, into the site folder. The listing pages link essays by URL, in
   raw HTML (opedarchive/pages/cards.py), so none of them needs an essay beside it;
2. the essays, ESSAYS_PER_BUILD at a time, each slice into a folder of its own whose essays/
   is then moved into the site. An essay page links only by URL too; its navigation tabs,
   which mkdocs.yml gives as pages, are given as the same addresses (links render as pages do);
3. the sitemaps of the runs merged into one (sitemap.xml and sitemap.xml.gz).

The pages are the same as one run makes (tests/test_build_site.py compares them); each run's
memory follows its slice, not the archive. No hook and no plugin: mkdocs.yml alone still builds
the whole site in one run (mkdocs serve, Zensical). The generated configurations and the docs
folders of the runs (links to the pages of docs/) are in .site-slices/, rewritten each time.

    python tools/build_site.py [--essays-per-build 4000] [--config mkdocs.yml] [--quiet]

Exit status: MkDocs' own when a run fails (its messages are printed), else 0.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
import yaml_env_tag

ESSAYS_PER_BUILD = 4000
ESSAY_DIR = "essays"
WORK_DIR = ".site-slices"
_URL_ENTRY = re.compile(rb"<url>.*?</url>", re.DOTALL)


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, !ENV tags and all, as MkDocs does (only the keys this needs)."""


yaml_env_tag.add_env_tag(_ConfigLoader)


def _page_url(path: str) -> str:
    """The address MkDocs (use_directory_urls) gives a docs page, relative to the site's root:
    what the navigation links to."""
    if path == "index.md":
        return ""
    if path.endswith("/index.md"):
        return path[: -len("index.md")]
    return path[: -len(".md")] + "/"


def _nav_as_links(nav: object) -> object:
    """The navigation of mkdocs.yml with each page replaced by its address (sections kept)."""
    if isinstance(nav, list):
        return [_nav_as_links(item) for item in nav]
    if isinstance(nav, dict):
        return {title: _nav_as_links(value) for title, value in nav.items()}
    if isinstance(nav, str) and nav.endswith(".md") and "://" not in nav:
        return _page_url(nav)
    return nav


def _link_tree(source: Path, target: Path, skip: str | None = None) -> None:
    """target/ made of symbolic links to what source/ holds (but `skip`): MkDocs follows them."""
    target.mkdir(parents=True)
    for entry in sorted(source.iterdir()):
        if entry.name != skip:
            (target / entry.name).symlink_to(entry.resolve())


def _write_config(
    path: Path, parent: Path, parent_config: dict, docs: Path, site: Path, extra: dict | None = None
) -> Path:
    """A configuration that inherits `parent` (its relative paths are read from the new file's
    folder, so the theme's custom_dir is given whole) with its own docs and site folders."""
    config: dict = {"INHERIT": str(parent.resolve()), "docs_dir": str(docs.resolve()), "site_dir": str(site.resolve())}
    theme = parent_config.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        config["theme"] = {"custom_dir": str((parent.resolve().parent / theme["custom_dir"]).resolve())}
    path.write_text(yaml.safe_dump({**config, **(extra or {})}, sort_keys=False), encoding="utf-8")
    return path


def _mkdocs(config: Path, quiet: bool) -> int:
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)]
    return subprocess.run([*command, "--quiet"] if quiet else command).returncode


def _merge_sitemap(site: Path, other: Path) -> None:
    """site/sitemap.xml with the <url> entries of `other` added, sorted by address so that the
    file does not depend on how the essays were sliced; sitemap.xml.gz rewritten to match."""
    main = site / "sitemap.xml"
    if not main.is_file():
        return
    text = main.read_bytes()
    entries = _URL_ENTRY.findall(text)
    if other.is_file():
        entries += _URL_ENTRY.findall(other.read_bytes())
    entries = sorted(set(entries))
    first, last = text.find(b"<url>"), text.rfind(b"</url>")
    if first == -1:  # an empty sitemap: the entries go before its closing tag
        first = last = text.rfind(b"</urlset>")
    else:
        last += len(b"</url>")
    merged = text[:first] + b"\n    ".join(entries) + text[last:]
    main.write_bytes(merged)
    packed = site / "sitemap.xml.gz"
    # The same timestamp as MkDocs wrote in it, so that the site stays the same from run to run.
    mtime = int.from_bytes(packed.read_bytes()[4:8], "little") if packed.is_file() else 0
    with open(packed, "wb") as handle, gzip.GzipFile(fileobj=handle, filename="", mode="wb", mtime=mtime) as gz:
        gz.write(merged)


def build_site(config_file: Path, essays_per_build: int, quiet: bool) -> int:
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    root = config_file.resolve().parent
    docs = root / config.get("docs_dir", "docs")
    site = root / config.get("site_dir", "site")
    essays = sorted((docs / ESSAY_DIR).glob("*.md")) if (docs / ESSAY_DIR).is_dir() else []
    if len(essays) <= essays_per_build:
        return _mkdocs(config_file, quiet)

    work = root / WORK_DIR
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    # 1. Every page but the essays, into the site folder (cleaned first, as MkDocs does).
    _link_tree(docs, work / "main" / "docs", skip=ESSAY_DIR)
    main = _write_config(work / "main" / "mkdocs.yml", config_file, config, work / "main" / "docs", site)
    if status := _mkdocs(main, quiet):
        return status
    # 2. The essays, a slice at a time. Their navigation links to the pages of run 1.
    extra = {
        "nav": _nav_as_links(config.get("nav", [])),
        # Those links are addresses, not pages of this run: no warning for that.
        "validation": {"nav": {"not_found": "ignore"}},
    }
    runs = 0
    for number, start in enumerate(range(0, len(essays), essays_per_build), 1):
        folder = work / f"essays-{number}"
        slice_docs = folder / "docs" / ESSAY_DIR
        slice_docs.mkdir(parents=True)
        for page in essays[start : start + essays_per_build]:
            (slice_docs / page.name).symlink_to(page.resolve())
        built = folder / "site"
        slice_config = _write_config(folder / "mkdocs.yml", config_file, config, folder / "docs", built, extra)
        if status := _mkdocs(slice_config, quiet):
            return status
        target = site / ESSAY_DIR
        target.mkdir(exist_ok=True)
        for page_folder in sorted((built / ESSAY_DIR).iterdir()):
            os.replace(page_folder, target / page_folder.name)
        _merge_sitemap(site, built / "sitemap.xml")
        shutil.rmtree(built)
        runs += 1
    if not quiet:
        print(f"build_site: {len(essays):,} essay pages built in {runs} runs of MkDocs after the others")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"))
    parser.add_argument("--essays-per-build", type=int, default=ESSAYS_PER_BUILD)
    parser.add_argument("--quiet", action="store_true", help="pass --quiet to MkDocs")
    args = parser.parse_args(argv)
    if args.essays_per_build < 1:
        parser.error("--essays-per-build must be at least 1")
    return build_site(args.config, args.essays_per_build, args.quiet)


if __name__ == "__main__":
    raise SystemExit(main())
