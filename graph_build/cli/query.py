"""``sdgkg query``: run a library query (or any .rq file) on the build or a SPARQL endpoint.

Kept light: a query on the build needs pyoxigraph and the query library, nothing more.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from graph_build.cli.common import (
    auth_option,
    handle_errors,
    memory_option,
    out_option,
    run_bounded,
)
from graph_build.sparql.pages import DEFAULT_PAGE_SIZE, Page, choose_page, municipality_pages
from graph_build.sparql.query import (
    FORMATS,
    GRAPH_FORMATS,
    STREAMED_FORMATS,
    GraphResult,
    QueryResult,
    QuerySpec,
    format_graph,
    format_library,
    format_result,
    library,
    parse_params,
    resolve_query,
    run_any,
    run_spec,
    stream_select,
)
from graph_build.sparql.text import query_form
from graph_build.store.embedded import open_build
from graph_build.store.label_index import LabelIndex

if TYPE_CHECKING:
    import pyoxigraph as ox


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
@click.option(
    "--page",
    type=click.IntRange(min=1),
    default=None,
    help="A query that lists its rows by municipality (--list marks it 'pages'): answer for "
    "this page of municipalities only, in name order. Without --page, csv, tsv and json give "
    "every page one after the other (the whole answer), table and md the first page.",
)
@click.option(
    "--page-size",
    type=click.IntRange(min=1),
    default=None,
    help="Municipalities per page (default: the query's, shown by --list; "
    f"{DEFAULT_PAGE_SIZE} for most).",
)
@memory_option()
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
    page: int | None,
    page_size: int | None,
    max_memory: int | None,
) -> None:
    """Run queries/NAME.rq (or any .rq file) against the built graph or a SPARQL endpoint.

    On the build the query runs in a child process bounded by --max-memory."""
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
    _check_format(query_form(spec.text), fmt)
    bound = parse_params(params)
    if page is not None and (endpoint or not spec.pages):
        raise click.UsageError(
            f"--page: query '{spec.name}' is answered whole"
            if not endpoint
            else "--page runs on the build; on an endpoint bind --param city instead"
        )
    if not endpoint and spec.pages and spec.pages not in bound:
        size = page_size or spec.page_size
        run_bounded(
            lambda: open_build(out),
            lambda opened: _paged(*opened, spec, bound, fmt, page, size),
            max_memory,
        )
        return
    if endpoint:
        # Imported here: the HTTP client is only needed for a remote endpoint.
        from graph_build.sparql.remote import credentials_from_env, run_remote

        result: QueryResult | GraphResult = run_remote(
            spec,
            endpoint,
            bound,
            graphs=list(graphs) or None,
            credentials=credentials_from_env(user, auth),
        )
        _print(result, fmt)
    else:
        run_bounded(
            lambda: open_build(out),
            lambda opened: _answer(*opened, spec, bound, fmt),
            max_memory,
        )


def _answer(
    store: ox.Store,
    labels: LabelIndex | None,
    spec: QuerySpec,
    params: dict[str, str],
    fmt: str | None,
) -> None:
    """Answer on the build and print."""
    if fmt is not None and fmt in STREAMED_FORMATS and query_form(spec.text) == "SELECT":
        # machine formats go out row by row, as the store answers: a large answer is not held
        stream_select(store, spec, params, fmt, sys.stdout.write, labels=labels)
        return
    _print(run_any(store, spec, params, labels), fmt)


def _print(result: QueryResult | GraphResult, fmt: str | None) -> None:
    """Print an answer held whole: a graph as Turtle or N-Triples, rows in ``fmt``."""
    if isinstance(result, GraphResult):
        click.echo(format_graph(result, fmt or "turtle"), nl=False)
        return
    click.echo(format_result(result, fmt or "table"), nl=False)


def _paged(
    store: ox.Store,
    labels: LabelIndex | None,
    spec: QuerySpec,
    params: dict[str, str],
    fmt: str | None,
    number: int | None,
    size: int,
) -> None:
    """Answer a paged query page by page: one page when asked for, every page in a machine
    format, the first page in a table; say on stderr which municipalities a part covers."""
    pages = municipality_pages(store, size)
    chosen: list[Page | None]
    if number is not None:
        chosen = [choose_page(pages, number)]
    elif fmt in STREAMED_FORMATS or len(pages) <= 1:
        chosen = list(pages) or [None]
    else:
        chosen = [pages[0]]
    if fmt in STREAMED_FORMATS:
        stream_select(store, spec, params, str(fmt), sys.stdout.write, chosen, labels)
    else:
        result = run_spec(store, spec, params, chosen[0], labels)
        click.echo(format_result(result, fmt or "table"), nl=False)
    if number is not None or len(chosen) < len(pages):
        shown = chosen[0]
        assert shown is not None
        following = (
            f"; --page {shown.number + 1} for the next" if shown.number < shown.count else ""
        )
        whole = "" if number is not None else "; --format csv, tsv or json for every page"
        click.echo(f"{spec.name}: {shown.describe()}{following}{whole}", err=True)


def _check_format(form: str, fmt: str | None) -> None:
    """Refuse a row format for a graph (CONSTRUCT, DESCRIBE), a graph format for rows; checked
    before the query runs."""
    if form in ("CONSTRUCT", "DESCRIBE") and fmt in FORMATS:
        raise click.UsageError(
            f"--format {fmt} is for SELECT queries; a CONSTRUCT or DESCRIBE query prints "
            f"as {', '.join(GRAPH_FORMATS)}"
        )
    if form not in ("CONSTRUCT", "DESCRIBE") and fmt in GRAPH_FORMATS:
        raise click.UsageError(
            f"--format {fmt} is for CONSTRUCT and DESCRIBE queries; "
            f"a SELECT query prints as {', '.join(FORMATS)}"
        )
