"""Ontology documentation: every term in English and Japanese; the ontology in three syntaxes."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from graph_build.build import BuildResult
from graph_build.iris import ONTOLOGY_GRAPH
from graph_build.namespaces import SDGKG
from graph_build.release.ontology_docs import anchor, ontology_html

TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


class Sections(HTMLParser):
    """Text of every ``<section id=…>`` of a page, and every id used."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: dict[str, list[str]] = {}
        self.ids: list[str] = []
        self.current: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.append(str(found["id"]))
        if tag == "section" and found.get("id"):
            self.current = str(found["id"])
            self.sections[self.current] = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "section":
            self.current = None

    def handle_data(self, data: str) -> None:
        if self.current is not None:
            self.sections[self.current].append(data)


@pytest.fixture(scope="module")
def ontology(fixture_build: BuildResult) -> Graph:
    """The ontology graph of the same build (``ontology/sdgkg.ttl`` as loaded then)."""
    dataset = Dataset()
    dataset.parse(fixture_build.out / "sdgkg.nq", format="nquads")
    graph = Graph()
    graph += dataset.graph(ONTOLOGY_GRAPH)
    assert len(graph) > 1000
    return graph


@pytest.fixture(scope="module")
def page(fixture_build: BuildResult) -> Sections:
    parser = Sections()
    parser.feed((fixture_build.out / "release" / "ontology" / "sdgkg.html").read_text("utf-8"))
    return parser


def documented_terms(graph: Graph) -> list[URIRef]:
    """The same terms the ontology tests hold to the bilingual rule."""
    terms = {s for t in TERM_TYPES for s in graph.subjects(RDF.type, t)}
    terms |= set(graph.subjects(RDF.type, SKOS.Concept))
    terms |= set(graph.subjects(RDF.type, SKOS.ConceptScheme))
    return sorted(
        t for t in terms if isinstance(t, URIRef) and str(t).startswith("https://w3id.org/sdgkg/")
    )


def texts(graph: Graph, term: URIRef, *props: URIRef) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for prop in props:
        for value in graph.objects(term, prop):
            if isinstance(value, Literal) and value.language:
                out.setdefault(value.language, set()).add(str(value))
    return out


def test_every_term_has_a_section_with_en_and_ja_labels_and_definitions(
    ontology: Graph, page: Sections
) -> None:
    terms = documented_terms(ontology)
    assert len(terms) > 100
    missing = []
    for term in terms:
        section = page.sections.get(anchor(str(term)))
        if section is None:
            missing.append(f"{term}: no section")
            continue
        text = "".join(section)
        labels = texts(ontology, term, RDFS.label, SKOS.prefLabel)
        definitions = texts(ontology, term, SKOS.definition)
        for lang in ("en", "ja"):
            if not labels.get(lang) or not all(v in text for v in labels[lang]):
                missing.append(f"{term}: {lang} label")
            if not definitions.get(lang) or not all(v in text for v in definitions[lang]):
                missing.append(f"{term}: {lang} definition")
    assert not missing, missing


def test_anchors_are_unique(page: Sections) -> None:
    assert len(page.ids) == len(set(page.ids))


def test_examples_come_from_the_data(page: Sections) -> None:
    kpi = "".join(page.sections[anchor(str(SDGKG.KPI))])
    assert "id:sampletown/kpi/co2-emissions" in kpi
    assert "温室効果ガス排出量" in kpi


def test_skos_examples_in_the_ontology_are_shown() -> None:
    graph = Graph()
    term = SDGKG.Thing
    graph.add((term, RDF.type, OWL.Class))
    graph.add((term, RDFS.label, Literal("thing", lang="en")))
    graph.add((term, RDFS.label, Literal("もの", lang="ja")))
    graph.add((term, SKOS.example, Literal("a bicycle", lang="en")))
    html = ontology_html(graph)
    assert 'id="Thing"' in html and "a bicycle" in html and "もの" in html


@pytest.mark.parametrize(
    ("name", "fmt"), [("sdgkg.ttl", "turtle"), ("sdgkg.rdf", "xml"), ("sdgkg.jsonld", "json-ld")]
)
def test_ontology_files_are_the_ontology(
    ontology: Graph, fixture_build: BuildResult, name: str, fmt: str
) -> None:
    path: Path = fixture_build.out / "release" / "ontology" / name
    reloaded = Graph()
    reloaded.parse(path, format=fmt)
    assert isomorphic(reloaded, ontology)
