"""The analysis results as their own named graph, with the run's provenance, for SPARQL.

The graph ``https://w3id.org/sdgkg/graph/analysis`` holds one ``sdgkg:AnalysisRun`` (method,
parameters, date, software versions, graphs used), every network link with its evidence, every
dimension-link cell, and the node measures. It is written as sorted N-Quads beside the other
outputs and replaces the same graph in the build's store (never left half-written there).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from importlib.metadata import PackageNotFoundError, version

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from graph_build import __version__
from graph_build.analysis.association import (
    ALPHA,
    BURN_IN_ROUNDS,
    NULL_MODEL,
    NULL_SEED,
    ROUNDS_PER_DRAW,
)
from graph_build.analysis.compute import Analysis
from graph_build.analysis.export import number
from graph_build.analysis.labels import (
    dimension_link_name,
    influence_name,
    link_name,
    node_measure_name,
)
from graph_build.analysis.layers import (
    ALL,
    AREA,
    ASPECT,
    COREFERENCE,
    EXPERT_LAYERS,
    GOAL,
    INTERACTION,
    TARGET,
    Link,
)
from graph_build.emit.kpi_monitoring import ILLUSTRATIVE_LABELS
from graph_build.emit.ntriples import TermFormatter, as_quad_lines
from graph_build.errors import SdgkgError
from graph_build.iris import ANALYSIS_GRAPH, SUGGESTIONS_GRAPH, sdg_iri
from graph_build.namespaces import ID, SDGKG
from graph_build.store.embedded import replace_graph

RUN = ID["analysis/run"]
LAYER_CONCEPTS = {
    "coreference": SDGKG.CoReferenceLayer,
    "relisting": SDGKG.RelistingLayer,
    "statement": SDGKG.StatedSynergyLayer,
    "interaction-synergy": SDGKG.ExpertSynergyLayer,
    "interaction-trade-off": SDGKG.ExpertTradeOffLayer,
    "suggested": SDGKG.SuggestedLayer,
}
METHOD_EN = (
    "Linkage layers from the plan graph: co-occurrence of SDG targets and goals in shared "
    "initiatives (shared-initiative co-reference after Le Blanc 2015, with an inheritance rule; "
    "Jaccard, phi and a fixed-margins null model beside each count), re-listing of "
    "initiatives across directions, stated synergies, and optional expert interaction scores "
    "(ICSU 2017 / SEI, -3..+3) of several assessors, kept as separate synergy and trade-off "
    "layers, with influence as the row sums of the cross-impact matrix and second-order "
    "influence after Weitz et al. 2018. Metrics with "
    "networkx: weighted degree, betweenness on distance 1/weight, PageRank, Louvain communities "
    "with a fixed seed and stability over several seeds, dimension block sums per scheme."
)
METHOD_JA = (
    "計画のグラフからつながりの層を構成：同じ取組によるSDGsターゲット・目標の共起"
    "（Le Blanc 2015に基づく共参照、継承規則つき。各件数にJaccard係数・φ係数と周辺度数を保つ"
    "帰無モデルを添える）、方向性をまたぐ取組の再掲、記述された相乗効果、"
    "任意で複数の評価者による専門家の相互作用評価（ICSU 2017／SEI、-3〜+3）を相乗効果と"
    "トレードオフの別々の層とし、クロスインパクト行列の行和による影響と二次の影響"
    "（Weitz et al. 2018）を求める。"
    "networkxによる指標：重み付き次数、距離を重みの逆数とした媒介中心性、PageRank、"
    "固定シードのLouvain法コミュニティと複数シードでの安定性、"
    "分類体系ごとの側面間の重みの合計。"
)


def date_literal(text: str) -> Literal:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` with the matching XSD type."""
    datatype = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}.get(len(text))
    if datatype is None:
        raise SdgkgError(f"--date '{text}': write YYYY, YYYY-MM or YYYY-MM-DD")
    return Literal(text, datatype=datatype)


def software_versions() -> str:
    """``sdgkg 0.1.0; networkx …; matplotlib …`` (the packages whose output we publish)."""
    parts = [f"sdgkg {__version__}"]
    for package in ("networkx", "scipy", "matplotlib", "pyoxigraph"):
        try:
            parts.append(f"{package} {version(package)}")
        except PackageNotFoundError:  # pragma: no cover - they are dependencies
            continue
    return "; ".join(parts)


def _decimal(value: float) -> Literal:
    # the canonical xsd:decimal form ("1", "0.25"), which the store keeps as it is, so the file
    # and the store hold the same literals
    return Literal(number(value), datatype=XSD.decimal)


def _slug(node: str) -> str:
    return node.rstrip("/").rsplit("/", 1)[-1]


def node_iri(analysis: Analysis, level: str, node: str) -> URIRef:
    """The RDF node a network node stands for: UN IRI, area IRI or dimension IRI."""
    if level in (TARGET, GOAL):
        return sdg_iri(node)
    if level == AREA:
        return URIRef(node)
    if level == ASPECT:
        scheme = analysis.data.schemes.get("future-city")
        if scheme is not None:
            for dim in scheme.dimensions:
                if dim.key == node:
                    return URIRef(dim.iri)
    return URIRef(node)


def link_iri(link: Link) -> URIRef:
    """``…/id/analysis/link/coreference/target/kanazawa/11.2--11.3``."""
    return ID[
        f"analysis/link/{link.layer}/{link.level}/{link.city}/"
        f"{_slug(link.source)}--{_slug(link.target)}"
    ]


def _city(
    analysis: Analysis, graph: Graph, subject: URIRef, city: str, carriers: Iterable[str]
) -> None:
    """One city's result names the city and is derived from the source spans of the carriers it
    was computed from, as queries/checks/missing-provenance-violation.rq asks of everything with
    a municipality. A result for all cities together has neither: its links name their evidence.
    """
    if city == ALL or city not in analysis.data.cities:
        return
    graph.add((subject, SDGKG.municipality, URIRef(analysis.data.cities[city].iri)))
    spans = analysis.data.spans
    for span in sorted({s for carrier in carriers for s in spans.get(carrier, ())}):
        graph.add((subject, PROV.wasDerivedFrom, URIRef(span)))


def _label(
    graph: Graph, subject: URIRef, name: Callable[..., str], illustrative: bool = False
) -> None:
    """``rdfs:label`` in Japanese and English, ``name(lang=…)`` giving each; an illustrative
    result (made-up input) says so in both."""
    suffixes = ILLUSTRATIVE_LABELS if illustrative else ("", "")
    for lang, suffix in zip(("ja", "en"), suffixes, strict=True):
        graph.add((subject, RDFS.label, Literal(name(lang=lang) + suffix, lang=lang)))


def _carriers(links: Iterable[Link]) -> list[str]:
    return [evidence.carrier for link in links for evidence in link.evidence]


def results_graph(analysis: Analysis) -> Graph:
    """Every result of the analysis as triples."""
    graph = Graph()
    options = analysis.options
    data = analysis.data
    graph.add((RUN, RDF.type, SDGKG.AnalysisRun))
    graph.add((RUN, RDF.type, PROV.Activity))
    graph.add((RUN, RDFS.label, Literal("SDG link analysis", lang="en")))
    graph.add((RUN, RDFS.label, Literal("SDGsのつながりの分析", lang="ja")))
    graph.add((RUN, SDGKG.inheritanceRule, Literal(analysis.layers.rule)))
    graph.add((RUN, SDGKG.nullDraws, Literal(options.null_draws)))
    graph.add(
        (
            RUN,
            SDGKG.nullModel,
            Literal(
                f"{NULL_MODEL}; draws={options.null_draws}; burn-in rounds={BURN_IN_ROUNDS}; "
                f"rounds per draw={ROUNDS_PER_DRAW}; numpy seed={NULL_SEED}; "
                f"above chance: one-sided empirical p < {ALPHA:g}"
            ),
        )
    )
    graph.add((RUN, DCTERMS.description, Literal(METHOD_EN, lang="en")))
    graph.add((RUN, DCTERMS.description, Literal(METHOD_JA, lang="ja")))
    graph.add((RUN, DCTERMS.date, date_literal(options.date)))
    graph.add((RUN, SDGKG.softwareVersion, Literal(software_versions())))
    graph.add(
        (
            RUN,
            SDGKG.parameters,
            Literal(json.dumps(options.parameters(), sort_keys=True, ensure_ascii=False)),
        )
    )
    for used in analysis.data.graphs:
        if used != str(ANALYSIS_GRAPH):
            graph.add((RUN, PROV.used, URIRef(used)))
    if analysis.options.include_suggestions:
        graph.add((RUN, PROV.used, SUGGESTIONS_GRAPH))
    link_nodes: dict[tuple[str, str, str, str, str], URIRef] = {}
    for link in analysis.layers.links:
        iri = link_iri(link)
        link_nodes[(link.layer, link.level, link.city, link.source, link.target)] = iri
        graph.add((iri, RDF.type, SDGKG.NetworkLink))
        graph.add((iri, PROV.wasGeneratedBy, RUN))
        graph.add((iri, SDGKG.layer, LAYER_CONCEPTS[link.layer]))
        graph.add((iri, SDGKG.networkLevel, Literal(link.level)))
        _label(
            graph,
            iri,
            partial(
                link_name,
                data,
                link.layer,
                link.level,
                link.city,
                (link.source, link.target),
                link.directed,
            ),
            link.attribute("illustrative") == "true",
        )
        _city(analysis, graph, iri, link.city, _carriers([link]))
        graph.add((iri, SDGKG.linkSource, node_iri(analysis, link.level, link.source)))
        graph.add((iri, SDGKG.linkTarget, node_iri(analysis, link.level, link.target)))
        graph.add((iri, SDGKG.weight, _decimal(link.weight)))
        graph.add((iri, SDGKG.isDirected, Literal(link.directed)))
        if link.evidence:
            graph.add((iri, SDGKG.statedWeight, Literal(link.stated_weight)))
            graph.add((iri, SDGKG.inferred, Literal(link.inferred)))
        found = (
            analysis.associations.get((link.level, link.city, link.source, link.target))
            if link.layer == COREFERENCE
            else None
        )
        if found is not None:
            graph.add((iri, SDGKG.inheritanceRule, Literal(analysis.layers.rule)))
            graph.add((iri, SDGKG.jaccardIndex, _decimal(found.jaccard)))
            if found.phi is not None:
                graph.add((iri, SDGKG.phiCoefficient, _decimal(found.phi)))
            graph.add((iri, SDGKG.expectedWeight, _decimal(found.expected)))
            if found.z is not None:
                graph.add((iri, SDGKG.zScore, _decimal(found.z)))
            graph.add((iri, SDGKG.pValue, _decimal(found.p_value)))
            graph.add((iri, SDGKG.aboveChance, Literal(found.above_chance)))
        for evidence in link.evidence:
            prop = SDGKG.evidenceViaDirection if evidence.inferred else SDGKG.evidence
            graph.add((iri, prop, URIRef(evidence.carrier)))
        for name, value in link.attributes:
            annotation = {"rationale": RDFS.comment, "context": DCTERMS.coverage}.get(name)
            if annotation is not None:
                graph.add((iri, annotation, Literal(value)))
    for matrix in analysis.matrices:
        scheme = analysis.data.schemes[matrix.scheme]
        dims = {d.key: URIRef(d.iri) for d in scheme.dimensions}
        # a cell that no link reaches weighs zero over every link the matrix summed
        summed = _carriers(link for links in matrix.links.values() for link in links)
        for a, b in matrix.pairs():
            iri = ID[
                f"analysis/dimension-link/{matrix.city}/{matrix.scheme}/{matrix.layer}/{a}--{b}"
            ]
            graph.add((iri, RDF.type, SDGKG.DimensionLink))
            graph.add((iri, PROV.wasGeneratedBy, RUN))
            graph.add((iri, SDGKG.layer, LAYER_CONCEPTS[matrix.layer]))
            graph.add((iri, SDGKG.networkLevel, Literal(matrix.level)))
            graph.add((iri, SDGKG.dimensionScheme, URIRef(scheme.iri)))
            _label(
                graph,
                iri,
                partial(
                    dimension_link_name,
                    data,
                    matrix.scheme,
                    matrix.layer,
                    matrix.city,
                    (a, b),
                    matrix.directed,
                ),
            )
            _city(
                analysis, graph, iri, matrix.city, _carriers(matrix.links.get((a, b), [])) or summed
            )
            graph.add((iri, SDGKG.linkSource, dims[a]))
            graph.add((iri, SDGKG.linkTarget, dims[b]))
            graph.add((iri, SDGKG.weight, _decimal(matrix.weight(a, b))))
            graph.add((iri, SDGKG.isDirected, Literal(matrix.directed)))
            for link in matrix.links.get((a, b), []):
                key = (link.layer, link.level, link.city, link.source, link.target)
                graph.add((iri, PROV.wasDerivedFrom, link_nodes[key]))
    for net in analysis.networks:
        incident: dict[str, list[Link]] = defaultdict(list)
        for link in analysis.layers.select(net.layer, net.level, net.city):
            incident[link.source].append(link)
            incident[link.target].append(link)
        for m in net.metrics:
            iri = ID[f"analysis/node/{net.layer}/{net.level}/{net.city}/{_slug(m.node)}"]
            graph.add((iri, RDF.type, SDGKG.NodeMeasure))
            graph.add((iri, PROV.wasGeneratedBy, RUN))
            graph.add((iri, SDGKG.layer, LAYER_CONCEPTS[net.layer]))
            graph.add((iri, SDGKG.networkLevel, Literal(net.level)))
            _label(
                graph,
                iri,
                partial(node_measure_name, data, net.layer, net.level, net.city, m.node),
            )
            _city(analysis, graph, iri, net.city, _carriers(incident[m.node]))
            graph.add((iri, SDGKG.measuredNode, node_iri(analysis, net.level, m.node)))
            graph.add((iri, SDGKG.weightedDegree, _decimal(m.weighted_degree)))
            graph.add((iri, SDGKG.betweenness, _decimal(m.betweenness)))
            graph.add((iri, SDGKG.pageRank, _decimal(m.pagerank)))
            graph.add((iri, SDGKG.community, Literal(m.community)))
    _expert_results(analysis, graph, link_nodes)
    return graph


def _expert_results(
    analysis: Analysis, graph: Graph, link_nodes: dict[tuple[str, str, str, str, str], URIRef]
) -> None:
    """Assessor agreement on the expert links, and each node's influence (Weitz et al. 2018;
    formulas in :mod:`graph_build.analysis.expert`). Made-up scores say so in every label."""
    expert = analysis.expert
    if expert is None:
        return
    data, level = analysis.data, expert.level
    for p in expert.pairs:
        for layer in EXPERT_LAYERS:
            iri = link_nodes.get((layer, level, ALL, p.source, p.target))
            if iri is None:
                continue
            graph.add((iri, SDGKG.assessorCount, Literal(p.count)))
            graph.add((iri, SDGKG.meanScore, _decimal(p.mean)))
            graph.add((iri, SDGKG.medianScore, _decimal(p.median)))
            graph.add((iri, SDGKG.minScore, _decimal(p.minimum)))
            graph.add((iri, SDGKG.maxScore, _decimal(p.maximum)))
            graph.add((iri, SDGKG.scoreStandardDeviation, _decimal(p.stdev)))
            graph.add((iri, SDGKG.signDisagreement, Literal(p.sign_disagreement)))
            graph.add((iri, SDGKG.illustrative, Literal(p.illustrative)))
    for item in expert.influence:
        iri = ID[f"analysis/node/{INTERACTION}/{level}/{ALL}/{_slug(item.node)}"]
        graph.add((iri, RDF.type, SDGKG.NodeMeasure))
        graph.add((iri, PROV.wasGeneratedBy, RUN))
        # influence combines both expert layers (the net row sum), so it names their parent
        graph.add((iri, SDGKG.layer, SDGKG.ExpertInteractionLayer))
        graph.add((iri, SDGKG.networkLevel, Literal(level)))
        _label(
            graph,
            iri,
            partial(influence_name, data, INTERACTION, level, item.node),
            expert.illustrative,
        )
        graph.add((iri, SDGKG.measuredNode, node_iri(analysis, level, item.node)))
        for prop, value in (
            (SDGKG.positiveOutStrength, item.out_positive),
            (SDGKG.negativeOutStrength, item.out_negative),
            (SDGKG.netInfluence, item.net_influence),
            (SDGKG.positiveInStrength, item.in_positive),
            (SDGKG.negativeInStrength, item.in_negative),
            (SDGKG.inStrength, item.in_net),
            (SDGKG.positiveSecondOrderOut, item.second_order_positive),
            (SDGKG.negativeSecondOrderOut, item.second_order_negative),
            (SDGKG.secondOrderOut, item.second_order),
            (SDGKG.secondOrderIn, item.second_order_in),
        ):
            graph.add((iri, prop, _decimal(value)))
        graph.add((iri, SDGKG.illustrative, Literal(expert.illustrative)))


def nquads(graph: Graph) -> str:
    """The results as sorted N-Quads in the analysis named graph."""
    lines = TermFormatter().lines(graph)
    return "".join(as_quad_lines(lines, str(ANALYSIS_GRAPH)))


def load_into_store(store: ox.Store, graph: Graph, text: str | None = None) -> None:
    """Replace the analysis named graph in ``store`` (see
    :func:`graph_build.store.embedded.replace_graph`).

    ``text`` is :func:`nquads` of ``graph`` when the caller has it already. A failed load leaves
    no analysis graph in the store, and running the analysis again restores it.
    """
    name = ox.NamedNode(str(ANALYSIS_GRAPH))
    data = (nquads(graph) if text is None else text).encode("utf-8")
    try:
        replace_graph(store, name, data)
    except (OSError, RuntimeError, SyntaxError) as exc:
        raise SdgkgError(
            f"could not write the analysis graph into the store: {exc}; "
            "the store now has no analysis graph: run `sdgkg analyze` again"
        ) from exc


@contextmanager
def results_replaced(store: ox.Store, graph: Graph, text: str | None = None) -> Iterator[None]:
    """Replace the analysis named graph in ``store`` for the ``with`` block (see
    :func:`load_into_store`); if the block raises, put the previous graph back (or none, if there
    was none) before the error goes on, so a rejected analysis leaves the store as it was.
    """
    name = ox.NamedNode(str(ANALYSIS_GRAPH))
    previous = (
        ox.serialize(store.quads_for_pattern(None, None, None, name), format=ox.RdfFormat.N_QUADS)
        if store.contains_named_graph(name)
        else None
    )
    load_into_store(store, graph, text)
    try:
        yield
    except BaseException:
        try:
            if previous is None:
                store.remove_graph(name)
                store.flush()
            else:
                replace_graph(store, name, previous)
        except (OSError, RuntimeError, SyntaxError) as exc:
            raise SdgkgError(
                f"could not put the previous analysis graph back into the store: {exc}; "
                "run `sdgkg analyze` again"
            ) from exc
        raise
