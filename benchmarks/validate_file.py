"""Memory and time of ``sdgkg validate FILE`` on a generated N-Triples file of N statements.

Two kinds of file (``--kind``):

- ``complete``: stakeholders as a build writes them (labels in ja and en, a stakeholder type, the
  municipality they partner, a source span, a parent organisation), one in 50 without its
  English label, so the shapes walk links between nodes and find a few violations;
- ``failing``: bare labelled stakeholders linked by a property no shape reads; every one breaks
  four shapes, so the report has about one result per statement.

``sdgkg validate`` runs in a child process of a child process, so that ``getrusage`` of the
children is the peak resident memory of that run alone.

Run: .venv/bin/python benchmarks/validate_file.py --triples 100000,1000000 --label after
[--kind complete] [--work /tmp/validate-bench]. The file limits of ``sdgkg validate`` are raised
to fit the file. Appends a row per size to benchmarks/results/validate_file.json.
"""

from __future__ import annotations

import argparse
import json
import os
import site
import subprocess
import sys
import time
from pathlib import Path

RESULTS = Path(__file__).parent / "results" / "validate_file.json"
ID = "https://w3id.org/sdgkg/id/bench/"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
SDGKG = "https://w3id.org/sdgkg/ontology#"
STAKEHOLDER = f"<{SDGKG}Stakeholder>"
PART_OF = f"<{SDGKG}partOf>"
SUB_ORGANIZATION = "<http://www.w3.org/ns/org#subOrganizationOf>"
DERIVED = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
XSD_INTEGER = "<http://www.w3.org/2001/XMLSchema#integer>"
CITY = f"<{ID}city>"
DOCUMENT = f"<{ID}document>"
SPAN_EVERY = 1000  # entities citing one source span


def _labelled(out: object, subject: str, ja: str, en: str | None) -> None:
    write = out.write  # type: ignore[attr-defined]
    write(f'{subject} {LABEL} "{ja}"@ja .\n')
    if en is not None:
        write(f'{subject} {LABEL} "{en}"@en .\n')


def write_file(path: Path, triples: int, kind: str = "complete") -> None:
    """About ``triples`` statements of ``kind`` (see the module's description)."""
    with path.open("w", encoding="utf-8") as out:
        if kind == "failing":
            for i in range(triples // 4):
                s = f"<{ID}org-{i}>"
                out.write(f"{s} {TYPE} {STAKEHOLDER} .\n")
                _labelled(out, s, f"団体{i}", f"Organisation {i}")
                out.write(f"{s} {PART_OF} <{ID}org-{i // 2}> .\n")
            return
        government = f"<{ID}government>"
        out.write(f"{CITY} {TYPE} <{SDGKG}Municipality> .\n")
        _labelled(out, CITY, "架空市", "Example City")
        out.write(f"{CITY} <{SDGKG}hasGovernment> {government} .\n")
        out.write(f"{government} {TYPE} <{SDGKG}LocalGovernment> .\n")
        _labelled(out, government, "架空市役所", "Example City Government")
        out.write(f"{DOCUMENT} {TYPE} <{SDGKG}PlanDocument> .\n")
        _labelled(out, DOCUMENT, "架空計画", "Example plan")
        out.write(f"{DOCUMENT} {DERIVED} <{ID}span-0> .\n")
        kind_iri = "<https://w3id.org/sdgkg/stakeholder-type/municipal-body>"
        for i in range(triples // 7):
            s = f"<{ID}org-{i}>"
            span = f"<{ID}span-{i // SPAN_EVERY}>"
            if i % SPAN_EVERY == 0:
                out.write(f"{span} {TYPE} <{SDGKG}SourceSpan> .\n")
                out.write(f"{span} <{SDGKG}sourceDocument> {DOCUMENT} .\n")
                out.write(f'{span} <{SDGKG}startLine> "{i + 1}"^^{XSD_INTEGER} .\n')
                out.write(f'{span} <{SDGKG}endLine> "{i + 2}"^^{XSD_INTEGER} .\n')
            out.write(f"{s} {TYPE} {STAKEHOLDER} .\n")
            _labelled(out, s, f"団体{i}", None if i % 50 == 49 else f"Organisation {i}")
            out.write(f"{s} <{SDGKG}stakeholderType> {kind_iri} .\n")
            out.write(f"{s} <{SDGKG}stakeholderOf> {CITY} .\n")
            out.write(f"{s} {DERIVED} {span} .\n")
            out.write(f"{s} {SUB_ORGANIZATION} <{ID}org-{(i + 1) // 2}> .\n")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--triples", default="100000,1000000", help="comma-separated sizes, each run once"
    )
    parser.add_argument("--label", default="", help="what was measured, e.g. before or after")
    parser.add_argument("--kind", choices=("complete", "failing"), default="complete")
    parser.add_argument(
        "--source",
        type=Path,
        default=None,
        help="measure the graph_build package in this folder (an older revision, e.g. from "
        "'git archive REV graph_build | tar -x -C DIR') instead of the installed one",
    )
    parser.add_argument("--work", type=Path, default=Path("/tmp/validate-bench"))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    for triples in (int(n) for n in args.triples.split(",")):
        path = args.work / f"bench-{args.kind}-{triples}.nt"
        if not path.exists():
            write_file(path, triples, args.kind)
        print(json.dumps(measure(path, triples, args.kind, args.label, args.source)))
    return 0


def measure(
    path: Path, triples: int, kind: str, label: str, source: Path | None = None
) -> dict[str, object]:
    """Run ``sdgkg validate`` on ``path`` in a child process; append and return its row."""
    env = dict(os.environ)
    flags = []
    if source is not None:
        # Without site processing the installed (editable) package cannot shadow ``source``.
        flags = ["-S"]
        env["PYTHONPATH"] = os.pathsep.join([str(source), *site.getsitepackages()])
    command = [
        sys.executable,
        *flags,
        "-m",
        "graph_build.cli",
        "validate",
        str(path),
        "--format",
        "json",
        "--max-triples",
        str(triples + 10),
        "--max-input-bytes",
        str(path.stat().st_size),
    ]
    # A child process of its own, so that ru_maxrss of the children is this run's peak alone
    # (the largest single process); the resident memory of the whole process tree (worker
    # processes included) is summed from /proc every 0.2 s.
    probe = (
        "import json, resource, subprocess, sys, threading, time\n"
        "from pathlib import Path\n"
        "def tree(pid):\n"
        "    try:\n"
        "        kids = Path(f'/proc/{pid}/task/{pid}/children').read_text().split()\n"
        "    except OSError:\n"
        "        kids = []\n"
        "    return [pid] + [p for k in kids for p in tree(int(k))]\n"
        "def rss(pid):\n"
        "    try:\n"
        "        status = Path(f'/proc/{pid}/status').read_text().split('VmRSS:')[1]\n"
        "        return int(status.split()[0])\n"
        "    except (OSError, IndexError):\n"
        "        return 0\n"
        "start = time.perf_counter()\n"
        "pipe, quiet = subprocess.PIPE, subprocess.DEVNULL\n"
        "child = subprocess.Popen(sys.argv[1:], stdout=pipe, stderr=quiet)\n"
        "out, top = [], 0\n"
        "reader = threading.Thread(target=lambda: out.append(child.stdout.read()))\n"
        "reader.start()\n"
        "while child.poll() is None:\n"
        "    top = max(top, sum(rss(p) for p in tree(child.pid)))\n"
        "    time.sleep(0.2)\n"
        "reader.join()\n"
        "seconds = time.perf_counter() - start\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "report = json.loads(out[0]) if child.returncode in (0, 1) else {}\n"
        "counts = [report.get('violations'), report.get('warnings')]\n"
        "print(json.dumps([child.returncode, seconds, peak, top / 1024, *counts]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, *command],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=source,  # the current folder comes first on sys.path
    )
    exit_code, seconds, peak_mib, tree_mib, violations, warnings = json.loads(done.stdout)
    row: dict[str, object] = {
        "label": label,
        "code": "installed" if source is None else str(source),
        "kind": kind,
        "triples": triples,
        "exit_code": exit_code,
        "seconds": round(seconds, 1),
        "peak_rss_mib": round(peak_mib),
        "tree_peak_rss_mib": round(tree_mib),
        "violations": violations,
        "warnings": warnings,
        "finished": time.strftime("%Y-%m-%d %H:%M", time.gmtime()),
    }
    rows = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else []
    rows.append(row)
    RESULTS.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return row


if __name__ == "__main__":
    raise SystemExit(main())
