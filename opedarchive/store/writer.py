"""The only module that writes to the disk: compare, then write atomically, then prune.

A file is rewritten only when its bytes change (a second run writes nothing). Each write goes
to a temporary file in the same folder, is flushed to disk, then renamed over the target, so a
crash leaves the old file or the new one, never half of one. Only pages that carry the
generator's mark are ever removed; a hand-written page in the way is an error, not overwritten.
Nothing is written or removed outside the docs folder (and the one other file the caller names,
the slug record), whatever path a caller computes: a slug like `../../README` would otherwise
reach any file the user may write.
"""

from __future__ import annotations

import json
import os
import pickle
import re
import tempfile
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from .state import CACHE_FILE, MANIFEST_FILE

_FSYNC_EACH_UP_TO = 20  # files; beyond, one system-wide sync for all of them
# The temporary files _write_temporary makes: ".{name}." + 8 random characters + ".tmp".
_TEMPORARY = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")


class OutsideRoot(ValueError):
    """A path to write or remove that is not inside the folder the plan is for."""


@dataclass
class Plan:
    write: list[Path] = field(default_factory=list)
    delete: list[Path] = field(default_factory=list)
    refused: list[Path] = field(default_factory=list)  # hand-written pages where we would write
    outside: list[Path] = field(default_factory=list)  # paths that lead out of `root`: never touched
    root: Path | None = None  # everything written or removed is inside it, or one of `also`
    also: frozenset[Path] = frozenset()

    def stale(self) -> list[Path]:
        return sorted(self.write + self.delete)


def plan(
    wanted: dict[Path, bytes],
    existing: Mapping[Path, bytes],
    generated: set[Path],
    keep: set[Path],
    root: Path,
    also: Collection[Path] = (),
) -> Plan:
    """wanted: the files to have. existing: what is on disk now at those paths and at every
    page found (None: absent). generated: the existing files that carry the generator's mark.
    root: the folder every path must be in (after following links), except those in `also`."""
    result = Plan(root=root, also=frozenset(also))
    inside = _Confinement(root, also)
    for path in sorted(wanted):
        current = existing.get(path)
        if current is not None and current == wanted[path]:
            continue
        if not inside(path):
            result.outside.append(path)
        elif current is not None and path not in generated:
            result.refused.append(path)
        else:
            result.write.append(path)
    for path in sorted(generated - set(wanted) - keep):
        (result.delete if inside(path) else result.outside).append(path)
    return result


class _Confinement:
    """Whether a path, its folders' links followed, is inside `root` or is one of `also`. Each
    folder is resolved once: a run writes thousands of files into a handful of folders."""

    def __init__(self, root: Path, also: Collection[Path]):
        self._root = os.path.realpath(root)
        self._also = {os.path.join(os.path.realpath(path.parent), path.name) for path in also}
        self._folders: dict[Path, str] = {}

    def __call__(self, path: Path) -> bool:
        if path.name in ("", ".", ".."):
            return False
        folder = self._folders.get(path.parent)
        if folder is None:
            folder = self._folders[path.parent] = os.path.realpath(path.parent)
        where = os.path.join(folder, path.name)
        return where in self._also or (folder + os.sep).startswith(self._root + os.sep)


def _write_temporary(path: Path, data: bytes | Callable[[BinaryIO], object], sync: bool) -> Path:
    """The bytes (or what `data` writes into the open file) in a new temporary file beside
    `path`; the caller renames it over `path`."""
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            if callable(data):
                data(handle)
            else:
                handle.write(data)
            if sync:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)


def write_atomic(path: Path, data: bytes | Callable[[BinaryIO], object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = _write_temporary(path, data, sync=True)
    try:
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def apply(plan_: Plan, wanted: dict[Path, bytes]) -> None:
    # plan() already set aside every path outside the root; a plan made otherwise is refused
    # whole, before anything is written.
    if plan_.root is None:
        raise OutsideRoot("a plan must say which folder it writes in")
    inside = _Confinement(plan_.root, plan_.also)
    for path in plan_.write + plan_.delete:
        if not inside(path):
            raise OutsideRoot(f"{path}: refused: it is outside {plan_.root}")
    if len(plan_.write) <= _FSYNC_EACH_UP_TO:
        for path in plan_.write:
            write_atomic(path, wanted[path])
    else:
        # Many files (a first run, a new template): one fsync per file costs ~1 ms each. Write
        # every temporary file, flush them all to disk at once, then rename: still old or new.
        temporaries: list[Path] = []
        try:
            for path in plan_.write:
                path.parent.mkdir(parents=True, exist_ok=True)
                temporaries.append(_write_temporary(path, wanted[path], sync=False))
            os.sync()
            for temporary, path in zip(temporaries, plan_.write, strict=True):
                os.replace(temporary, path)
        except BaseException:
            for temporary in temporaries:
                temporary.unlink(missing_ok=True)
            raise
    for path in plan_.delete:
        path.unlink(missing_ok=True)


def save_state(state_dir: Path, manifest: dict, cache: dict | None) -> None:
    """The manifest (JSON) and, when it changed, the extraction cache (pickle: Essay values
    as they are, read back only by this tool from its own state folder)."""
    state_dir.mkdir(parents=True, exist_ok=True)
    if cache is not None:
        # Pickled straight into the temporary file: as one bytes object it would be a second copy
        # of every essay's extraction (~140 MB at 20,000 essays) on top of the run's pages.
        write_atomic(state_dir / CACHE_FILE, lambda handle: pickle.dump(cache, handle, pickle.HIGHEST_PROTOCOL))
    write_atomic(state_dir / MANIFEST_FILE, json.dumps(manifest, sort_keys=True).encode("utf-8"))


def remove_manifest(state_dir: Path) -> None:
    (state_dir / MANIFEST_FILE).unlink(missing_ok=True)


def remove_leftovers(folders: list[Path]) -> int:
    """Remove the temporary files of runs that were killed before they could rename them. Only
    called with the lock held, so no live run is writing any of them."""
    removed = 0
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in folder.rglob(".*.tmp"):
            if _TEMPORARY.match(path.name) and path.is_file():
                path.unlink(missing_ok=True)
                removed += 1
    return removed
