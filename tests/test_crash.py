"""Crash safety: a converter killed (SIGKILL, no chance to clean up) at any moment leaves every
generated file either as the last complete run wrote it or as the interrupted run meant to write
it, never half of one; the next complete run repairs everything and leaves no temporary file.

Each kill lands at a seeded-random moment of the run, or right after the run begins renaming
its files into place (the only phase where old and new files mix): uniform times alone would
hit that short window too rarely to prove anything. CRASH_KILLS raises the number of kills."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.synth import generate
from opedarchive.store.writer import _TEMPORARY
from tests.conftest import ROOT, convert, make_archive, restore_outputs

pytestmark = pytest.mark.slow  # `make test-fast` leaves this module out

KILLS = int(os.environ.get("CRASH_KILLS", "30"))
SEED = 20261201
ESSAYS = 200
SLUG_RECORD = "essays/.slugs.yml"
STATE = ".build_archive_cache"
Snapshot = dict[str, bytes]


def _snapshot(archive: Path) -> tuple[Snapshot, list[str]]:
    """Every file under docs/ and the slug record (archive-relative path -> bytes), and, apart,
    the temporary files a killed run may leave anywhere the converter writes."""
    files: Snapshot = {}
    temporaries: list[str] = []
    for folder in ("docs", "essays", STATE):
        for path in sorted((archive / folder).rglob("*")) if (archive / folder).is_dir() else []:
            if not path.is_file():
                continue
            rel = path.relative_to(archive).as_posix()
            if _TEMPORARY.match(path.name):
                temporaries.append(rel)
            elif folder == "docs" or rel == SLUG_RECORD:
                files[rel] = path.read_bytes()
    return files, temporaries


def _classify(now: Snapshot, old: Snapshot, new: Snapshot) -> str:
    """ "old", "new" or "mixed"; fails on any file that is neither version of its path."""
    olds = news = 0
    for rel in sorted(old.keys() | new.keys() | now.keys()):
        here, before, after = now.get(rel), old.get(rel), new.get(rel)
        assert here in (before, after), f"{rel}: neither the old nor the new version (torn or stray)"
        if before != after:
            olds += here == before
            news += here == after
    return "mixed" if olds and news else ("new" if news else "old")


def _env() -> dict[str, str]:
    return {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}


def _first_renamed(old: Snapshot, new: Snapshot) -> str:
    """The first file the run renames into place: the writer renames in sorted path order."""
    return min((rel for rel in new if old.get(rel) != new[rel]), key=Path)


def _kill_once(archive: Path, rng: random.Random, duration: float, strategy: str, marker: tuple[str, bytes]) -> None:
    """Start the real command line and SIGKILL it: after a random time ("timed"), or as soon
    as `marker` (the first file renamed) holds its new bytes ("renaming"), i.e. mid-rename."""
    with open(archive / "kill.log", "wb") as log:
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "build_archive.py")], cwd=archive, env=_env(), stdout=log, stderr=log
        )
        try:
            if strategy == "timed":
                time.sleep(rng.uniform(0, duration))
            else:
                path, wanted = archive / marker[0], marker[1]
                deadline = time.monotonic() + 20 * duration + 10
                while process.poll() is None and time.monotonic() < deadline:
                    try:
                        if path.read_bytes() == wanted:
                            break
                    except FileNotFoundError:
                        pass
                    time.sleep(0.001)
        finally:
            process.send_signal(signal.SIGKILL)  # no-op error-free even if it already ended
            process.wait()
    log_text = (archive / "kill.log").read_text(encoding="utf-8", errors="replace")
    # A killed run must never leave the lock held (by itself or by its extraction workers).
    assert "waiting up to" not in log_text, log_text[-2000:]
    (archive / "kill.log").unlink()


def _change_inputs(archive: Path, extra: Path) -> None:
    """Every page changes (the site name is on every page), some essays change, some go, some come."""
    config = archive / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("site_name: Op-ed Archive", "site_name: Op-ed Archive II"),
        encoding="utf-8",
    )
    essays = sorted((archive / "essays").glob("*.txt"))
    for essay in essays[10:200:40]:
        essay.write_text(essay.read_text(encoding="utf-8") + "\nA paragraph added later.\n", encoding="utf-8")
    for essay in essays[5:200:50]:
        essay.unlink()
        essay.with_suffix(".yml").unlink(missing_ok=True)
    for path in sorted(extra.iterdir())[:6]:
        shutil.copy(path, archive / "essays" / ("new_" + path.name))


def _target_of(rel: str) -> str:
    """essays/.x.md.abcd1234.tmp -> essays/x.md: the file a temporary was to become."""
    folder, name = rel.rsplit("/", 1)
    return f"{folder}/{name[1 : -len('.abcd1234.tmp')]}"


def _owned(rel: str, old: Snapshot, new: Snapshot) -> bool:
    return rel in old or rel in new or rel.startswith(f"{STATE}/")


def _finish_and_compare(archive: Path, expected: Snapshot, expected_status: int) -> None:
    run = convert(archive)
    assert run.returncode == expected_status, run.stderr[-2000:]
    files, temporaries = _snapshot(archive)
    assert temporaries == [], "a complete run removes every leftover of the killed ones"
    assert files.keys() == expected.keys()
    assert [rel for rel in files if files[rel] != expected[rel]] == []
    check = convert(archive, "--check")
    assert check.returncode == 0, check.stderr[-2000:]


@pytest.fixture(scope="module")
def archives(tmp_path_factory) -> dict:
    base = tmp_path_factory.mktemp("crash")
    real = make_archive(base / "real")
    generate(ESSAYS, real / "essays", seed=11, catalog=real / "events")
    generate(12, base / "extra", seed=12, catalog=real / "events")
    assert convert(real).returncode == 0
    old, _ = _snapshot(real)
    shutil.copytree(real, base / "saved-old")  # docs/, slug record and state of the old run
    _change_inputs(real, base / "extra")
    # The new version: the same starting point, run to completion (and timed: one full run).
    reference = base / "reference"
    shutil.copytree(real, reference)
    started = time.monotonic()
    clean = convert(reference)
    duration = time.monotonic() - started
    new, _ = _snapshot(reference)
    return {"base": base, "real": real, "old": old, "new": new, "duration": duration, "status": clean.returncode}


def test_new_version_changes_most_pages(archives):
    """Otherwise "old or new" would accept a page that should have changed and did not. The
    site name is on every essay page, the home page, year and event pages and the feeds; an
    author page changes only when one of its essays does (it does not show the site name)."""
    old, new = archives["old"], archives["new"]
    essays = [rel for rel in new if rel.startswith("docs/essays/")]
    assert len(essays) > ESSAYS
    assert [rel for rel in essays if old.get(rel) == new[rel]] == []
    changed = [rel for rel in new if old.get(rel) != new[rel]]
    assert len(changed) > ESSAYS + 30
    assert old.keys() - new.keys(), "some pages disappear"
    assert new.keys() - old.keys(), "some pages appear"


def test_kills_leave_old_or_new_files_and_one_run_repairs_them(archives):
    real, old, new, duration = archives["real"], archives["old"], archives["new"], archives["duration"]
    saved = archives["base"] / "saved-old"
    rng = random.Random(SEED)
    marker = _first_renamed(old, new)
    outcomes = {"old": 0, "new": 0, "mixed": 0}
    leftovers = 0
    previous = "old"
    for kill in range(KILLS):
        # One kill in three waits for the renames (mixed states); the others land anywhere.
        strategy = "renaming" if kill % 3 == 1 else "timed"
        if strategy == "renaming" or previous == "new":
            # From the old state, so that there is something left to rename or to interrupt.
            # Otherwise kills pile up on the partial state the last one left.
            restore_outputs(real, saved)
        _kill_once(real, rng, duration, strategy, (marker, new[marker]))
        files, temporaries = _snapshot(real)
        # A killed run leaves temporaries only beside files the converter owns, never elsewhere.
        strays = [rel for rel in temporaries if not _owned(_target_of(rel), old, new)]
        assert strays == [], strays
        leftovers += len(temporaries)
        previous = _classify(files, old, new)
        outcomes[previous] += 1
    print(f"\n{KILLS} kills ({duration:.2f} s per full run): {outcomes}; {leftovers} temporary files left by kills")
    assert outcomes["mixed"] > 0, f"no kill landed while files were renamed: the test proves little ({outcomes})"
    _finish_and_compare(real, new, archives["status"])


def _as_never_converted(archive: Path) -> None:
    """No generated page, no slug record, no state: only the hand-written files of docs/."""
    for folder in (STATE, "docs"):
        shutil.rmtree(archive / folder, ignore_errors=True)
    (archive / SLUG_RECORD).unlink(missing_ok=True)
    for hand_written in ("docs/stylesheets", "docs/javascripts"):
        shutil.copytree(ROOT / hand_written, archive / hand_written)


def test_kills_during_the_first_run_leave_absent_or_complete_files(archives):
    """A first run ever (no docs/ pages, no slug record, no state): each file is either
    absent or complete."""
    base = archives["base"]
    first = base / "first"
    shutil.copytree(archives["real"], first)
    _as_never_converted(first)
    empty, _ = _snapshot(first)
    reference = base / "first-reference"
    shutil.copytree(first, reference)
    started = time.monotonic()
    status = convert(reference).returncode
    duration = time.monotonic() - started
    new, _ = _snapshot(reference)
    marker = _first_renamed(empty, new)
    rng = random.Random(SEED + 1)
    outcomes = {"old": 0, "new": 0, "mixed": 0}
    kills = max(4, KILLS // 5)
    for kill in range(kills):
        strategy = "renaming" if kill % 2 else "timed"
        _kill_once(first, rng, duration, strategy, (marker, new[marker]))
        files, _ = _snapshot(first)
        outcomes[_classify(files, empty, new)] += 1
        if kill % 2:  # start again from nothing, so that the next kill has a first run to interrupt
            _as_never_converted(first)
    print(f"\n{kills} kills during a first run: {outcomes}")
    _finish_and_compare(first, new, status)


def test_a_run_with_nothing_to_do_still_removes_leftovers(archives, tmp_path):
    """A run killed with other settings (here: another SITE_URL) may leave temporary files and
    every output as it was; the next run with the old settings has nothing to write, and must
    still remove those leftovers."""
    archive = make_archive(tmp_path / "a")
    assert convert(archive).returncode == 0
    leftover = archive / "docs" / ".index.md.k1ll3d00.tmp"  # the name _write_temporary gives
    leftover.write_bytes(b"half a page")
    assert _TEMPORARY.match(leftover.name)
    run = convert(archive)
    assert run.returncode == 0 and "nothing changed since the last run" in run.stderr
    assert not leftover.exists()
