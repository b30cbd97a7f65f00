"""Time SHACL validation of the seed graph and of synthetic copies 10x and 100x its size.

Each copy renames every entity IRI (``…/id/kanazawa/…`` → ``…/id/kanazawa-c7/…``) so the
findings scale with the data. Three ways are timed on the same graphs and their findings compared:
pyshacl-turbo on the whole graph, pyshacl-turbo per municipality (what ``sdgkg build`` does), and
pySHACL per municipality (pySHACL on the whole graph only where it finishes in reasonable time).

Run: .venv/bin/python benchmarks/validation_speed.py [--sizes 1,10,100] [--skip-pyshacl-above N]
Writes benchmarks/results/validation.json and validation.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import time
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from graph_build.build import build
from graph_build.validate.shacl import validate_graph, validate_partitions

ID = "https://w3id.org/sdgkg/id/"
GRAPH_PREFIX = "https://w3id.org/sdgkg/graph/"
RESULTS = Path(__file__).parent / "results"


def document_graphs(nquads: Path) -> dict[str, Graph]:
    """The curated named graphs of a build (``kanazawa/future-city-plan-2023`` …)."""
    dataset = Dataset()
    dataset.parse(nquads, format="nquads")
    graphs = {}
    for graph in dataset.graphs():
        name = str(graph.identifier).removeprefix(GRAPH_PREFIX)
        if name.count("/") == 1:
            graphs[name] = graph
    return graphs


def rename(term: object, k: int) -> object:
    """``…/id/kanazawa/x`` → ``…/id/kanazawa-c7/x`` (stakeholders ``…/id/org/x`` → ``org/x-c7``)."""
    if not (isinstance(term, URIRef) and str(term).startswith(ID)) or k == 0:
        return term
    head, _, tail = str(term)[len(ID) :].partition("/")
    if head == "org":
        org, _, rest = tail.partition("/")
        return URIRef(f"{ID}org/{org}-c{k}" + (f"/{rest}" if rest else ""))
    return URIRef(f"{ID}{head}-c{k}" + (f"/{tail}" if tail else ""))


def partitions(graphs: dict[str, Graph], n: int) -> list[Graph]:
    """``n`` renamed copies of every municipality, one graph per municipality copy."""
    cities: dict[str, Graph] = {}
    for k in range(n):
        for name, graph in graphs.items():
            city = name.split("/")[0] + (f"-c{k}" if k else "")
            target = cities.setdefault(city, Graph())
            for s, p, o in graph:
                target.add((rename(s, k), p, rename(o, k)))  # type: ignore[arg-type]
    return [cities[c] for c in sorted(cities)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1,10,100")
    parser.add_argument("--skip-pyshacl-above", type=int, default=10)
    parser.add_argument("--skip-whole-above", type=int, default=100)
    args = parser.parse_args()
    out = Path("/tmp/sdgkg-bench-validation")
    build(Path("data"), out)
    graphs = document_graphs(out / "sdgkg.nq")
    rows = []
    for n in [int(x) for x in args.sizes.split(",")]:
        parts = partitions(graphs, n)
        graph = Graph()
        for part in parts:
            graph += part
        row: dict[str, object] = {"copies": n, "triples": len(graph)}
        findings = {}
        runs = (
            (
                "turbo_whole",
                lambda g=graph: validate_graph(g, engine="turbo"),
                args.skip_whole_above,
            ),
            ("turbo_partitioned", lambda p=parts: validate_partitions(p, engine="turbo"), 10**9),
            (
                "pyshacl_partitioned",
                lambda p=parts: validate_partitions(p, engine="pyshacl"),
                args.skip_pyshacl_above,
            ),
            (
                "pyshacl_whole",
                lambda g=graph: validate_graph(g, engine="pyshacl"),
                min(args.skip_pyshacl_above, args.skip_whole_above),
            ),
        )
        for name, run, limit in runs:
            if n > limit:
                row[f"{name}_seconds"] = None
                continue
            start = time.perf_counter()
            report = run()  # type: ignore[no-untyped-call]
            row[f"{name}_seconds"] = round(time.perf_counter() - start, 2)
            row[f"{name}_findings"] = len(report.findings)
            findings[name] = report.findings
        reference = findings["turbo_partitioned"]
        row["same_findings"] = all(f == reference for f in findings.values())
        rows.append(row)
        print(row, flush=True)
    machine = {
        "cores": os.cpu_count(),
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "python": platform.python_version(),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "validation.json").write_text(
        json.dumps({"machine": machine, "runs": rows}, indent=2) + "\n", encoding="utf-8"
    )
    lines = [
        "# SHACL validation speed",
        "",
        f"Machine: {machine['cores']} cores, {machine['memory_gib']} GiB, Python "
        f"{machine['python']}; peak RSS of the run {machine['peak_rss_mib']} MiB.",
        "Command: `.venv/bin/python benchmarks/validation_speed.py`",
        "",
        "Seconds; 'not run' where a way was skipped as too slow for this size.",
        "",
        "| copies | triples | turbo, per municipality | turbo, whole graph | pySHACL, per "
        "municipality | pySHACL, whole graph | findings | all ways agree |",
        "|---|---|---|---|---|---|---|---|",
    ]

    def cell(value: object) -> str:
        return "not run" if value is None else str(value)

    for r in rows:
        lines.append(
            f"| {r['copies']} | {r['triples']} | {cell(r['turbo_partitioned_seconds'])} | "
            f"{cell(r['turbo_whole_seconds'])} | {cell(r['pyshacl_partitioned_seconds'])} | "
            f"{cell(r['pyshacl_whole_seconds'])} | {r['turbo_partitioned_findings']} | "
            f"{r['same_findings']} |"
        )
    (RESULTS / "validation.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
