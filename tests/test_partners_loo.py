"""The recorded leave-one-out figures of partner finding still hold on the project's records."""

from __future__ import annotations

import json

import pytest

from benchmarks.partners_loo import RESULTS, evaluate, mean_rank, stated_ties
from graph_build.build import BuildResult
from graph_build.partners.evidence import load_partner_graph
from graph_build.store.embedded import open_store

RECORDED = json.loads((RESULTS / "partners_loo.json").read_text(encoding="utf-8"))
MARGIN = 0.02


@pytest.fixture(scope="module")
def measured(project_build: BuildResult) -> dict[str, object]:
    return evaluate(load_partner_graph(open_store(project_build.out)))


@pytest.mark.parametrize("method", ["score", "popularity"])
@pytest.mark.parametrize("metric", ["recall@5", "recall@10", "mrr"])
def test_figures_do_not_drop_below_the_recorded_ones(
    measured: dict[str, dict[str, float]], method: str, metric: str
) -> None:
    assert measured[method][metric] >= RECORDED[method][metric] - MARGIN, (
        f"{method} {metric} fell to {measured[method][metric]} "
        f"(recorded {RECORDED[method][metric]}); rerun benchmarks/partners_loo.py and explain"
    )


def test_the_score_beats_the_popularity_baseline(measured: dict[str, dict[str, float]]) -> None:
    assert measured["score"]["mrr"] > measured["popularity"]["mrr"]
    assert measured["score"]["recall@10"] >= measured["popularity"]["recall@10"]


def test_every_stated_tie_is_left_out_once(project_build: BuildResult) -> None:
    graph = load_partner_graph(open_store(project_build.out))
    ties = stated_ties(graph)
    assert len(ties) == len(set(ties)) == RECORDED["ties"]
    stakeholder, initiative = ties[0]
    hidden = graph.without_tie(stakeholder, initiative)
    assert stakeholder not in hidden.initiatives[initiative].stakeholders
    assert initiative not in hidden.candidates[stakeholder].tied("initiative")
    assert stakeholder in graph.initiatives[initiative].stakeholders  # the original is kept


def test_equal_scores_share_their_mean_rank() -> None:
    assert mean_rank({"a": 3.0, "b": 1.0, "c": 1.0, "d": 1.0}, "c") == 3.0
    assert mean_rank({"a": 3.0, "b": 1.0}, "a") == 1.0
