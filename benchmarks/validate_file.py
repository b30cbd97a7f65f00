"""Memory and time of ``sdgkg validate FILE`` on a generated N-Triples file of N statements.

The file repeats labelled entities (``rdfs:label`` in ja and en, a type, a link) so that the
shapes have work to do. ``sdgkg validate`` runs as a child process; its peak resident memory is
read from ``getrusage`` of the children.

Run: .venv/bin/python benchmarks/validate_file.py --triples 100000 [--work /tmp/validate-bench]
Appends a row to benchmarks/results/validate_file.json.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

RESULTS = Path(__file__).parent / "results" / "validate_file.json"
ID = "https://w3id.org/sdgkg/id/bench/"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
STAKEHOLDER = "<https://w3id.org/sdgkg/ontology#Stakeholder>"
PART_OF = "<https://w3id.org/sdgkg/ontology#partOf>"


def write_file(path: Path, triples: int) -> None:
    """``triples`` statements, four per entity."""
    with path.open("w", encoding="utf-8") as out:
        for i in range(triples // 4):
            s = f"<{ID}org-{i}>"
            out.write(f"{s} {TYPE} {STAKEHOLDER} .\n")
            out.write(f'{s} {LABEL} "団体{i}"@ja .\n')
            out.write(f'{s} {LABEL} "Organisation {i}"@en .\n')
            out.write(f"{s} {PART_OF} <{ID}org-{i // 2}> .\n")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/validate-bench"))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    path = args.work / f"bench-{args.triples}.nt"
    if not path.exists():
        write_file(path, args.triples)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "graph_build.cli", "validate", str(path), "--format", "json"],
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    row = {
        "triples": args.triples,
        "exit_code": done.returncode,
        "seconds": round(seconds, 1),
        "peak_rss_mib": round(peak_mib),
    }
    print(json.dumps(row))
    rows = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else []
    rows.append(row)
    RESULTS.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
