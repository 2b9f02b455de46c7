"""Read the essays folder: each essay's bytes and its sidecar's text, the slug record's bytes,
and a problem for each entry that is not a regular file of its kind (links, FIFOs, folders,
hidden essays, names that are no UTF-8). Never follows a link, never opens a FIFO."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ..core.models import ESSAY_KINDS, Problem, RawEssay, essay_kind

SLUG_RECORD = ".slugs.yml"
# The largest essay file read. A long op-ed is 100 KB and a book 1 MB; the build takes about
# 0.6 s per MB of essay (bench/large_essays.py), and one page of 10 MB reads badly anyway.
MAX_ESSAY_BYTES = 10_000_000


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


def is_input_name(name: str) -> bool:
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
