"""Time SHACL validation of the seed graph and of synthetic copies 10x and 100x its size.

Each copy renames every entity IRI (``…/id/kanazawa/…`` → ``…/id/kanazawa-c7/…``) so the
findings scale with the data. Both engines run on the same graphs; the findings are compared.

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

from rdflib import Graph, URIRef

from graph_build.build import build
from graph_build.validate import load_rdf_files, validate_graph

ID = "https://w3id.org/sdgkg/id/"
GRAPH_PREFIX = "https://w3id.org/sdgkg/graph/"
RESULTS = Path(__file__).parent / "results"


def document_graph(nquads: Path) -> Graph:
    """The curated part of the build (entity IRIs under …/id/)."""
    graph = load_rdf_files([nquads])
    curated = Graph()
    for s, p, o in graph:
        if str(s).startswith(ID):
            curated.add((s, p, o))
    return curated


def copies(base: Graph, n: int) -> Graph:
    """``n`` renamed copies of ``base``."""
    out = Graph()
    for k in range(n):
        def rename(term: object, k: int = k) -> object:
            if isinstance(term, URIRef) and str(term).startswith(ID) and k:
                rest = str(term)[len(ID):]
                head, _, tail = rest.partition("/")
                return URIRef(f"{ID}{head}-c{k}/{tail}" if tail else f"{ID}{head}-c{k}")
            return term
        for s, p, o in base:
            out.add((rename(s), p, rename(o)))  # type: ignore[arg-type]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1,10,100")
    parser.add_argument("--skip-pyshacl-above", type=int, default=100)
    args = parser.parse_args()
    out = Path("/tmp/sdgkg-bench-validation")
    build(Path("data"), out)
    base = document_graph(out / "sdgkg.nq")
    rows = []
    for n in [int(x) for x in args.sizes.split(",")]:
        graph = copies(base, n)
        row: dict[str, object] = {"copies": n, "triples": len(graph)}
        findings = {}
        for engine in ("turbo", "pyshacl"):
            if engine == "pyshacl" and n > args.skip_pyshacl_above:
                row[f"{engine}_seconds"] = None
                continue
            start = time.perf_counter()
            report = validate_graph(graph, engine=engine)
            row[f"{engine}_seconds"] = round(time.perf_counter() - start, 2)
            row[f"{engine}_findings"] = len(report.findings)
            findings[engine] = report.findings
        if len(findings) == 2:
            row["same_findings"] = findings["turbo"] == findings["pyshacl"]
        if row.get("pyshacl_seconds") and row.get("turbo_seconds"):
            row["speedup"] = round(float(row["pyshacl_seconds"]) / float(row["turbo_seconds"]), 1)
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
        json.dumps({"machine": machine, "runs": rows}, indent=2) + "\n", encoding="utf-8")
    lines = [
        "# SHACL validation speed",
        "",
        f"Machine: {machine['cores']} cores, {machine['memory_gib']} GiB, Python "
        f"{machine['python']}; peak RSS of the run {machine['peak_rss_mib']} MiB.",
        "Command: `.venv/bin/python benchmarks/validation_speed.py`",
        "",
        "| copies | triples | pyshacl-turbo (s) | pyshacl (s) | speed-up | same findings |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(f"| {r['copies']} | {r['triples']} | {r['turbo_seconds']} | "
                     f"{r['pyshacl_seconds'] if r['pyshacl_seconds'] is not None else 'not run'} | "
                     f"{r.get('speedup', '')} | {r.get('same_findings', '')} |")
    (RESULTS / "validation.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
