"""What the curated records look like, measured at run time, for a synthetic corpus to follow.

:func:`seed_profile` reads a loaded corpus (normally ``data/``) and counts: how often each SDG
target is printed beside an area and in a KPI table, how long those lists are, how often a list
stays within one goal, which documents and areas carry links at all, the sizes of the plan
structure (initiatives per area, actions per goal, examples per action …) and a few rates (KPI
targets on the wrong side of their baseline, fiscal years, re-listings, funding …). Nothing about
the SDG links is hard-coded: a different data folder gives a different profile.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from graph_build.errors import InputError, Problem
from graph_build.records.model import DocumentRecords, Kpi
from graph_build.records.sources import Corpus, load_corpus
from graph_build.sdg.framework import goal_of

# Used only where the seed corpus has nothing to measure (for example no action plan at all).
DEFAULT_SIZES: dict[str, tuple[int, ...]] = {
    "directions": (5,),
    "kpis_per_block": (1, 2, 2, 4),
    "initiatives_per_area": (4, 6, 8),
    "specific_goals_per_area": (2, 3, 4),
    "actions_per_goal": (3, 4),
    "examples_per_action": (3, 4, 5),
    "policies_per_issue_area": (3,),
    "initiatives_per_issue_area": (5, 6, 7),
    "synergies_per_pair": (2, 3),
    "stakeholders_per_document": (20, 30),
}
DEFAULT_RATES: dict[str, float] = {
    "kpi_wrong_side": 0.1,
    "fiscal_year": 0.85,
    "cumulative": 0.3,
    "relisted": 0.2,
    "funding": 0.3,
    "model_project": 0.05,
    "issue_area_model_project": 0.4,
    "issue_area_start_year": 0.5,
    "example_bullet": 0.5,
    "example_relisted": 0.01,
    "agreement_dated": 0.5,
    "block_goals": 0.5,
    "block_goal_kept": 0.9,
    "block_same_as_area": 0.5,
    "same_goal": 0.6,
    "city_has_action_plan": 0.5,
    "city_has_model_project": 0.5,
}


@dataclass(frozen=True)
class CodeCounts:
    """How often each SDG code was printed in one kind of container, and the list lengths."""

    counts: tuple[tuple[str, int], ...]
    sizes: tuple[int, ...]

    @property
    def total(self) -> int:
        """Number of printed links."""
        return sum(n for _, n in self.counts)

    def as_dict(self) -> dict[str, int]:
        """Code → count."""
        return dict(self.counts)


@dataclass(frozen=True)
class SeedProfile:
    """The measured shape of a corpus: SDG link distributions, structure sizes and rates."""

    area_targets: CodeCounts
    block_targets: CodeCounts
    # Share of areas that print any target, per "document-kind/area-kind".
    area_link_share: dict[str, float]
    sizes: dict[str, tuple[int, ...]] = field(default_factory=dict)
    rates: dict[str, float] = field(default_factory=dict)

    def size_choices(self, name: str) -> tuple[int, ...]:
        """Observed sizes for ``name``, or the default when the seeds show none."""
        return self.sizes.get(name) or DEFAULT_SIZES[name]

    def rate(self, name: str) -> float:
        """Observed rate ``name``, or the default when the seeds give no denominator."""
        return self.rates.get(name, DEFAULT_RATES[name])


def _code_counts(lists: Iterable[Sequence[str]]) -> CodeCounts:
    counter: Counter[str] = Counter()
    sizes: list[int] = []
    for codes in lists:
        if codes:
            counter.update(codes)
            sizes.append(len(codes))
    return CodeCounts(tuple(sorted(counter.items())), tuple(sorted(sizes)))


def _share(hits: int, total: int) -> float | None:
    return hits / total if total else None


def _wrong_side(kpi: Kpi) -> bool:
    base = kpi.baseline.value * kpi.baseline.multiplier
    goal = kpi.target.value * kpi.target.multiplier
    if kpi.desired_direction == "increase":
        return goal < base
    if kpi.desired_direction == "decrease":
        return goal > base
    return False


def _same_goal_share(lists: Iterable[Sequence[str]]) -> float | None:
    """Of the codes after the first in each list, the share whose goal the list already has."""
    hits = total = 0
    for codes in lists:
        seen: set[str] = set()
        for i, code in enumerate(codes):
            goal = goal_of(code)
            if i:
                total += 1
                hits += goal in seen
            seen.add(goal)
    return _share(hits, total)


def _block_goal_kept(docs: Iterable[DocumentRecords]) -> float | None:
    """Of the goals a KPI table's targets belong to, the share the table also prints as goals."""
    kept = total = 0
    for rec in docs:
        for block in rec.kpi_blocks:
            if block.sdg_goals and block.sdg_targets:
                goals = {goal_of(t) for t in block.sdg_targets}
                total += len(goals)
                kept += len(goals & set(block.sdg_goals))
    return _share(kept, total)


def _block_same_as_area(docs: Iterable[DocumentRecords]) -> float | None:
    """Of the KPI tables serving one area that prints targets, the share printing the same ones."""
    same = total = 0
    for rec in docs:
        printed = {a.id: a.sdg_targets for a in rec.areas if a.sdg_targets}
        for block in rec.kpi_blocks:
            if len(block.areas) == 1 and block.areas[0] in printed:
                total += 1
                same += sorted(block.sdg_targets) == sorted(printed[block.areas[0]])
    return _share(same, total)


def seed_profile(corpus: Corpus) -> SeedProfile:
    """Measure ``corpus``; raise :class:`InputError` when it prints no SDG target to learn from."""
    docs = [d.records for d in corpus.documents()]
    area_lists = [a.sdg_targets for r in docs for a in r.areas]
    block_lists = [b.sdg_targets for r in docs for b in r.kpi_blocks]
    area_targets = _code_counts(area_lists)
    block_targets = _code_counts(block_lists)
    if not area_targets.total and not block_targets.total:
        raise InputError(
            [
                Problem(
                    corpus.root,
                    "no SDG targets printed beside any area or KPI table",
                    hint="point --seed-data at curated records that state SDG targets",
                )
            ]
        )
    # One kind of container with no links borrows the other's distribution.
    area_targets = area_targets if area_targets.total else block_targets
    block_targets = block_targets if block_targets.total else area_targets

    linked: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for rec in docs:
        for area in rec.areas:
            key = f"{rec.document.kind}/{area.kind}"
            seen[key] += 1
            linked[key] += bool(area.sdg_targets)
    area_link_share = {k: linked[k] / seen[k] for k in sorted(seen)}

    sizes: dict[str, list[int]] = {name: [] for name in DEFAULT_SIZES}
    counts: Counter[str] = Counter()
    for rec in docs:
        kind = rec.document.kind
        directions = [a for a in rec.areas if a.kind == "direction"]
        if kind == "sdgs-future-city-plan" and directions:
            sizes["directions"].append(len(directions))
        sizes["kpis_per_block"] += [len(b.kpis) for b in rec.kpi_blocks]
        own = Counter(p.area for i in rec.initiatives for p in i.placements if not p.relisted)
        if kind == "sdgs-model-project":
            issue = [a.id for a in rec.areas if a.kind == "issue-area"]
            sizes["initiatives_per_issue_area"] += [own[a] for a in issue if own[a]]
            per_area = Counter(p.area for p in rec.policies)
            sizes["policies_per_issue_area"] += [n for n in per_area.values() if n]
            pairs = Counter(tuple(s.dimensions) for s in rec.synergies)
            sizes["synergies_per_pair"] += list(pairs.values())
            counts["issue_initiatives"] += len(rec.initiatives)
            counts["issue_model"] += sum(i.model_project for i in rec.initiatives)
            counts["issue_dated"] += sum(i.start_year is not None for i in rec.initiatives)
        else:
            sizes["initiatives_per_area"] += [n for n in own.values() if n]
            if len(rec.areas) > 1:
                counts["plan_initiatives"] += len(rec.initiatives)
                counts["relisted"] += sum(len(i.placements) > 1 for i in rec.initiatives)
                counts["funding"] += sum(bool(i.funding) for i in rec.initiatives)
                counts["model"] += sum(i.model_project for i in rec.initiatives)
        goals = Counter(g.area for g in rec.specific_goals)
        sizes["specific_goals_per_area"] += list(goals.values())
        for goal in rec.specific_goals:
            sizes["actions_per_goal"].append(len(goal.actions))
            for action in goal.actions:
                sizes["examples_per_action"].append(len(action.examples))
                counts["examples"] += len(action.examples)
                counts["bullets"] += sum(e.marker == "●" for e in action.examples)
                counts["examples_relisted"] += sum(e.relisted for e in action.examples)
        if rec.stakeholders:
            sizes["stakeholders_per_document"].append(len(rec.stakeholders))
        for kpi in rec.kpis:
            counts["kpis"] += 1
            counts["directional"] += kpi.desired_direction != "maintain"
            counts["wrong_side"] += _wrong_side(kpi)
            counts["cumulative"] += kpi.cumulative
            for obs in (kpi.baseline, kpi.target):
                counts["observations"] += 1
                counts["fiscal"] += obs.year_type == "fiscal"
        counts["agreements"] += len(rec.agreements)
        counts["dated"] += sum(a.date is not None for a in rec.agreements)
        counts["blocks"] += sum(bool(b.sdg_targets) for b in rec.kpi_blocks)
        counts["blocks_with_goals"] += sum(
            bool(b.sdg_goals and b.sdg_targets) for b in rec.kpi_blocks
        )
    kinds_per_city = [{d.records.document.kind for d in c.documents} for c in corpus.cities]
    measured = {
        "kpi_wrong_side": _share(counts["wrong_side"], counts["directional"]),
        "fiscal_year": _share(counts["fiscal"], counts["observations"]),
        "cumulative": _share(counts["cumulative"], counts["kpis"]),
        "relisted": _share(counts["relisted"], counts["plan_initiatives"]),
        "funding": _share(counts["funding"], counts["plan_initiatives"]),
        "model_project": _share(counts["model"], counts["plan_initiatives"]),
        "issue_area_model_project": _share(counts["issue_model"], counts["issue_initiatives"]),
        "issue_area_start_year": _share(counts["issue_dated"], counts["issue_initiatives"]),
        "example_bullet": _share(counts["bullets"], counts["examples"]),
        "example_relisted": _share(counts["examples_relisted"], counts["examples"]),
        "agreement_dated": _share(counts["dated"], counts["agreements"]),
        "block_goals": _share(counts["blocks_with_goals"], counts["blocks"]),
        "block_goal_kept": _block_goal_kept(docs),
        "block_same_as_area": _block_same_as_area(docs),
        "same_goal": _same_goal_share([*area_lists, *block_lists]),
        "city_has_action_plan": _share(
            sum("sdgs-action-plan" in k for k in kinds_per_city), len(kinds_per_city)
        ),
        "city_has_model_project": _share(
            sum("sdgs-model-project" in k for k in kinds_per_city), len(kinds_per_city)
        ),
    }
    return SeedProfile(
        area_targets=area_targets,
        block_targets=block_targets,
        area_link_share=area_link_share,
        sizes={k: tuple(sorted(v)) for k, v in sorted(sizes.items()) if v},
        rates={k: v for k, v in sorted(measured.items()) if v is not None},
    )


def load_seed_profile(data_dir: Path) -> SeedProfile:
    """Load and check ``data_dir`` (:func:`graph_build.records.sources.load_corpus`), measure it."""
    return seed_profile(load_corpus(data_dir))
