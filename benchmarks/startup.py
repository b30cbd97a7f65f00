"""How fast ``sdgkg`` starts: ``--help``, ``--version`` and ``query kpis`` on the seed build.

Each command runs as its own process, as a user types it, ``--runs`` times after one unrecorded
warm-up run; the medians of wall and CPU time are compared with the reference, a Python process
that only imports pyoxigraph. Targets: ``--help`` and ``--version`` at most 10 times the
reference; ``query kpis`` at most 0.5 s wall, process start to exit.

Run: ``.venv/bin/python benchmarks/startup.py [--runs 5] [--out DIST]``; without ``--out`` the
seed data are built into a temporary folder first. Writes ``benchmarks/results/startup.md``.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

RESULTS = Path(__file__).parent / "results"
SDGKG = Path(sys.executable).parent / "sdgkg"
HELP_FACTOR = 10.0
QUERY_LIMIT_S = 0.5


@dataclass(frozen=True)
class Timing:
    """Medians over the recorded runs of one command."""

    label: str
    wall_s: float
    cpu_s: float


def cpu_of_children() -> float:
    """User plus system time of every finished child process so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_command(label: str, argv: list[str], runs: int, cwd: Path) -> Timing:
    """Run ``argv`` once to warm the file cache, then ``runs`` times; exit 1 if it fails."""
    walls, cpus = [], []
    for run in range(runs + 1):
        cpu_before, start = cpu_of_children(), time.perf_counter()
        done = subprocess.run(argv, cwd=cwd, capture_output=True, check=False)
        wall, cpu = time.perf_counter() - start, cpu_of_children() - cpu_before
        if done.returncode != 0:
            sys.exit(f"{label} failed ({done.returncode}): {done.stderr.decode(errors='replace')}")
        if run:
            walls.append(wall)
            cpus.append(cpu)
    return Timing(label, statistics.median(walls), statistics.median(cpus))


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def report(reference: Timing, timings: list[Timing], runs: int, seconds: float) -> str:
    """The results as Markdown: targets first, then every command against the reference."""
    by_label = {t.label: t for t in timings}
    limit = HELP_FACTOR * reference.wall_s
    kpis = by_label["sdgkg query kpis"]
    targets = [
        (
            f"`sdgkg {name}` <= {HELP_FACTOR:g} x reference ({limit:.3f} s)",
            by_label[f"sdgkg {name}"],
        )
        for name in ("--help", "--version")
    ]
    lines = [
        "# Start-up time of the sdgkg command",
        "",
        "`.venv/bin/python benchmarks/startup.py` "
        f"({platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}): "
        f"each command as its own process, median of {runs} runs after one warm-up run; "
        f'reference: `python -c "import pyoxigraph"`. Measured in {seconds:.0f} s; load '
        f"average {os.getloadavg()[0]:.1f} when done.",
        "",
        "| target | median wall | verdict |",
        "|---|---:|---|",
        *(f"| {text} | {t.wall_s:.3f} s | {verdict(t.wall_s <= limit)} |" for text, t in targets),
        f"| `sdgkg query kpis` (seed build) <= {QUERY_LIMIT_S} s | {kpis.wall_s:.3f} s | "
        f"{verdict(kpis.wall_s <= QUERY_LIMIT_S)} |",
        "",
        "| command | median wall | median CPU | wall / reference |",
        "|---|---:|---:|---:|",
        *(
            f"| `{t.label}` | {t.wall_s:.3f} s | {t.cpu_s:.3f} s | "
            f"{t.wall_s / reference.wall_s:.1f} |"
            for t in [reference, *timings]
        ),
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="Recorded runs per command.")
    parser.add_argument("--out", type=Path, help="A build folder (default: build the seeds).")
    args = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out
        if out is None:
            out = Path(tmp) / "dist"
            subprocess.run(
                [str(SDGKG), "build", "--out", str(out)], check=True, capture_output=True
            )
        here = Path(tmp)
        reference = time_command(
            'python -c "import pyoxigraph"',
            [sys.executable, "-c", "import pyoxigraph"],
            args.runs,
            here,
        )
        timings = [
            time_command("sdgkg --help", [str(SDGKG), "--help"], args.runs, here),
            time_command("sdgkg --version", [str(SDGKG), "--version"], args.runs, here),
            time_command(
                "sdgkg query kpis",
                [str(SDGKG), "query", "kpis", "--out", str(out.resolve())],
                args.runs,
                here,
            ),
        ]
    text = report(reference, timings, args.runs, time.perf_counter() - started)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "startup.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
