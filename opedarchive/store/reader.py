"""The only module that reads the disk: essays and sidecars, the catalog, the slug record, and
the pages a previous run generated (to compare with, to keep, or to remove)."""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import pickle
import stat
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

from ..core.models import ESSAY_KINDS, Problem, RawEssay, essay_kind
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


def shown_name(name: str) -> str:
    """A file name as a message shows it: characters that are not printable (a newline, a tab,
    a byte that is not UTF-8) as Python escapes (`\\n`, `\\udcff`), so that one message stays one
    line and a name that cannot be printed does not stop the run."""
    if name.isprintable():
        return name
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in name)


def _display(name: str, shown_root: str) -> str:
    return f"{shown_root}/{shown_name(name)}"


ESSAY_SUFFIX = ".txt"
# Text, web pages saved from a browser (or by --add), Word files: see core.models.ESSAY_KINDS.
ESSAY_SUFFIXES = tuple(ESSAY_KINDS)
SIDECAR_SUFFIXES = (".yml", ".yaml")
# A browser's "Web page, complete" saves `<name>.html` and its pictures and scripts in
# `<name>_files/`: that folder is the page's, never read, and not worth a warning.
SAVED_PAGE_FOLDER = "_files"


def _is_hidden_input(name: str) -> bool:
    """A dot-file named like an essay or sidecar: reported (it is not converted) rather than
    skipped in silence. Other dot-files (.DS_Store, .gitkeep, editor swap files, the slug
    record, a killed run's temporary files) are none of the converter's business."""
    return name.startswith(".") and name != SLUG_RECORD and Path(name).suffix in (*ESSAY_SUFFIXES, *SIDECAR_SUFFIXES)


def _is_input_name(name: str) -> bool:
    """A name read_source reads or reports on, so the no-op check looks at it too."""
    return not name.startswith(".") or _is_hidden_input(name)


def _not_utf8_name(name: str) -> bool:
    # os.scandir hands bytes that are not UTF-8 over as lone surrogates (surrogateescape).
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


_KINDS = (
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def _special_kind(mode: int) -> str | None:
    """What a file that is not a regular file is ("a symbolic link", "a named pipe (FIFO)"…);
    None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((kind for test, kind in _KINDS if test(mode)), "not a regular file")


def _not_regular(kind: str, what: str, shown_root: str) -> str:
    """what: "essays are", "sidecars are", "the slug record is"."""
    if kind == "a symbolic link":
        # Following it would publish whatever file of the build machine it points at.
        return f"is a symbolic link: {what} read only from regular files in {shown_root}/; copy the file in instead"
    return (
        f"is {kind}, not a regular file: {what} read only from regular files in {shown_root}/; "
        "remove it and save the text as a file"
    )


class _NotRegular(Exception):
    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


class _TooLarge(Exception):
    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


# O_NOFOLLOW: a file swapped for a link after it was listed is refused, not followed.
# O_NONBLOCK: a FIFO swapped in is opened without waiting for a writer (and then refused).
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def _read_regular(path: Path, mode: int, limit: int | None) -> bytes:
    """The bytes of a regular file, never through a symbolic link and never opening a FIFO or a
    device (`mode` is the entry's lstat mode). Raises _NotRegular, _TooLarge or OSError."""
    kind = _special_kind(mode)
    if kind is not None:
        raise _NotRegular(kind)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError:
        if path.is_symlink():  # made a link since it was listed: O_NOFOLLOW refused it (ELOOP)
            raise _NotRegular("a symbolic link") from None
        raise
    with os.fdopen(fd, "rb") as handle:
        st = os.fstat(handle.fileno())
        kind = _special_kind(st.st_mode)
        if kind is not None:
            raise _NotRegular(kind)
        if limit is not None and st.st_size > limit:
            raise _TooLarge(st.st_size)
        data = handle.read() if limit is None else handle.read(limit + 1)
    if limit is not None and len(data) > limit:
        raise _TooLarge(len(data))
    return data


@dataclass(frozen=True)
class _Entry:
    name: str
    path: Path
    mode: int  # from lstat: a link is a link


def _list_folder(source_dir: Path) -> list[_Entry]:
    entries = []
    with os.scandir(source_dir) as found:
        for entry in found:
            try:
                mode = entry.stat(follow_symlinks=False).st_mode
            except FileNotFoundError:
                continue  # removed since it was listed
            entries.append(_Entry(entry.name, Path(entry.path), mode))
    return sorted(entries, key=lambda e: e.name)


def _skipped(entry: _Entry, shown: str) -> Problem | None:
    """The warning for an entry that is neither an essay nor a sidecar (None: not worth one)."""
    where = _display(entry.name, shown)
    if entry.name.startswith("."):
        if not _is_hidden_input(entry.name):
            return None
        return Problem(
            where,
            "ignored: its name starts with a dot (a hidden file); remove the dot if it should be converted",
            severity="warning",
        )
    if stat.S_ISDIR(entry.mode):
        return Problem(
            where,
            f"ignored: a folder; essays are .txt, .html or .docx files directly in {shown}/ (sub-folders are not read)",
            severity="warning",
        )
    return Problem(where, "ignored: essays are .txt, .html or .docx files, sidecars .yml", severity="warning")


def _bad_name(entry: _Entry, shown: str) -> Problem | None:
    if _not_utf8_name(entry.name):
        return Problem(
            _display(entry.name, shown),
            "the file name is not UTF-8 (each byte that is not is shown as \\udcXX): rename it",
        )
    return None


def read_source(source_dir: Path) -> Source:
    shown = shown_name(source_dir.as_posix().rstrip("/"))
    problems: list[Problem] = []
    if not source_dir.is_dir():
        return Source((), (Problem(shown, "no such folder"),), None)
    try:
        entries = _list_folder(source_dir)
    except OSError as exc:
        return Source((), (Problem(shown, f"cannot read the folder: {exc.strerror}"),), None)
    texts: dict[str, _Entry] = {}
    sidecars: dict[str, _Entry] = {}
    page_folders = {
        Path(e.name).stem + SAVED_PAGE_FOLDER for e in entries if essay_kind(e.name) == "web page" and "." in e.name
    }
    for entry in entries:
        suffix = Path(entry.name).suffix
        if stat.S_ISDIR(entry.mode) and entry.name in page_folders:
            continue  # a saved page's pictures and scripts: the page's, not an essay
        if entry.name.startswith(".") or stat.S_ISDIR(entry.mode) or suffix not in (*ESSAY_SUFFIXES, *SIDECAR_SUFFIXES):
            skipped = _skipped(entry, shown)
            if skipped is not None:
                problems.append(skipped)
            continue
        stem = entry.name[: -len(suffix)]
        if suffix in ESSAY_SUFFIXES:
            if stem in texts:
                # One sidecar and one slug per name: which essay `<stem>.yml` describes could not
                # be told. The text file keeps converting (it was there first, as a rule).
                kept, refused = sorted((texts[stem], entry), key=lambda e: ESSAY_SUFFIXES.index(Path(e.name).suffix))
                texts[stem] = kept
                problems.append(
                    Problem(
                        _display(refused.name, shown),
                        f"two essays named {shown_name(stem)}: also {shown_name(kept.name)}; this one is not "
                        "converted: rename one of them (and its sidecar)",
                    )
                )
                continue
            texts[stem] = entry
            continue
        if stem in sidecars:
            problems.append(
                Problem(
                    _display(entry.name, shown),
                    f"two sidecars for one essay: also {shown_name(sidecars[stem].name)}",
                )
            )
        sidecars.setdefault(stem, entry)
    essays = [_read_essay(entry, sidecars.get(stem), shown) for stem, entry in texts.items()]
    for stem, entry in sidecars.items():
        if stem in texts:
            continue
        kind = _special_kind(entry.mode)
        if kind is not None:
            problems.append(Problem(_display(entry.name, shown), _not_regular(kind, "sidecars are", shown)))
        else:
            problems.append(
                Problem(
                    _display(entry.name, shown),
                    f"sidecar without an essay: no {shown_name(stem)}{ESSAY_SUFFIX}, .html or .docx",
                    severity="warning",
                )
            )
    record, record_error = _read_record(source_dir, shown)
    return Source(tuple(essays), tuple(problems), record, record_error)


def _read_essay(entry: _Entry, sidecar: _Entry | None, shown: str) -> RawEssay:
    """The essay's bytes and its sidecar's text, or the reason they cannot be read."""
    shown_path = _display(entry.name, shown)
    shown_sidecar = _display(sidecar.name, shown) if sidecar else None
    error = _bad_name(entry, shown)
    if error is not None:
        # A name that is not UTF-8 cannot be written into a page, a feed or the slug record.
        return RawEssay(shown_name(entry.name), shown_path, b"", shown_sidecar, None, error)
    data = b""
    try:
        data = _read_regular(entry.path, entry.mode, MAX_ESSAY_BYTES)
    except _NotRegular as exc:
        error = Problem(shown_path, _not_regular(exc.kind, "essays are", shown))
    except _TooLarge as exc:
        error = Problem(shown_path, _too_large(exc.size))
    except OSError as exc:
        error = Problem(shown_path, f"cannot read the file: {exc.strerror}")
    sidecar_text = None
    if sidecar is not None and error is None:
        sidecar_text, error = _read_sidecar(sidecar, shown)
    return RawEssay(entry.name, shown_path, data, shown_sidecar, sidecar_text, error)


def _read_sidecar(entry: _Entry, shown: str) -> tuple[str | None, Problem | None]:
    shown_path = _display(entry.name, shown)
    error = _bad_name(entry, shown)
    if error is not None:
        return None, error
    try:
        data = _read_regular(entry.path, entry.mode, None)
    except _NotRegular as exc:
        return None, Problem(shown_path, _not_regular(exc.kind, "sidecars are", shown))
    except OSError as exc:
        return None, Problem(shown_path, f"cannot read the sidecar: {exc.strerror}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        return None, Problem(shown_path, f"the sidecar is not UTF-8 (byte {exc.start}): save it as UTF-8", line)
    # As text-mode reading did: one kind of line end, so YAML's line numbers are the editor's.
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


def _read_record(source_dir: Path, shown: str) -> tuple[bytes | None, Problem | None]:
    """The slug record's bytes (None when there is none; pages/slugs.py decodes and checks
    them), or why a record that is there cannot be read: then a run keeps every page it names."""
    path = source_dir / SLUG_RECORD
    shown_path = f"{shown}/{SLUG_RECORD}"
    keep = "; until then a run neither rewrites it nor removes or replaces any essay or redirect page"
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None, None
    except OSError as exc:
        return None, Problem(shown_path, f"cannot read the slug record: {exc.strerror}: make it readable{keep}")
    try:
        return _read_regular(path, mode, None), None
    except _NotRegular as exc:
        return None, Problem(shown_path, _not_regular(exc.kind, "the slug record is", shown) + keep)
    except OSError as exc:
        return None, Problem(shown_path, f"cannot read the slug record: {exc.strerror}: make it readable{keep}")


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
            found = [Path(e.path) for e in entries if _is_input_name(e.name)]
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
