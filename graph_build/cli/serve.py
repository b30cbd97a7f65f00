"""``sdgkg serve``: the built graph as a read-only SPARQL endpoint with a query page."""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from types import FrameType

import click

from graph_build.cli.common import handle_errors, out_option
from graph_build.serve.server import DEFAULT_PORT, DEFAULT_TIMEOUT, make_server


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
    help="Queries answered at the same time (one process each).",
)
@click.option(
    "--in-memory",
    is_flag=True,
    help="Answer from an in-memory copy of the store in each worker: queries 2-4x faster, "
    "for about 450 bytes of memory per quad per worker and a slower start.",
)
@click.option("--quiet", is_flag=True, help="Do not log each request.")
@handle_errors
def serve_command(
    host: str, port: int, out: Path, timeout: float, workers: int, in_memory: bool, quiet: bool
) -> None:
    """Serve the built graph as a read-only SPARQL endpoint with a query page."""
    if in_memory:
        click.echo(f"copying the store into memory ({workers} worker(s)) …", err=True)
    server = make_server(
        out,
        host,
        port,
        timeout=timeout,
        workers=workers,
        quiet=quiet,
        in_memory=in_memory,
    )

    def stop(_signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    click.echo(f"SPARQL endpoint: {server.base_url}sparql", nl=True)
    click.echo(f"query page / クエリ画面: {server.base_url}  (Ctrl-C stops)")
    sys.stdout.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        server.pool.close()
