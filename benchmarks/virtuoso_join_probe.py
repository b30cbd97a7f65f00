"""Joins Virtuoso 7 answers short of rows: the smallest queries that show it, on one build.

Each probe counts the example initiatives whose municipality is one, joining two parts of the
graph: the example initiatives of every municipality, and the municipalities. It runs on the
embedded store and on Virtuoso Open Source (Debian's ``virtuoso-t``, started on 127.0.0.1 as
``virtuoso_queries.py`` starts it, with Debian's query-engine settings, then again with one
thread per query), there once with the project's graphs named in the query (``FROM``, as
``sdgkg query --endpoint`` sends it) and once on the server's default graph. Every probe asks
the same question, so on a correct engine every count is the same; the probes differ only in
the shape of the join:

- ``pattern``: the municipalities as a plain triple pattern;
- ``sub-select``: the municipalities as a sub-select;
- ``distinct sub-select``: the municipalities as a ``SELECT DISTINCT`` sub-select.

    .venv/bin/python benchmarks/virtuoso_join_probe.py --out /tmp/big/dist-100 \\
        --result benchmarks/results/virtuoso_join_probe_100
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

import pyoxigraph as ox
from virtuoso_queries import publish_build, start_server, stop

from graph_build.sparql.query import QueryResult
from graph_build.sparql.remote import remote_graphs, select
from graph_build.store.embedded import open_store

PREFIXES = """PREFIX sdgkg: <https://w3id.org/sdgkg/ontology#>
"""
EXAMPLES = """{ SELECT ?example ?city WHERE {
      ?example a sdgkg:ExampleInitiative ; sdgkg:municipality ?city . } }"""
THREADS = (4, 1)  # Virtuoso's ThreadsPerQuery: Debian's setting, then one thread
CITIES = {
    "pattern": "?city a sdgkg:Municipality .",
    "sub-select": "{ SELECT ?city WHERE { ?city a sdgkg:Municipality . } }",
    "distinct sub-select": "{ SELECT DISTINCT ?city WHERE { ?city a sdgkg:Municipality . } }",
}


def probe(cities: str) -> str:
    """The number of example initiatives whose municipality is one, the municipalities joined
    as ``cities``. Distinct examples: a municipality is stated in each of its documents' graphs,
    and the embedded store's union graph matches it once per graph."""
    return (
        f"{PREFIXES}SELECT (COUNT(DISTINCT ?example) AS ?n) WHERE {{\n"
        f"  {EXAMPLES}\n  {cities}\n}}\n"
    )


def count(result: QueryResult) -> int:
    """The one count a probe answers on a remote store."""
    term = result.rows[0]["n"]
    assert term is not None
    return int(term.value)


def embedded_count(store: ox.Store, query: str) -> int:
    """The one count a probe answers on the embedded store."""
    solutions = store.query(query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    term = next(iter(solutions))["n"]
    assert isinstance(term, ox.Literal)
    return int(term.value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, required=True, help="a build folder")
    parser.add_argument("--result", type=Path, help="write RESULT.md and RESULT.json")
    parser.add_argument("--runs", type=int, default=3, help="runs of each probe on Virtuoso")
    parser.add_argument("--buffers", type=int, default=170000, help="Virtuoso NumberOfBuffers")
    args = parser.parse_args(argv)
    binary = shutil.which("virtuoso-t")
    if binary is None:
        raise SystemExit("virtuoso-t not found: apt-get install virtuoso-opensource")
    store = open_store(args.out)
    embedded = {name: embedded_count(store, probe(c)) for name, c in CITIES.items()}
    folder = Path(tempfile.mkdtemp(prefix="sdgkg-virtuoso-"))
    remote: dict[str, list[int]] = {}
    try:
        for threads in THREADS:
            server, base = start_server(binary, folder, args.buffers, threads, 600)
            try:
                endpoint = f"{base}/sparql"
                if not remote:
                    publish_build(base, args.out)
                graphs = remote_graphs(endpoint)
                for name, cities in CITIES.items():
                    for dataset, chosen in (("FROM", graphs), ("server", [])):
                        remote[f"{name}|{threads}|{dataset}"] = [
                            count(select(endpoint, probe(cities), graphs=chosen, timeout=600))
                            for _ in range(args.runs)
                        ]
                    print(name, threads, embedded[name], flush=True)
            finally:
                stop(server)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    text = report_text(embedded, remote, args)
    print(text)
    if args.result:
        args.result.with_suffix(".md").write_text(text, encoding="utf-8")
        payload = {"embedded": embedded, "virtuoso": remote, "query": probe("CITIES")}
        args.result.with_suffix(".json").write_text(
            json.dumps(payload, indent=1, sort_keys=True) + "\n", encoding="utf-8"
        )
    return 0


def report_text(
    embedded: dict[str, int], remote: dict[str, list[int]], args: argparse.Namespace
) -> str:
    """The counts as Markdown."""
    lines = [
        "# Joins on Virtuoso 7: rows counted on the embedded store and on Virtuoso",
        "",
        f"Build `{args.out}`. Each probe counts the example initiatives of municipalities; only "
        "the shape of the join differs, so every count should be the same. Virtuoso runs with "
        "the query-engine settings of the virtuoso.ini Debian installs (ThreadsPerQuery 4), and "
        "again with ThreadsPerQuery 1; its dataset is the project's graphs named with `FROM` "
        f"(as `sdgkg query --endpoint` sends it) or the server's default graph. {args.runs} runs "
        "each, the count of every run. Command: `python benchmarks/virtuoso_join_probe.py "
        + " ".join(sys.argv[1:])
        + "`.",
        "",
        "```sparql",
        probe("CITIES").strip(),
        "```",
        "",
        "| CITIES | embedded | Virtuoso threads | dataset `FROM` | server's default graph |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, cities in CITIES.items():
        for threads in THREADS:
            cells = [
                ", ".join(f"{n:,}" for n in remote.get(f"{name}|{threads}|{d}", []))
                for d in ("FROM", "server")
            ]
            lines.append(
                f"| {name}: `{cities}` | {embedded[name]:,} | {threads} | "
                + " | ".join(cells)
                + " |"
            )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
