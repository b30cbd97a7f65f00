"""The UN SDG framework as the project's own data: goals, targets, indicators and their hierarchy.

Codes, permanent indicator codes and hierarchy ship in ``graph_build/resources/*.csv`` with short
labels in our own words. Official UN wording is merged from the UN SDG KOS dump when it has been
downloaded (see :mod:`graph_build.sdg.un_kos`).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from graph_build.iris import sdg_iri
from graph_build.namespaces import SDGO
from graph_build.paths import RESOURCES_DIR

FRAMEWORK_REVISION = (
    "Global indicator framework as published in the UN SDG Knowledge Organization System (2019): "
    "17 goals, 169 targets, 232 unique indicators identified by permanent codes"
)
FRAMEWORK_REVISION_JA = (
    "国連SDG知識組織体系（2019年）に収録されたグローバル指標枠組み："
    "17ゴール、169ターゲット、恒久コードで識別される232の指標"
)
SCHEME_IRI = URIRef("http://metadata.un.org/sdg")
TARGET_CODE = re.compile(r"^(1[0-7]|[1-9])\.([1-9][0-9]?|[a-z])$")
GOAL_CODE = re.compile(r"^(1[0-7]|[1-9])$")


@dataclass(frozen=True)
class Indicator:
    """One indicator: permanent code, its compact codes and the targets it serves."""

    permanent_code: str
    codes: tuple[str, ...]
    targets: tuple[str, ...]
    label_en: str
    label_ja: str


@dataclass(frozen=True)
class Framework:
    """Goals, targets and indicators, with labels."""

    goals: dict[str, tuple[str, str]]
    targets: dict[str, tuple[str, str]]
    indicators: tuple[Indicator, ...]

    def is_goal(self, code: str) -> bool:
        """True for a goal code such as ``11``."""
        return code in self.goals

    def is_target(self, code: str) -> bool:
        """True for a target code such as ``11.6`` or ``15.c``."""
        return code in self.targets


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@lru_cache(maxsize=2)
def load_framework(resources: Path = RESOURCES_DIR) -> Framework:
    """Read the framework CSV files shipped with the package."""
    goals = {
        r["code"]: (r["label_en"], r["label_ja"]) for r in _read_csv(resources / "sdg_goals.csv")
    }
    targets = {
        r["code"]: (r["label_en"], r["label_ja"]) for r in _read_csv(resources / "sdg_targets.csv")
    }
    indicators = tuple(
        Indicator(
            permanent_code=r["permanent_code"],
            codes=tuple(r["codes"].split()),
            targets=tuple(r["targets"].split()),
            label_en=r["label_en"],
            label_ja=r["label_ja"],
        )
        for r in _read_csv(resources / "sdg_indicators.csv")
    )
    return Framework(goals, targets, indicators)


def indicator_codes(framework: Framework | None = None) -> dict[str, str]:
    """Compact indicator code (``12.5.1``) → permanent code (``C120501``); an indicator listed
    under several targets has several compact codes."""
    fw = framework or load_framework()
    return {code: ind.permanent_code for ind in fw.indicators for code in ind.codes}


def goal_of(code: str) -> str:
    """Goal code of a target or indicator code: ``11.6`` → ``11``."""
    return code.split(".")[0]


def code_sort_key(code: str) -> tuple[int, int, str]:
    """Order codes as the UN does: 1.1 … 1.5, 1.a, 1.b, then 2.1 …"""
    goal, _, rest = code.partition(".")
    if not rest:
        return (int(goal), -1, "")
    head = rest.split(".")[0]
    return (int(goal), int(head) if head.isdigit() else 100, "" if head.isdigit() else head)


def _label(graph: Graph, iri: URIRef, text: str, lang: str) -> None:
    graph.add((iri, SKOS.prefLabel, Literal(text, lang=lang)))
    graph.add((iri, RDFS.label, Literal(text, lang=lang)))


def framework_graph(framework: Framework | None = None) -> Graph:
    """RDF for the framework: UN IRIs, notations, hierarchy, and our short labels in en and ja."""
    fw = framework or load_framework()
    graph = Graph()
    graph.add((SCHEME_IRI, RDF.type, SKOS.ConceptScheme))
    _label(graph, SCHEME_IRI, "Sustainable Development Goals", "en")
    _label(graph, SCHEME_IRI, "持続可能な開発目標（SDGs）", "ja")
    graph.add((SCHEME_IRI, DCTERMS.description, Literal(FRAMEWORK_REVISION, lang="en")))
    graph.add((SCHEME_IRI, DCTERMS.description, Literal(FRAMEWORK_REVISION_JA, lang="ja")))
    for code, (en, ja) in fw.goals.items():
        goal = sdg_iri(code)
        graph.add((goal, RDF.type, SDGO.Goal))
        graph.add((goal, RDF.type, SKOS.Concept))
        graph.add((goal, SKOS.inScheme, SCHEME_IRI))
        graph.add((goal, SKOS.topConceptOf, SCHEME_IRI))
        graph.add((SCHEME_IRI, SKOS.hasTopConcept, goal))
        graph.add((goal, SKOS.notation, Literal(code)))
        _label(graph, goal, f"Goal {code}: {en}", "en")
        _label(graph, goal, f"目標{code}：{ja}", "ja")
        graph.add((goal, SKOS.altLabel, Literal(en, lang="en")))
        graph.add((goal, SKOS.altLabel, Literal(ja, lang="ja")))
    for code, (en, ja) in fw.targets.items():
        target, goal = sdg_iri(code), sdg_iri(goal_of(code))
        graph.add((target, RDF.type, SDGO.Target))
        graph.add((target, RDF.type, SKOS.Concept))
        graph.add((target, SKOS.inScheme, SCHEME_IRI))
        graph.add((target, SKOS.notation, Literal(code)))
        graph.add((target, SKOS.broader, goal))
        graph.add((goal, SKOS.narrower, target))
        graph.add((goal, SDGO.hasTarget, target))
        _label(graph, target, f"Target {code}: {en}" if en else f"Target {code}", "en")
        _label(graph, target, f"ターゲット{code}：{ja}" if ja else f"ターゲット{code}", "ja")
    for ind in fw.indicators:
        iri = sdg_iri(ind.permanent_code)
        graph.add((iri, RDF.type, SDGO.Indicator))
        graph.add((iri, RDF.type, SKOS.Concept))
        graph.add((iri, SKOS.inScheme, SCHEME_IRI))
        graph.add((iri, SKOS.notation, Literal(ind.permanent_code, datatype=SDGO.SDGCodePerm)))
        for code in ind.codes:
            graph.add((iri, SKOS.notation, Literal(code, datatype=SDGO.SDGCodeCompact)))
        for target_code in ind.targets:
            target = sdg_iri(target_code)
            graph.add((iri, SKOS.broader, target))
            graph.add((target, SKOS.narrower, iri))
            graph.add((target, SDGO.hasIndicator, iri))
        codes = " / ".join(ind.codes)
        _label(
            graph,
            iri,
            f"Indicator {codes}: {ind.label_en}" if ind.label_en else f"Indicator {codes}",
            "en",
        )
        _label(graph, iri, f"指標{codes}：{ind.label_ja}" if ind.label_ja else f"指標{codes}", "ja")
    return graph
