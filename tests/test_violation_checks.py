"""The checks in queries/checks/ find nothing on the project graph and find the damage done to a
deliberately broken copy of it (one SPARQL Update per check in fixtures/broken_graphs/)."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib.namespace import RDFS

from graph_build.build import BuildResult
from graph_build.errors import SdgkgError
from graph_build.sparql.query import QuerySpec, parse_spec, run_spec
from graph_build.store.embedded import open_store
from graph_build.validate.checks import CHECKS_DIR, run_checks, scoped, violation_checks

BROKEN = Path(__file__).parent / "fixtures" / "broken_graphs"
CHECKS = violation_checks()


@pytest.fixture(scope="module")
def store(project_build: BuildResult) -> ox.Store:
    return open_store(project_build.out)


def broken_copy(project_build: BuildResult, update: str) -> ox.Store:
    """An in-memory copy of the project graph with one deliberate defect."""
    copy = ox.Store()
    copy.bulk_load(path=str(project_build.out / "sdgkg.nq"), format=ox.RdfFormat.N_QUADS)
    copy.update(update)
    return copy


def test_there_are_checks_and_each_has_a_breaking_update() -> None:
    assert len(CHECKS) >= 5
    names = {spec.name for spec in CHECKS}
    assert names == {p.stem for p in BROKEN.glob("*-violation.ru")}
    assert all(p.name.endswith("-violation.rq") for p in CHECKS_DIR.glob("*.rq"))


@pytest.mark.parametrize("spec", CHECKS, ids=lambda s: s.name)
def test_check_is_documented(spec: QuerySpec) -> None:
    assert spec.title and spec.description and spec.question_en and spec.question_ja
    assert spec.columns and not spec.params


def test_no_violations_on_the_project_graph(store: ox.Store) -> None:
    outcomes = run_checks(store)
    found = {o.spec.name: o.result.plain_rows()[:3] for o in outcomes if not o.ok}
    assert found == {}
    assert all(o.result.variables == o.spec.columns for o in outcomes)


@pytest.mark.parametrize("spec", CHECKS, ids=lambda s: s.name)
def test_check_finds_its_defect(spec: QuerySpec, project_build: BuildResult) -> None:
    update = (BROKEN / f"{spec.name}.ru").read_text(encoding="utf-8")
    broken = broken_copy(project_build, update)
    rows = run_spec(broken, spec).plain_rows()
    assert rows, f"{spec.name} found nothing on a graph broken by {spec.name}.ru"
    # the defect is reported where it was made (the update's "# expect:" line names it)
    expected = next(
        line.split(":", 1)[1].strip()
        for line in update.splitlines()
        if line.startswith("# expect:")
    )
    assert any(expected in cell for row in rows for cell in row)
    # each defect trips its own check only, so a check cannot pass by luck of another
    for other in CHECKS:
        if other.name != spec.name:
            assert not run_spec(broken, other).rows, f"{spec.name}.ru also trips {other.name}"


def test_undefined_terms_are_found_as_property_and_as_class(project_build: BuildResult) -> None:
    """The check groups the terms before it tests their namespace: a property and a class
    that the ontology lacks are both reported, each with how it is used."""
    broken = broken_copy(
        project_build,
        """PREFIX sdgkg: <https://w3id.org/sdgkg/ontology#>
        INSERT DATA { GRAPH <https://w3id.org/sdgkg/graph/kanazawa/future-city-plan-2023> {
          <https://w3id.org/sdgkg/id/kanazawa> sdgkg:hasTypo "x" ; a sdgkg:TypoClass .
        } }""",
    )
    spec = next(s for s in CHECKS if s.name == "undefined-term-violation")
    assert run_spec(broken, spec).plain_rows() == [
        ["https://w3id.org/sdgkg/ontology#TypoClass", "class"],
        ["https://w3id.org/sdgkg/ontology#hasTypo", "property"],
    ]


def test_checks_side_by_side_give_what_one_process_gives(project_build: BuildResult) -> None:
    """In worker processes (what a large build does) every check reads the same store and
    gives the same rows, in the same order, as run one after the other; broken or not."""
    from graph_build.store.embedded import STORE_DIR

    folder = project_build.out / STORE_DIR
    store = ox.Store.read_only(str(folder))
    serial = run_checks(store)
    parallel = run_checks(store, folder=folder, workers=2)
    assert [o.spec.name for o in parallel] == [o.spec.name for o in serial]
    assert [o.result.rows for o in parallel] == [o.result.rows for o in serial]


KPI = "https://w3id.org/sdgkg/id/kanazawa/kpi/greenhouse-gas-emissions"
A_GRAPH = "https://w3id.org/sdgkg/graph/kanazawa/mirai-scenario"


def check(name: str) -> QuerySpec:
    return next(s for s in CHECKS if s.name == name)


def test_conflicting_labels_are_reported_as_every_pair(project_build: BuildResult) -> None:
    """Three English labels on one entity are three pairs, each once, in string order; the
    entity's Japanese labels, still one, give no row."""
    broken = broken_copy(
        project_build,
        f"""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        INSERT DATA {{ GRAPH <{A_GRAPH}> {{
          <{KPI}> rdfs:label "GHG emissions"@en, "Emissions of greenhouse gases"@en .
        }} }}""",
    )
    english = sorted(
        q.object.value
        for q in broken.quads_for_pattern(ox.NamedNode(KPI), ox.NamedNode(str(RDFS.label)), None)
        if isinstance(q.object, ox.Literal) and q.object.language == "en"
    )
    assert len(set(english)) == 3
    expected = [[KPI, "en", a, b] for a, b in combinations(sorted(set(english)), 2)]
    rows = run_spec(broken, check("conflicting-label-violation")).plain_rows()
    assert sorted(rows) == sorted(expected)


def test_missing_label_counts_only_literal_labels(project_build: BuildResult) -> None:
    """An entity whose English label is replaced by an IRI still lacks an English label, and
    one without its Japanese label lacks that language only."""
    broken = broken_copy(
        project_build,
        f"""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        DELETE {{ GRAPH ?g {{ <{KPI}> rdfs:label ?label }} }}
        WHERE {{ GRAPH ?g {{ <{KPI}> rdfs:label ?label }} FILTER(lang(?label) = "en") }} ;
        INSERT DATA {{ GRAPH <{A_GRAPH}> {{ <{KPI}> rdfs:label <http://example.org/x> }} }}""",
    )
    rows = run_spec(broken, check("missing-label-violation")).plain_rows()
    assert [(row[0], row[2]) for row in rows] == [(KPI, "en")]
    broken.update(
        f"""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        DELETE {{ GRAPH ?g {{ <{KPI}> rdfs:label ?label }} }}
        WHERE {{ GRAPH ?g {{ <{KPI}> rdfs:label ?label }} FILTER(lang(?label) = "ja") }}"""
    )
    rows = run_spec(broken, check("missing-label-violation")).plain_rows()
    assert sorted((row[0], row[2]) for row in rows) == [(KPI, "en"), (KPI, "ja")]


def changed_subjects_of(project_build: BuildResult, broken: ox.Store) -> tuple[str, ...]:
    """The IRIs that are the subject of a statement the broken copy added or removed."""
    whole = broken_copy(project_build, "")

    def named(store: ox.Store) -> set[ox.Quad]:
        # each load names the ontology's blank nodes afresh; no damage touches them
        return {
            q
            for q in store.quads_for_pattern(None, None, None, None)
            if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)
        }

    subjects = {q.subject for q in named(whole) ^ named(broken)}
    assert subjects and all(isinstance(s, ox.NamedNode) for s in subjects)
    return tuple(sorted(s.value for s in subjects))  # type: ignore[union-attr]


SCOPED = [spec for spec in CHECKS if spec.changed_subjects]
BREAKING = {
    **{p.stem: p.read_text(encoding="utf-8") for p in sorted(BROKEN.glob("*-violation.ru"))},
    "three-english-labels": f"""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        INSERT DATA {{ GRAPH <{A_GRAPH}> {{ <{KPI}> rdfs:label "a"@en, "b"@en }} }}""",
    "iri-for-a-label": f"""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        DELETE {{ GRAPH ?g {{ <{KPI}> rdfs:label ?label }} }}
        WHERE {{ GRAPH ?g {{ <{KPI}> rdfs:label ?label }} FILTER(lang(?label) != "") }} ;
        INSERT DATA {{ GRAPH <{A_GRAPH}> {{ <{KPI}> rdfs:label <http://example.org/x> }} }}""",
}


def test_there_are_checks_a_rebuild_may_scope() -> None:
    assert {s.name for s in SCOPED} >= {"conflicting-label-violation", "missing-label-violation"}


@pytest.mark.parametrize("damage", sorted(BREAKING))
def test_a_check_bound_to_the_changed_subjects_finds_what_it_finds_whole(
    damage: str, project_build: BuildResult
) -> None:
    """On a graph every check passed, then damaged: each check a rebuild may bind to the
    subjects of the statements added or removed finds, so bound, every row it finds whole."""
    broken = broken_copy(project_build, BREAKING[damage])
    subjects = changed_subjects_of(project_build, broken)
    for spec in SCOPED:
        bound = scoped(spec, subjects)
        assert bound.text != spec.text
        assert run_spec(broken, bound).rows == run_spec(broken, spec).rows, spec.name


def test_a_check_bound_to_other_subjects_finds_nothing(project_build: BuildResult) -> None:
    """The binding does narrow the check: bound to subjects the damage did not touch, it finds
    nothing (so a rebuild that bound it to the wrong subjects would miss the damage)."""
    broken = broken_copy(project_build, BREAKING["conflicting-label-violation"])
    spec = check("conflicting-label-violation")
    assert run_spec(broken, spec).rows
    elsewhere = ("https://w3id.org/sdgkg/id/kanazawa",)
    assert not run_spec(broken, scoped(spec, elsewhere)).rows
    assert run_spec(broken, scoped(spec, changed_subjects_of(project_build, broken))).rows
    assert scoped(spec, None) is spec


def test_no_check_runs_when_no_statement_changed(project_build: BuildResult) -> None:
    """With no subject changed, the graph is the one every check passed, so none is run: even
    on a damaged copy (standing in for that graph) nothing is found, while with the subjects
    unknown every check runs and finds the damage."""
    broken = broken_copy(project_build, BREAKING["conflicting-label-violation"])
    unchanged = run_checks(broken, subjects=())
    assert [o.spec.name for o in unchanged] == [s.name for s in CHECKS]
    assert all(o.ok and o.scoped for o in unchanged)
    assert not all(o.ok for o in run_checks(broken, subjects=None))


def test_changed_subjects_must_name_a_variable_of_the_check(tmp_path: Path) -> None:
    path = tmp_path / "any-violation.rq"
    path.write_text("# changed_subjects: nowhere\nSELECT ?entity WHERE { ?entity ?p ?o }\n")
    with pytest.raises(SdgkgError, match="changed_subjects"):
        parse_spec(path)
