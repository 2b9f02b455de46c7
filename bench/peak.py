"""Run a command and write its own CPU time and peak memory: `python bench/peak.py OUT -- CMD...`.

The peak that wait4 reports for a child counts the memory of the process it was started from:
the kernel carries the parent's high-water mark through fork and exec. A command started by a
bench process that has grown to 360 MB (after reading a large site back) reported at least
360 MB, whatever it used. This small, freshly started process starts the command instead and
writes what wait4 says of it (and of the children it waited for) to OUT as JSON, with the
command's wall time (not this process's start): {"maxrss_kb": ..., "cpu_seconds": ...,
"seconds": ...}. Its exit status is the command's.
"""

from __future__ import annotations

import json
import os
import sys
import time


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[1] != "--":
        print("usage: peak.py OUT -- COMMAND [ARG...]", file=sys.stderr)
        return 2
    out, command = argv[0], argv[2:]
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            os.execvp(command[0], command)
        finally:
            os._exit(127)  # the command could not be started
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - started
    report = {"maxrss_kb": usage.ru_maxrss, "cpu_seconds": usage.ru_utime + usage.ru_stime, "seconds": seconds}
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(report, handle)
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
