"""Query results as pandas DataFrames with typed columns, for notebooks.

``QueryResult.to_dataframe()`` keeps every value as text; :func:`query_dataframe` runs a library
query (on the local build or a remote endpoint) and turns numbers, booleans and years into
numbers and booleans, so that ``df.sort_values("weight")`` and plotting work at once::

    from graph_build.sparql.dataframes import query_dataframe
    df = query_dataframe("goal_link_weights", params={"city": "kanazawa"})

Columns take their type from the RDF datatype the query returns: ``xsd:integer`` and ``xsd:gYear``
become ``Int64`` (goal numbers too: the library queries return them as integers, so they sort
1, 2, … 17), ``xsd:decimal`` and ``xsd:double`` become ``float64``, ``xsd:boolean`` becomes
``boolean``; IRIs and text stay text.

A query whose header names ``# per_table:`` columns (``kpis``: ``direction``, the direction whose
KPI table lists the KPI) gives one row per table that lists an entity. By default
(``per_table=False``) :func:`query_dataframe` merges the rows that differ only in those columns
into one, the column holding the sorted list of its values (empty when no table lists it).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from graph_build.sparql.query import QueryResult, resolve_query, run_spec

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGERS = {XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger", "gYear")}
DECIMALS = {XSD + "decimal"}
FLOATS = {XSD + "double", XSD + "float"}


def python_value(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> Any:
    """An RDF term as a Python value: int, Decimal, float, bool, or str (IRIs and text)."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        try:
            if datatype in INTEGERS:
                return int(term.value)
            if datatype in DECIMALS:
                return Decimal(term.value)
            if datatype in FLOATS:
                return float(term.value)
        except ValueError:
            return term.value
        if datatype == XSD + "boolean":
            return term.value in ("true", "1")
    return term.value


def to_typed_dataframe(result: QueryResult) -> pd.DataFrame:
    """A result as a DataFrame whose numeric and boolean columns have numeric and boolean types."""
    import pandas as pd

    rows = [[python_value(row.get(v)) for v in result.variables] for row in result.rows]
    frame = pd.DataFrame(rows, columns=result.variables)
    for column in frame.columns:
        values = [v for v in frame[column] if v is not None]
        if values and all(isinstance(v, Decimal) for v in values):
            frame[column] = frame[column].map(lambda v: None if v is None else float(v))
        if values and all(isinstance(v, bool) for v in values):
            frame[column] = frame[column].astype("boolean")
        elif values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            frame[column] = frame[column].astype("Int64")
    return frame


def query_dataframe(
    name_or_path: str,
    params: Mapping[str, str] | None = None,
    *,
    out: str | os.PathLike[str] | None = None,
    endpoint: str | None = None,
    per_table: bool = False,
) -> pd.DataFrame:
    """Run a library query (or ``.rq`` file) and return a typed DataFrame.

    Without ``endpoint`` the query runs on the build in ``out`` (``str`` or ``Path``; by default
    ``$SDGKG_DIST``, then ``dist`` in the working directory); with it, on that SPARQL endpoint
    (the same answer once the graph is published there).

    With ``per_table=False`` (default), rows that differ only in the query's ``# per_table:``
    columns merge into one row per entity, those columns holding lists; ``per_table=True`` keeps
    one row per table, as ``sdgkg query`` prints them.
    """
    spec = resolve_query(name_or_path)
    if endpoint:
        from graph_build.sparql.remote import run_remote

        result = run_remote(spec, endpoint, params)
    else:
        from graph_build.store.embedded import open_build

        store, labels = open_build(out)
        result = run_spec(store, spec, params, labels=labels)
    frame = to_typed_dataframe(result)
    return frame if per_table else merge_tables(frame, spec.per_table)


def merge_tables(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """One row for the rows that differ only in ``columns``, each of which becomes the sorted
    list of its values (missing values left out), in the first row's place."""
    listed = [c for c in columns if c in frame.columns]
    if not listed or frame.empty:
        return frame
    keys = [c for c in frame.columns if c not in listed]
    groups: dict[tuple[Any, ...], list[int]] = {}
    for position, key in enumerate(frame[keys].itertuples(index=False, name=None)):
        # pandas' missing values are not equal to themselves: one key for all of them
        groups.setdefault(tuple(None if _missing(v) else v for v in key), []).append(position)
    first = [positions[0] for positions in groups.values()]
    merged = frame.iloc[first].reset_index(drop=True).copy()
    for column in listed:
        values = frame[column].tolist()
        merged[column] = [
            sorted({values[p] for p in positions if not _missing(values[p])})
            for positions in groups.values()
        ]
    return merged


def _missing(value: Any) -> bool:
    import pandas as pd

    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or other container
        return False
