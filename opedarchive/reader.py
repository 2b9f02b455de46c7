"""The only module that reads the disk: essays and sidecars, the catalog, the slug record, and
the pages a previous run generated (to compare with, to keep, or to remove)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .mdpage import GENERATOR
from .models import Problem, RawEssay
from .urls import ARCHIVE_JSON, JSON_FEED, RSS_FEED

SLUG_RECORD = ".slugs.yml"
_GENERATED_MARK = f"generator: {GENERATOR}".encode()
# Generated files that are not Markdown pages, and the mark each carries near its top.
_DATA_FILES = {
    ARCHIVE_JSON: f'"generator": "{GENERATOR}"'.encode(),
    JSON_FEED: f'"generator": "{GENERATOR}"'.encode(),
    RSS_FEED: f"<generator>{GENERATOR}</generator>".encode(),
}


@dataclass(frozen=True)
class Source:
    essays: tuple[RawEssay, ...]
    problems: tuple[Problem, ...]
    slug_record: str | None


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
    record_path = source_dir / SLUG_RECORD
    record = record_path.read_text(encoding="utf-8") if record_path.is_file() else None
    return Source(tuple(essays), tuple(problems), record)


def _is_generated(rel: str, data: bytes) -> bool:
    if rel in _DATA_FILES:
        return _DATA_FILES[rel] in data[:2000]
    if not data.startswith(b"---\n"):
        return False
    end = data.find(b"\n---\n", 3)
    return end != -1 and _GENERATED_MARK in data[4:end].split(b"\n")


def read_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def read_docs(docs_dir: Path) -> tuple[dict[str, bytes], set[str]]:
    """Every Markdown page and archive.json under docs/, as docs-relative path -> bytes, and
    which of them this tool generated (they carry its mark in their front matter)."""
    existing: dict[str, bytes] = {}
    generated: set[str] = set()
    if not docs_dir.is_dir():
        return existing, generated
    for path in sorted(docs_dir.rglob("*")):
        rel = path.relative_to(docs_dir).as_posix()
        if not path.is_file() or (path.suffix != ".md" and rel not in _DATA_FILES):
            continue
        data = path.read_bytes()
        existing[rel] = data
        if _is_generated(rel, data):
            generated.add(rel)
    return existing, generated


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
