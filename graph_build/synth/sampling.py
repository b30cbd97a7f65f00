"""Random draws for synthetic plans: SDG targets as the seeds print them, KPI values, line ranges.

Every draw takes an explicit :class:`random.Random`, so a seed fixes the output.
"""

from __future__ import annotations

import math
import random
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from itertools import accumulate

from graph_build.sdg.framework import code_sort_key, goal_of
from graph_build.synth.phrasebook import KpiKind
from graph_build.synth.profile import CodeCounts

# Share of drawn links spread evenly over all UN targets rather than the seeds' few dozen, so that
# a large corpus reaches the whole framework while the seeds' favourites stay the most common.
DEFAULT_SMOOTHING = 0.1


class TargetSampler:
    """Draw lists of SDG target codes that follow the counts the seeds show.

    A code's weight is ``(1 - smoothing) * seed share + smoothing / number of targets``. After the
    first code of a list, with probability ``same_goal`` the next one is drawn from a goal the list
    already has (seed lists cluster by goal: 11.2, 11.3, 11.4, 11.7), otherwise from all targets.
    """

    def __init__(
        self,
        counts: CodeCounts,
        targets: Iterable[str],
        smoothing: float = DEFAULT_SMOOTHING,
        same_goal: float = 0.0,
    ) -> None:
        if not 0.0 <= smoothing <= 1.0:
            raise ValueError("smoothing must lie between 0 and 1")
        seen = counts.as_dict()
        total = counts.total
        self.codes: list[str] = sorted(set(targets) | set(seen), key=code_sort_key)
        self.weights: list[float] = [
            (1.0 - smoothing) * (seen.get(c, 0) / total if total else 0.0)
            + smoothing / len(self.codes)
            for c in self.codes
        ]
        self.sizes: tuple[int, ...] = counts.sizes or (1,)
        self.same_goal = same_goal
        self._cum = list(accumulate(self.weights))
        self._by_goal: dict[str, tuple[list[str], list[float]]] = {}
        for code, weight in zip(self.codes, self.weights, strict=True):
            codes, weights = self._by_goal.setdefault(goal_of(code), ([], []))
            codes.append(code)
            weights.append(weight)

    def probability(self, code: str) -> float:
        """Chance that one unconditioned draw gives ``code``."""
        total = self._cum[-1]
        return self.weights[self.codes.index(code)] / total if code in self.codes else 0.0

    def _pick(self, rng: random.Random, codes: Sequence[str], cum: Sequence[float]) -> str:
        return codes[bisect_right(cum, rng.random() * cum[-1])]

    def draw(self, rng: random.Random, size: int | None = None) -> list[str]:
        """A list of distinct codes in UN order; its length is drawn from the seeds' lengths."""
        wanted = min(size if size is not None else rng.choice(self.sizes), len(self.codes))
        chosen: list[str] = []
        while len(chosen) < wanted:
            code = None
            if chosen and rng.random() < self.same_goal:
                goals = sorted(
                    {goal_of(c) for c in chosen}
                    - {g for g, (cs, _) in self._by_goal.items() if set(cs) <= set(chosen)},
                    key=int,
                )
                if goals:
                    codes, weights = self._by_goal[rng.choice(goals)]
                    free = [(c, w) for c, w in zip(codes, weights, strict=True) if c not in chosen]
                    code = self._pick(
                        rng, [c for c, _ in free], list(accumulate(w for _, w in free))
                    )
            if code is None:
                code = self._pick(rng, self.codes, self._cum)
            if code not in chosen:
                chosen.append(code)
        return sorted(chosen, key=code_sort_key)


class LineCursor:
    """Walks down an imaginary seed text, handing each record the next plausible line range."""

    def __init__(self, rng: random.Random, start: int = 1) -> None:
        self.rng = rng
        self.line = start

    def take(self, low: int = 1, high: int = 3) -> str:
        """The next ``low``…``high`` lines, as ``start-end``."""
        start = self.line
        end = start + self.rng.randint(low, high) - 1
        self.line = end + 1
        return f"{start}-{end}"

    def skip(self, low: int = 1, high: int = 3) -> None:
        """Pass over headings, blank lines or prose that no record keeps."""
        self.line += self.rng.randint(low, high)

    def since(self, start: int) -> str:
        """The range from line ``start`` to the last line handed out (at least ``start``)."""
        self.line = max(self.line, start + 1)
        return f"{start}-{self.line - 1}"


def _rounded(value: float, decimals: int) -> float | int:
    return round(value) if decimals == 0 else round(value, decimals)


def kpi_values(
    rng: random.Random, kind: KpiKind, wrong_side: bool
) -> tuple[float | int, float | int]:
    """Baseline and target for a KPI; ``wrong_side`` puts the target against its direction."""
    baseline = _rounded(
        math.exp(rng.uniform(math.log(kind.low), math.log(kind.high))), kind.decimals
    )
    step = 10.0**-kind.decimals
    baseline = max(baseline, step * 2)
    if kind.direction == "maintain":
        return baseline, baseline
    grows = (kind.direction == "increase") != wrong_side
    change = rng.uniform(0.05, 0.6) if grows else rng.uniform(0.05, 0.45)
    target = _rounded(baseline * (1 + change if grows else 1 - change), kind.decimals)
    if kind.unit == "percent":
        target = min(target, 99.9)
    # Rounding can land a small target on its baseline; nudge it to the intended side.
    if grows and target <= baseline:
        target = _rounded(baseline + step, kind.decimals)
    if not grows and target >= baseline:
        target = _rounded(baseline - step, kind.decimals)
    return baseline, target
