"""Compute every result of an analysis from the graph: layers, metrics, matrices, comparisons."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from graph_build.analysis.association import (
    ALPHA,
    BURN_IN_ROUNDS,
    NULL_DRAWS,
    NULL_MODEL,
    NULL_SEED,
    ROUNDS_PER_DRAW,
    Association,
    associations,
)
from graph_build.analysis.compare import LinkDifference, Similarity, compare_cities
from graph_build.analysis.coreference import DEFAULT_RULE, DEFINITION_NAME, STATED
from graph_build.analysis.dimensions import BlockMatrix, block_matrices, node_dimensions
from graph_build.analysis.expert import ExpertAssessment, assess, expert_links
from graph_build.analysis.layers import (
    ALL,
    EXPERT_LAYERS,
    SUGGESTED_TOP,
    TARGET,
    Layers,
    build_layers,
)
from graph_build.analysis.metrics import (
    DEFAULT_SEED,
    STABILITY_SEEDS,
    NodeMetrics,
    Stability,
    brokers,
    community_stability,
    node_metrics,
    undirected_graph,
)
from graph_build.analysis.plan_data import PlanData
from graph_build.analysis.stakeholders import Bridge, StakeholderTie, bridges, stakeholder_ties
from graph_build.errors import SdgkgError

SCHEME_ORDER = ("wedding-cake", "five-ps", "future-city")
# Above this many municipalities (and no --city), per-city views are left out: a network, figures
# and pairwise comparisons for each of hundreds of cities cannot be read, and their cost grows
# with the square of the corpus. The corpus-wide views are computed over every city; analyse a
# city in detail with --city.
DETAIL_LIMIT = 12


@dataclass(frozen=True)
class Options:
    """What the user chose; recorded as the run's parameters."""

    cities: tuple[str, ...]
    schemes: tuple[str, ...]
    colour_scheme: str
    date: str
    seed: int = DEFAULT_SEED
    resolution: float = 1.0
    stability_seeds: tuple[int, ...] = STABILITY_SEEDS
    interactions: tuple[Path, ...] = ()
    include_suggestions: bool = False
    detail_cities: tuple[str, ...] | None = None
    inheritance: str = DEFAULT_RULE
    null_draws: int = NULL_DRAWS

    @property
    def include_inferred(self) -> bool:
        """True unless co-reference counts only the codes initiatives state themselves."""
        return self.inheritance != STATED

    @property
    def detailed(self) -> tuple[str, ...]:
        """Cities with their own views (networks, figures, comparisons); default: all."""
        return self.cities if self.detail_cities is None else self.detail_cities

    def parameters(self) -> dict[str, Any]:
        """Parameters as plain values (sorted keys when written)."""
        found: dict[str, Any] = {
            "cities": list(self.cities),
            "schemes": list(self.schemes),
            "colour_scheme": self.colour_scheme,
            "date": self.date,
            "louvain_seed": self.seed,
            "louvain_resolution": self.resolution,
            "stability_seeds": list(self.stability_seeds),
            "include_inferred_via_direction": self.inheritance != STATED,
            "coreference_definition": DEFINITION_NAME,
            "inheritance": self.inheritance,
            "null_model": NULL_MODEL,
            "null_draws": self.null_draws,
            "null_seed": NULL_SEED,
            "null_burn_in_rounds": BURN_IN_ROUNDS,
            "null_rounds_per_draw": ROUNDS_PER_DRAW,
            "above_chance_alpha": ALPHA,
            "interactions_files": sorted(p.name for p in self.interactions),
            "cities_in_detail": list(self.detailed),
            "pagerank_damping": 0.85,
            "betweenness_distance": "1/weight",
        }
        if self.include_suggestions:  # absent otherwise: earlier runs keep their parameters
            found["include_suggestions_top"] = SUGGESTED_TOP
        return found


@dataclass
class Network:
    """One undirected view (layer, level, city) with its graph and node metrics."""

    layer: str
    level: str
    city: str
    graph: nx.Graph
    metrics: list[NodeMetrics]
    stability: Stability
    dimensions: dict[str, dict[str, frozenset[str]]]


@dataclass(frozen=True)
class Broker:
    """A target linked to two or more dimensions, ranked by betweenness."""

    city: str
    scheme: str
    rank: int
    node: str
    betweenness: float
    dimensions: tuple[str, ...]


@dataclass
class Analysis:
    """Everything an analysis computed; writers turn it into files and RDF."""

    data: PlanData
    options: Options
    layers: Layers
    networks: list[Network] = field(default_factory=list)
    matrices: list[BlockMatrix] = field(default_factory=list)
    brokers: list[Broker] = field(default_factory=list)
    ties: list[StakeholderTie] = field(default_factory=list)
    bridges: list[Bridge] = field(default_factory=list)
    similarities: list[Similarity] = field(default_factory=list)
    differences: list[LinkDifference] = field(default_factory=list)
    expert: ExpertAssessment | None = None
    # (level, city, source, target) of each co-reference link → measures against chance
    associations: dict[tuple[str, str, str, str], Association] = field(default_factory=dict)

    def network(self, layer: str, level: str, city: str) -> Network | None:
        """The network of one view, if it has links."""
        for net in self.networks:
            if (net.layer, net.level, net.city) == (layer, level, city):
                return net
        return None

    @property
    def views_cities(self) -> tuple[str, ...]:
        """The cities analysed, then ``all`` when there are several."""
        detailed = self.options.detailed
        return (*detailed, ALL) if len(self.options.cities) > 1 else detailed


def check_options(data: PlanData, cities: list[str], schemes: list[str]) -> None:
    """Reject unknown cities or schemes with the list of known ones."""
    unknown = [c for c in cities if c not in data.cities]
    if unknown:
        raise SdgkgError(
            f"--city {unknown[0]}: no such municipality in the graph "
            f"(known: {', '.join(sorted(data.cities)) or 'none'})"
        )
    bad = [s for s in schemes if s not in data.schemes]
    if bad:
        raise SdgkgError(
            f"--scheme {bad[0]}: no such dimension scheme "
            f"(known: {', '.join(sorted(data.schemes))})"
        )


def analyse(data: PlanData, options: Options) -> Analysis:
    """Build the layers and compute every metric the analysis reports."""
    layers = build_layers(
        data,
        options.cities,
        include_suggestions=options.include_suggestions,
        rule=options.inheritance,
    )
    if options.detail_cities is not None:
        layers.limit_views(options.detail_cities)
    result = Analysis(data=data, options=options, layers=layers)
    result.associations = associations(data, layers, options.null_draws)
    if options.interactions:
        result.expert = assess(options.interactions, data)
        layers.links += expert_links(result.expert)
    schemes = [data.schemes[s] for s in options.schemes]
    for layer, level, city in layers.views():
        if layer in EXPERT_LAYERS:  # directed and signed: see graph_build.analysis.expert
            continue
        links = layers.select(layer, level, city)
        graph = undirected_graph(links)
        nodes = list(graph.nodes)
        result.networks.append(
            Network(
                layer=layer,
                level=level,
                city=city,
                graph=graph,
                metrics=node_metrics(graph, options.seed, options.resolution),
                stability=community_stability(
                    graph, options.seed, options.stability_seeds, options.resolution
                ),
                dimensions={s.key: node_dimensions(data, s, level, city, nodes) for s in schemes},
            )
        )
    result.matrices = block_matrices(data, layers, list(options.schemes))
    for net in result.networks:
        if net.level != TARGET or net.layer != "coreference":
            continue
        between = {m.node: m.betweenness for m in net.metrics}
        for scheme in schemes:
            found = brokers(net.graph, between, net.dimensions[scheme.key])
            result.brokers += [
                Broker(net.city, scheme.key, rank, node, value, dims)
                for rank, (node, value, dims) in enumerate(found, start=1)
            ]
    result.ties = stakeholder_ties(data, options.cities)
    result.bridges = bridges(data, result.ties, list(options.schemes))
    result.similarities, result.differences = compare_cities(data, layers)
    return result
