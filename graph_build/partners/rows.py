"""Recommendations as result rows, printed like a query result (table, csv, json)."""

from __future__ import annotations

import pyoxigraph as ox

from graph_build.partners.scoring import Recommendation
from graph_build.sparql.query import QueryResult

XSD = "http://www.w3.org/2001/XMLSchema#"
COLUMNS = [
    "rank",
    "organisation_iri",
    "organisation",
    "organisation_en",
    "type",
    "sector",
    "score",
    "reasons",
    "reasons_ja",
    "illustrative",
]


def recommendation_rows(recommendations: list[Recommendation]) -> QueryResult:
    """One row per candidate, best first, with its reasons in English and Japanese."""
    rows: list[dict[str, ox.NamedNode | ox.Literal | ox.BlankNode | None]] = []
    for rec in recommendations:
        cand = rec.candidate
        rows.append(
            {
                "rank": ox.Literal(str(rec.rank), datatype=ox.NamedNode(XSD + "integer")),
                "organisation_iri": ox.NamedNode(cand.iri),
                "organisation": ox.Literal(cand.ja, language="ja"),
                "organisation_en": ox.Literal(cand.en, language="en"),
                "type": ox.Literal(cand.type),
                "sector": ox.Literal(rec.sector),
                "score": ox.Literal(f"{rec.score:.2f}", datatype=ox.NamedNode(XSD + "decimal")),
                "reasons": ox.Literal(rec.reasons_text("en"), language="en"),
                "reasons_ja": ox.Literal(rec.reasons_text("ja"), language="ja"),
                "illustrative": ox.Literal(
                    "true" if cand.illustrative else "false",
                    datatype=ox.NamedNode(XSD + "boolean"),
                ),
            }
        )
    return QueryResult(list(COLUMNS), rows)
