"""How good the SDG suggestions are against the targets the Kanazawa plan prints.

Each Kanazawa initiative is scored against the targets printed for the direction(s) it is placed
under, each KPI against those of its KPI table(s): precision@5/10, recall@5/10 and mean reciprocal
rank, at target and goal level, beside two baselines (the targets most often printed for the
other entities, and a random order with a fixed seed). Komatsu prints no targets and is not
scored. The method never reads the printed targets (see graph_build/suggest/evaluation.py).

Run: .venv/bin/python benchmarks/sdg_suggestions.py [--data DIR]
Writes benchmarks/results/sdg_suggestions.json and .md.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from graph_build.paths import DATA_DIR
from graph_build.records.sources import load_corpus
from graph_build.suggest.evaluation import evaluate

RESULTS = Path(__file__).parent / "results"
CITY = "kanazawa"
METRICS = ("precision@5", "recall@5", "precision@10", "recall@10", "mrr")


def markdown(result: dict[str, object]) -> str:
    """The figures as Markdown tables, one per level."""
    scores = result["scores"]
    assert isinstance(scores, dict)
    lines = [
        "# SDG suggestions against the targets Kanazawa prints",
        "",
        f"Method `{result['method']}`; cases {result['cases']}.",
        "Command: `.venv/bin/python benchmarks/sdg_suggestions.py`",
    ]
    for level in ("target", "goal"):
        lines += ["", f"## {level} level", "", "| ranking | " + " | ".join(METRICS) + " |"]
        lines.append("|---" * (len(METRICS) + 1) + "|")
        for name, figures in scores.items():
            row = " | ".join(f"{figures[level][m]:.4f}" for m in METRICS)
            lines.append(f"| {name} | {row} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Evaluate and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA_DIR)
    args = parser.parse_args(argv)
    cities = [c for c in load_corpus(args.data).cities if c.id == CITY]
    result = evaluate(cities)
    RESULTS.mkdir(exist_ok=True)
    text = json.dumps(result, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    (RESULTS / "sdg_suggestions.json").write_text(text, encoding="utf-8")
    (RESULTS / "sdg_suggestions.md").write_text(markdown(result), encoding="utf-8")
    print(markdown(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
