"""Read the disk, but for the essays folder (store/source.py): the catalog, the pages a
previous run generated (to compare with, to keep, or to remove), a built site, the state of
the last run, and the stats that tell whether anything changed."""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import pickle
import stat
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from pathlib import Path

from ..core.models import Problem
from .source import is_input_name
from .state import CACHE_FILE, MANIFEST_FILE, RACY_NS, Manifest, manifest_from_json

# Which files under docs/ a previous run generated is the site's knowledge (pages/md.py): the
# caller passes it in, as `data_files` (generated files that are not Markdown) and `is_generated`.
IsGenerated = Callable[[str, bytes], bool]


def catalog_files(path: Path) -> list[Path]:
    """The event catalog's files: every .yml in a folder, in name order, or the one file."""
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix in (".yml", ".yaml") and p.is_file())
    return [path]


def read_catalog(path: Path) -> tuple[dict[str, str], list[Problem]]:
    """Display path -> text of each file of the event catalog (see catalog_files), and a
    problem for each file that cannot be read."""
    texts: dict[str, str] = {}
    problems = []
    for file in catalog_files(path):
        try:
            texts[file.as_posix()] = file.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            line = exc.object[: exc.start].count(b"\n") + 1
            problems.append(Problem(file.as_posix(), f"not UTF-8 (byte {exc.start}): save it as UTF-8", line))
        except OSError as exc:
            problems.append(Problem(file.as_posix(), f"cannot read the event catalog: {exc.strerror}"))
    return texts, problems


def read_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def read_docs(docs_dir: Path, data_files: Collection[str], is_generated: IsGenerated) -> tuple[FilesOnDisk, set[str]]:
    """Every Markdown page and data file under docs/ (docs-relative path -> bytes, each read when
    it is asked for: holding them all took 450 MB at 20,000 essays, beside the pages the run
    makes), and which of them this tool generated (they carry its mark, in the front matter
    or at the top of the file, which is all that is read of them here)."""
    pages: list[str] = []
    generated: set[str] = set()
    if not docs_dir.is_dir():
        return FilesOnDisk(docs_dir, ()), generated
    for path in sorted(docs_dir.rglob("*")):
        rel = path.relative_to(docs_dir).as_posix()
        if not path.is_file() or (path.suffix != ".md" and rel not in data_files):
            continue
        pages.append(rel)
        if is_generated(rel, _head_of(path)):
            generated.add(rel)
    return FilesOnDisk(docs_dir, pages), generated


_HEAD_CHUNK = 16_384
_FRONT_MATTER_END = b"\n---\n"


def _head_of(path: Path) -> bytes:
    """The start of a file, up to the end of its front matter (a page's front matter is a few
    KB; a data file's mark is in its first 2,000 bytes)."""
    with path.open("rb") as handle:
        head = handle.read(_HEAD_CHUNK)
        if not head.startswith(b"---\n"):
            return head
        while _FRONT_MATTER_END not in head[3:] and (more := handle.read(_HEAD_CHUNK)):
            head += more
    return head


class FilesOnDisk(Mapping[str, bytes]):
    """Relative path -> bytes of the files listed under a folder, each read when it is asked for
    (and not kept): --verify reads a site of tens of thousands of pages one page at a time, where
    holding them all took 1.7 GB at 20,000 essays. A file gone since it was listed is missing."""

    def __init__(self, root: Path, paths: Iterable[str]) -> None:
        self._root = root
        self._paths = tuple(paths)
        self._listed = frozenset(self._paths)

    def __getitem__(self, rel: str) -> bytes:
        if rel not in self._listed:
            raise KeyError(rel)
        try:
            return (self._root / rel).read_bytes()
        except FileNotFoundError:
            raise KeyError(rel) from None

    def __contains__(self, rel: object) -> bool:
        return rel in self._listed

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)


class FilesUnder(Mapping[Path, bytes]):
    """Files named relative to a folder (a FilesOnDisk, the pages a run makes) by their full
    path (folder / relative path), each value fetched when it is asked for: what the writer's
    plan compares and writes, without a second copy of every page."""

    def __init__(self, root: Path, files: Mapping[str, bytes]) -> None:
        self._root = root
        self._files = files

    def _rel(self, path: object) -> str | None:
        if not isinstance(path, Path) or not path.is_relative_to(self._root):
            return None
        return path.relative_to(self._root).as_posix()

    def __getitem__(self, path: Path) -> bytes:
        rel = self._rel(path)
        if rel is None:
            raise KeyError(path)
        return self._files[rel]

    def __contains__(self, path: object) -> bool:
        rel = self._rel(path)
        return rel is not None and rel in self._files

    def __iter__(self) -> Iterator[Path]:
        return (self._root / rel for rel in self._files)

    def __len__(self) -> int:
        return len(self._files)


def read_site(site_dir: Path) -> tuple[FilesOnDisk, set[str]]:
    """A built site for --verify: every HTML page (site-relative path -> bytes, read when asked
    for) and every file's path."""
    pages: list[str] = []
    files: set[str] = set()
    for path in site_dir.rglob("*"):
        if path.is_file():
            rel = path.relative_to(site_dir).as_posix()
            files.add(rel)
            if path.suffix == ".html":
                pages.append(rel)
    return FilesOnDisk(site_dir, pages), files


def docs_pages(docs_dir: Path) -> FilesOnDisk:
    """Every Markdown page under docs/ (docs-relative path -> bytes, read when asked for)."""
    if not docs_dir.is_dir():
        return FilesOnDisk(docs_dir, ())
    found = (path for path in sorted(docs_dir.rglob("*.md")) if path.is_file())
    return FilesOnDisk(docs_dir, (path.relative_to(docs_dir).as_posix() for path in found))


def fingerprint(paths: list[Path]) -> tuple:
    """Names, sizes and modification times under `paths`: changes when any file changes."""
    entries = []
    for root in paths:
        files = sorted(root.iterdir()) if root.is_dir() else [root]
        for path in files:
            st = _stat(path)
            if st is not None:
                entries.append((path.as_posix(), st.st_size, st.st_mtime_ns))
    return tuple(entries)


def _stat(path: Path) -> os.stat_result | None:
    """The file's stat (through a link: the catalog may be one), the link's own when it leads
    nowhere (dangling, or a loop), None when there is nothing there. Never opens the file."""
    try:
        return os.stat(path)
    except OSError:
        pass
    try:
        return os.lstat(path)
    except OSError:
        return None


_PACKAGE = Path(__file__).resolve().parent.parent


# The libraries whose reading of a file is part of an essay's extraction: a new version may read
# a page or a Word file differently, so it is part of the code's version too.
_EXTRACTING_LIBRARIES = ("trafilatura", "htmldate", "justext", "mammoth", "lxml", "dateparser")


def read_code() -> dict[str, bytes]:
    """The converter's own source files, every module of every subpackage, and the versions of the
    libraries that extract essays (read from their installed metadata, without importing them),
    to version what it computed before (state.code_version): new code, new results."""
    code = {path.relative_to(_PACKAGE).as_posix(): path.read_bytes() for path in sorted(_PACKAGE.rglob("*.py"))}
    for name in _EXTRACTING_LIBRARIES:
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            version = "not installed"
        code[f"library:{name}"] = version.encode("utf-8")
    return code


def input_files(source_dir: Path, others: list[Path]) -> list[Path]:
    """Every file a run reads: essays and sidecars (and anything else in the folder, which the
    run warns about), the catalog, and other settings files that exist."""
    found = []
    if source_dir.is_dir():
        with os.scandir(source_dir) as entries:
            # Everything read_source reads or reports on, of any kind (links, FIFOs and
            # folders too: a run reports them), looked at without following or opening it.
            found = [Path(e.path) for e in entries if is_input_name(e.name)]
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
        st = _stat(path)
        if st is None:
            continue
        digest = None
        if key in hash_these or (now_ns is not None and st.st_mtime_ns >= now_ns - RACY_NS):
            digest = _content_hash(path, st)
        stats[key] = (st.st_size, st.st_mtime_ns, digest)
    return stats


def _content_hash(path: Path, st: os.stat_result) -> str:
    """sha256 of a regular file; a fixed mark for anything else (a FIFO is never opened: it would
    block) or for a file that cannot be read (the run reports that)."""
    if not stat.S_ISREG(st.st_mode):
        return "not-a-regular-file"
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return "unreadable"
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            return "not-a-regular-file"
        return hashlib.sha256(handle.read()).hexdigest()


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
