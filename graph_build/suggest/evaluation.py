"""How good the suggestions are, measured against the targets the documents do print.

A Kanazawa initiative prints no target, but the direction it is placed under does; a KPI prints
none, but its KPI table does. Those printed targets are the answers the suggestions are scored
on (the method never reads them). For each entity with answers: precision@k and recall@k for
k = 5 and 10, and the reciprocal rank of the first right answer, at target level and at goal
level (goals in the order their targets first appear), averaged over entities. Two baselines
are scored the same way: the targets printed most often in the city's other lists (leaving out
the lists of the entity's own directions, so the baseline never sees the answers it is scored
on), and a random order with a fixed seed.
"""

from __future__ import annotations

import itertools
import json
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from graph_build.records.sources import CityRecords
from graph_build.sdg.framework import code_sort_key, goal_of, load_framework
from graph_build.suggest.entities import TextEntity, text_entities
from graph_build.suggest.method import METHOD, Parameters, TargetRanker, default_ranker
from graph_build.suggest.run import rank_entity

CUTOFFS = (5, 10)
RANDOM_SEED = 20240901
RANDOM_DRAWS = 100
EVALUATED_KINDS = ("initiative", "kpi")


@dataclass(frozen=True)
class Case:
    """One entity and the targets and goals printed for the area or table it belongs to."""

    entity: TextEntity
    targets: frozenset[str]
    goals: frozenset[str]
    areas: frozenset[str]


@dataclass(frozen=True)
class PrintedList:
    """A list of targets printed for a direction or a KPI table, and the areas it serves."""

    targets: frozenset[str]
    areas: frozenset[str]


def printed_answers(city: CityRecords) -> list[Case]:
    """Initiatives and KPIs of ``city`` with the targets printed for their directions or tables."""
    area_targets: dict[str, set[str]] = {}
    kpi_targets: dict[str, set[str]] = {}
    kpi_goals: dict[str, set[str]] = {}
    kpi_areas: dict[str, set[str]] = {}
    placements: dict[str, list[str]] = {}
    for doc in city.documents:
        for area in doc.records.areas:
            area_targets.setdefault(area.id, set()).update(area.sdg_targets)
        for block in doc.records.kpi_blocks:
            for kpi in block.kpis:
                kpi_targets.setdefault(kpi, set()).update(block.sdg_targets)
                kpi_goals.setdefault(kpi, set()).update(block.sdg_goals)
                kpi_areas.setdefault(kpi, set()).update(block.areas)
        for ini in doc.records.initiatives:
            placements[ini.id] = [p.area for p in ini.placements]
    cases: list[Case] = []
    for entity in text_entities(city):
        if entity.kind == "initiative":
            areas = set(placements[entity.slug])
            targets = {t for a in areas for t in area_targets.get(a, ())}
            goals: set[str] = set()
        elif entity.kind == "kpi":
            areas = kpi_areas.get(entity.slug, set())
            targets = kpi_targets.get(entity.slug, set())
            goals = set(kpi_goals.get(entity.slug, set()))
        else:
            continue
        goals |= {goal_of(t) for t in targets}
        if targets:
            cases.append(Case(entity, frozenset(targets), frozenset(goals), frozenset(areas)))
    return sorted(cases, key=lambda c: c.entity.iri)


def printed_lists(cities: Sequence[CityRecords]) -> list[PrintedList]:
    """Every non-empty list of targets printed for a direction or a KPI table."""
    out: list[PrintedList] = []
    for city in cities:
        for doc in city.documents:
            for area in doc.records.areas:
                if area.sdg_targets:
                    out.append(PrintedList(frozenset(area.sdg_targets), frozenset({area.id})))
            for block in doc.records.kpi_blocks:
                if block.sdg_targets:
                    out.append(PrintedList(frozenset(block.sdg_targets), frozenset(block.areas)))
    return out


def goals_in_order(targets: Sequence[str]) -> list[str]:
    """Goals of ranked targets, each where its first target stands."""
    return list(dict.fromkeys(goal_of(t) for t in targets))


def scores(ranked: Sequence[str], answers: frozenset[str]) -> dict[str, float]:
    """precision@k, recall@k and reciprocal rank of one ranking."""
    out: dict[str, float] = {}
    for k in CUTOFFS:
        hits = len(set(ranked[:k]) & answers)
        out[f"precision@{k}"] = hits / k
        out[f"recall@{k}"] = hits / len(answers)
    first = next((i for i, c in enumerate(ranked[: max(CUTOFFS)], 1) if c in answers), None)
    out["mrr"] = 1 / first if first else 0.0
    return out


def _mean(rows: Sequence[dict[str, float]]) -> dict[str, float]:
    keys = rows[0].keys() if rows else ()
    return {k: round(sum(r[k] for r in rows) / len(rows), 4) for k in keys}


Ranking = Callable[[Case], list[list[str]]]


CaseRows = list[tuple[dict[str, float], dict[str, float]]]


def _case_rows(cases: Sequence[Case], ranking: Ranking) -> CaseRows:
    """Target-level and goal-level figures of each case (averaged over a ranking's draws)."""
    rows: CaseRows = []
    for case in cases:
        draws = ranking(case)
        t = [scores(r, case.targets) for r in draws]
        g = [scores(goals_in_order(r), case.goals) for r in draws]
        rows.append((_mean(t), _mean(g)))
    return rows


def _summary(rows: CaseRows) -> dict[str, dict[str, float]]:
    return {"target": _mean([t for t, _ in rows]), "goal": _mean([g for _, g in rows])}


def _evaluate(cases: Sequence[Case], ranking: Ranking) -> dict[str, dict[str, float]]:
    return _summary(_case_rows(cases, ranking))


# The weights tried by cross-validation; every combination is scored.
GRID: dict[str, tuple[float, ...]] = {
    "context_weight": (0.0, 0.25, 0.5, 0.75, 1.0),
    "goal_weight": (0.0, 0.25, 0.5),
    "keyword_weight": (0.5, 1.0, 2.0),
    "english_weight": (0.25, 0.5, 1.0),
}
# What tuning maximises: the mean of these target-level figures over the training cases.
OBJECTIVE = ("precision@5", "recall@5", "precision@10", "recall@10", "mrr")


def grid(base: Parameters) -> list[Parameters]:
    """Every combination of :data:`GRID` over ``base``, in a fixed order."""
    names = sorted(GRID)
    combinations: list[dict[str, Any]] = [
        dict(zip(names, values, strict=True))
        for values in itertools.product(*(GRID[n] for n in names))
    ]
    return [replace(base, **changes) for changes in combinations]


def _method(ranker: TargetRanker) -> Ranking:
    def ranking(case: Case) -> list[list[str]]:
        return [[s.target for s in rank_entity(ranker, case.entity)]]

    return ranking


def primary_area(case: Case) -> str:
    """The direction a case is held out with: the first it is placed under (or its table
    serves)."""
    return case.entity.areas[0] if case.entity.areas else ""


def cross_validate(
    cases: Sequence[Case], ranker: TargetRanker
) -> tuple[dict[str, dict[str, float]], list[dict[str, object]]]:
    """Leave one direction out: for each direction, choose the weights of :data:`GRID` on the
    cases placed under no part of it, then score the cases placed first under it with those
    weights. Figures over all held-out cases, and the weights each fold chose."""
    candidates = [ranker.reweighted(p) for p in grid(ranker.parameters)]
    # each case's figures under each candidate, computed once and shared by every fold
    rows = [_case_rows(cases, _method(c)) for c in candidates]
    held_out: CaseRows = []
    folds: list[dict[str, object]] = []
    for area in sorted({primary_area(c) for c in cases}):
        train = [i for i, c in enumerate(cases) if area not in c.entity.areas]
        test = [i for i, c in enumerate(cases) if primary_area(c) == area]

        objective = [sum(r[i][0][m] for i in train for m in OBJECTIVE) for r in rows]
        best = objective.index(max(objective))  # the first best in grid order
        chosen = {n: getattr(candidates[best].parameters, n) for n in sorted(GRID)}
        folds.append({"held_out": area, "train": len(train), "test": len(test), **chosen})
        held_out += [rows[best][i] for i in test]
    return _summary(held_out), folds


def evaluate(
    cities: Sequence[CityRecords], ranker: TargetRanker | None = None
) -> dict[str, object]:
    """The method (cross-validated, and with the shipped parameters) and the baselines over
    every case of ``cities``."""
    ranker = ranker or default_ranker()
    cases = [c for city in cities for c in printed_answers(city)]
    all_targets = sorted(load_framework().targets, key=code_sort_key)
    lists = printed_lists(cities)
    popularity = Counter(t for c in cases for t in c.targets)

    def most_frequent(case: Case) -> list[list[str]]:
        # every other entity's printed targets, the entity's own left out
        frequency = popularity - Counter(case.targets)
        ranked = sorted(all_targets, key=lambda t: (-frequency[t], code_sort_key(t)))
        return [ranked[: ranker.parameters.top]]

    def other_directions(case: Case) -> list[list[str]]:
        # lists printed for other directions only: what a new direction could borrow
        others = Counter(t for pl in lists if not pl.areas & case.areas for t in pl.targets)
        ranked = sorted(all_targets, key=lambda t: (-others[t], code_sort_key(t)))
        return [ranked[: ranker.parameters.top]]

    def random_order(case: Case) -> list[list[str]]:
        rng = random.Random(f"{RANDOM_SEED}:{case.entity.iri}")
        return [rng.sample(all_targets, ranker.parameters.top) for _ in range(RANDOM_DRAWS)]

    kinds = Counter(c.entity.kind for c in cases)
    cross_validated, folds = cross_validate(cases, ranker)
    own_words = ranker.reweighted(replace(ranker.parameters, context_weight=0.0))
    return {
        "method": {"name": METHOD, "version": ranker.version},
        "parameters": json.loads(ranker.parameters.as_json()),
        "cases": dict(sorted(kinds.items())),
        "grid": {n: list(GRID[n]) for n in sorted(GRID)},
        "folds": folds,
        "scores": {
            "suggestions": cross_validated,
            "suggestions-shipped-parameters": _evaluate(cases, _method(ranker)),
            "suggestions-own-words-only": _evaluate(cases, _method(own_words)),
            "most-frequent": _evaluate(cases, most_frequent),
            "most-frequent-other-directions": _evaluate(cases, other_directions),
            "random": _evaluate(cases, random_order),
        },
    }
