"""SHACL throughput of a build's validation batches, by batch size and by kind of graph.

``sdgkg build`` validates its dump in batches of consecutive municipalities of about
:data:`graph_build.validate.batches.BATCH_TRIPLES` triples, each in a fresh in-memory store with
the reference terms (:mod:`graph_build.validate.batches`). This script validates the first
batches of a build's ``sdgkg.nq`` in this process, one after another, with the build's own code:

- for each batch size given, batches holding about ``--triples`` triples in all;
- the graphs of SDG suggestions apart from the plans' own graphs, at the build's batch size.

It reports triples per second, so that the cost of validating a corpus can be told from its
number of statements. Writes ``RESULT.md`` and ``RESULT.json``.

Run: .venv/bin/python benchmarks/validation_batches.py --nquads dist/sdgkg.nq \
    --sizes 2000,5000,20000,40000,80000 --result benchmarks/results/validation_batches_100
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyoxigraph

from graph_build.emit.corpus_nquads import CitySpan
from graph_build.iris import SUGGESTIONS_GRAPH
from graph_build.validate.batches import (
    BATCH_TRIPLES,
    BatchValidator,
    SharedContext,
    batches,
    dump_layout,
)


def throughput(
    engine: BatchValidator, nquads: Path, spans: Sequence[CitySpan], size: int, triples: int
) -> dict[str, Any]:
    """Validate the first batches of ``spans`` (about ``triples`` triples) at batch ``size``."""
    chosen, seconds, count = [], 0.0, 0
    for batch in batches(nquads, spans, size):
        if count >= triples:
            break
        text = batch.ntriples()
        started = time.perf_counter()
        engine.validate(batch.index, text)
        seconds += time.perf_counter() - started
        count += text.count("\n")
        chosen.append(batch.index)
    return {
        "batch_triples": size,
        "batches": len(chosen),
        "triples": count,
        "seconds": round(seconds, 3),
        "triples_per_s": round(count / seconds) if seconds else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nquads", type=Path, required=True, help="a build's sdgkg.nq")
    parser.add_argument("--sizes", default="2000,5000,20000,40000,80000")
    parser.add_argument("--triples", type=int, default=200_000, help="triples per measurement")
    parser.add_argument("--result", type=Path, required=True, help="write RESULT.md and .json")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    spans, shared = dump_layout(args.nquads)
    layout_s = time.perf_counter() - started
    engine = BatchValidator(SharedContext(sorted(shared)), "en")
    sizes = [int(s) for s in args.sizes.split(",")]
    by_size = [throughput(engine, args.nquads, spans, s, args.triples) for s in sizes]
    suggested = [s for s in spans if str(SUGGESTIONS_GRAPH) in s.graphs]
    own = [s for s in spans if s not in suggested]
    by_kind = {
        kind: throughput(engine, args.nquads, group, BATCH_TRIPLES, args.triples)
        for kind, group in (("plans' own graphs", own), ("SDG suggestions", suggested))
    }
    command = "python benchmarks/validation_batches.py " + " ".join(
        sys.argv[1:] if argv is None else argv
    )
    record = {
        "command": command,
        "nquads": str(args.nquads),
        "machine": f"{platform.machine()}, Python {platform.python_version()}, "
        f"pyoxigraph {pyoxigraph.__version__}",
        "layout_s": round(layout_s, 3),
        "spans": len(spans),
        "by_size": by_size,
        "by_kind": by_kind,
    }
    args.result.with_suffix(".json").write_text(json.dumps(record, indent=1) + "\n")
    lines = [
        "# SHACL throughput of the build's validation batches",
        "",
        f"Dump: `{args.nquads}` ({len(spans)} spans of municipalities' graphs). Command: "
        f"`{command}`. Machine: {record['machine']}. One process, batches one after another "
        "(the build runs them on every core).",
        "",
        "| batch size (triples) | batches | triples | seconds | triples/s |",
        "|---:|---:|---:|---:|---:|",
        *(
            f"| {r['batch_triples']:,} | {r['batches']} | {r['triples']:,} | {r['seconds']} | "
            f"{r['triples_per_s']:,} |"
            for r in by_size
        ),
        "",
        f"| graphs (batch size {BATCH_TRIPLES:,}) | batches | triples | seconds | triples/s |",
        "|---|---:|---:|---:|---:|",
        *(
            f"| {kind} | {r['batches']} | {r['triples']:,} | {r['seconds']} | "
            f"{r['triples_per_s']:,} |"
            for kind, r in by_kind.items()
        ),
        "",
    ]
    args.result.with_suffix(".md").write_text("\n".join(lines))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
