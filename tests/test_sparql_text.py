"""Parameters for remote endpoints travel as an inline VALUES block of RDF terms: the block lands
in the WHERE group whatever the query's comments, strings and IRIs hold, and a value carrying
SPARQL syntax stays a value."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph_build.errors import SdgkgError
from graph_build.sparql.query import bindings, library, run_spec
from graph_build.sparql.text import has_dataset_clause, inline_values, where_brace, with_dataset
from graph_build.store.embedded import open_store

from .conftest import MONITORED_QUERIES

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


def test_values_go_into_sub_selects_that_project_the_variable() -> None:
    query = (
        "SELECT ?s ?label WHERE {\n"
        "  { SELECT ?s WHERE { ?s <http://example.org/label> ?any } }\n"
        "  { SELECT ?label WHERE { ?other <http://example.org/label> ?label } }\n"
        "  { SELECT (STR(?x) AS ?s) ?x WHERE { ?x <http://example.org/label> ?l } }\n"
        "  { SELECT * WHERE { ?s <http://example.org/label> ?label } }\n"
        "}"
    )
    value = ox.NamedNode(EX + "c")
    bound = inline_values(query, {ox.Variable("s"): value})
    block = "VALUES (?s) { (<http://example.org/c>) }"
    parts = bound.split(block)
    # the top-level group, the first sub-select and SELECT *; not ?label's, not (… AS ?s)'s
    assert len(parts) == 4
    assert parts[0].rstrip().endswith("WHERE {")
    assert parts[1].rstrip().endswith("SELECT ?s WHERE {")
    assert parts[2].rstrip().endswith("SELECT * WHERE {")
    assert "?other" in parts[2] and "STR(?x) AS ?s" in parts[2]


def library_params() -> list[tuple[str, str, str]]:
    """Every optional parameter of the library whose value is a row's value, with a value the
    seeds hold (a required one has no unbound answer to compare with, and a one-of parameter
    chooses the subject of a ranking rather than selecting rows)."""
    examples = {
        "city": "kanazawa",
        "sdg-goal": "11",
        "sdg-target": "11.2",
        "iri": "https://w3id.org/sdgkg/id/kanazawa/kpi/greenhouse-gas-emissions",
    }
    # only Komatsu's plan states synergies; the stakeholder is Kanazawa's council
    chosen = {
        ("synergies", "city"): "komatsu",
        ("city_comparison", "city_b"): "komatsu",  # city_a is Kanazawa
        ("goals_per_stakeholder", "stakeholder_iri"): (
            "https://w3id.org/sdgkg/id/org/kanazawa-womens-advancement-council"
        ),
    }
    return [
        (spec.name, param.name, chosen.get((spec.name, param.name), examples[param.type]))
        for spec in library()
        for param in spec.params
        if param.type in examples
        and param.name != "property"
        and not param.required
        and not param.one_of
    ]


@pytest.mark.parametrize(("name", "param", "value"), library_params())
@pytest.mark.slow  # builds the graph it reads through request.getfixturevalue
def test_a_bound_query_answers_the_unbound_rows_for_that_value(
    name: str, param: str, value: str, request: pytest.FixtureRequest
) -> None:
    """Binding a parameter (VALUES at the top and in sub-selects) only selects rows, in order."""
    built = request.getfixturevalue(
        "monitored_build" if name in MONITORED_QUERIES else "project_build"
    )
    store = open_store(built.out)
    spec = next(s for s in library() if s.name == name)
    variable = next(p.variable for p in spec.params if p.name == param)
    required = spec.required_examples()  # the answer to select from needs them bound too
    term = bindings(spec, {**required, param: value})[ox.Variable(variable)]
    everything = run_spec(store, spec, required)
    bound = run_spec(store, spec, {**required, param: value})
    expected = [row for row in everything.rows if row[variable] == term]
    assert bound.variables == everything.variables
    assert bound.rows == expected
    assert expected, f"{name}: no row for {param}={value}; choose a value the seeds hold"


def test_values_go_into_union_branches_joined_to_the_binding_group() -> None:
    query = (
        "SELECT ?s WHERE {\n"
        "  { ?s <http://example.org/a> ?x } UNION { ?s <http://example.org/b> ?x }\n"
        "  OPTIONAL { { ?s <http://example.org/c> ?y } UNION { ?s <http://example.org/d> ?y } }\n"
        "  { SELECT ?t WHERE { { ?s <http://example.org/e> ?t } UNION { ?t ?p ?s } } }\n"
        "}"
    )
    bound = inline_values(query, {ox.Variable("s"): ox.NamedNode(EX + "c")})
    block = "VALUES (?s) { (<http://example.org/c>) }"
    parts = bound.split(block)
    # the top-level group and both joined branches; not the optional ones, not the sub-select's
    assert len(parts) == 4
    assert parts[1].rstrip().endswith("{") and "example.org/a" in parts[2]
    assert "example.org/b" in parts[3] and "example.org/d" in parts[3]


def two_graph_store() -> ox.Store:
    store = ox.Store()
    for name in ("g1", "g2", "g3"):
        graph = ox.NamedNode(EX + name)
        store.add(ox.Quad(ox.NamedNode(EX + name + "#s"), ox.NamedNode(EX + "in"), graph, graph))
    return store


@pytest.mark.parametrize(
    "query",
    [
        "# WHERE { in a comment\nSELECT ?where WHERE { ?s <http://example.org/in> ?where }",
        "SELECT ?where { ?s <http://example.org/in> ?where }",
        "SELECT ?where WHERE { { SELECT ?where WHERE { ?s <http://example.org/in> ?where } } }",
    ],
)
def test_dataset_in_the_text_is_the_dataset_the_store_reads(query: str) -> None:
    graphs = [EX + "g1", EX + "g3"]
    text = with_dataset(query, graphs)
    assert has_dataset_clause(text) and text.count("FROM <") == 2
    rows = sorted(r["where"].value for r in two_graph_store().query(text))
    assert rows == graphs
    named = with_dataset("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", graphs)
    assert named.count("FROM NAMED") == 2
    assert sorted(r["g"].value for r in two_graph_store().query(named)) == graphs


def test_a_query_without_graph_patterns_names_no_graphs() -> None:
    # a GRAPH in a comment, a string or an IRI is no graph pattern
    query = '# GRAPH\nSELECT ?s WHERE { ?s <http://example.org/GRAPH> "GRAPH" }'
    assert "FROM NAMED" not in with_dataset(query, [EX + "g1"])
    assert with_dataset("SELECT * { graph ?g { ?s ?p ?o } }", [EX + "g1"]).count("FROM NAMED") == 1


def test_dataset_goes_after_a_construct_template() -> None:
    text = with_dataset("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", [EX + "g2"])
    triples = list(two_graph_store().query(text))
    assert [t.object.value for t in triples] == [EX + "g2"]


def test_a_query_with_its_own_dataset_or_a_graph_that_is_no_iri_is_refused() -> None:
    with pytest.raises(SdgkgError, match="its own dataset"):
        with_dataset("SELECT * FROM <http://g> WHERE { ?s ?p ?o }", [EX + "g1"])
    with pytest.raises(SdgkgError, match="not an IRI"):
        with_dataset("SELECT * WHERE { ?s ?p ?o }", ["http://x/> } SELECT * { ?s ?p ?o"])
