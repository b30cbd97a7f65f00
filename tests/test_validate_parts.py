"""Validating RDF files in parts gives exactly the findings of validating the whole graph at once,
including findings that depend on statements about nodes of other parts."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal
from rdflib.namespace import RDF, SH

from graph_build.build import BuildResult
from graph_build.cli.main import main
from graph_build.validate.file_batches import validate_rdf_files, validate_store_in_parts
from graph_build.validate.rdf_input import InputLimits, read_rdf_file
from graph_build.validate.shacl import (
    Finding,
    format_json,
    load_rdf_files,
    load_shapes,
    validate_graph,
)
from graph_build.validate.shape_reach import WholeGraphShapeError, shape_reaches

CROSS_LINKS = Path(__file__).parent / "fixtures" / "validate_parts" / "cross_links.ttl"
SHAPES = "https://w3id.org/sdgkg/shapes#"


def _sorted(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=repr)


def _in_parts(path: Path, size: int, engine: str = "turbo") -> list[Finding]:
    store = ox.Store()
    read_rdf_file(path, InputLimits(), store)
    return validate_store_in_parts(store, engine=engine, part_statements=size).findings


@pytest.mark.parametrize("size", [1, 7, 1000])
def test_parts_find_what_the_whole_graph_finds_across_part_boundaries(size: int) -> None:
    whole = validate_graph(load_rdf_files([CROSS_LINKS])).findings
    found = {(f.shape.removeprefix(SHAPES), f.focus.rsplit("/", 1)[-1]) for f in whole}
    # The fixture's findings that need another node's statements are there to be compared.
    for expected in [
        ("KpiShape", "kpi1"),  # target year before the baseline's: both observations read
        ("KpiTargetSideShape", "kpi1"),
        ("KpiShape", "kpi2"),  # sh:class of a target typed elsewhere
        ("InitiativeShape", "init1"),  # the area's municipality, two steps away
        ("InitiativeSdgLinkShape", "init2"),  # no link, while init1's area has a linked block
        ("OutreachEventShape", "event1"),
        ("StakeholderParticipationShape", "org4"),
        ("CuratorInferenceShape", "inference2"),  # the marking entity, reached inward
        ("KpiShape", "kpi4"),  # a KPI through a subclass the data declares
        ("SynergyStatementShape", "3"),  # a UN goal made a target by the data's subclass
    ]:
        assert expected in found, expected
    for conforming in [
        ("InitiativeSdgLinkShape", "init1"),
        ("StakeholderParticipationShape", "org1"),
        ("StakeholderParticipationShape", "org2"),
        ("StakeholderParticipationShape", "org3"),
    ]:
        assert conforming not in found, conforming
    # Each focus node in a part of its own (size 1) is the hardest case.
    assert _sorted(_in_parts(CROSS_LINKS, size)) == _sorted(whole)


def test_pyshacl_in_parts_finds_what_it_finds_on_the_whole_graph() -> None:
    whole = validate_graph(load_rdf_files([CROSS_LINKS]), engine="pyshacl").findings
    assert _sorted(_in_parts(CROSS_LINKS, 1, engine="pyshacl")) == _sorted(whole)


def test_the_built_fixture_in_parts_is_the_whole_graph(fixture_build: BuildResult) -> None:
    dump = fixture_build.out / "sdgkg.nq"
    whole = validate_graph(load_rdf_files([dump])).findings
    assert whole  # the fixture has warnings to compare
    for size in (1, 500):
        assert _sorted(_in_parts(dump, size)) == _sorted(whole)


def test_broken_graph_in_parts_is_the_whole_graph(tmp_path: Path) -> None:
    """Drop every fifth statement of the cross-links fixture: more findings, still the same."""
    graph = Graph().parse(CROSS_LINKS)
    lines = sorted(graph.serialize(format="nt").splitlines())
    broken = tmp_path / "broken.nt"
    broken.write_text("\n".join(lines[i] for i in range(len(lines)) if i % 5) + "\n")
    whole = validate_graph(load_rdf_files([broken])).findings
    assert _sorted(_in_parts(broken, 1)) == _sorted(whole)


def test_the_shipped_shapes_need_no_whole_graph() -> None:
    reaches = shape_reaches(load_shapes())
    names = {r.shape.removeprefix(SHAPES) for r in reaches}
    assert {"KpiShape", "InitiativeSdgLinkShape", "CuratorInferenceShape"} <= names


@pytest.mark.parametrize(
    "shape",
    [
        "ex:S a sh:NodeShape ; sh:targetObjectsOf ex:p .",
        "ex:S a sh:NodeShape ; sh:targetNode ex:n .",
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select "
        '"SELECT $this WHERE { ?x a ex:Other }" ] .',
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:rule [ a sh:TripleRule ] .",
    ],
)
def test_shapes_that_need_the_whole_graph_are_named(shape: str) -> None:
    shapes = Graph().parse(
        data="@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> . "
        "ex:p sh:declare [ sh:prefix 'ex' ; sh:namespace 'https://example.org/' ] . " + shape,
        format="turtle",
    )
    with pytest.raises(WholeGraphShapeError):
        shape_reaches(shapes)


def test_validate_command_output_is_the_whole_graph_report() -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["validate", str(CROSS_LINKS), "--format", "json"])
    assert result.exit_code == 1, result.output
    assert result.output == format_json(validate_graph(load_rdf_files([CROSS_LINKS])))
    ttl = runner.invoke(main, ["validate", str(CROSS_LINKS), "--format", "ttl"])
    graph = Graph().parse(data=ttl.output, format="turtle")
    results = set(graph.subjects(RDF.type, SH.ValidationResult))
    assert len(results) == len(validate_rdf_files([CROSS_LINKS]).findings)
    assert set(graph.objects(None, SH.result)) == results
    assert (None, SH.conforms, Literal(False)) in graph


def test_sequence_inverse_and_repeated_paths_become_walks() -> None:
    shapes = Graph().parse(
        data="""@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ;
          sh:property [ sh:path ( ex:a [ sh:inversePath ex:b ] ) ; sh:minCount 1 ] ;
          sh:property [ sh:path [ sh:zeroOrMorePath ex:c ] ; sh:class ex:D ] .""",
        format="turtle",
    )
    (reach,) = shape_reaches(shapes)
    walks = sorted(reach.steps, key=repr)
    ex = "https://example.org/"
    assert [(s.edges, s.repeat) for s in walks] == [
        (((ex + "a", False),), False),
        (((ex + "c", False),), True),
    ]
    (then,) = walks[0].then
    assert then.edges == ((ex + "b", True),) and not then.then


def test_parts_validated_by_worker_processes_are_the_whole_graph(tmp_path: Path) -> None:
    store = ox.Store(tmp_path / "store")
    read_rdf_file(CROSS_LINKS, InputLimits(), store)
    report = validate_store_in_parts(store, part_statements=5, workers=2, folder=tmp_path / "store")
    whole = validate_graph(load_rdf_files([CROSS_LINKS]))
    assert _sorted(report.findings) == _sorted(whole.findings)
    results = Graph().parse(data=report.report_ntriples, format="nt")
    assert len(set(results.subjects(RDF.type, SH.ValidationResult))) == len(whole.findings)
