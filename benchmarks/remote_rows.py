"""One library query on a SPARQL endpoint beside the embedded store: rows, time, differences.

For a server that already holds a build (``sdgkg publish``), such as a Virtuoso started with a
longer ``MaxQueryExecutionTime`` than ``virtuoso_queries.py`` gives it: runs the query once on
the build's store (in this process, store opening not counted) and once on the endpoint, with
the project's graphs named in the query as ``sdgkg query --endpoint`` names them, and compares
the rows as values (``comparable_rows``). Prints both times and row counts and, when the rows
differ, how many each engine alone gave and a few of them; exits 1 when they differ or the
endpoint fails.

    .venv/bin/python benchmarks/remote_rows.py --out /tmp/v300/dist-300 \\
        --endpoint http://127.0.0.1:8890/sparql initiatives
    .venv/bin/python benchmarks/remote_rows.py --out /tmp/v300/dist-300 \\
        --endpoint http://127.0.0.1:8890/sparql partner_candidates target=11.2
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from graph_build.errors import SdgkgError
from graph_build.sparql.query import parse_params, resolve_query, run_spec
from graph_build.sparql.remote import comparable_rows, run_remote
from graph_build.store.embedded import open_build


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, required=True, help="the build the server holds")
    parser.add_argument("--endpoint", required=True, help="the server's SPARQL endpoint")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds to wait for it")
    parser.add_argument("--show", type=int, default=3, help="differing rows to print per side")
    parser.add_argument("query", help="a library query's name or a .rq file")
    parser.add_argument("params", nargs="*", metavar="KEY=VALUE")
    args = parser.parse_args(argv)
    spec = resolve_query(args.query)
    params = parse_params(args.params)

    store, labels = open_build(args.out)
    start = time.perf_counter()
    local = run_spec(store, spec, params, labels=labels)
    print(f"embedded: {len(local.rows)} rows in {time.perf_counter() - start:.2f} s", flush=True)

    start = time.perf_counter()
    try:
        remote = run_remote(spec, args.endpoint, params, timeout=args.timeout)
    except SdgkgError as exc:
        seconds = time.perf_counter() - start
        print(f"endpoint: failed after {seconds:.1f} s: {' '.join(str(exc).split())[:300]}")
        return 1
    print(f"endpoint: {len(remote.rows)} rows in {time.perf_counter() - start:.2f} s")

    ours = Counter(comparable_rows(local, booleans_as_numbers=True))
    theirs = Counter(comparable_rows(remote, booleans_as_numbers=True))
    if ours == theirs:
        print("same rows")
        return 0
    for side, only in (("embedded", ours - theirs), ("endpoint", theirs - ours)):
        print(f"only on the {side}: {only.total()}")
        for row in sorted(only)[: args.show]:
            print("  ", row)
    return 1


if __name__ == "__main__":
    sys.exit(main())
