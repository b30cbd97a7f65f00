"""``sdgkg query``: run a library query (or any .rq file) on the build or a SPARQL endpoint.

Kept light: a query on the build needs pyoxigraph and the query library, nothing more.
"""

from __future__ import annotations

from pathlib import Path

import click

from graph_build.cli.common import auth_option, format_option, handle_errors, out_option
from graph_build.sparql.query import (
    FORMATS,
    format_library,
    format_result,
    library,
    parse_params,
    resolve_query,
    run_spec,
)
from graph_build.store.embedded import open_store


@click.command("query")
@click.argument("name_or_path", required=False)
@click.option(
    "--list",
    "list_queries",
    is_flag=True,
    help="List the library's queries (name, title, parameters) and exit.",
)
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind a query parameter (repeatable).",
)
@format_option(FORMATS, "table")
@out_option("Build folder holding the store.")
@click.option("--endpoint", default=None, help="Run on this SPARQL endpoint instead of the build.")
@click.option(
    "--graph",
    "graphs",
    multiple=True,
    metavar="IRI",
    help="With --endpoint: query these named graphs (default: every project graph it holds).",
)
@click.option("--user", default=None, help="With --endpoint: user name (password: SDGKG_PASSWORD).")
@auth_option()
@handle_errors
def query_command(
    name_or_path: str | None,
    list_queries: bool,
    params: tuple[str, ...],
    fmt: str,
    out: Path,
    endpoint: str | None,
    graphs: tuple[str, ...],
    user: str | None,
    auth: str,
) -> None:
    """Run queries/NAME.rq (or any .rq file) against the built graph or a SPARQL endpoint."""
    if list_queries:
        click.echo(format_library(library()), nl=False)
        return
    if name_or_path is None:
        raise click.UsageError("give a query name or .rq file, or --list to see the library")
    spec = resolve_query(name_or_path)
    if endpoint:
        # Imported here: the HTTP client is only needed for a remote endpoint.
        from graph_build.sparql.remote import credentials_from_env, run_remote

        result = run_remote(
            spec,
            endpoint,
            parse_params(params),
            graphs=list(graphs) or None,
            credentials=credentials_from_env(user, auth),
        )
    else:
        result = run_spec(open_store(out), spec, parse_params(params))
    click.echo(format_result(result, fmt), nl=False)
