"""The query library on Virtuoso 7 beside the embedded store, on one build.

Starts Virtuoso Open Source (Debian's ``virtuoso-t``) on 127.0.0.1 in a folder of its own,
publishes the build with ``sdgkg publish``'s code (graph store protocol, counts verified), then
runs every library query (or those named by ``--only``), unbound
(``scale_parts.required_params``, as the scale benchmark; ``--variant KEY=VALUE`` runs each
query that takes KEY once per value given), ``--repeats`` times on each engine: Virtuoso
through its SPARQL endpoint (``run_remote``: HTTP and SPARQL-JSON included) and the embedded
store (``run_spec``, each run in a process of its own that opens the store, stopped after
``--embedded-timeout`` seconds). Records the publish time, each query's slowest and median run
on both, and whether the rows agree (as values: see ``comparable_rows``). On Virtuoso the
query's dataset is the project's graphs, named in the query as ``sdgkg query --endpoint`` names
them, or with ``--dataset server`` the server's default graph (every graph it holds). Virtuoso
runs with its query cost limit off and a time limit of ``--timeout`` seconds (the Debian
default cost limit refuses ``partner_candidates``; see the README's Portability); the server is
stopped at the end.

    .venv/bin/python benchmarks/virtuoso_queries.py --out /tmp/qtp/dist-30b \\
        --result benchmarks/results/virtuoso_queries_30
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from scale_parts import required_params

from graph_build.sparql.query import QueryResult, QuerySpec, library, run_spec
from graph_build.sparql.remote import (
    Credentials,
    comparable_rows,
    publish,
    remote_graphs,
    run_remote,
)
from graph_build.store.embedded import open_build, open_store

# The query engine's settings are those of the virtuoso.ini Debian installs (ThreadsPerQuery 4
# unless --threads-per-query says otherwise); see virtuoso_join_probe.py for what they change.
INI = """[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
MaxQueryMem = 2G
VectorSize = 1000
MaxVectorSize = 1000000
AdjustVectorSize = 0
ThreadsPerQuery = {threads}
AsyncQueueMaxThreads = 10
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 4
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = {timeout}
MaxQueryCostEstimationTime = 0
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def timed(run: Callable[[], QueryResult], repeats: int) -> dict[str, object]:
    """Slowest and median of ``repeats`` runs (the first included), the number of rows, and a
    digest of the rows as values (each run's, so that an engine that answers differently from
    run to run shows more than one)."""
    times, digests, rows = [], set(), -1
    for _ in range(repeats):
        start = time.perf_counter()
        try:
            result = run()
        except Exception as exc:  # a refused or timed-out query is a result, not a crash
            # the server's own message (an error code such as SR…) follows the status line
            return {"error": " ".join(str(exc).split())[:600], "rows": None}
        times.append(time.perf_counter() - start)
        rows = len(result.rows)
        digests.add(_digest(result))
    return {
        "slowest": round(max(times), 3),
        "median": round(statistics.median(times), 3),
        "rows": rows,
        "digests": sorted(digests),
    }


def _digest(result: QueryResult) -> str:
    text = repr(comparable_rows(result, booleans_as_numbers=True)).encode("utf-8")
    return hashlib.sha256(text).hexdigest()[:16]


def embedded_child(out: Path, name: str, params: dict[str, str]) -> int:
    """Run one library query on the build's store with ``params``; print its time (store
    opening excluded), rows and digest as JSON."""
    store, labels = open_build(out)  # as sdgkg query opens a build
    spec = next(s for s in library() if s.name == name)
    start = time.perf_counter()
    result = run_spec(store, spec, params, labels=labels)
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "rows": len(result.rows), "digest": _digest(result)}))
    return 0


def _failure(exc: subprocess.CalledProcessError) -> str:
    """What a failed child process said last, or how it ended when it said nothing (a process
    the kernel stops for want of memory dies by SIGKILL, silently)."""
    lines = exc.stderr.strip().splitlines()
    if lines:
        return str(lines[-1][:200])
    if exc.returncode < 0:
        return f"killed by signal {-exc.returncode} (9: SIGKILL, as the out-of-memory killer sends)"
    return f"exited with status {exc.returncode}, saying nothing"


def embedded_timed(
    out: Path, name: str, params: dict[str, str], repeats: int, timeout: float
) -> dict[str, object]:
    """``timed`` for the embedded store, each run in a child process stopped after ``timeout``."""
    times, digests, rows = [], set(), -1
    for _ in range(repeats):
        command = [sys.executable, __file__, "--out", str(out), "--embedded-child", name]
        command += ["--child-params", json.dumps(params)]
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=timeout, check=True
            )
        except subprocess.TimeoutExpired:
            return {"error": f"did not finish within {timeout:g} s", "rows": None}
        except subprocess.CalledProcessError as exc:
            return {"error": _failure(exc), "rows": None}
        answer = json.loads(done.stdout)
        times.append(answer["seconds"])
        rows = answer["rows"]
        digests.add(answer["digest"])
    return {
        "slowest": round(max(times), 3),
        "median": round(statistics.median(times), 3),
        "rows": rows,
        "digests": sorted(digests),
    }


def _variant(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"'{text}': write KEY=VALUE, e.g. inheritance=stated")
    return key, value


def runs(
    specs: list[QuerySpec], chosen: dict[str, dict[str, str]], variants: list[tuple[str, str]]
) -> list[tuple[str, QuerySpec, dict[str, str]]]:
    """(label, query, parameters) to measure: each query with the parameters the scale
    benchmark chooses, once per variant of a parameter it takes (labelled ``name key=value``)."""
    found = []
    for spec in specs:
        params = chosen.get(spec.name, {})
        taken = {p.name for p in spec.params}
        mine = [(k, v) for k, v in variants if k in taken]
        if not mine:
            found.append((spec.name, spec, params))
        for key, value in mine:
            found.append((f"{spec.name} {key}={value}", spec, {**params, key: value}))
    return found


def start_server(
    binary: str, folder: Path, buffers: int, threads: int, timeout: int
) -> tuple[subprocess.Popen[bytes], str]:
    """Virtuoso on the database in ``folder`` (made on first start) with Debian's query-engine
    settings and a time limit of ``timeout`` seconds, and its base URL, answering when returned."""
    http_port, sql_port = free_port(), free_port()
    (folder / "virtuoso.ini").write_text(
        INI.format(
            dir=folder,
            http_port=http_port,
            sql_port=sql_port,
            buffers=buffers,
            dirty=buffers * 3 // 4,
            timeout=timeout,
            threads=threads,
        )
    )
    with (folder / "stdout.log").open("ab") as log:
        server = subprocess.Popen(
            [binary, "+configfile", str(folder / "virtuoso.ini"), "+foreground"],
            stdout=log,
            stderr=log,
            cwd=folder,
        )
    base = f"http://127.0.0.1:{http_port}"
    for _ in range(240):
        try:
            urllib.request.urlopen(f"{base}/sparql?query=ASK%7B%7D", timeout=5).read()
            return server, base
        except OSError:
            time.sleep(0.5)
    server.kill()
    raise SystemExit(f"Virtuoso did not answer; see {folder / 'virtuoso.log'}")


def stop(server: subprocess.Popen[bytes]) -> None:
    """Stop a server started by :func:`start_server` (a checkpoint keeps the data)."""
    server.terminate()
    try:
        server.wait(120)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def publish_build(base: str, out: Path) -> float:
    """Publish the build to the server at ``base`` as ``sdgkg publish`` does; the seconds it
    took. Stops with a message when the counts do not verify."""
    start = time.perf_counter()
    report = publish(
        f"{base}/sparql",
        out=out,
        store_endpoint=f"{base}/sparql-graph-crud-auth",
        credentials=Credentials("dba", "dba", "digest"),
        timeout=3600,
    )
    if not report.ok:
        raise SystemExit("publish did not verify: " + str(report))
    return round(time.perf_counter() - start, 1)


def measure(base: str, args: argparse.Namespace) -> tuple[float, dict[str, dict[str, object]]]:
    """Publish the build to the server at ``base``, then time the queries on both engines."""
    publish_s = publish_build(base, args.out)
    endpoint = f"{base}/sparql"
    store = open_store(args.out)
    graphs = remote_graphs(endpoint) if args.dataset == "project" else []
    results: dict[str, dict[str, object]] = {}
    specs = [s for s in library() if not args.only or s.name in args.only]
    for label, spec, params in runs(specs, required_params(store, specs), args.variant):

        def remote(spec: QuerySpec = spec, params: dict[str, str] = params) -> QueryResult:
            return run_remote(spec, endpoint, params, graphs=graphs, timeout=args.timeout + 30)

        results[label] = {
            "params": params,
            "embedded": embedded_timed(
                args.out, spec.name, params, args.repeats, args.embedded_timeout
            ),
            "virtuoso": timed(remote, args.repeats),
        }
        print(label, results[label], flush=True)
    return publish_s, results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, required=True, help="a build folder")
    parser.add_argument("--result", type=Path, help="write RESULT.md and RESULT.json")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--timeout", type=int, default=60, help="seconds per Virtuoso query")
    parser.add_argument(
        "--dataset",
        choices=("project", "server"),
        default="project",
        help="Virtuoso's dataset: the project's graphs named in the query, or its default graph",
    )
    parser.add_argument("--buffers", type=int, default=170000, help="Virtuoso NumberOfBuffers")
    parser.add_argument(
        "--threads-per-query",
        type=int,
        default=4,
        help="Virtuoso ThreadsPerQuery (4 in the virtuoso.ini Debian installs)",
    )
    parser.add_argument(
        "--embedded-timeout", type=float, default=600, help="seconds per embedded query run"
    )
    parser.add_argument("--only", nargs="*", default=[], help="these queries only")
    parser.add_argument(
        "--variant",
        action="append",
        default=[],
        type=_variant,
        metavar="KEY=VALUE",
        help="run each query that takes parameter KEY once per value given (repeatable)",
    )
    parser.add_argument("--embedded-child", metavar="QUERY", help=argparse.SUPPRESS)
    parser.add_argument("--child-params", default="{}", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.embedded_child:
        return embedded_child(args.out, args.embedded_child, json.loads(args.child_params))
    binary = shutil.which("virtuoso-t")
    if binary is None:
        raise SystemExit("virtuoso-t not found: apt-get install virtuoso-opensource")
    folder = Path(tempfile.mkdtemp(prefix="sdgkg-virtuoso-"))
    try:
        server, base = start_server(
            binary, folder, args.buffers, args.threads_per_query, args.timeout
        )
        try:
            publish_s, results = measure(base, args)
        finally:
            stop(server)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    quads = len(open_store(args.out))
    text = report_text(results, quads, publish_s, args)
    print(text)
    if args.result:
        args.result.with_suffix(".md").write_text(text, encoding="utf-8")
        payload = {"quads": quads, "publish_seconds": publish_s, "queries": results}
        args.result.with_suffix(".json").write_text(
            json.dumps(payload, indent=1, sort_keys=True) + "\n", encoding="utf-8"
        )
    return 0


def _cell(part: dict[str, object]) -> str:
    if "error" in part:
        return "refused or stopped"
    return f"{part['slowest']:.2f} / {part['median']:.2f}"


DATASETS = {
    "project": "the project's named graphs, named in the query (FROM, FROM NAMED)",
    "server": "the server's default graph (every graph it holds)",
}


def report_text(
    results: dict[str, dict[str, object]], quads: int, publish_s: float, args: argparse.Namespace
) -> str:
    """The results as Markdown, in library order."""
    lines = [
        "# The query library on Virtuoso 7 and on the embedded store",
        "",
        f"Build `{args.out}` ({quads:,} quads), published to Virtuoso in {publish_s} s. "
        f"{args.repeats} runs per query on each engine, slowest / median in seconds (first run "
        f"included); Virtuoso through HTTP and SPARQL-JSON, time limit {args.timeout} s, query "
        "cost limit off, the query engine's settings those of the virtuoso.ini Debian installs "
        f"with ThreadsPerQuery {args.threads_per_query}; "
        "the embedded store in a process per run (store opening not counted), "
        f"stopped after {args.embedded_timeout:g} s. "
        "Command: `python benchmarks/virtuoso_queries.py " + " ".join(sys.argv[1:]) + "`.",
        "",
        f"Virtuoso's dataset: {DATASETS[args.dataset]}. Same rows: every Virtuoso run gave the "
        "embedded store's rows, as values (booleans as 0/1, lists of codes in any order); "
        "`varies` when Virtuoso's runs disagreed with each other.",
        "",
        "| query | rows (embedded) | rows (Virtuoso) | embedded s | Virtuoso s | same rows |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for name, entry in results.items():
        embedded = entry["embedded"]
        virtuoso = entry["virtuoso"]
        assert isinstance(embedded, dict) and isinstance(virtuoso, dict)
        theirs = virtuoso.get("digests") or []
        assert isinstance(theirs, list)
        if len(theirs) > 1:
            same = "no (varies)"
        else:
            same = "yes" if theirs and theirs == embedded.get("digests") else "no"
        rows = [str(part.get("rows")) for part in (embedded, virtuoso)]
        cells = [f"`{name}`", *rows, _cell(embedded), _cell(virtuoso), same]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
