"""Tables (CSV) and networks (GraphML, GEXF) of an analysis, written byte-for-byte reproducibly.

Every table is sorted; numbers are written with at most six decimals; the GEXF date is the
analysis date rather than today.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import networkx as nx

from graph_build.analysis.association import COLUMNS as ASSOCIATION_COLUMNS
from graph_build.analysis.association import cells as association_cells
from graph_build.analysis.compute import Analysis, Network
from graph_build.analysis.dimensions import BlockMatrix, economy_environment
from graph_build.analysis.interactions import SCALE
from graph_build.analysis.labels import carrier_kind, dimension_label, node_label, short_label
from graph_build.analysis.layers import ALL, COREFERENCE, GOAL, INTERACTION, Link, node_key
from graph_build.analysis.metrics import directed_graph

SEP = " | "


def number(value: float | int) -> str:
    """A number as text: integers without a point, others with up to six decimals."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if float(value).is_integer():
        return str(int(value))
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return number(value)
    return "" if value is None else str(value)


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """CSV with a header, ``\\n`` line ends, and numbers formatted by :func:`number`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return buffer.getvalue()


def _labels(analysis: Analysis, iris: Iterable[str], lang: str) -> str:
    return SEP.join(analysis.data.label(i, lang) for i in iris)


def links_table(analysis: Analysis) -> str:
    """Every link of every layer with its weight, basis and carriers."""
    data = analysis.data
    rows = []
    for link in analysis.layers.links:
        carriers = [e.carrier for e in link.evidence]
        rows.append(
            [
                link.layer,
                link.level,
                link.city,
                link.source,
                node_label(data, link.level, link.source),
                node_label(data, link.level, link.source, "ja"),
                link.target,
                node_label(data, link.level, link.target),
                node_label(data, link.level, link.target, "ja"),
                link.weight,
                link.stated_weight,
                link.inferred_weight,
                link.basis,
                link.directed,
                SEP.join(carriers),
                _labels(analysis, carriers, "en"),
                _labels(analysis, carriers, "ja"),
                link.attribute("confidence"),
                link.attribute("context"),
                link.attribute("rationale"),
                *association_cells(
                    analysis.associations.get((link.level, link.city, link.source, link.target))
                    if link.layer == COREFERENCE
                    else None,
                    analysis.layers.rule,
                ),
            ]
        )
    header = [
        "layer",
        "level",
        "city",
        "source",
        "source_label_en",
        "source_label_ja",
        "target",
        "target_label_en",
        "target_label_ja",
        "weight",
        "stated_carriers",
        "inferred_carriers",
        "basis",
        "directed",
        "carriers",
        "carriers_en",
        "carriers_ja",
        "confidence",
        "context",
        "rationale",
        *ASSOCIATION_COLUMNS,
    ]
    return csv_text(header, rows)


def evidence_table(analysis: Analysis) -> str:
    """One row per link and carrier: the evidence behind every weight."""
    data = analysis.data
    rows = [
        [
            link.layer,
            link.level,
            link.city,
            link.source,
            link.target,
            e.carrier,
            carrier_kind(data, e.carrier),
            data.label(e.carrier),
            data.label(e.carrier, "ja"),
            "inferred-via-direction" if e.inferred else "stated",
        ]
        for link in analysis.layers.links
        for e in link.evidence
    ]
    header = [
        "layer",
        "level",
        "city",
        "source",
        "target",
        "carrier",
        "carrier_kind",
        "carrier_label_en",
        "carrier_label_ja",
        "basis",
    ]
    return csv_text(header, rows)


def _dims(net: Network, scheme: str, node: str) -> str:
    # sorted: a frozenset's order changes with Python's string hashing from run to run
    return SEP.join(sorted(net.dimensions.get(scheme, {}).get(node, frozenset())))


def node_metrics_table(analysis: Analysis) -> str:
    """Degree, weighted degree, betweenness, PageRank and community of every node of every view."""
    data = analysis.data
    schemes = list(analysis.options.schemes)
    rows = []
    for net in analysis.networks:
        for m in net.metrics:
            rows.append(
                [
                    net.layer,
                    net.level,
                    net.city,
                    m.node,
                    node_label(data, net.level, m.node),
                    node_label(data, net.level, m.node, "ja"),
                    *[
                        SEP.join(sorted(net.dimensions[s].get(m.node, frozenset())))
                        for s in schemes
                    ],
                    m.degree,
                    m.weighted_degree,
                    m.betweenness,
                    m.pagerank,
                    m.community,
                ]
            )
    header = [
        "layer",
        "level",
        "city",
        "node",
        "label_en",
        "label_ja",
        *[f"dimension_{s.replace('-', '_')}" for s in schemes],
        "degree",
        "weighted_degree",
        "betweenness",
        "pagerank",
        "community",
    ]
    return csv_text(header, rows)


def stability_table(analysis: Analysis) -> str:
    """Adjusted Rand index of each seed's Louvain partition against the reference seed's."""
    rows = []
    for net in analysis.networks:
        st = net.stability
        for seed, ari in zip(st.seeds, st.ari, strict=True):
            rows.append([net.layer, net.level, net.city, analysis.options.seed, seed, ari])
    return csv_text(
        ["layer", "level", "city", "reference_seed", "seed", "adjusted_rand_index"], rows
    )


def dimension_links_table(analysis: Analysis) -> str:
    """Block-matrix cells: link weight between and within dimensions, per city, scheme, layer."""
    data = analysis.data
    rows = []
    for m in analysis.matrices:
        for a, b in m.pairs():
            rows.append(
                [
                    m.city,
                    m.scheme,
                    a,
                    b,
                    m.weight(a, b),
                    m.layer,
                    m.level,
                    m.directed,
                    dimension_label(data, m.scheme, a),
                    dimension_label(data, m.scheme, b),
                    dimension_label(data, m.scheme, a, "ja"),
                    dimension_label(data, m.scheme, b, "ja"),
                    len(m.links.get((a, b), [])),
                ]
            )
    header = [
        "city",
        "scheme",
        "dimension_a",
        "dimension_b",
        "weight",
        "layer",
        "level",
        "directed",
        "dimension_a_en",
        "dimension_b_en",
        "dimension_a_ja",
        "dimension_b_ja",
        "links",
    ]
    return csv_text(header, rows)


def economy_environment_rows(analysis: Analysis) -> list[list[object]]:
    """Links in each economy–environment cell, one row per carrier."""
    data = analysis.data
    rows: list[list[object]] = []
    for m in analysis.matrices:
        if m.city == ALL and m.layer != INTERACTION:  # expert scores belong to no single city
            continue
        pair = economy_environment(data.schemes[m.scheme])
        if pair is None:
            continue
        # undirected cells are keyed in scheme order, directed ones both ways: look at both
        cells = [pair, (pair[1], pair[0])]
        seen: set[tuple[str, str, str]] = set()
        for cell in cells:
            for link in m.links.get(cell, []):
                evidence = link.evidence or ()
                if not evidence:
                    key = (link.source, link.target, "")
                    if key not in seen:
                        seen.add(key)
                        rows.append(_ee_row(analysis, m, cell, link, "", False))
                for e in evidence:
                    key = (link.source, link.target, e.carrier)
                    if key in seen:
                        continue
                    seen.add(key)
                    rows.append(_ee_row(analysis, m, cell, link, e.carrier, e.inferred))
    return rows


def _ee_row(
    analysis: Analysis,
    m: BlockMatrix,
    cell: tuple[str, str],
    link: Link,
    carrier: str,
    inferred: bool,
) -> list[object]:
    data = analysis.data
    return [
        link.city,
        m.scheme,
        link.layer,
        link.level,
        cell[0],
        cell[1],
        link.source,
        short_label(data, link.level, link.source),
        link.target,
        short_label(data, link.level, link.target),
        link.weight,
        carrier,
        carrier_kind(data, carrier) if carrier else "",
        data.label(carrier) if carrier else link.attribute("rationale"),
        data.label(carrier, "ja") if carrier else "",
        "scored" if not carrier else ("inferred-via-direction" if inferred else "stated"),
    ]


def economy_environment_table(analysis: Analysis) -> str:
    """The economy–environment links of each city with the carriers behind them."""
    header = [
        "city",
        "scheme",
        "layer",
        "level",
        "dimension_a",
        "dimension_b",
        "source",
        "source_short",
        "target",
        "target_short",
        "link_weight",
        "carrier",
        "carrier_kind",
        "carrier_label_en",
        "carrier_label_ja",
        "basis",
    ]
    return csv_text(header, economy_environment_rows(analysis))


def brokers_table(analysis: Analysis) -> str:
    """Cross-dimension brokers: targets linked to 2+ dimensions, by betweenness."""
    data = analysis.data
    rows = [
        [
            b.city,
            b.scheme,
            b.rank,
            b.node,
            node_label(data, "target", b.node),
            node_label(data, "target", b.node, "ja"),
            b.betweenness,
            SEP.join(b.dimensions),
            len(b.dimensions),
        ]
        for b in analysis.brokers
    ]
    header = [
        "city",
        "scheme",
        "rank",
        "target",
        "label_en",
        "label_ja",
        "betweenness",
        "dimensions_reached",
        "n_dimensions",
    ]
    return csv_text(header, rows)


def stakeholder_tables(analysis: Analysis) -> tuple[str, str]:
    """Stakeholder–goal/aspect ties, and each stakeholder's reach across dimensions."""
    data = analysis.data
    ties = [
        [
            t.stakeholder,
            data.label(t.stakeholder),
            data.label(t.stakeholder, "ja"),
            t.city,
            t.kind,
            t.node,
            node_label(data, GOAL if t.kind == "goal" else "aspect", t.node),
            t.weight,
            "inferred-via-direction" if t.inferred else "stated",
            SEP.join(e.carrier for e in t.evidence),
            _labels(analysis, (e.carrier for e in t.evidence), "en"),
        ]
        for t in analysis.ties
    ]
    ties_csv = csv_text(
        [
            "stakeholder",
            "label_en",
            "label_ja",
            "city",
            "kind",
            "node",
            "node_label_en",
            "initiatives",
            "basis",
            "initiative_iris",
            "initiative_labels_en",
        ],
        ties,
    )
    bridges = [
        [
            b.stakeholder,
            data.label(b.stakeholder),
            data.label(b.stakeholder, "ja"),
            data.stakeholders[b.stakeholder].type_en if b.stakeholder in data.stakeholders else "",
            b.city,
            b.scheme,
            SEP.join(b.dimensions),
            len(b.dimensions),
            b.bridges,
            SEP.join(b.initiatives),
        ]
        for b in analysis.bridges
    ]
    bridges_csv = csv_text(
        [
            "stakeholder",
            "label_en",
            "label_ja",
            "type",
            "city",
            "scheme",
            "dimensions",
            "n_dimensions",
            "bridges_dimensions",
            "initiatives",
        ],
        bridges,
    )
    return ties_csv, bridges_csv


def comparison_tables(analysis: Analysis) -> tuple[str, str]:
    """City similarity and the goal links where two cities differ."""
    sims = [
        [
            s.city_a,
            s.city_b,
            len(s.targets_a),
            len(s.targets_b),
            len(s.shared_targets),
            s.jaccard_targets,
            SEP.join(s.shared_targets),
            len(s.goals_a),
            len(s.goals_b),
            len(s.shared_goals),
            s.jaccard_goals,
            SEP.join(s.shared_goals),
            s.links_a,
            s.links_b,
            s.shared_links,
            s.jaccard_links,
            len(s.stakeholders_shared),
            s.jaccard_stakeholders,
            SEP.join(s.stakeholders_shared),
        ]
        for s in analysis.similarities
    ]
    sim_csv = csv_text(
        [
            "city_a",
            "city_b",
            "targets_a",
            "targets_b",
            "shared_targets",
            "jaccard_targets",
            "shared_target_codes",
            "goals_a",
            "goals_b",
            "shared_goals",
            "jaccard_goals",
            "shared_goal_codes",
            "goal_links_a",
            "goal_links_b",
            "shared_goal_links",
            "jaccard_goal_links",
            "shared_stakeholders",
            "jaccard_stakeholders",
            "shared_stakeholder_iris",
        ],
        sims,
    )
    diffs = [
        [d.city_a, d.city_b, d.source, d.target, d.weight_a, d.weight_b, d.where]
        for d in analysis.differences
    ]
    diff_csv = csv_text(
        ["city_a", "city_b", "goal_a", "goal_b", "weight_a", "weight_b", "present_in"], diffs
    )
    return sim_csv, diff_csv


def influence_tables(analysis: Analysis) -> tuple[str, str]:
    """Directed expert-layer metrics per node, and the entries of A²."""
    data = analysis.data
    level = "target" if analysis.layers.select(INTERACTION, "target", ALL) else GOAL
    rows = [
        [
            i.node,
            node_label(data, level, i.node),
            node_label(data, level, i.node, "ja"),
            i.out_strength,
            i.in_strength,
            i.net_influence,
            i.second_order_out,
            i.second_order_in,
            i.pagerank_influencing,
            i.pagerank_receiving,
        ]
        for i in analysis.influence
    ]
    metrics = csv_text(
        [
            "node",
            "label_en",
            "label_ja",
            "out_strength",
            "in_strength",
            "net_influence",
            "second_order_out",
            "second_order_in",
            "pagerank_influencing",
            "pagerank_receiving",
        ],
        rows,
    )
    second = csv_text(
        ["source", "target", "a_squared", "feedback_loop"],
        [[i, j, v, i == j] for (i, j), v in analysis.second_order.items()],
    )
    return metrics, second


def scale_table() -> str:
    """The ICSU/SEI seven-point scale with names in both languages."""
    return csv_text(
        ["score", "name_en", "name_ja"], [[k, en, ja] for k, (en, ja) in sorted(SCALE.items())]
    )


# ---------------------------------------------------------------- networks


def network_graph(analysis: Analysis, net: Network) -> nx.Graph:
    """The view's graph with labels, dimensions, metrics and evidence as attributes."""
    data = analysis.data
    graph = nx.Graph()
    metrics = {m.node: m for m in net.metrics}
    for node in net.graph.nodes:
        m = metrics[node]
        attrs: dict[str, object] = {
            "label": short_label(data, net.level, node),
            "label_en": node_label(data, net.level, node),
            "label_ja": node_label(data, net.level, node, "ja"),
            "level": net.level,
        }
        for scheme in analysis.options.schemes:
            attrs[f"dimension_{scheme.replace('-', '_')}"] = _dims(net, scheme, node)
        attrs.update(
            degree=m.degree,
            weighted_degree=float(m.weighted_degree),
            betweenness=float(m.betweenness),
            pagerank=float(m.pagerank),
            community=m.community,
        )
        graph.add_node(node, **attrs)
    links = {
        (x.source, x.target): x for x in analysis.layers.select(net.layer, net.level, net.city)
    }
    for a, b in net.graph.edges:
        link = links.get((a, b)) or links[(b, a)]
        graph.add_edge(
            link.source,
            link.target,
            weight=float(link.weight),
            stated_carriers=link.stated_weight,
            inferred_carriers=link.inferred_weight,
            basis=link.basis,
            carriers=SEP.join(e.carrier for e in link.evidence),
            carriers_en=_labels(analysis, (e.carrier for e in link.evidence), "en"),
        )
    return graph


def interaction_graph(analysis: Analysis) -> nx.DiGraph:
    """The expert layer as a directed graph with scores, rationale and node influence."""
    data = analysis.data
    links = [x for x in analysis.layers.links if x.layer == INTERACTION]
    level = links[0].level if links else GOAL
    base = directed_graph(links)
    graph = nx.DiGraph()
    influence = {i.node: i for i in analysis.influence}
    for node in base.nodes:
        i = influence[node]
        graph.add_node(
            node,
            label=short_label(data, level, node),
            label_en=node_label(data, level, node),
            label_ja=node_label(data, level, node, "ja"),
            out_strength=float(i.out_strength),
            in_strength=float(i.in_strength),
            net_influence=float(i.net_influence),
            second_order_out=float(i.second_order_out),
            second_order_in=float(i.second_order_in),
        )
    for link in links:
        if link.weight == 0:
            continue
        graph.add_edge(
            link.source,
            link.target,
            weight=float(link.weight),
            score=int(link.weight),
            confidence=link.attribute("confidence"),
            context=link.attribute("context"),
            rationale=link.attribute("rationale"),
        )
    return graph


def stakeholder_graph(analysis: Analysis, city: str) -> nx.Graph:
    """Bipartite stakeholder–goal network of one city (``all`` for every city)."""
    data = analysis.data
    graph = nx.Graph()
    ties = [t for t in analysis.ties if t.kind == "goal" and (city == ALL or t.city == city)]
    for s in sorted({t.stakeholder for t in ties}):
        graph.add_node(
            s, label=data.label(s), label_ja=data.label(s, "ja"), kind="stakeholder", bipartite=0
        )
    for g in sorted({t.node for t in ties}, key=node_key):
        graph.add_node(
            g,
            label=short_label(data, GOAL, g),
            label_ja=node_label(data, GOAL, g, "ja"),
            kind="goal",
            bipartite=1,
        )
    merged: dict[tuple[str, str], list[str]] = {}
    for t in ties:
        merged.setdefault((t.stakeholder, t.node), []).extend(e.carrier for e in t.evidence)
    for (s, g), initiatives in sorted(
        merged.items(), key=lambda kv: (kv[0][0], node_key(kv[0][1]))
    ):
        unique = sorted(set(initiatives))
        graph.add_edge(s, g, weight=float(len(unique)), initiatives=SEP.join(unique))
    return graph


_GEXF_DATE = re.compile(r'lastmodifieddate="[^"]*"')


def graphml_text(graph: nx.Graph) -> str:
    """GraphML with attribute keys in first-use order (stable for a stable graph)."""
    return "\n".join(nx.generate_graphml(graph)) + "\n"


def gexf_text(graph: nx.Graph, date: str) -> str:
    """GEXF 1.2 with the analysis date in place of today's date."""
    text = "\n".join(nx.generate_gexf(graph, version="1.2draft"))
    gexf_date = (date + "-01-01")[:10] if len(date) == 4 else (date + "-01")[:10]
    return _GEXF_DATE.sub(f'lastmodifieddate="{gexf_date}"', text, count=1) + "\n"


def write_tables(analysis: Analysis, folder: Path) -> list[Path]:
    """Write every CSV table into ``folder``; return the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    ties, bridges = stakeholder_tables(analysis)
    similarity, differences = comparison_tables(analysis)
    tables = {
        "links.csv": links_table(analysis),
        "evidence.csv": evidence_table(analysis),
        "node_metrics.csv": node_metrics_table(analysis),
        "community_stability.csv": stability_table(analysis),
        "dimension_links.csv": dimension_links_table(analysis),
        "economy_environment.csv": economy_environment_table(analysis),
        "brokers.csv": brokers_table(analysis),
        "stakeholder_ties.csv": ties,
        "stakeholder_bridges.csv": bridges,
        "city_similarity.csv": similarity,
        "city_link_differences.csv": differences,
    }
    if analysis.scores:
        influence, second = influence_tables(analysis)
        tables["interaction_influence.csv"] = influence
        tables["interaction_second_order.csv"] = second
        tables["interaction_scale.csv"] = scale_table()
    written = []
    for name, text in tables.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def network_name(layer: str, level: str, city: str) -> str:
    """File stem of a view's network, e.g. ``coreference-target-kanazawa``."""
    return f"{layer}-{level}-{city}"


def write_networks(analysis: Analysis, folder: Path) -> list[Path]:
    """GraphML and GEXF of every view, the stakeholder networks and the expert layer."""
    folder.mkdir(parents=True, exist_ok=True)
    graphs: dict[str, nx.Graph] = {}
    for net in analysis.networks:
        graphs[network_name(net.layer, net.level, net.city)] = network_graph(analysis, net)
    for city in analysis.views_cities:
        bipartite = stakeholder_graph(analysis, city)
        if bipartite.number_of_edges():
            graphs[f"stakeholder-goal-{city}"] = bipartite
    if analysis.scores:
        graphs[f"{INTERACTION}-{ALL}"] = interaction_graph(analysis)
    written = []
    for stem, graph in graphs.items():
        for suffix, text in (
            (".graphml", graphml_text(graph)),
            (".gexf", gexf_text(graph, analysis.options.date)),
        ):
            path = folder / f"{stem}{suffix}"
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written
