"""Time and peak memory of the release step alone, on a build's N-Quads dump.

Reads ``sdgkg.nq`` of a build, takes its ontology graph, and writes the release folder with
``write_release`` as ``sdgkg build`` does; prints the seconds, the process's peak RSS, and a
digest of every file written (so two versions of the code can be compared for identical bytes).
Run it once per version, each in a fresh process:

    .venv/bin/python benchmarks/release_step.py --nquads /tmp/qtp/dist-30b/sdgkg.nq \\
        --release /tmp/release-30
"""

from __future__ import annotations

import argparse
import hashlib
import resource
import sys
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from graph_build.emit.ntriples import from_ox
from graph_build.iris import ONTOLOGY_GRAPH
from graph_build.release.folder import write_release


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--nquads", type=Path, required=True, help="a build's sdgkg.nq")
    parser.add_argument("--release", type=Path, required=True, help="folder to write")
    args = parser.parse_args(argv)
    content = list(ox.parse(path=str(args.nquads), format=ox.RdfFormat.N_QUADS))
    ontology = Graph()
    name = ox.NamedNode(str(ONTOLOGY_GRAPH))
    for quad in content:
        if quad.graph_name == name:
            ontology.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    start = time.perf_counter()
    release = write_release(content, ontology, args.release)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    digest = hashlib.sha256()
    for file in release.files:
        digest.update(file.encode() + b"\0" + (release.folder / file).read_bytes())
    print(f"quads {len(content)}  release {seconds:.1f} s  peak RSS {peak} MB")
    print(f"files {len(release.files)}  digest {digest.hexdigest()[:16]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
