"""Extract many essays: those the cache lacks, on worker processes when there are many.

Each worker builds the catalog's matcher once (a compiled pattern is cheaper to rebuild than to
send) and extracts a chunk of essays; results come back to the parent in order. The cache is
a plain dict the caller reads and saves (store/): nothing here touches the disk.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from ..catalog.match import Matcher, build_matcher
from ..core.models import Event, Extracted, Problem, RawEssay
from .essay import extract_essay

# Below this many essays to extract, starting worker processes costs more than it saves.
PARALLEL_FROM = 200
# The most one essay's extraction may take. An essay takes milliseconds; only a regular
# expression that backtracks without end (a catalog pattern that the checks of
# catalog/patterns.py missed, on an unlucky text) comes near it.
ESSAY_SECONDS = 30.0


# What a worker matches with. The parent builds it just before it starts the workers: a worker
# made by fork (Linux) finds it here already, so the catalog is compiled once, not once per
# worker; one started otherwise (spawn, forkserver) builds its own from the catalog the parent
# sends (a compiled pattern is cheaper to rebuild than to send).
_worker: tuple[Matcher, dict[str, Event], float] | None = None


def _start_worker(events: tuple[Event, ...], parent: int, seconds: float) -> None:
    global _worker
    _die_with_parent(parent)
    if _worker is None:
        _worker = (build_matcher(events), {event.id: event for event in events}, seconds)


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
    matcher, catalog, seconds = _worker
    return [_extract_within(raw, matcher, catalog, seconds) for raw in raws]


class _TooLong(BaseException):
    """One essay's extraction ran past its time limit. A BaseException, like KeyboardInterrupt:
    the readers of web pages and Word files catch whatever their library raises on a bad file,
    and this must get past them."""


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise _TooLong inside the block once `seconds` have passed. Python's regular-expression
    engine checks for signals while it backtracks, so SIGALRM stops a runaway match. A timer can
    only be set in the main thread of a Unix process (worker processes run their tasks in theirs)
    and must not replace one already running: elsewhere the block runs unbounded."""
    usable = (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    )
    if not usable:
        yield
        return

    def expire(_signum, _frame) -> None:
        raise _TooLong

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL if previous is None else previous)


def _extract_within(raw: RawEssay, matcher: Matcher, catalog: dict[str, Event], seconds: float) -> Extracted:
    """extract_essay, or a failure of this essay alone when it takes longer than `seconds`."""
    try:
        with _time_limit(seconds):
            return extract_essay(raw, matcher, catalog)
    except _TooLong:
        return None, [
            Problem(
                raw.path,
                f"reading this essay took more than {seconds:g} s and was stopped: a pattern of the event "
                "catalog probably backtracks on its text. Simplify the catalog's patterns (no nested or "
                "overlapping repeats), or split the essay's very long paragraphs",
            )
        ]


def extract_essays(
    essays: tuple[RawEssay, ...],
    events: tuple[Event, ...],
    keys: dict[str, str],
    cache: dict[str, Extracted],
    workers: int,
    seconds: float = ESSAY_SECONDS,
) -> tuple[dict[str, Extracted], str | None]:
    """raw name -> extract_essay's result, from the cache when its key is there, otherwise
    computed (on `workers` processes when there are many); keys: raw name -> essay_key. An
    essay whose extraction takes more than `seconds` fails alone. Also a note for the
    maintainer when the worker processes failed and the work was done in this process instead
    (slower, same result), else None."""
    results = {raw.name: cache[keys[raw.name]] for raw in essays if keys[raw.name] in cache}
    todo = [raw for raw in essays if raw.name not in results]
    if not todo:
        return results, None
    # Built once: used here, and by workers made by fork.
    matcher, catalog = build_matcher(events), {event.id: event for event in events}
    note = None
    if workers > 1 and len(todo) >= PARALLEL_FROM:
        note = _extract_on_workers(todo, events, (matcher, catalog, seconds), workers, results)
        todo = [raw for raw in essays if raw.name not in results]
    results.update((raw.name, _extract_within(raw, matcher, catalog, seconds)) for raw in todo)
    return results, note


def _extract_on_workers(
    todo: list[RawEssay],
    events: tuple[Event, ...],
    built: tuple[Matcher, dict[str, Event], float],
    workers: int,
    results: dict[str, Extracted],
) -> str | None:
    """Extract `todo` on worker processes into `results`; `built`: the matcher, catalog and time
    limit, which a worker made by fork finds ready. When they cannot start (no /dev/shm, a
    process limit) or one dies, the caller does what is left in its own process: returns why."""
    global _worker
    chunks = [todo[i::workers] for i in range(workers)]
    seconds = built[2]
    _worker = built
    try:
        with ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(events, os.getpid(), seconds)) as pool:
            for chunk, extracted in zip(chunks, pool.map(_extract_in_worker, chunks), strict=True):
                results.update((raw.name, one) for raw, one in zip(chunk, extracted, strict=True))
    except (OSError, NotImplementedError) as exc:
        # NotImplementedError: this Python has no working sem_open (concurrent.futures says so).
        return f"extraction workers could not start ({type(exc).__name__}: {exc}): converting in one process"
    except BrokenProcessPool as exc:
        return f"an extraction worker stopped ({exc}): converting the rest in one process"
    finally:
        _worker = None
    return None


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
