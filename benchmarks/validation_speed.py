"""Time SHACL validation of the seed graph and of synthetic copies 10x and 100x its size.

Each copy renames every entity IRI (``…/id/kanazawa/…`` → ``…/id/kanazawa-c7/…``) so the
findings scale with the data. The copies are written as a build's N-Quads dump (one named graph
per document, in graph IRI order) and validated the way ``sdgkg build`` and ``sdgkg validate`` do
(:func:`graph_build.validate.batches.validate_built_dump`: batches of municipalities, on every
core); for comparison the same graph is validated whole by pyshacl-turbo and by pySHACL (only
where it finishes in reasonable time), and the findings of all ways are compared.

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
from graph_build.emit.ntriples import TermFormatter, as_quad_lines
from graph_build.paths import DATA_DIR
from graph_build.validate.batches import validate_built_dump
from graph_build.validate.shacl import validate_graph

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


def copies(graphs: dict[str, Graph], n: int) -> dict[str, Graph]:
    """``n`` renamed copies of every document graph, keyed ``city-c7/document``."""
    renamed: dict[str, Graph] = {}
    for k in range(n):
        for name, graph in graphs.items():
            city, doc = name.split("/")
            target = renamed.setdefault(f"{city}-c{k}/{doc}" if k else name, Graph())
            for s, p, o in graph:
                target.add((rename(s, k), p, rename(o, k)))  # type: ignore[arg-type]
    return renamed


def write_dump(graphs: dict[str, Graph], path: Path) -> Graph:
    """Write ``graphs`` as a build writes its dump (graphs in IRI order, each sorted); return the
    union of them."""
    formatter = TermFormatter()
    union = Graph()
    with path.open("w", encoding="utf-8") as handle:
        for name in sorted(graphs, key=lambda n: GRAPH_PREFIX + n):
            lines = formatter.lines(graphs[name])
            handle.writelines(as_quad_lines(lines, GRAPH_PREFIX + name))
            union += graphs[name]
    return union


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1,10,100")
    parser.add_argument("--skip-pyshacl-above", type=int, default=10)
    parser.add_argument("--skip-whole-above", type=int, default=100)
    args = parser.parse_args()
    out = Path("/tmp/sdgkg-bench-validation")
    build(DATA_DIR, out)
    graphs = document_graphs(out / "sdgkg.nq")
    rows = []
    for n in [int(x) for x in args.sizes.split(",")]:
        dump = out / f"copies-{n}.nq"
        graph = write_dump(copies(graphs, n), dump)
        row: dict[str, object] = {"copies": n, "triples": len(graph)}
        findings = {}
        runs = (
            ("turbo_batched", lambda d=dump: validate_built_dump(d), 10**9),
            (
                "turbo_whole",
                lambda g=graph: validate_graph(g, engine="turbo"),
                args.skip_whole_above,
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
        reference = findings["turbo_batched"]
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
        "| copies | triples | turbo, in batches (as the build) | turbo, whole graph | "
        "pySHACL, whole graph | findings | all ways agree |",
        "|---|---|---|---|---|---|---|",
    ]

    def cell(value: object) -> str:
        return "not run" if value is None else str(value)

    for r in rows:
        lines.append(
            f"| {r['copies']} | {r['triples']} | {cell(r['turbo_batched_seconds'])} | "
            f"{cell(r['turbo_whole_seconds'])} | {cell(r['pyshacl_whole_seconds'])} | "
            f"{r['turbo_batched_findings']} | {r['same_findings']} |"
        )
    (RESULTS / "validation.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
