"""Concurrent load on ``sdgkg serve`` from a second process on loopback; every answer is checked.

Starts ``sdgkg serve`` as its own process on 127.0.0.1 (a free port), then sends a fixed number of
requests from a pool of client threads in this process: every library query, by name
(``GET /queries/NAME?params``) and as SPARQL text (``POST /sparql``, parameters inline), in turn.
Each answer must equal the answer of the local store (``sdgkg query``); the run is bounded in
requests and time and stops the server at the end. Results go to ``benchmarks/results/``.

    .venv/bin/sdgkg build --out /tmp/bench-dist
    .venv/bin/python benchmarks/serve_load.py --out /tmp/bench-dist --clients 16 --requests 1200

Then, with ``--trivial N`` (default 100), fairness: two slow queries (a three-way cross product,
stopped at ``--slow-timeout``) are sent and ``N`` trivial ``ASK`` queries follow one after another
while the slow ones run; their latency percentiles go to ``serve_fairness.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from graph_build.sparql.query import QueryResult, bindings, library, run_spec
from graph_build.sparql.remote import parse_json_results
from graph_build.sparql.text import inline_values
from graph_build.store.embedded import open_store

RESULTS = Path(__file__).parent / "results"
PARAMS = {
    "target_partners": {"target": "11.2"},
    "goal_coverage": {"city": "kanazawa", "goal": "11"},
    "city_comparison": {"city_a": "kanazawa", "city_b": "komatsu"},
    "search_labels": {"text": "森林"},
    "stakeholders": {"city": "komatsu"},
    "provenance": {"entity": "https://w3id.org/sdgkg/id/kanazawa/kpi/greenhouse-gas-emissions"},
    "goals_per_stakeholder": {"stakeholder_iri": "https://w3id.org/sdgkg/id/org/unep"},
    "target_gaps": {"city": "kanazawa"},
}


def canonical(result: QueryResult) -> list[tuple[str, ...]]:
    """Rows as sorted tuples of term strings; blank node labels do not count."""
    rows = []
    for row in result.rows:
        cells = []
        for v in result.variables:
            term = row[v]
            if term is None:
                cells.append("")
            elif isinstance(term, ox.BlankNode):
                cells.append("_:")
            else:
                cells.append(str(term))
        rows.append(tuple(cells))
    return sorted(rows)


def machine() -> dict[str, object]:
    """Cores, memory and CPU model of this machine."""
    info: dict[str, object] = {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "pyoxigraph": ox.__version__,
        "system": f"{platform.system()} {platform.release()}",
    }
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["memory_gib"] = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return info


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("dist"), help="build folder")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=1200)
    parser.add_argument("--workers", type=int, default=2, help="server worker processes")
    parser.add_argument("--max-seconds", type=float, default=900, help="stop sending after this")
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--trivial", type=int, default=100, help="ASK queries beside slow ones")
    parser.add_argument("--slow-timeout", type=float, default=20, help="--timeout of that run")
    args = parser.parse_args()

    specs = {spec.name: spec for spec in library()}
    store = open_store(args.out)
    expected = {
        name: canonical(run_spec(store, spec, PARAMS.get(name))) for name, spec in specs.items()
    }
    mix = sorted(specs)

    command = [sys.executable, "-m", "graph_build.cli", "serve", "--out", str(args.out)]
    command += ["--port", "0", "--quiet", "--workers", str(args.workers)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert server.stdout is not None
        base = server.stdout.readline().split(": ", 1)[1].strip().removesuffix("sparql")
        started = time.monotonic()
        deadline = started + args.max_seconds

        def one(index: int) -> tuple[str, str, float, str]:
            name = mix[index % len(mix)]
            params = PARAMS.get(name, {})
            by_name = (index // len(mix)) % 2 == 0
            if time.monotonic() > deadline:
                return name, "by-name" if by_name else "sparql", 0.0, "not sent (time limit)"
            if by_name:
                request = urllib.request.Request(
                    f"{base}queries/{name}?{urllib.parse.urlencode(params)}",
                    headers={"Accept": "application/sparql-results+json"},
                )
            else:
                text = inline_values(specs[name].text, bindings(specs[name], params))
                request = urllib.request.Request(
                    base + "sparql",
                    data=urllib.parse.urlencode({"query": text}).encode(),
                    headers={"Accept": "application/sparql-results+json"},
                )
            t0 = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=120) as response:
                    body = response.read()
                    status = response.status
            except urllib.error.HTTPError as exc:
                body, status = exc.read(), exc.code
            except OSError as exc:
                return name, "", time.perf_counter() - t0, f"connection: {exc}"
            elapsed = time.perf_counter() - t0
            kind = "by-name" if by_name else "sparql"
            if status != 200:
                return name, kind, elapsed, f"HTTP {status}: {body[:120]!r}"
            if canonical(parse_json_results(body)) != expected[name]:
                return name, kind, elapsed, "wrong answer"
            return name, kind, elapsed, "ok"

        with ThreadPoolExecutor(max_workers=args.clients) as pool:
            outcomes = list(pool.map(one, range(args.requests)))
        wall = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(30)

    ok = [o for o in outcomes if o[3] == "ok"]
    failures = [o for o in outcomes if o[3] != "ok"]
    latencies = [o[2] for o in ok]
    per_query: dict[str, list[float]] = defaultdict(list)
    for name, _kind, elapsed, _status in ok:
        per_query[name].append(elapsed)
    report = {
        "date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": machine(),
        "server": {"workers": args.workers, "queries_in_mix": len(mix)},
        "load": {"clients": args.clients, "requests": args.requests},
        "answered_correctly": len(ok),
        "failed": len(failures),
        "failures": [f"{n} ({k}): {s}" for n, k, _, s in failures[:20]],
        "wall_seconds": round(wall, 2),
        "requests_per_second": round(len(ok) / wall, 1) if wall else None,
        "latency_ms": {
            "p50": round(percentile(latencies, 0.5) * 1000, 1),
            "p90": round(percentile(latencies, 0.9) * 1000, 1),
            "p99": round(percentile(latencies, 0.99) * 1000, 1),
            "max": round(max(latencies) * 1000, 1),
            "mean": round(statistics.mean(latencies) * 1000, 1),
        }
        if latencies
        else {},
        "per_query_median_ms": {
            name: round(statistics.median(values) * 1000, 1)
            for name, values in sorted(per_query.items())
        },
    }
    args.results.mkdir(parents=True, exist_ok=True)
    target = args.results / "serve_load.json"
    temporary = target.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    temporary.replace(target)
    print(json.dumps(report, indent=2, ensure_ascii=False))
    fair_ok = True
    if args.trivial:
        fairness = measure_fairness(args)
        write_report(args.results / "serve_fairness.json", fairness)
        fair_ok = fairness["failed"] == 0
    return 0 if not failures and fair_ok else 1


SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def measure_fairness(args: argparse.Namespace) -> dict[str, object]:
    """p50/p99/max latency of trivial ``ASK`` queries sent while two slow queries run."""
    command = [sys.executable, "-m", "graph_build.cli", "serve", "--out", str(args.out)]
    command += ["--port", "0", "--quiet", "--workers", str(args.workers)]
    command += ["--timeout", str(args.slow_timeout)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert server.stdout is not None
        base = server.stdout.readline().split(": ", 1)[1].strip().removesuffix("sparql")

        def send(query: str) -> tuple[int, float]:
            url = f"{base}sparql?{urllib.parse.urlencode({'query': query})}"
            request = urllib.request.Request(url, headers={"Accept": "application/json"})
            t0 = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=120) as response:
                    response.read()
                    status = response.status
            except urllib.error.HTTPError as exc:
                status = exc.code
            return status, time.perf_counter() - t0

        with ThreadPoolExecutor(max_workers=2) as pool:
            slow = [pool.submit(send, SLOW) for _ in range(2)]
            time.sleep(0.2)  # the slow queries take the workers first
            trivial: list[tuple[int, float]] = []
            while len(trivial) < args.trivial and not all(f.done() for f in slow):
                trivial.append(send("ASK { ?s ?p ?o }"))
            slow_answers = [f.result() for f in slow]
    finally:
        server.terminate()
        server.wait(30)
    latencies = [elapsed for status, elapsed in trivial if status == 200]
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": machine(),
        "server": {"workers": args.workers, "timeout_s": args.slow_timeout},
        "slow_queries": {
            "count": 2,
            "status": [status for status, _ in slow_answers],
            "seconds": [round(elapsed, 1) for _, elapsed in slow_answers],
        },
        "trivial_sent_while_slow_ran": len(trivial),
        "failed": len(trivial) - len(latencies),
        "trivial_latency_ms": {
            "p50": round(percentile(latencies, 0.5) * 1000, 1),
            "p99": round(percentile(latencies, 0.99) * 1000, 1),
            "max": round(max(latencies) * 1000, 1),
        }
        if latencies
        else {},
    }


def write_report(target: Path, report: dict[str, object]) -> None:
    """Write ``report`` as JSON (whole or not at all) and print it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    temporary.replace(target)
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    sys.exit(main())
