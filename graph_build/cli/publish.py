"""``sdgkg publish``: load the build's named graphs into a remote triple store and verify them."""

from __future__ import annotations

from pathlib import Path

import click

from graph_build.cli.common import auth_option, handle_errors, out_option
from graph_build.sparql.remote import (
    DEFAULT_BATCH,
    DEFAULT_TIMEOUT,
    PASSWORD_VARIABLE,
    credentials_from_env,
    publish,
)


@click.command("publish")
@click.option(
    "--endpoint", required=True, help="SPARQL query endpoint of the store (http or https)."
)
@click.option(
    "--store-endpoint",
    default=None,
    help=(
        "SPARQL 1.1 Graph Store HTTP Protocol address (graphs are sent with PUT and POST; "
        "alone, each graph is replaced in place)."
    ),
)
@click.option(
    "--update-endpoint",
    default=None,
    help=(
        "SPARQL 1.1 Update address: graphs are loaded into temporary graphs (through "
        "--store-endpoint when given) and swapped in with MOVE, so an interrupted publish "
        "changes no graph."
    ),
)
@click.option(
    "--user", default=None, help=f"User name; the password comes from {PASSWORD_VARIABLE}."
)
@auth_option("How the query endpoint asks for credentials (Virtuoso: digest).")
@out_option("Build folder holding the store.")
@click.option(
    "--batch-size",
    type=int,
    default=DEFAULT_BATCH,
    show_default=True,
    help="Triples per request.",
)
@click.option(
    "--drop-stale",
    is_flag=True,
    help="Also drop project graphs on the server that the build no longer has.",
)
@click.option("--timeout", type=float, default=DEFAULT_TIMEOUT, show_default=True, help="Seconds.")
@handle_errors
def publish_command(
    endpoint: str,
    store_endpoint: str | None,
    update_endpoint: str | None,
    user: str | None,
    auth: str,
    out: Path,
    batch_size: int,
    drop_stale: bool,
    timeout: float,
) -> None:
    """Load every named graph into a remote triple store, replacing each one, and verify it."""
    report = publish(
        endpoint,
        out=out,
        store_endpoint=store_endpoint,
        update_endpoint=update_endpoint,
        credentials=credentials_from_env(user, auth),
        batch_size=batch_size,
        drop_stale=drop_stale,
        timeout=timeout,
        progress=lambda message: click.echo(message, err=True),
    )
    click.echo("triples per graph (local = server):")
    for count in report.counts:
        click.echo(f"  {count.remote:>7}  {count.graph}")
    for graph in report.stale:
        verb = "dropped" if report.dropped_stale else "left on the server (use --drop-stale)"
        click.echo(f"note: {graph} is not in the build: {verb}")
    click.echo(f"published {sum(c.local for c in report.counts)} triples to {endpoint}")
