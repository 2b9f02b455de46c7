"""One converter at a time per archive: an exclusive flock on the state folder's lock file."""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from pathlib import Path

_LOCK_POLL = 0.1  # seconds between tries while another run holds the lock
_PID_GRACE = 0.5  # seconds a waiting run gives the holder to write its pid before saying "unknown"
_HELD_LOCKS: set[int] = set()  # descriptors of the locks this process holds


def _drop_locks_in_child() -> None:
    """A forked child (an extraction worker) shares its parent's open lock file, and a flock
    lasts until every descriptor of it is closed: were the parent killed, an orphaned worker
    would keep the archive locked. The child closes its copies; the parent's lock stays."""
    for fd in _HELD_LOCKS:
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD_LOCKS.clear()


os.register_at_fork(after_in_child=_drop_locks_in_child)


class LockTimeout(Exception):
    def __init__(self, path: Path, holder: str) -> None:
        super().__init__(f"{path}: another build_archive.py run ({holder}) holds the lock")
        self.holder = holder


def acquire_lock(path: Path, wait: float, on_wait) -> int:
    """One converter at a time per archive: an exclusive flock on `path`, waiting up to `wait`
    seconds (on_wait(holder) is called once if it has to wait). Returns the open descriptor;
    the lock lasts until it is closed or the process ends. The kernel drops the lock of a
    killed run, so a stale lock file never blocks: only a live holder does. The file keeps
    the holder's pid, for the message of the run that waits."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    started = time.monotonic()
    waited = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            pid = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            holder = f"pid {pid}" if pid.isdigit() else "pid unknown"
            now = time.monotonic()
            if now >= started + wait:
                os.close(fd)
                raise LockTimeout(path, holder) from None
            # A holder that has only just taken the lock may not have written its pid yet.
            if not waited and (pid.isdigit() or now >= started + _PID_GRACE):
                on_wait(holder)
                waited = True
            time.sleep(_LOCK_POLL)
    # The pid first, then cut what is left of a longer one: the file is never seen empty.
    mine = f"{os.getpid()}\n".encode("ascii")
    os.pwrite(fd, mine, 0)
    os.ftruncate(fd, len(mine))
    _HELD_LOCKS.add(fd)
    return fd


def release_lock(fd: int) -> None:
    _HELD_LOCKS.discard(fd)
    os.close(fd)  # the file stays: removing it would race with a run that has just opened it
