"""The UN SDG framework shipped as the project's own data."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from graph_build.namespaces import SDG, SDGO
from graph_build.sdg.framework import code_sort_key, framework_graph, load_framework

from .conftest import UN_KOS_DIR


@pytest.fixture(scope="module")
def graph() -> Graph:
    return framework_graph()


def test_counts() -> None:
    fw = load_framework()
    assert len(fw.goals) == 17
    assert len(fw.targets) == 169
    assert len({i.permanent_code for i in fw.indicators}) >= 231
    assert all(en and ja for en, ja in fw.goals.values())
    assert all(en and ja for en, ja in fw.targets.values())
    assert all(i.label_en and i.label_ja for i in fw.indicators)


def test_un_iris_and_hierarchy(graph: Graph) -> None:
    assert (SDG["11"], RDF.type, SDGO.Goal) in graph
    assert (SDG["11.6"], SKOS.broader, SDG["11"]) in graph
    assert (SDG["11"], SDGO.hasTarget, SDG["11.6"]) in graph
    assert (SDG["C110601"], SKOS.broader, SDG["11.6"]) in graph
    assert (SDG["11.6"], SDGO.hasIndicator, SDG["C110601"]) in graph
    assert (SDG["15.c"], RDF.type, SDGO.Target) in graph
    # one indicator, three targets
    assert {o for o in graph.objects(SDG["C200303"], SKOS.broader)} == {
        SDG["1.5"],
        SDG["11.5"],
        SDG["13.1"],
    }


def test_goal_labels_in_both_languages(graph: Graph) -> None:
    for n in range(1, 18):
        langs = {o.language for o in graph.objects(SDG[str(n)], SKOS.prefLabel)}
        assert {"en", "ja"} <= langs


def test_code_order() -> None:
    codes = ["1.a", "1.10", "1.2", "2.1", "10.1", "1.b"]
    assert sorted(codes, key=code_sort_key) == ["1.2", "1.10", "1.a", "1.b", "2.1", "10.1"]


def test_codes_and_hierarchy_match_the_un_kos_reference() -> None:
    path = Path(UN_KOS_DIR) / "sdg-kos-goals-targets-indicators.ttl"
    if not path.is_file():
        pytest.skip("UN SDG KOS reference copy not found beside the project")
    reference = Graph()
    reference.parse(path, format="turtle")
    ours = framework_graph()
    for cls in (SDGO.Goal, SDGO.Target, SDGO.Indicator):
        theirs = set(reference.subjects(RDF.type, cls))
        mine = set(ours.subjects(RDF.type, cls))
        assert mine == theirs, cls
    broader_theirs = {
        (s, o) for s, o in reference.subject_objects(SKOS.broader) if isinstance(s, URIRef)
    }
    broader_mine = set(ours.subject_objects(SKOS.broader))
    assert broader_mine == broader_theirs
