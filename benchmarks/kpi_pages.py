"""Time the KPI progress views of ``sdgkg serve`` on a build: a KPI's page drawn for the first
time (its chart not yet cached), the same page again (chart from the cache), and a city's
status board.

Run: .venv/bin/python benchmarks/kpi_pages.py --out DIST --city kanazawa
Writes benchmarks/results/kpi_pages.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from graph_build.progress.charts import trajectory_svg
from graph_build.progress.read import read_city_progress
from graph_build.serve.entity_pages import board_html, entity_html
from graph_build.store.embedded import open_store

RESULTS = Path(__file__).parent / "results"


def seconds(run: Callable[[], object]) -> float:
    """Wall time of one call of ``run``."""
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, required=True, help="a build folder (sdgkg build)")
    parser.add_argument("--city", required=True, help="municipality id, e.g. kanazawa")
    args = parser.parse_args()
    store = open_store(args.out)
    progress = read_city_progress(store, args.city)
    kpis = [s.kpi_iri for s in progress.series]
    if not kpis:
        raise SystemExit(f"{args.city} has no KPI with observations in {args.out}")
    first = [seconds(partial(entity_html, store, iri)) for iri in kpis]
    again = [seconds(partial(entity_html, store, iri)) for iri in kpis]
    board = [seconds(partial(board_html, store, args.city)) for _ in range(5)]
    sizes = [len(trajectory_svg(s).encode("utf-8")) for s in progress.series]
    result = {
        "command": f"benchmarks/kpi_pages.py --out {args.out} --city {args.city}",
        "city": args.city,
        "kpis": len(progress.states),
        "kpis_with_observations": len(kpis),
        "kpi_page_first_s": {"median": statistics.median(first), "max": max(first)},
        "kpi_page_cached_s": {"median": statistics.median(again), "max": max(again)},
        "board_s": {"median": statistics.median(board), "max": max(board)},
        "chart_bytes": {"median": statistics.median(sizes), "max": max(sizes)},
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "kpi_pages.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
