"""Leave-one-out over the organisation–initiative ties the documents state.

For each tie (a document names stakeholder S for initiative I): hide it, rank every candidate
for I with ``sdgkg partners``'s score (I's other stakeholders excluded, as the command excludes
them), and see where S lands. A popularity baseline ranks the same candidates by how many
initiatives the documents name them for (after hiding). Equal scores share their mean rank, so
neither method gains from the order of ties. Reported: recall@5, recall@10 and mean reciprocal
rank (MRR) over all ties.

Run: .venv/bin/python benchmarks/partners_loo.py [--data DIR]
Builds the records (default: the project's seed records, no partner registry) into a temporary
folder and writes benchmarks/results/partners_loo.json and .md.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import tempfile
from collections.abc import Callable
from pathlib import Path

from graph_build.build import build
from graph_build.partners.evidence import PartnerGraph, load_partner_graph
from graph_build.partners.scoring import (
    Scoring,
    initiative_subject,
    load_scoring,
    score_candidate,
)
from graph_build.paths import DATA_DIR
from graph_build.store.embedded import open_store

RESULTS = Path(__file__).parent / "results"
KS = (5, 10)


def mean_rank(scores: dict[str, float], hidden: str) -> float:
    """Rank of ``hidden`` (1 = best); candidates with an equal score share their mean rank."""
    mine = scores[hidden]
    better = sum(1 for s in scores.values() if s > mine)
    equal = sum(1 for s in scores.values() if s == mine)
    return better + (equal + 1) / 2


def _method_scores(graph: PartnerGraph, initiative: str, scoring: Scoring) -> dict[str, float]:
    subject = initiative_subject(graph, initiative)
    return {
        iri: score_candidate(graph, subject, cand, scoring)[0]
        for iri, cand in graph.candidates.items()
        if iri not in subject.exclude
    }


def _popularity_scores(graph: PartnerGraph, initiative: str, _: Scoring) -> dict[str, float]:
    own = graph.initiatives[initiative].stakeholders
    return {
        iri: float(len(cand.tied("initiative")))
        for iri, cand in graph.candidates.items()
        if iri not in own
    }


def stated_ties(graph: PartnerGraph) -> list[tuple[str, str]]:
    """(stakeholder, initiative) for every tie the documents state, sorted."""
    return sorted(
        (s, i)
        for i, ini in graph.initiatives.items()
        for s in ini.stakeholders
        if s in graph.candidates
    )


def evaluate(graph: PartnerGraph, scoring: Scoring | None = None) -> dict[str, object]:
    """Recall@k and MRR of the score (with ``scoring``, default the file's) and of the
    popularity baseline."""
    scoring = scoring or load_scoring()
    methods: dict[str, Callable[[PartnerGraph, str, Scoring], dict[str, float]]] = {
        "score": _method_scores,
        "popularity": _popularity_scores,
    }
    ranks: dict[str, list[float]] = {name: [] for name in methods}
    ties = stated_ties(graph)
    for stakeholder, initiative in ties:
        hidden = graph.without_tie(stakeholder, initiative)
        for name, method in methods.items():
            ranks[name].append(mean_rank(method(hidden, initiative, scoring), stakeholder))
    summary: dict[str, object] = {
        "ties": len(ties),
        "candidates": len(graph.candidates),
        "initiatives_with_ties": len({i for _, i in ties}),
    }
    for name, found in ranks.items():
        n = len(found) or 1
        summary[name] = {
            **{f"recall@{k}": round(sum(r <= k for r in found) / n, 4) for k in KS},
            "mrr": round(sum(1 / r for r in found) / n, 4),
        }
    return summary


# Terms switched off one at a time (weight 0) to see what each contributes.
ABLATIONS = {
    "targets_and_goals": (
        "declared_target",
        "stated_target",
        "inherited_target",
        "declared_goal",
        "stated_goal",
        "inherited_goal",
    ),
    "text_overlap": ("text_overlap",),
    "complementary_sector": ("complementary_sector",),
    "shared_tie": ("shared_tie",),
}


def ablation(graph: PartnerGraph) -> dict[str, object]:
    """The score's figures with each family of terms switched off in turn."""
    base = load_scoring()
    found: dict[str, object] = {}
    for name, terms in ABLATIONS.items():
        weights = {k: (0.0 if k in terms else v) for k, v in base.weights.items()}
        result = evaluate(graph, dataclasses.replace(base, weights=weights))
        found[f"without_{name}"] = result["score"]
    return found


def markdown(result: dict[str, object], command: str) -> str:
    """The result as a short Markdown table."""
    lines = [
        "# Partner finding: leave-one-out over stated organisation–initiative ties",
        "",
        f"Command: `{command}`",
        "",
        f"{result['ties']} ties (stakeholder named for an initiative) over "
        f"{result['initiatives_with_ties']} initiatives, {result['candidates']} candidates.",
        "",
        "| method | recall@5 | recall@10 | MRR |",
        "|---|---|---|---|",
    ]
    for name in ("score", "popularity"):
        m = result[name]
        assert isinstance(m, dict)
        lines.append(f"| {name} | {m['recall@5']} | {m['recall@10']} | {m['mrr']} |")
    for name, m in dict(result.get("ablation", {})).items():  # type: ignore[call-overload]
        lines.append(
            f"| score {name.replace('_', ' ')} | {m['recall@5']} | {m['recall@10']} | {m['mrr']} |"
        )
    return "\n".join(lines) + "\n"


def run(data: Path) -> dict[str, object]:
    """Build ``data`` in a temporary folder and evaluate it."""
    with tempfile.TemporaryDirectory() as tmp:
        out = build(data, Path(tmp) / "dist", release=False).out
        graph = load_partner_graph(open_store(out))
        return {**evaluate(graph), "ablation": ablation(graph)}


def main() -> None:
    """Run the benchmark and write its results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA_DIR)
    args = parser.parse_args()
    result = run(args.data)
    command = ".venv/bin/python benchmarks/partners_loo.py"
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "partners_loo.json").write_text(
        json.dumps({"command": command, **result}, indent=1) + "\n", encoding="utf-8"
    )
    (RESULTS / "partners_loo.md").write_text(markdown(result, command), encoding="utf-8")
    print(markdown(result, command))


if __name__ == "__main__":
    main()
