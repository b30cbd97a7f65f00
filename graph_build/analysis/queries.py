"""The analysis's own SPARQL: ``queries/analysis/*.rq``, run through the query library.

The files carry the same header as every library query (title, description, questions, columns),
so the tests that parse and run the library run them too; parameters, where a query has any, are
bound as RDF terms by :func:`graph_build.sparql.query.run_spec`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache

import pyoxigraph as ox

from graph_build.errors import SdgkgError
from graph_build.paths import QUERIES_DIR
from graph_build.sparql.query import QuerySpec, library, parse_spec, plain, run_spec

ANALYSIS_QUERIES_DIR = QUERIES_DIR / "analysis"


def analysis_queries() -> list[QuerySpec]:
    """Every query of the analysis, sorted by name."""
    return library(ANALYSIS_QUERIES_DIR)


@cache
def analysis_query(name: str) -> QuerySpec:
    """The analysis query ``queries/analysis/NAME.rq``, parsed once."""
    path = ANALYSIS_QUERIES_DIR / f"{name}.rq"
    if not path.is_file():
        known = ", ".join(spec.name for spec in analysis_queries())
        raise SdgkgError(
            f"{path}: no such analysis query (known: {known}); reinstall sdgkg if a file is missing"
        )
    return parse_spec(path)


def query_rows(
    store: ox.Store, name: str, params: Mapping[str, str] | None = None
) -> Iterator[dict[str, str]]:
    """Run an analysis query over the union graph; each row as plain strings ('' if unbound)."""
    result = run_spec(store, analysis_query(name), params)
    for row in result.rows:
        yield {variable: plain(row.get(variable)) for variable in result.variables}


def sorted_query_rows(store: ox.Store, name: str) -> list[dict[str, str]]:
    """:func:`query_rows` sorted by every column, so the order never depends on the store."""
    return sorted(query_rows(store, name), key=lambda r: tuple(sorted(r.items())))
