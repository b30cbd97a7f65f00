"""Parameters for remote endpoints travel as an inline VALUES block of RDF terms: the block lands
in the WHERE group whatever the query's comments, strings and IRIs hold, and a value carrying
SPARQL syntax stays a value."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph_build.build import BuildResult
from graph_build.errors import SdgkgError
from graph_build.query import bindings, library, run_spec
from graph_build.sparql_text import has_dataset_clause, inline_values, where_brace
from graph_build.store import open_store

EX = "http://example.org/"


def small_store() -> ox.Store:
    store = ox.Store()
    for s, label in (("a", "alpha"), ("b", 'be"ta } #'), ("c", "gamma")):
        store.add(ox.Quad(ox.NamedNode(EX + s), ox.NamedNode(EX + "label"), ox.Literal(label)))
    return store


def test_values_go_after_the_where_brace_not_into_comments_strings_or_iris() -> None:
    query = (
        "# WHERE { in a comment\n"
        "PREFIX where: <http://example.org/WHERE/>\n"
        'SELECT ?where ?label (CONCAT("WHERE {", ?label) AS ?x)\n'
        "WHERE { ?s <http://example.org/label> ?label }"
    )
    brace = where_brace(query)
    assert query[brace] == "{" and query[:brace].rstrip().endswith("WHERE")
    bound = inline_values(query, {ox.Variable("label"): ox.Literal("alpha")})
    rows = list(small_store().query(bound))
    assert [r["label"].value for r in rows] == ["alpha"]


def test_query_without_where_keyword() -> None:
    query = "SELECT * { ?s <http://example.org/label> ?label }"
    bound = inline_values(query, {ox.Variable("s"): ox.NamedNode(EX + "c")})
    assert [r["label"].value for r in small_store().query(bound)] == ["gamma"]


@pytest.mark.parametrize(
    "value",
    ['x" } } ; DROP ALL ; SELECT * { ?s ?p ?o', 'alpha" . } # ', 'be"ta } #', "\\u0022 } #"],
)
def test_a_value_with_sparql_syntax_is_searched_for_not_run(value: str) -> None:
    query = "SELECT ?s ?label WHERE { ?s <http://example.org/label> ?label }"
    bound = inline_values(query, {ox.Variable("label"): ox.Literal(value)})
    rows = [r["s"].value for r in small_store().query(bound)]
    assert rows == ([EX + "b"] if value == 'be"ta } #' else [])


def test_dataset_clause_detection() -> None:
    assert has_dataset_clause("SELECT * FROM <http://g> WHERE { ?s ?p ?o }")
    assert has_dataset_clause("select * from named <http://g> { graph ?g { ?s ?p ?o } }")
    assert not has_dataset_clause('SELECT * WHERE { ?s ?p "FROM" }')
    assert not has_dataset_clause("# FROM here\nSELECT ?from WHERE { ?from ?p ?o }")
    assert not has_dataset_clause("PREFIX from: <http://x/> SELECT * WHERE { ?s from:p ?o }")


def test_no_where_group_is_an_error() -> None:
    with pytest.raises(SdgkgError):
        inline_values("ASK", {ox.Variable("x"): ox.Literal("1")})


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("stakeholders", {"city": "komatsu"}),
        ("target_partners", {"target": "11.2"}),
        ("goal_coverage", {"goal": "11", "city": "kanazawa"}),
        ("city_comparison", {"city_a": "kanazawa", "city_b": "komatsu"}),
        ("search_labels", {"text": "森林"}),
        (
            "provenance",
            {"entity": "https://w3id.org/sdgkg/id/kanazawa/kpi/greenhouse-gas-emissions"},
        ),
    ],
)
def test_inline_values_answer_like_initial_bindings(
    name: str, params: dict[str, str], project_build: BuildResult
) -> None:
    """What remote endpoints get (VALUES) answers as the local store's initial bindings do."""
    store = open_store(project_build.out)
    spec = next(s for s in library() if s.name == name)
    local = run_spec(store, spec, params)
    text = inline_values(spec.text, bindings(spec, params))
    solutions = store.query(text, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    inline = [[str(s[v]) if s[v] is not None else "" for v in local.variables] for s in solutions]
    expected = [[str(t) if t is not None else "" for t in row.values()] for row in local.rows]
    assert local.rows and sorted(inline) == sorted(expected)
