"""``sdgkg query``: run a library query (or any .rq file) on the build or a SPARQL endpoint.

Kept light: a query on the build needs pyoxigraph and the query library, nothing more.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from graph_build.cli.common import auth_option, handle_errors, out_option
from graph_build.sparql.query import (
    FORMATS,
    GRAPH_FORMATS,
    STREAMED_FORMATS,
    GraphResult,
    QueryResult,
    format_graph,
    format_library,
    format_result,
    library,
    parse_params,
    resolve_query,
    run_any,
    stream_select,
)
from graph_build.sparql.text import query_form
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
@click.option(
    "--format",
    "fmt",
    type=click.Choice((*FORMATS, *GRAPH_FORMATS)),
    default=None,
    help="How to print the result: table, csv, tsv, json or md for SELECT (default table; "
    "table and md are for reading, the others keep every value as it is), turtle or ntriples "
    "for CONSTRUCT and DESCRIBE (default turtle).",
)
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
    fmt: str | None,
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
    if endpoint and query_form(spec.text) != "SELECT":
        raise click.UsageError(
            "--endpoint runs SELECT queries; run CONSTRUCT, DESCRIBE and ASK on the build"
        )
    if endpoint:
        # Imported here: the HTTP client is only needed for a remote endpoint.
        from graph_build.sparql.remote import credentials_from_env, run_remote

        result: QueryResult | GraphResult = run_remote(
            spec,
            endpoint,
            parse_params(params),
            graphs=list(graphs) or None,
            credentials=credentials_from_env(user, auth),
        )
    elif fmt is not None and fmt in STREAMED_FORMATS and query_form(spec.text) == "SELECT":
        # machine formats go out row by row, as the store answers: a large answer is not held
        stream_select(open_store(out), spec, parse_params(params), fmt, sys.stdout.write)
        return
    else:
        result = run_any(open_store(out), spec, parse_params(params))
    if isinstance(result, GraphResult):
        if fmt in FORMATS:
            raise click.UsageError(
                f"--format {fmt} is for SELECT queries; a CONSTRUCT or DESCRIBE query prints "
                f"as {', '.join(GRAPH_FORMATS)}"
            )
        click.echo(format_graph(result, fmt or "turtle"), nl=False)
        return
    if fmt in GRAPH_FORMATS:
        raise click.UsageError(
            f"--format {fmt} is for CONSTRUCT and DESCRIBE queries; "
            f"a SELECT query prints as {', '.join(FORMATS)}"
        )
    click.echo(format_result(result, fmt or "table"), nl=False)
