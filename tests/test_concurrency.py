"""Concurrent runs on one archive: one converter at a time (the lock in the state folder), the
others wait, give up when told to, and a lock left by a killed run never blocks.

CONCURRENT_RUNS raises the number of simultaneous pairs."""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.synth import generate
from tests.conftest import ROOT, convert, make_archive, restore_outputs

pytestmark = pytest.mark.slow  # `make test-fast` leaves this module out

PAIRS = int(os.environ.get("CONCURRENT_RUNS", "10"))
ESSAYS = 300
STATE = ".build_archive_cache"
LOCK = f"{STATE}/lock"
# Two configurations whose outputs differ on every essay page: mkdocs.yml takes site_url from SITE_URL.
URLS = {"a": "https://a.example.org/archive/", "b": "https://b.example.org/other/"}
WAITING = re.compile(r"lock: waiting up to [\d.]+ s for another run \(pid \d+\) to finish")


def _env(**extra: str) -> dict[str, str]:
    return {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", **extra}


def _outputs(archive: Path) -> dict[str, bytes]:
    """docs/ and the slug record: what a run writes."""
    files = {p.relative_to(archive).as_posix(): p.read_bytes() for p in (archive / "docs").rglob("*") if p.is_file()}
    files["essays/.slugs.yml"] = (archive / "essays/.slugs.yml").read_bytes()
    return files


def _everything(archive: Path) -> dict[str, bytes]:
    """Every file of the archive, the state folder (and the lock file) included."""
    return {p.relative_to(archive).as_posix(): p.read_bytes() for p in archive.rglob("*") if p.is_file()}


def _start(archive: Path, *args: str, log: Path, **env: str) -> subprocess.Popen:
    with open(log, "wb") as handle:
        return subprocess.Popen(
            [sys.executable, str(ROOT / "build_archive.py"), *args], cwd=archive, env=_env(**env), stderr=handle
        )


@pytest.fixture(scope="module")
def large(tmp_path_factory) -> dict:
    """A converted archive of ESSAYS synthetic essays (for a third SITE_URL, so that both
    configurations have every essay page to rewrite), and each configuration's clean result."""
    base = tmp_path_factory.mktemp("concurrency")
    archive = make_archive(base / "archive")
    generate(ESSAYS, archive / "essays", seed=21, catalog=archive / "events")
    assert convert(archive, env={"SITE_URL": "https://start.example.org/"}).returncode == 0
    shutil.copytree(archive, base / "start")
    expected = {}
    for name, url in URLS.items():
        clean = base / f"clean-{name}"
        shutil.copytree(archive, clean)
        assert convert(clean, env={"SITE_URL": url}).returncode == 0
        expected[name] = _outputs(clean)
    assert expected["a"] != expected["b"]
    return {"base": base, "archive": archive, "expected": expected}


def test_two_runs_at_once_wait_for_each_other(large):
    archive, expected, base = large["archive"], large["expected"], large["base"]
    finals = {"a": 0, "b": 0}
    for pair in range(PAIRS):
        restore_outputs(archive, base / "start")
        # Started back to back: both reach the lock within milliseconds, while a full run holds
        # it for about a second; which one takes it first is up to the scheduler.
        order = ("a", "b") if pair % 2 == 0 else ("b", "a")
        runs = {name: _start(archive, log=base / f"{name}.log", SITE_URL=URLS[name]) for name in order}
        for run in runs.values():
            run.wait(timeout=120)
        logs = {name: (base / f"{name}.log").read_text(encoding="utf-8") for name in runs}
        assert {name: run.returncode for name, run in runs.items()} == {"a": 0, "b": 0}, logs
        waited = [name for name, log in logs.items() if WAITING.search(log)]
        assert len(waited) == 1, f"pair {pair}: exactly one run waits for the other: {logs}"
        # The one that waited ran second: docs/ is its clean result, whole, never a mix.
        outputs = _outputs(archive)
        last = waited[0]
        differing = [
            rel for rel in expected[last].keys() | outputs.keys() if outputs.get(rel) != expected[last].get(rel)
        ]
        assert differing == [], f"pair {pair}: docs/ is not the clean result of run {last}"
        finals[last] += 1
    print(f"\n{PAIRS} pairs of simultaneous runs; the last one to finish: {finals}")


def _hold_lock(archive: Path, pid: int) -> int:
    """The archive's lock, taken as the converter takes it (flock), with `pid` recorded in it."""
    path = archive / LOCK
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{pid}\n".encode("ascii"), 0)
    return fd


def test_wait_zero_gives_up_at_once_and_writes_nothing(archive):
    assert convert(archive).returncode == 0
    # New work for the run, so that writing nothing means something.
    (archive / "mkdocs.yml").write_text(
        (archive / "mkdocs.yml").read_text(encoding="utf-8").replace("site_name: Op-ed Archive", "site_name: Other"),
        encoding="utf-8",
    )
    fd = _hold_lock(archive, os.getpid())
    try:
        before = _everything(archive)
        run = convert(archive, "--wait", "0")
        after = _everything(archive)
    finally:
        os.close(fd)
    assert run.returncode == 2, run.stderr
    message = run.stderr.strip()
    assert f"{LOCK}:" in message and f"pid {os.getpid()}" in message and "gave up" in message, message
    assert after == before
    assert convert(archive, "--wait", "0").returncode == 0, "free again once the holder closed it"


def test_a_killed_holder_does_not_block(archive):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from opedarchive.store.lock import acquire_lock;"
            "acquire_lock(Path(sys.argv[1]), 0, print); print('locked', flush=True); time.sleep(600)",
            str(archive / LOCK),
        ],
        env=_env(),
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "locked"
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    holder.stdout.close()
    # The lock file stays, naming a process that is gone...
    assert (archive / LOCK).read_text(encoding="ascii").strip() == str(holder.pid)
    started = time.monotonic()
    run = convert(archive, "--wait", "30")
    elapsed = time.monotonic() - started
    # ...and does not hold anyone up: the kernel dropped the dead process's lock.
    assert run.returncode == 0, run.stderr
    assert "waiting" not in run.stderr
    assert elapsed < 20, elapsed  # a whole run on the seeds, far from its 30 s of --wait


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def _gone(pid: int) -> bool:
    """Ended (a zombie counts: it holds no file open)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


@pytest.mark.skipif(not Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").exists(), reason="needs Linux /proc")
def test_a_run_killed_during_parallel_extraction_leaves_no_lock_and_no_workers(large, tmp_path):
    """Extraction workers are forked while the lock is held: they must neither keep the lock
    (a flock is shared with forked children) nor outlive a killed parent (they would wait
    forever on their pipes)."""
    archive = tmp_path / "archive"
    shutil.copytree(large["archive"], archive)
    shutil.rmtree(archive / STATE)  # no extraction cache: all essays extracted, in parallel
    run = _start(archive, log=tmp_path / "run.log")
    workers: list[int] = []
    deadline = time.monotonic() + 60
    while not workers and run.poll() is None and time.monotonic() < deadline:
        workers = _children(run.pid)
        time.sleep(0.005)
    run.send_signal(signal.SIGKILL)
    run.wait()
    if not workers:
        pytest.skip("one CPU: no worker processes to test")
    deadline = time.monotonic() + 10
    while not all(_gone(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert all(_gone(pid) for pid in workers), "extraction workers outlived their killed parent"
    after = convert(archive, "--wait", "5")
    assert after.returncode == 0 and "waiting" not in after.stderr, after.stderr[-2000:]


def test_watch_does_not_hold_the_lock_between_conversions(archive, tmp_path):
    log = tmp_path / "watch.log"
    watcher = _start(archive, "--watch", log=log)
    try:
        # The first conversion ends with its summary line; then the watcher only looks at files.
        deadline = time.monotonic() + 60
        while "essays:" not in log.read_text(encoding="utf-8") and time.monotonic() < deadline:
            assert watcher.poll() is None, log.read_text(encoding="utf-8")
            time.sleep(0.05)
        fd = None
        while fd is None and time.monotonic() < deadline:
            try:
                fd = _hold_lock(archive, os.getpid())
            except BlockingIOError:
                time.sleep(0.05)
        assert fd is not None, "the watcher keeps the lock between conversions"
        # An edit while we hold the lock: the watcher's next conversion waits for us...
        essay = sorted((archive / "essays").glob("*.txt"))[0]
        essay.write_text(essay.read_text(encoding="utf-8") + "\nOne more paragraph.\n", encoding="utf-8")
        while not WAITING.search(log.read_text(encoding="utf-8")) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert WAITING.search(log.read_text(encoding="utf-8")), log.read_text(encoding="utf-8")
        os.close(fd)
        # ...and converts once we let go.
        while log.read_text(encoding="utf-8").count("essays:") < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert log.read_text(encoding="utf-8").count("essays:") >= 2
        assert "One more paragraph." in "".join(
            p.read_text(encoding="utf-8") for p in (archive / "docs/essays").glob("*.md")
        )
    finally:
        watcher.send_signal(signal.SIGINT)  # the watcher ends on Ctrl-C with status 0
        assert watcher.wait(timeout=30) == 0
