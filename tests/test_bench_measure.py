"""bench/measure.py: a command's peak memory is its own, not that of the bench that starts it."""

from __future__ import annotations

import sys

from bench import measure

from .conftest import ROOT


def test_a_command_started_by_a_large_process_reports_its_own_peak_memory():
    # The kernel carries a parent's high-water mark through fork and exec: started directly, a
    # command that allocates 50 MB reported the 300 MB its parent holds.
    held = bytearray(300 * 1024 * 1024)
    held[::4096] = b"x" * len(held[::4096])  # touched, so that it is resident
    command = [sys.executable, "-c", "x = bytearray(50 * 2**20); x[::4096] = b'1' * len(x[::4096])"]
    run = measure.run(command, ROOT)
    assert run.returncode == 0
    assert 50 <= run.peak_mb < 200
    assert 0 < run.cpu_seconds < 10 and 0 < run.seconds < 10
    assert len(held) == 300 * 1024 * 1024


def test_the_command_exit_status_and_errors_come_back():
    run = measure.run([sys.executable, "-c", "import sys; sys.stderr.write('no'); sys.exit(3)"], ROOT)
    assert run.returncode == 3 and run.stderr == "no"
