"""The streaming build: parallel emission and batch validation give what the plain way gives
(one graph per document from its statements, and the whole graph validated at once)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, URIRef

from benchmarks.derived_lines import split_every_line
from graph_build.emit.corpus_nquads import statements_with, static_graphs, write_corpus_nquads
from graph_build.emit.documents import document_statements
from graph_build.emit.initiative_goals import CoreferenceInput, initiative_goal_triples
from graph_build.emit.ntriples import sorted_lines
from graph_build.emit.stakeholder_sdgs import StakeholderSdgInput, stakeholder_sdg_triples
from graph_build.iris import (
    document_graph_iri,
    initiative_goals_graph_iri,
    stakeholder_sdgs_graph_iri,
)
from graph_build.paths import DATA_DIR
from graph_build.records.sources import load_corpus
from graph_build.synth.corpus import synthesize
from graph_build.validate.batches import dump_layout, validate_dump
from graph_build.validate.shacl import validate_graph

GRAPH = "https://w3id.org/sdgkg/graph/"


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic corpus of 12 municipalities (stakeholders shared between them) plus the seeds,
    with one city whose id is a prefix of another's (graph order differs from folder order)."""
    root = tmp_path_factory.mktemp("stream") / "data"
    synthesize(12, root, seed=3)
    for city in ("kanazawa", "komatsu"):
        shutil.copytree(DATA_DIR / city, root / city)
    return root


def record_graphs(corpus_dir: Path) -> dict[str, Graph]:
    """Every named graph the records give, each document's made from its own statements."""
    named, _ = static_graphs()
    graphs = {str(name): graph for name, graph in named.items()}
    for city in load_corpus(corpus_dir).cities:
        muni = city.municipality.municipality
        coreference = CoreferenceInput()
        partnering = StakeholderSdgInput()
        for doc in city.documents:
            triples = document_statements(city.id, doc.records, muni)
            for triple in triples:
                coreference.add(*triple)
                partnering.add(*triple)
            name = str(document_graph_iri(city.id, doc.records.document.id))
            graphs[name] = Graph().parse(data="".join(sorted_lines(triples)), format="nt")
        # and the goals its initiatives count for and the SDGs of its stakeholders' initiatives,
        # computed from those statements
        for name, computed in (
            (initiative_goals_graph_iri(city.id), initiative_goal_triples(coreference)),
            (stakeholder_sdgs_graph_iri(city.id), stakeholder_sdg_triples(partnering)),
        ):
            if computed:
                lines = "".join(sorted_lines(computed))
                graphs[str(name)] = Graph().parse(data=lines, format="nt")
    return graphs


def document_union(dump: Path) -> Graph:
    """The union of a dump's document graphs (``graph/<city>/<document>``)."""
    dataset = Dataset()
    dataset.parse(dump, format="nquads")
    whole = Graph()
    for graph in dataset.graphs():
        if str(graph.identifier).removeprefix(GRAPH).count("/") == 1:
            whole += graph
    return whole


@pytest.fixture(scope="module")
def serial(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    path = tmp_path_factory.mktemp("serial") / "all.nq"
    return path, write_corpus_nquads(corpus_dir, path, workers=1)


def test_parallel_emission_writes_the_same_bytes(
    corpus_dir: Path, serial: tuple[Path, object], tmp_path: Path
) -> None:
    path = tmp_path / "parallel.nq"
    write_corpus_nquads(corpus_dir, path, workers=2)
    assert path.read_bytes() == serial[0].read_bytes()


RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"


def test_statements_are_found_by_predicate_as_by_splitting_every_line(
    serial: tuple[Path, object],
) -> None:
    quoting = (
        f'<http://example.org/a> {LABEL} "says {RDF_TYPE} <http://example.org/C> "@en '
        f"<{GRAPH}g> .\n"
        f"_:b1 {RDF_TYPE} <http://example.org/C> <{GRAPH}g> .\n"
        f'<http://example.org/a> {LABEL} "x y z" <{GRAPH}g> .'  # the last line has no newline
    ).encode()
    dump = serial[0].read_bytes()
    for data in (quoting, dump):
        for predicates in (frozenset({RDF_TYPE}), frozenset({RDF_TYPE, LABEL})):
            expected = split_every_line(data, predicates)
            assert expected
            assert sorted(statements_with(data, predicates)) == sorted(expected)
    assert list(statements_with(quoting, frozenset({RDF_TYPE}))) == [
        ("_:b1", RDF_TYPE, "<http://example.org/C>")
    ]


def test_dump_holds_exactly_the_graphs_of_the_records(
    corpus_dir: Path, serial: tuple[Path, object]
) -> None:
    expected = record_graphs(corpus_dir)
    dataset = Dataset()
    dataset.parse(serial[0], format="nquads")
    names = sorted(str(g.identifier) for g in dataset.graphs() if len(g))
    assert names == sorted(expected)
    for name, graph in expected.items():
        assert len(dataset.graph(URIRef(name))) == len(graph), name
    # graphs come in IRI order, each sorted within
    order = [q.graph_name.value for q in ox.parse(path=str(serial[0]), format=ox.RdfFormat.N_QUADS)]
    seen = list(dict.fromkeys(order))
    assert seen == sorted(seen)


def test_batch_validation_equals_validating_the_whole_graph(serial: tuple[Path, object]) -> None:
    path, emitted = serial
    expected = validate_graph(document_union(path)).findings
    assert expected, "the corpus should give some warnings to compare"
    for batch_triples, workers in ((1, 1), (20_000, 1), (10**9, 1), (5_000, 2)):
        report = validate_dump(
            path,
            emitted.cities,  # type: ignore[attr-defined]
            emitted.shared_lines,  # type: ignore[attr-defined]
            batch_triples=batch_triples,
            workers=workers,
        )
        assert report.findings == expected, (batch_triples, workers)


def test_the_layout_read_back_from_a_dump_is_the_one_written(serial: tuple[Path, object]) -> None:
    path, emitted = serial
    spans, shared = dump_layout(path)
    assert spans == emitted.cities  # type: ignore[attr-defined]
    assert shared == emitted.shared_lines  # type: ignore[attr-defined]


def test_the_layout_read_back_covers_computed_progress_graphs(tmp_path: Path) -> None:
    """A municipality's computed KPI progress graph is part of its span, read back from the dump
    as the build wrote it, so ``sdgkg validate`` checks what the build checked."""
    from graph_build.records.observations import OBSERVATIONS_FILE

    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    examples = Path(__file__).resolve().parents[1] / "examples"
    shutil.copy(examples / "kanazawa-kpi-observations.csv", data / "kanazawa" / OBSERVATIONS_FILE)
    path = tmp_path / "sdgkg.nq"
    emitted = write_corpus_nquads(data, path, workers=1)
    progress = f"{GRAPH}kanazawa/computed/kpi-progress"
    assert any(progress in span.graphs for span in emitted.cities)
    spans, shared = dump_layout(path)
    assert spans == emitted.cities
    assert shared == emitted.shared_lines
