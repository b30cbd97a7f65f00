"""Wall time, CPU time and peak memory of each build step, for ``sdgkg build --timings``."""

from __future__ import annotations

import json
import resource
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path


def maxrss_mb(ru_maxrss: int) -> float:
    """A ``getrusage`` ``ru_maxrss`` in MiB (Linux reports KiB, macOS bytes)."""
    return ru_maxrss / (1024 * 1024) if sys.platform == "darwin" else ru_maxrss / 1024


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MiB."""
    return maxrss_mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


@dataclass
class StepTimer:
    """Records when each named step starts; a step ends where the next one starts."""

    started: float = field(default_factory=time.perf_counter)
    cpu_started: float = field(default_factory=time.process_time)
    marks: list[tuple[str, float, float, float]] = field(default_factory=list)

    def __call__(self, step: str) -> None:
        """Mark the start of ``step`` (usable as a build progress callback)."""
        self.marks.append((step, time.perf_counter(), time.process_time(), peak_rss_mb()))

    def summary(self) -> dict[str, object]:
        """Per-step wall and CPU seconds and the peak memory reached by the end of the step."""
        end = (time.perf_counter(), time.process_time(), peak_rss_mb())
        steps = []
        for i, (name, wall, cpu, _) in enumerate(self.marks):
            nxt = self.marks[i + 1][1:] if i + 1 < len(self.marks) else end
            steps.append(
                {
                    "step": name,
                    "wall_s": round(nxt[0] - wall, 3),
                    "cpu_s": round(nxt[1] - cpu, 3),
                    "peak_rss_mb_at_end": round(nxt[2], 1),
                }
            )
        return {
            "total_wall_s": round(end[0] - self.started, 3),
            "total_cpu_s": round(end[1] - self.cpu_started, 3),
            "peak_rss_mb": round(end[2], 1),
            "steps": steps,
        }

    def write(self, path: Path) -> None:
        """Write :meth:`summary` as JSON."""
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.summary(), indent=2) + "\n", encoding="utf-8")
