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
import json
import tempfile
from collections.abc import Callable
from pathlib import Path

from graph_build.build import build
from graph_build.partners.evidence import PartnerGraph, load_partner_graph
from graph_build.partners.scoring import (
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


def _method_scores(graph: PartnerGraph, initiative: str) -> dict[str, float]:
    subject = initiative_subject(graph, initiative)
    scoring = load_scoring()
    return {
        iri: score_candidate(graph, subject, cand, scoring)[0]
        for iri, cand in graph.candidates.items()
        if iri not in subject.exclude
    }


def _popularity_scores(graph: PartnerGraph, initiative: str) -> dict[str, float]:
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


def evaluate(graph: PartnerGraph) -> dict[str, object]:
    """Recall@k and MRR of the score and of the popularity baseline."""
    methods: dict[str, Callable[[PartnerGraph, str], dict[str, float]]] = {
        "score": _method_scores,
        "popularity": _popularity_scores,
    }
    ranks: dict[str, list[float]] = {name: [] for name in methods}
    ties = stated_ties(graph)
    for stakeholder, initiative in ties:
        hidden = graph.without_tie(stakeholder, initiative)
        for name, method in methods.items():
            ranks[name].append(mean_rank(method(hidden, initiative), stakeholder))
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
    return "\n".join(lines) + "\n"


def run(data: Path) -> dict[str, object]:
    """Build ``data`` in a temporary folder and evaluate it."""
    with tempfile.TemporaryDirectory() as tmp:
        out = build(data, Path(tmp) / "dist", release=False).out
        return evaluate(load_partner_graph(open_store(out)))


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
