"""The only module that reads the disk: essays and sidecars, the catalog, the slug record, and
the pages a previous run generated (to compare with, to keep, or to remove)."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

from ..core.models import Problem, RawEssay
from .state import CACHE_FILE, MANIFEST_FILE, RACY_NS, Manifest, manifest_from_json

SLUG_RECORD = ".slugs.yml"
# The largest essay file read. A long op-ed is 100 KB and a book 1 MB; the build takes about
# 0.6 s per MB of essay (bench/large_essays.py), and one page of 10 MB reads badly anyway.
MAX_ESSAY_BYTES = 10_000_000
# Which files under docs/ a previous run generated is the site's knowledge (site/md.py): the
# caller passes it in, as `data_files` (generated files that are not Markdown) and `is_generated`.
IsGenerated = Callable[[str, bytes], bool]


@dataclass(frozen=True)
class Source:
    essays: tuple[RawEssay, ...]
    problems: tuple[Problem, ...]
    slug_record: bytes | None  # decoded and checked by pages.slugs.read_record
    slug_record_error: Problem | None = None  # it is there but cannot be read


def _too_large(size: int) -> str:
    return (
        f"the file is {size / 1e6:,.1f} MB; an essay may be at most {MAX_ESSAY_BYTES / 1e6:g} MB: "
        "split it into parts (one file each), or check that it is an essay at all"
    )


def _display(path: Path, root: Path, shown_root: str) -> str:
    return f"{shown_root}/{path.relative_to(root).as_posix()}"


def read_source(source_dir: Path) -> Source:
    shown = source_dir.as_posix().rstrip("/")
    problems: list[Problem] = []
    if not source_dir.is_dir():
        return Source((), (Problem(shown, "no such folder"),), None)
    texts = {}
    sidecars = {}
    for path in sorted(source_dir.iterdir()):
        if path.name.startswith(".") or not path.is_file():
            continue
        if path.suffix == ".txt":
            texts[path.stem] = path
        elif path.suffix in (".yml", ".yaml"):
            if path.stem in sidecars:
                problems.append(
                    Problem(
                        _display(path, source_dir, shown),
                        f"two sidecars for one essay: also {sidecars[path.stem].name}",
                    )
                )
            sidecars.setdefault(path.stem, path)
        else:
            problems.append(
                Problem(
                    _display(path, source_dir, shown),
                    "ignored: essays are .txt files, sidecars .yml",
                    severity="warning",
                )
            )
    essays = []
    for stem, path in texts.items():
        shown_path = _display(path, source_dir, shown)
        sidecar = sidecars.get(stem)
        shown_sidecar = _display(sidecar, source_dir, shown) if sidecar else None
        data, sidecar_text, error = b"", None, None
        try:
            size = path.stat().st_size
            if size > MAX_ESSAY_BYTES:
                error = Problem(shown_path, _too_large(size))
            else:
                data = path.read_bytes()
        except OSError as exc:
            error = Problem(shown_path, f"cannot read the file: {exc.strerror}")
        if sidecar is not None and error is None:
            try:
                sidecar_text = sidecar.read_text(encoding="utf-8")
            except UnicodeDecodeError as exc:
                line = exc.object[: exc.start].count(b"\n") + 1
                error = Problem(shown_sidecar, f"the sidecar is not UTF-8 (byte {exc.start}): save it as UTF-8", line)
            except OSError as exc:
                error = Problem(shown_sidecar, f"cannot read the sidecar: {exc.strerror}")
        essays.append(RawEssay(path.name, shown_path, data, shown_sidecar, sidecar_text, error))
    for stem, path in sidecars.items():
        if stem not in texts:
            problems.append(
                Problem(
                    _display(path, source_dir, shown), f"sidecar without an essay: no {stem}.txt", severity="warning"
                )
            )
    record, record_error = _read_slug_record(
        source_dir / SLUG_RECORD, _display(source_dir / SLUG_RECORD, source_dir, shown)
    )
    return Source(tuple(essays), tuple(problems), record, record_error)


def _read_slug_record(path: Path, shown: str) -> tuple[bytes | None, Problem | None]:
    if not path.is_file():
        return None, None
    try:
        return path.read_bytes(), None
    except OSError as exc:
        return None, Problem(
            shown,
            f"cannot read the slug record: {exc.strerror}: make it readable; until then a run neither rewrites it "
            "nor removes or replaces any essay or redirect page",
        )


def read_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def read_docs(
    docs_dir: Path, data_files: Collection[str], is_generated: IsGenerated
) -> tuple[dict[str, bytes], set[str]]:
    """Every Markdown page and data file under docs/, as docs-relative path -> bytes, and
    which of them this tool generated (they carry its mark)."""
    existing: dict[str, bytes] = {}
    generated: set[str] = set()
    if not docs_dir.is_dir():
        return existing, generated
    for path in sorted(docs_dir.rglob("*")):
        rel = path.relative_to(docs_dir).as_posix()
        if not path.is_file() or (path.suffix != ".md" and rel not in data_files):
            continue
        data = path.read_bytes()
        existing[rel] = data
        if is_generated(rel, data):
            generated.add(rel)
    return existing, generated


def read_site(site_dir: Path) -> tuple[dict[str, bytes], set[str]]:
    """A built site for --verify: every HTML page (site-relative path -> bytes) and every file's path."""
    pages: dict[str, bytes] = {}
    files: set[str] = set()
    for path in site_dir.rglob("*"):
        if path.is_file():
            rel = path.relative_to(site_dir).as_posix()
            files.add(rel)
            if path.suffix == ".html":
                pages[rel] = path.read_bytes()
    return pages, files


def fingerprint(paths: list[Path]) -> tuple:
    """Names, sizes and modification times under `paths`: changes when any file changes."""
    entries = []
    for root in paths:
        files = sorted(root.iterdir()) if root.is_dir() else [root]
        for path in files:
            try:
                stat = path.stat()
            except FileNotFoundError:
                continue
            entries.append((path.as_posix(), stat.st_size, stat.st_mtime_ns))
    return tuple(entries)


_PACKAGE = Path(__file__).resolve().parent.parent


def read_code() -> dict[str, bytes]:
    """The converter's own source files, every module of every subpackage, to version what it
    computed before (state.code_version): new code, new results."""
    return {path.relative_to(_PACKAGE).as_posix(): path.read_bytes() for path in sorted(_PACKAGE.rglob("*.py"))}


def input_files(source_dir: Path, others: list[Path]) -> list[Path]:
    """Every file a run reads: essays and sidecars (and anything else in the folder, which the
    run warns about), the catalog, and other settings files that exist."""
    found = []
    if source_dir.is_dir():
        with os.scandir(source_dir) as entries:
            found = [Path(e.path) for e in entries if not e.name.startswith(".") and e.is_file()]
    return sorted(found) + [path for path in others if path.is_file()]


def output_files(docs_dir: Path, data_files: Collection[str], slug_record: Path) -> list[Path]:
    """The files read_docs reads (and so a run may write or remove), and the slug record."""
    found = []
    for folder, _, names in os.walk(docs_dir):
        found += [
            Path(folder, name)
            for name in names
            if name.endswith(".md") or Path(folder, name).relative_to(docs_dir).as_posix() in data_files
        ]
    if slug_record.is_file():
        found.append(slug_record)
    return sorted(found)


def stat_files(paths: list[Path], hash_these: set[str], now_ns: int | None) -> dict[str, tuple[int, int, str | None]]:
    """path -> (size, mtime_ns, sha256 or None). The content is hashed for the paths in
    `hash_these`, and for files changed within RACY_NS before `now_ns` (their time may not
    move when they change again)."""
    stats: dict[str, tuple[int, int, str | None]] = {}
    for path in paths:
        key = path.as_posix()
        try:
            st = path.stat()
        except FileNotFoundError:
            continue
        digest = None
        if key in hash_these or (now_ns is not None and st.st_mtime_ns >= now_ns - RACY_NS):
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        stats[key] = (st.st_size, st.st_mtime_ns, digest)
    return stats


def read_manifest(state_dir: Path) -> Manifest | None:
    try:
        data = json.loads((state_dir / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # no manifest, or a damaged one: a full run
    return manifest_from_json(data)


def read_extraction_cache(state_dir: Path) -> dict:
    """Key -> (Essay, problems) as the last run saved it; empty when missing or unreadable (a
    damaged or outdated cache only costs time: every essay is extracted again)."""
    try:
        with (state_dir / CACHE_FILE).open("rb") as handle:
            data = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
