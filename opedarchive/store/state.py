"""Work a run can skip: the whole run when nothing changed, and the extraction of every essay
whose bytes did not change. Pure functions; reader.py gathers the stats, writer.py saves state,
ingest/parallel.py extracts what the cache lacks.

Two records live in the state folder (`.build_archive_cache/` by default, never committed):
- the manifest: the size and modification time (and, for files changed in the last moments
  before they were looked at, the sha256) of every input and every output of the last run, and
  what that run reported. When the same stats are found again, nothing can have changed, and
  the run ends after one stat pass, replaying the report.
- the extraction cache: essay -> (Essay, problems), keyed by the sha256 of everything
  extraction reads (the essay's bytes and name, its sidecar, the catalog, the converter's code).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from ..core.models import RawEssay

MANIFEST_FORMAT = 1
MANIFEST_FILE = "manifest.json"
CACHE_FILE = "extracted.pickle"
# File times tick in steps of a few milliseconds: a file changed within this window of being
# looked at may change again with the same time and size, so its content hash is kept too.
RACY_NS = 100_000_000
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


def extraction_context(catalog_text: str, version: str) -> str:
    """One hash of what every essay's extraction depends on besides the essay: the converter's
    code and the catalog. Hashed once per run, not once per essay (the catalog is ~0.5 MB)."""
    return hashlib.sha256(version.encode() + b"\0" + catalog_text.encode("utf-8", "surrogatepass")).hexdigest()


def essay_key(raw: RawEssay, context: str) -> str:
    digest = hashlib.sha256()
    for part in (context, raw.name, raw.path, raw.sidecar_path or "", raw.sidecar_text or ""):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    digest.update(raw.data)
    return digest.hexdigest()
