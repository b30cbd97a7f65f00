"""Dimension schemes (wedding cake, 5Ps, Future City aspects) as SKOS concept schemes."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from graph_build.iris import dimension_iri, scheme_iri, sdg_iri
from graph_build.namespaces import SDGKG
from graph_build.paths import RESOURCES_DIR

SCHEMES_FILE = RESOURCES_DIR / "dimension_schemes.yaml"


@dataclass(frozen=True)
class DimensionDef:
    """One dimension of a scheme and the goals it groups."""

    scheme: str
    key: str
    ja: str
    en: str
    goals: tuple[int, ...]
    maps_to: str | None


@lru_cache(maxsize=2)
def load_schemes(path: Path = SCHEMES_FILE) -> dict[str, dict[str, object]]:
    """The scheme definitions as written in the resource file."""
    with path.open(encoding="utf-8") as handle:
        data: dict[str, dict[str, object]] = yaml.safe_load(handle)
    return data


def dimensions(scheme: str) -> list[DimensionDef]:
    """The dimensions of one scheme, in file order."""
    dims = load_schemes()[scheme]["dimensions"]
    assert isinstance(dims, dict)
    return [
        DimensionDef(scheme, key, d["ja"], d["en"], tuple(d.get("goals", [])), d.get("maps_to"))
        for key, d in dims.items()
    ]


def schemes_graph() -> Graph:
    """All schemes, their dimensions, and goal membership."""
    graph = Graph()
    for name, spec in load_schemes().items():
        s = scheme_iri(name)
        graph.add((s, RDF.type, SDGKG.DimensionScheme))
        graph.add((s, RDF.type, SKOS.ConceptScheme))
        for lang in ("ja", "en"):
            graph.add((s, SKOS.prefLabel, Literal(str(spec[lang]), lang=lang)))
            graph.add((s, RDFS.label, Literal(str(spec[lang]), lang=lang)))
            graph.add(
                (s, DCTERMS.description, Literal(str(spec[f"description_{lang}"]), lang=lang))
            )
        for order, dim in enumerate(dimensions(name), start=1):
            d = dimension_iri(name, dim.key)
            graph.add((d, RDF.type, SDGKG.Dimension))
            graph.add((d, RDF.type, SKOS.Concept))
            graph.add((d, SKOS.inScheme, s))
            graph.add((d, SKOS.topConceptOf, s))
            graph.add((s, SKOS.hasTopConcept, d))
            graph.add((d, SKOS.notation, Literal(dim.key)))
            graph.add((d, SDGKG.number, Literal(order)))
            for lang, text in (("ja", dim.ja), ("en", dim.en)):
                graph.add((d, SKOS.prefLabel, Literal(text, lang=lang)))
                graph.add((d, RDFS.label, Literal(text, lang=lang)))
            for goal in dim.goals:
                graph.add((d, SDGKG.includesGoal, sdg_iri(str(goal))))
            if dim.maps_to:
                graph.add((d, SKOS.closeMatch, dimension_iri("future-city", dim.maps_to)))
    return graph
