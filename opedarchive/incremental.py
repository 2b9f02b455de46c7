"""Work a run can skip: the whole run when nothing changed, and the extraction of every essay
whose bytes did not change. Pure functions; reader.py gathers the stats, writer.py saves state.

Two records live in the state folder (`.build_archive_cache/` by default, never committed):
- the manifest: the size and modification time (and, for files changed in the last moments
  before they were looked at, the sha256) of every input and every output of the last run, and
  what that run reported. When the same stats are found again, nothing can have changed, and
  the run ends after one stat pass, replaying the report.
- the extraction cache: essay -> (Essay, problems), keyed by the sha256 of everything
  extraction reads (the essay's bytes and name, its sidecar, the catalog, the converter's code).
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import os
import signal
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from .essay import build_essay
from .events import Matcher, build_matcher
from .models import Essay, Event, Problem, RawEssay

MANIFEST_FORMAT = 1
MANIFEST_FILE = "manifest.json"
CACHE_FILE = "extracted.pickle"
# File times tick in steps of a few milliseconds: a file changed within this window of being
# looked at may change again with the same time and size, so its content hash is kept too.
RACY_NS = 100_000_000
# Below this many essays to extract, starting worker processes costs more than it saves.
PARALLEL_FROM = 200

Extracted = tuple[Essay | None, list[Problem]]
# path -> (size, mtime_ns, sha256 or None)
Stats = dict[str, tuple[int, int, str | None]]


@dataclass(frozen=True)
class Manifest:
    settings: dict[str, str]  # code version, folders, environment the output depends on
    inputs: Stats
    outputs: Stats
    report: tuple[str, ...]  # the problem lines the run printed
    counts: dict[str, int]  # essays, built, failed, warnings, errors, exit

    def to_json(self) -> dict:
        return {
            "format": MANIFEST_FORMAT,
            "settings": self.settings,
            "inputs": self.inputs,
            "outputs": self.outputs,
            "report": list(self.report),
            "counts": self.counts,
        }


def manifest_from_json(data: object) -> Manifest | None:
    """None for anything but a manifest this version wrote (then the run is a full one)."""
    if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT:
        return None
    try:
        return Manifest(
            dict(data["settings"]),
            {path: tuple(entry) for path, entry in data["inputs"].items()},
            {path: tuple(entry) for path, entry in data["outputs"].items()},
            tuple(data["report"]),
            dict(data["counts"]),
        )
    except (KeyError, TypeError, AttributeError, ValueError):
        return None


def same_files(saved: Stats, now: Stats) -> bool:
    """Same paths, sizes and times; for racy entries, the same content hash as well (the
    caller hashed exactly the racy paths it was told about: see `racy_paths`)."""
    if saved.keys() != now.keys():
        return False
    for path, (size, mtime, digest) in saved.items():
        size_now, mtime_now, digest_now = now[path]
        if size != size_now or mtime != mtime_now:
            return False
        if digest is not None and digest != digest_now:
            return False
    return True


def racy_paths(saved: Stats) -> set[str]:
    return {path for path, (_, _, digest) in saved.items() if digest is not None}


def code_version(sources: dict[str, bytes]) -> str:
    """One hash of the converter's own source files: new code, new results."""
    digest = hashlib.sha256()
    for name in sorted(sources):
        digest.update(name.encode() + b"\0" + sources[name] + b"\0")
    return digest.hexdigest()


def essay_key(raw: RawEssay, catalog_text: str, version: str) -> str:
    digest = hashlib.sha256()
    for part in (version, catalog_text, raw.name, raw.path, raw.sidecar_path or "", raw.sidecar_text or ""):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    digest.update(raw.data)
    return digest.hexdigest()


# Worker processes build their own matcher once (a compiled pattern is cheaper to rebuild than
# to send), from the catalog the parent sends.
_worker: tuple[Matcher, dict[str, Event]] | None = None


def _start_worker(events: tuple[Event, ...], parent: int) -> None:
    global _worker
    _die_with_parent(parent)
    _worker = (build_matcher(events), {event.id: event for event in events})


def _die_with_parent(parent: int) -> None:
    """A worker whose parent was killed would wait forever on the pipes its siblings hold open
    (and work on its chunk first): on Linux the kernel kills it when the parent dies."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


def _extract_in_worker(raws: list[RawEssay]) -> list[Extracted]:
    assert _worker is not None, "worker started without its catalog"
    matcher, catalog = _worker
    return [build_essay(raw, matcher, catalog) for raw in raws]


def extract_all(
    essays: tuple[RawEssay, ...],
    events: tuple[Event, ...],
    keys: dict[str, str],
    cache: dict[str, Extracted],
    workers: int,
) -> dict[str, Extracted]:
    """raw name -> build_essay's result, from the cache when its key is there, otherwise
    computed (on `workers` processes when there are many). keys: raw name -> essay_key."""
    results = {raw.name: cache[keys[raw.name]] for raw in essays if keys[raw.name] in cache}
    todo = [raw for raw in essays if raw.name not in results]
    if workers > 1 and len(todo) >= PARALLEL_FROM:
        chunks = [todo[i::workers] for i in range(workers)]
        try:
            with ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(events, os.getpid())) as pool:
                for chunk, extracted in zip(chunks, pool.map(_extract_in_worker, chunks), strict=True):
                    results.update((raw.name, one) for raw, one in zip(chunk, extracted, strict=True))
        except (OSError, BrokenProcessPool):
            # No worker processes on this machine (no /dev/shm, a process limit): the same work
            # in this process, below.
            pass
        todo = [raw for raw in essays if raw.name not in results]
    if todo:
        matcher, catalog = build_matcher(events), {event.id: event for event in events}
        results.update((raw.name, build_essay(raw, matcher, catalog)) for raw in todo)
    return results


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def from_results(results: dict[str, Extracted]) -> Callable[[RawEssay, Matcher, dict[str, Event]], Extracted]:
    """An `extract` for build(): looks the essay up in what extract_all found."""

    def extract(raw: RawEssay, matcher: Matcher, catalog: dict[str, Event]) -> Extracted:
        return results[raw.name]

    return extract
