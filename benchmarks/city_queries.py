"""Time every library query on a large build the way a planner runs it: for one municipality.

``scale.py`` runs each query without parameters, over every municipality at once; the listing
queries then return hundreds of thousands of rows. This script binds ``city`` (and ``city_a`` /
``city_b``) to municipalities of the build, ``entity`` (provenance) to the municipality and
``text`` (search_labels) to a word, and times the first run and two more, so the two ways of
asking can be compared on the same store.

Run: .venv/bin/python benchmarks/city_queries.py --out /tmp/bench-work/dist-1741 \
         --city m01458 --other m00002
Writes benchmarks/results/city_queries.json and city_queries.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path

import pyoxigraph as ox
from scale import write_atomic

from graph_build.iris import municipality_iri
from graph_build.sparql.query import QuerySpec, library, run_spec
from graph_build.store.embedded import open_store

RESULTS = Path(__file__).parent / "results"
TARGET_S = 2.0


@dataclass(frozen=True)
class Timing:
    """One query's runs."""

    query: str
    params: dict[str, str]
    rows: int
    first_s: float
    median_s: float
    max_s: float


def timed_runs(run: Callable[[], list[object]], repeats: int) -> tuple[list[float], int]:
    """Seconds of each run of ``run`` and the number of rows it gave."""
    times, rows = [], 0
    for _ in range(1 + repeats):
        start = time.perf_counter()
        rows = len(run())
        times.append(time.perf_counter() - start)
    return times, rows


def _rows(store: ox.Store, spec: QuerySpec, params: dict[str, str]) -> list[object]:
    return list(run_spec(store, spec, params).rows)


def main() -> None:
    """Time the library with city parameters bound and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="Build folder holding the store.")
    parser.add_argument("--city", required=True, help="Municipality bound to city / city_a.")
    parser.add_argument("--other", required=True, help="Municipality bound to city_b.")
    parser.add_argument("--text", default="森林", help="Word bound to text (search_labels).")
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args()
    store = open_store(args.out)
    triples = len(store)
    rows_out = []
    for spec in library():
        names = {p.name for p in spec.params}
        params = {
            "city": args.city,
            "city_a": args.city,
            "city_b": args.other,
            "entity": str(municipality_iri(args.city)),
            "text": args.text,
        }
        bound = {k: v for k, v in params.items() if k in names}
        times, rows = timed_runs(partial(_rows, store, spec, bound), args.repeats)
        rows_out.append(
            Timing(
                spec.name,
                bound,
                rows,
                round(times[0], 4),
                round(statistics.median(times), 4),
                round(max(times), 4),
            )
        )
        print(f"{spec.name:24s} {max(times):8.3f} s  {rows:7d} rows  {bound}", flush=True)
    doc = {
        "build": str(args.out),
        "triples": triples,
        "target_s": TARGET_S,
        "queries": [asdict(r) for r in rows_out],
    }
    write_atomic(args.results / "city_queries.json", json.dumps(doc, indent=2) + "\n")
    slow = [r for r in rows_out if r.max_s >= TARGET_S]
    lines = [
        "# Library queries for one municipality on a large build",
        "",
        f"Build: `{args.out}`, {triples:,} quads in the store. `city` = `{args.city}`"
        f" (`city_b` = `{args.other}`, `entity` = the municipality, `text` = `{args.text}`);"
        " other parameters unset."
        f" Slowest of {1 + args.repeats} runs, the first included.",
        "",
        f"**{len(rows_out) - len(slow)} of {len(rows_out)} queries under {TARGET_S:g} s**"
        + (f"; over: {', '.join(r.query for r in slow)}." if slow else "."),
        "",
        "| query | parameters | rows | first (s) | median (s) | slowest (s) |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for r in rows_out:
        params_text = ", ".join(f"{k}={v}" for k, v in sorted(r.params.items())) or "none"
        lines.append(
            f"| {r.query} | {params_text} | {r.rows:,} | {r.first_s:.3f} |"
            f" {r.median_s:.3f} | {r.max_s:.3f} |"
        )
    write_atomic(args.results / "city_queries.md", "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
