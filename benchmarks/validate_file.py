"""Memory and time of ``sdgkg validate FILE`` on a generated N-Triples file of N statements.

The file repeats labelled entities (``rdfs:label`` in ja and en, a type, a link) so that the
shapes have work to do. ``sdgkg validate`` runs as a child process; its peak resident memory is
read from ``getrusage`` of the children.

Run: .venv/bin/python benchmarks/validate_file.py --triples 100000,1000000 --label after
[--work /tmp/validate-bench]. The file limits of ``sdgkg validate`` are raised to fit the file.
Appends a row per size to benchmarks/results/validate_file.json.
"""

from __future__ import annotations

import argparse
import json
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
    parser.add_argument(
        "--triples", default="100000,1000000", help="comma-separated sizes, each run once"
    )
    parser.add_argument("--label", default="", help="what was measured, e.g. before or after")
    parser.add_argument("--work", type=Path, default=Path("/tmp/validate-bench"))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    for triples in (int(n) for n in args.triples.split(",")):
        path = args.work / f"bench-{triples}.nt"
        if not path.exists():
            write_file(path, triples)
        print(json.dumps(measure(path, triples, args.label)))
    return 0


def measure(path: Path, triples: int, label: str) -> dict[str, object]:
    """Run ``sdgkg validate`` on ``path`` in a child process; append and return its row."""
    command = [
        sys.executable,
        "-m",
        "graph_build.cli",
        "validate",
        str(path),
        "--format",
        "json",
        "--max-triples",
        str(triples),
        "--max-input-bytes",
        str(path.stat().st_size),
    ]
    # A child process of its own, so that ru_maxrss of the children is this run's peak alone.
    probe = (
        "import json, resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True)\n"
        "seconds = time.perf_counter() - start\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(json.dumps([done.returncode, seconds, peak]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, *command], capture_output=True, text=True, check=True
    )
    exit_code, seconds, peak_mib = json.loads(done.stdout)
    row: dict[str, object] = {
        "label": label,
        "triples": triples,
        "exit_code": exit_code,
        "seconds": round(seconds, 1),
        "peak_rss_mib": round(peak_mib),
        "started": time.strftime("%Y-%m-%d %H:%M", time.gmtime()),
    }
    rows = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else []
    rows.append(row)
    RESULTS.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return row


if __name__ == "__main__":
    raise SystemExit(main())
