"""The only module that writes to the disk: compare, then write atomically, then prune.

A file is rewritten only when its bytes change (a second run writes nothing). Each write goes
to a temporary file in the same folder, is flushed to disk, then renamed over the target, so a
crash leaves the old file or the new one, never half of one. Only pages that carry the
generator's mark are ever removed; a hand-written page in the way is an error, not overwritten.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Plan:
    write: list[Path] = field(default_factory=list)
    delete: list[Path] = field(default_factory=list)
    refused: list[Path] = field(default_factory=list)  # hand-written pages where we would write

    def stale(self) -> list[Path]:
        return sorted(self.write + self.delete)


def plan(wanted: dict[Path, bytes], existing: dict[Path, bytes | None], generated: set[Path], keep: set[Path]) -> Plan:
    """wanted: the files to have. existing: what is on disk now at those paths and at every
    page found (None: absent). generated: the existing files that carry the generator's mark."""
    result = Plan()
    for path in sorted(wanted):
        current = existing.get(path)
        if current == wanted[path]:
            continue
        if current is not None and path not in generated:
            result.refused.append(path)
            continue
        result.write.append(path)
    for path in sorted(generated - set(wanted) - keep):
        result.delete.append(path)
    return result


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def apply(plan_: Plan, wanted: dict[Path, bytes]) -> None:
    for path in plan_.write:
        write_atomic(path, wanted[path])
    for path in plan_.delete:
        path.unlink(missing_ok=True)
