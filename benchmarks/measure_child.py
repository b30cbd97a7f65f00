"""Run one command and measure it from outside: wall time, CPU time and peak memory.

This process's only child is the command, so after it exits
``getrusage(RUSAGE_CHILDREN).ru_maxrss`` is that command's own peak resident memory (the largest
single process of its tree, subprocesses included once they have been waited for). Because a
command that runs several processes at once can hold more than its largest process, the memory of
the whole process tree is also sampled from /proc a few times a second.

Run: ``python benchmarks/measure_child.py --result R.json [--timeout S] [--memory-limit-mb M]
-- COMMAND ...``. The command's standard output and error are this process's; the measurement
goes to ``R.json``. A command that runs longer than ``--timeout`` is stopped (its whole process
group) and recorded as timed out. ``--memory-limit-mb`` caps the command's address space
(``RLIMIT_AS``), so a runaway command fails with an out-of-memory error instead of exhausting the
machine.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from graph_build.cli.step_timer import maxrss_mb

SAMPLE_EVERY_S = 0.25
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")


def session_rss_mb(session: int) -> float:
    """Resident memory of every process in ``session`` right now, in MiB (Linux only)."""
    total = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text(encoding="ascii", errors="replace")
            # Field 6 is the session; the command name before it may contain spaces and ")".
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[3]) != session:
                continue
            total += int(Path(entry.path, "statm").read_text(encoding="ascii").split()[1])
        except (OSError, IndexError, ValueError):
            continue  # the process ended while we looked
    return total * PAGE_BYTES / (1024 * 1024)


class TreeSampler(threading.Thread):
    """Samples the memory of a process tree (one session) until stopped; keeps the peak."""

    def __init__(self, session: int) -> None:
        super().__init__(daemon=True)
        self.session = session
        self.peak_mb = 0.0
        self.stopped = threading.Event()

    def run(self) -> None:
        """Sample until :meth:`stop` is called."""
        while not self.stopped.is_set():
            self.peak_mb = max(self.peak_mb, session_rss_mb(self.session))
            self.stopped.wait(SAMPLE_EVERY_S)

    def stop(self) -> float:
        """Stop sampling and return the peak seen, in MiB."""
        self.stopped.set()
        self.join()
        return self.peak_mb


def limit_memory(limit_mb: int | None) -> Callable[[], None] | None:
    """A ``preexec_fn`` that caps the command's address space, or None for no cap."""
    if limit_mb is None:
        return None
    limit = limit_mb * 1024 * 1024

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return apply


def measure(command: list[str], timeout_s: float | None, limit_mb: int | None) -> dict[str, object]:
    """Run ``command`` to its end (or until ``timeout_s``) and return what was measured."""
    started = time.perf_counter()
    # A session of its own, so that a timeout stops the command's children too.
    child = subprocess.Popen(command, start_new_session=True, preexec_fn=limit_memory(limit_mb))
    sampler = TreeSampler(child.pid)
    sampler.start()
    timed_out = False
    try:
        child.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        timed_out = True
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()
    wall = time.perf_counter() - started
    tree_peak = sampler.stop()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "command": command,
        "returncode": child.returncode,
        "timed_out": timed_out,
        "timeout_s": timeout_s,
        "memory_limit_mb": limit_mb,
        "wall_s": round(wall, 3),
        "cpu_user_s": round(usage.ru_utime, 3),
        "cpu_system_s": round(usage.ru_stime, 3),
        "peak_rss_mb": round(maxrss_mb(usage.ru_maxrss), 1),
        "peak_tree_rss_mb_sampled": round(tree_peak, 1),
    }


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments, run the command, write the measurement; exit with its code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--result", type=Path, required=True, help="JSON file to write.")
    parser.add_argument("--timeout", type=float, default=None, help="Seconds before stopping.")
    parser.add_argument("--memory-limit-mb", type=int, default=None, help="RLIMIT_AS in MiB.")
    parser.add_argument("command", nargs="+", help="The command (after --).")
    args = parser.parse_args(argv)
    result = measure(args.command, args.timeout, args.memory_limit_mb)
    partial = args.result.with_name(args.result.name + ".part")
    partial.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    partial.replace(args.result)
    code = result["returncode"]
    return code if isinstance(code, int) and code >= 0 else 1


if __name__ == "__main__":
    sys.exit(main())
