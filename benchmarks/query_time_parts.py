"""Where a library query's time goes: the engine, the result transfer, the Python rows.

For each library query (unbound: only required parameters, and the first of a one-of choice,
take values, as in the scale benchmark: ``scale_parts.required_params``), three measurements,
each in a process of its own that opens the build's store fresh:

- **engine**: ``store.query`` and one pass over the solutions, touching no values: what Oxigraph
  needs to evaluate the query (one small Python object per solution is unavoidable);
- **json**: the same, serialised to SPARQL 1.1 Query Results JSON by Oxigraph (what the endpoint
  sends); the transfer cost is this minus the engine time, and its size is recorded;
- **rows**: ``run_spec``, the function ``sdgkg query`` and the Python API use, which turns every
  solution into a row of pyoxigraph terms; the Python cost is this minus the engine time.

With ``--first-page``, a paged query (``# pages: city``) answers for its first page of
municipalities only, as ``sdgkg query NAME`` prints it in a table; the others answer whole.
A part that passes ``--timeout`` seconds is stopped and recorded as not finished.

    .venv/bin/python benchmarks/query_time_parts.py --out /tmp/qtp/dist-30 \\
        --result benchmarks/results/query_time_parts_30
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

import pyoxigraph as ox
from scale_parts import json_child, query_pages, required_params, write_results

from graph_build.sparql.query import bound_text, library, run_spec
from graph_build.store.embedded import open_build, open_store

PARTS = ("engine", "json", "rows")


def measure_part(out: Path, name: str, part: str, first_page: bool) -> dict[str, object]:
    """Run one part of one query in this process (for its first page of municipalities only
    when ``first_page`` and the query has pages); return its time, rows and bytes."""
    spec = next(s for s in library() if s.name == name)
    store, labels = open_build(out)  # as sdgkg query opens a build
    params = required_params(store, [spec]).get(spec.name, {})
    pages = query_pages(store, spec) if first_page else []
    page = pages[0] if pages else None
    text = bound_text(spec, params, page, labels)
    start = time.perf_counter()
    rows = 0
    size = 0
    if part == "engine":
        for _ in store.query(text, use_default_graph_as_union=True):  # type: ignore[union-attr]
            rows += 1
    elif part == "json":
        answer = store.query(text, use_default_graph_as_union=True)
        if not isinstance(answer, ox.QuerySolutions):
            raise SystemExit(f"{name}: not a SELECT query")
        data = answer.serialize(format=ox.QueryResultsFormat.JSON)
        size = len(data or b"")
    else:
        rows = len(run_spec(store, spec, params, page, labels).rows)
    seconds = round(time.perf_counter() - start, 3)
    answered = f"page 1 of {len(pages)}" if page else "whole"
    return {"seconds": seconds, "rows": rows, "bytes": size, "params": params, "answer": answered}


def run_part(
    out: Path, name: str, part: str, timeout: float, first_page: bool
) -> dict[str, object]:
    """One part in a child process; ``finished: False`` when it passed ``timeout``."""
    command = [sys.executable, __file__, "--out", str(out), "--child", name, part]
    if first_page:
        command.append("--first-page")
    return json_child(command, timeout, f"{name} ({part})")


def _seconds(value: object) -> str:
    return f"{value:.2f}" if isinstance(value, float | int) else "—"


def report(results: dict[str, dict[str, dict[str, object]]], meta: dict[str, object]) -> str:
    """The results as a Markdown table, slowest engine time first."""
    lines = [
        "# Where library queries spend their time",
        "",
        f"Build: `{meta['out']}` ({meta['quads']:,} quads). Command: `{meta['command']}`.",
        f"Machine: {meta['machine']}. Each part in a process of its own, store opened fresh; "
        f"'—' is a part stopped at {meta['timeout']} s."
        + (
            " A paged query answers for its first page of municipalities (as `sdgkg query "
            "NAME` prints it in a table), any other whole."
            if meta.get("first_page")
            else " Every query answers whole (all municipalities at once)."
        ),
        "",
        "| query | answer | rows | engine s | SPARQL-JSON s | JSON MB | Python rows s | over 2 s |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]

    def engine_time(item: tuple[str, dict[str, dict[str, object]]]) -> float:
        value = item[1]["engine"].get("seconds")
        return -(value if isinstance(value, float | int) else float("inf"))

    for name, parts in sorted(results.items(), key=engine_time):
        engine, as_json, rows = parts["engine"], parts["json"], parts["rows"]
        size = as_json.get("bytes")
        megabytes = f"{size / 1e6:.1f}" if isinstance(size, int) else "—"
        times = [p.get("seconds") for p in (engine, as_json, rows)]
        slow = any(not isinstance(t, float | int) or t > 2 for t in times)
        lines.append(
            f"| `{name}` | {rows.get('answer', engine.get('answer', '—'))} | "
            f"{engine.get('rows', '—')} | {_seconds(times[0])} | "
            f"{_seconds(times[1])} | {megabytes} | {_seconds(times[2])} | {'yes' if slow else ''} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, required=True, help="a build folder")
    parser.add_argument("--result", type=Path, help="write RESULT.md and RESULT.json")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per part")
    parser.add_argument("--only", nargs="*", default=[], help="these queries only")
    parser.add_argument(
        "--first-page",
        action="store_true",
        help="a paged query answers for its first page of municipalities only",
    )
    parser.add_argument("--child", nargs=2, metavar=("QUERY", "PART"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(measure_part(args.out, args.child[0], args.child[1], args.first_page)))
        return 0
    names = [s.name for s in library() if not args.only or s.name in args.only]
    results: dict[str, dict[str, dict[str, object]]] = {}
    for name in names:
        results[name] = {
            part: run_part(args.out, name, part, args.timeout, args.first_page) for part in PARTS
        }
        print(name, {p: results[name][p].get("seconds") for p in PARTS}, flush=True)
    store = open_store(args.out)
    meta: dict[str, object] = {
        "out": str(args.out),
        "quads": len(store),
        "timeout": args.timeout,
        "first_page": args.first_page,
        "command": "python benchmarks/query_time_parts.py " + " ".join(sys.argv[1:]),
        "machine": f"{platform.machine()}, Python {platform.python_version()}, "
        f"pyoxigraph {ox.__version__}",
    }
    write_results(args.result, report(results, meta), {"meta": meta, "queries": results})
    return 0


if __name__ == "__main__":
    sys.exit(main())
