"""``sdgkg serve``: the built graph as a read-only SPARQL endpoint with a query page."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from graph_build.cli.common import handle_errors, out_option
from graph_build.serve.server import DEFAULT_PORT, DEFAULT_TIMEOUT, Limits, make_server
from graph_build.sparql.memory_limit import MIB

DEFAULTS = Limits()


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", type=int, default=DEFAULT_PORT, show_default=True, help="0 picks a free port."
)
@out_option("Build folder holding the store.")
@click.option(
    "--timeout",
    type=float,
    default=DEFAULT_TIMEOUT,
    show_default=True,
    help="Seconds a query may run before it is stopped (HTTP 503).",
)
@click.option(
    "--workers",
    type=int,
    default=2,
    show_default=True,
    help="Queries answered at the same time (one process each); long queries get more.",
)
@click.option(
    "--long-after",
    type=float,
    default=DEFAULTS.long_after,
    show_default=True,
    help="Seconds after which a query counts as long and gets a worker of its own.",
)
@click.option(
    "--max-long-queries",
    type=int,
    default=DEFAULTS.max_long_queries,
    show_default=True,
    help="Long queries that get a worker of their own at once (more keep a shared one).",
)
@click.option(
    "--max-body-bytes",
    type=int,
    default=DEFAULTS.max_body_bytes,
    show_default=True,
    help="Largest request body (HTTP 413).",
)
@click.option(
    "--max-query-chars",
    type=int,
    default=DEFAULTS.max_query_chars,
    show_default=True,
    help="Longest query text (HTTP 400).",
)
@click.option(
    "--max-nesting",
    type=int,
    default=DEFAULTS.max_nesting,
    show_default=True,
    help="Deepest nesting of {…}, (…) and […] in a query (HTTP 400).",
)
@click.option(
    "--max-result-bytes",
    type=int,
    default=DEFAULTS.max_result_bytes,
    show_default=True,
    help="Largest answer (HTTP 400: add LIMIT).",
)
@click.option(
    "--idle-timeout",
    type=int,
    default=DEFAULTS.idle_timeout,
    show_default=True,
    help="Seconds a connection may wait for, or between, requests before it is closed.",
)
@click.option(
    "--body-timeout",
    type=float,
    default=DEFAULTS.body_timeout,
    show_default=True,
    help="Seconds a request body may take to arrive (HTTP 408).",
)
@click.option(
    "--max-connections",
    type=int,
    default=DEFAULTS.max_connections,
    show_default=True,
    help="Connections and requests at once; more are answered HTTP 503.",
)
@click.option(
    "--max-query-memory",
    type=click.IntRange(min=16),
    default=None,
    metavar="MIB",
    help="Memory in MiB a query may use before it is stopped (HTTP 503) [default: half of "
    "physical memory split among --workers and --max-long-queries; Linux only].",
)
@click.option(
    "--in-memory",
    is_flag=True,
    help="Answer from an in-memory copy of the store in each worker: queries 2-4x faster, "
    "for about 450 bytes of memory per quad per worker and a slower start.",
)
@click.option("--quiet", is_flag=True, help="Do not log each request (refusals are logged).")
@handle_errors
def serve_command(
    host: str,
    port: int,
    out: Path,
    timeout: float,
    workers: int,
    long_after: float,
    max_long_queries: int,
    max_body_bytes: int,
    max_query_chars: int,
    max_nesting: int,
    max_result_bytes: int,
    idle_timeout: int,
    body_timeout: float,
    max_connections: int,
    max_query_memory: int | None,
    in_memory: bool,
    quiet: bool,
) -> None:
    """Serve the built graph as a read-only SPARQL endpoint with a query page."""
    logging.basicConfig(
        stream=sys.stderr, level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s"
    )
    if in_memory:
        click.echo(f"copying the store into memory ({workers} worker(s)) …", err=True)
    limits = Limits(
        max_body_bytes=max_body_bytes,
        max_query_chars=max_query_chars,
        max_nesting=max_nesting,
        max_result_bytes=max_result_bytes,
        idle_timeout=idle_timeout,
        body_timeout=body_timeout,
        max_connections=max_connections,
        long_after=long_after,
        max_long_queries=max_long_queries,
        max_query_memory=None if max_query_memory is None else max_query_memory * MIB,
    )
    server = make_server(
        out,
        host,
        port,
        timeout=timeout,
        workers=workers,
        quiet=quiet,
        in_memory=in_memory,
        limits=limits,
    )
    click.echo(f"SPARQL endpoint: {server.base_url}sparql", nl=True)
    click.echo(f"query page / クエリ画面: {server.base_url}  (Ctrl-C stops)")
    sys.stdout.flush()
    try:
        server.serve_forever()  # uvicorn stops on SIGINT and SIGTERM
    finally:
        server.server_close()
