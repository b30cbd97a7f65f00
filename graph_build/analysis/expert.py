"""Expert interaction scores of several assessors: agreement per pair, synergy and trade-off
networks, and the influence measures of Weitz, Carlsen, Nilsson & Skånberg (2018).

Notation. Assessor *a* scores the influence of progress on *i* on progress on *j* as
``s_a(i,j)`` on the ICSU (2017) scale −3…+3; ``A(i,j)`` are the assessors who scored the pair.

* Per pair: number of assessors ``n = |A(i,j)|``, mean, median, minimum, maximum and population
  standard deviation of their scores, and ``sign_disagreement`` when at least one assessor scores
  the pair above zero and another below zero.
* Aggregate cross-impact matrix ``M(i,j) = mean over A(i,j) of s_a(i,j)``; a pair nobody scored
  is 0 ("not assessed") in every sum.
* Synergy network ``S(i,j) = mean over A(i,j) of max(s_a(i,j), 0)`` and trade-off network
  ``T(i,j) = mean over A(i,j) of min(s_a(i,j), 0)``, so ``M = S + T``. The two networks are
  separate layers (links, dimension matrices, graphs): an assessor's +2 and another's −2 give a
  synergy of 1 and a trade-off of −1, not 0.

Influence of node *i* (Weitz et al. 2018, Sustainability Science 13:531–548: the row sum of the
cross-impact matrix is a target's influence on the others, the column sum how much the others
influence it; positive and negative interactions are shown apart and summed to a net value):

* ``out_positive(i) = Σ_j S(i,j)``, ``out_negative(i) = Σ_j T(i,j)``,
  ``net_influence(i) = out_positive + out_negative = Σ_j M(i,j)`` (the row sum);
* ``in_positive(j) = Σ_i S(i,j)``, ``in_negative(j) = Σ_i T(i,j)``,
  ``in_net(j) = Σ_i M(i,j)`` (the column sum);
* second-order influence, the influence of *i* through the nodes it influences directly:
  ``second_order(i) = Σ_{j≠i} M(i,j) · Σ_{k∉{i,j}} M(j,k) = Σ_{k≠i} (M·M)(i,k)``, i.e. the row
  sum of M² without the paths that come back to *i*. It splits exactly into paths whose product
  is positive (``S·S + T·T``: a synergy of a synergy, or a trade-off of a trade-off) and negative
  (``S·T + T·S``); ``second_order_in(j) = Σ_{k≠j} (M·M)(k,j)``.

This is our reading of the paper's first- and second-order influence (its Sect. "Network
analysis"); the tables name each column after the formula above.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from graph_build.analysis.interactions import Score, read_scores
from graph_build.analysis.layers import (
    ALL,
    GOAL,
    SYNERGY,
    TARGET,
    TRADE_OFF,
    Link,
    node_key,
)
from graph_build.analysis.plan_data import PlanData

Pair = tuple[str, str]
SEP = " | "


@dataclass(frozen=True)
class PairSummary:
    """Every assessor's score of one directed pair, and how far they agree."""

    source: str
    target: str
    scores: tuple[Score, ...]

    @property
    def values(self) -> list[int]:
        """The scores, in assessor order."""
        return [s.score for s in self.scores]

    @property
    def assessors(self) -> tuple[str, ...]:
        """Who scored the pair."""
        return tuple(s.assessor for s in self.scores)

    @property
    def count(self) -> int:
        """Number of assessors who scored the pair."""
        return len(self.scores)

    @property
    def mean(self) -> float:
        """Mean score: the aggregate matrix cell M(i,j)."""
        return statistics.fmean(self.values)

    @property
    def median(self) -> float:
        """Median score."""
        return float(statistics.median(self.values))

    @property
    def minimum(self) -> int:
        """Lowest score."""
        return min(self.values)

    @property
    def maximum(self) -> int:
        """Highest score."""
        return max(self.values)

    @property
    def stdev(self) -> float:
        """Population standard deviation of the scores (0 for one assessor)."""
        return statistics.pstdev(self.values)

    @property
    def synergy(self) -> float:
        """S(i,j): mean of the scores' positive parts."""
        return sum(max(v, 0) for v in self.values) / self.count

    @property
    def trade_off(self) -> float:
        """T(i,j): mean of the scores' negative parts (zero or below)."""
        return sum(min(v, 0) for v in self.values) / self.count

    @property
    def sign_disagreement(self) -> bool:
        """True when one assessor sees a synergy and another a trade-off."""
        return any(v > 0 for v in self.values) and any(v < 0 for v in self.values)

    @property
    def illustrative(self) -> bool:
        """True when any score of the pair is made up (example data)."""
        return any(s.illustrative for s in self.scores)

    def joined(self, name: str) -> str:
        """``assessor: value`` of one score attribute (confidence, comment, context)."""
        return SEP.join(
            f"{s.assessor}: {getattr(s, name)}" for s in self.scores if getattr(s, name)
        )


@dataclass(frozen=True)
class NodeInfluence:
    """Row and column sums (first order) and second-order influence of one node."""

    node: str
    out_positive: float
    out_negative: float
    in_positive: float
    in_negative: float
    second_order_positive: float
    second_order_negative: float
    second_order_in: float

    @property
    def net_influence(self) -> float:
        """Row sum of M: positive and negative influence on the others together."""
        return self.out_positive + self.out_negative

    @property
    def in_net(self) -> float:
        """Column sum of M: how much the others influence the node, net."""
        return self.in_positive + self.in_negative

    @property
    def second_order(self) -> float:
        """Row sum of M² without paths back to the node."""
        return self.second_order_positive + self.second_order_negative


@dataclass
class ExpertAssessment:
    """Every assessor's checked scores and what is computed from them."""

    scores: list[Score]
    level: str
    pairs: list[PairSummary] = field(default_factory=list)
    influence: list[NodeInfluence] = field(default_factory=list)

    @property
    def assessors(self) -> list[str]:
        """Assessor ids, sorted."""
        return sorted({s.assessor for s in self.scores})

    @property
    def files(self) -> list[str]:
        """Names of the files read, sorted."""
        return sorted({s.file for s in self.scores})

    @property
    def illustrative(self) -> bool:
        """True when any score is made up: every output says so."""
        return any(s.illustrative for s in self.scores)

    @property
    def codes(self) -> list[str]:
        """Every scored code, in SDG order: the rows and columns of each matrix."""
        return sorted({c for s in self.scores for c in (s.source, s.target)}, key=node_key)

    @property
    def disagreements(self) -> list[PairSummary]:
        """Pairs whose assessors disagree in sign."""
        return [p for p in self.pairs if p.sign_disagreement]

    def matrix(self, assessor: str | None = None) -> dict[Pair, float]:
        """One assessor's scores, or (``None``) the aggregate mean matrix M."""
        if assessor is None:
            return {(p.source, p.target): p.mean for p in self.pairs}
        return {(s.source, s.target): float(s.score) for s in self.scores if s.assessor == assessor}


def summarise_pairs(scores: Sequence[Score]) -> list[PairSummary]:
    """One summary per scored directed pair, in SDG order, scores in assessor order."""
    grouped: dict[Pair, list[Score]] = defaultdict(list)
    for s in scores:
        grouped[(s.source, s.target)].append(s)
    return [
        PairSummary(i, j, tuple(sorted(found, key=lambda s: s.assessor)))
        for (i, j), found in sorted(
            grouped.items(), key=lambda kv: (node_key(kv[0][0]), node_key(kv[0][1]))
        )
    ]


def _product(first: dict[Pair, float], second: dict[Pair, float]) -> dict[Pair, float]:
    """(first · second)(i,k) = Σ_j first(i,j)·second(j,k), for the filled cells only."""
    out: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for (j, k), value in second.items():
        out[j].append((k, value))
    result: dict[Pair, float] = defaultdict(float)
    for (i, j), value in first.items():
        for k, onward in out.get(j, []):
            result[(i, k)] += value * onward
    return result


def weitz_influence(pairs: Sequence[PairSummary]) -> list[NodeInfluence]:
    """First- and second-order influence of every node (formulas in the module docstring)."""
    synergy = {(p.source, p.target): p.synergy for p in pairs if p.synergy}
    trade_off = {(p.source, p.target): p.trade_off for p in pairs if p.trade_off}
    nodes = sorted({n for p in pairs for n in (p.source, p.target)}, key=node_key)
    sums = {
        name: dict.fromkeys(nodes, 0.0)
        for name in ("out+", "out-", "in+", "in-", "2+", "2-", "2in")
    }
    for (i, j), value in synergy.items():
        sums["out+"][i] += value
        sums["in+"][j] += value
    for (i, j), value in trade_off.items():
        sums["out-"][i] += value
        sums["in-"][j] += value
    for first, second in (
        (synergy, synergy),
        (trade_off, trade_off),
        (synergy, trade_off),
        (trade_off, synergy),
    ):
        for (i, k), value in _product(first, second).items():
            if i == k:  # a path back to where it started is no influence on the others
                continue
            sums["2+" if value > 0 else "2-"][i] += value
            sums["2in"][k] += value
    return [
        NodeInfluence(
            node=n,
            out_positive=sums["out+"][n],
            out_negative=sums["out-"][n],
            in_positive=sums["in+"][n],
            in_negative=sums["in-"][n],
            second_order_positive=sums["2+"][n],
            second_order_negative=sums["2-"][n],
            second_order_in=sums["2in"][n],
        )
        for n in nodes
    ]


def assess(paths: Sequence[Path], data: PlanData) -> ExpertAssessment:
    """Read every file, then aggregate the pairs and compute the influence measures."""
    scores = read_scores(paths, data)
    level = TARGET if scores and scores[0].source in data.targets else GOAL
    pairs = summarise_pairs(scores)
    return ExpertAssessment(scores, level, pairs, weitz_influence(pairs))


def expert_links(assessment: ExpertAssessment) -> list[Link]:
    """The synergy and trade-off networks as two directed layers (city ``all``).

    A pair whose every score is 0 ("consistent") is in neither layer; the pair tables keep it.
    """
    links = []
    for p in assessment.pairs:
        attributes = tuple(
            (name, value)
            for name, value in (
                ("assessors", SEP.join(p.assessors)),
                ("confidence", p.joined("confidence")),
                ("context", p.joined("context")),
                ("rationale", p.joined("comment")),
                ("illustrative", "true" if p.illustrative else ""),
            )
            if value
        )
        for layer, weight in ((SYNERGY, p.synergy), (TRADE_OFF, p.trade_off)):
            if weight:
                links.append(
                    Link(
                        layer,
                        assessment.level,
                        ALL,
                        p.source,
                        p.target,
                        weight,
                        True,
                        (),
                        attributes,
                    )
                )
    return links
