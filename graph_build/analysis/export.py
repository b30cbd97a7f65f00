"""Tables (CSV) and networks (GraphML, GEXF) of an analysis, written byte-for-byte reproducibly.

Every table is sorted; numbers are written with at most six decimals; the GEXF date is the
analysis date rather than today.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from graph_build.analysis.association import COLUMNS as ASSOCIATION_COLUMNS
from graph_build.analysis.association import cells as association_cells
from graph_build.analysis.compare import compare_dimensions, comparison_level
from graph_build.analysis.compute import Analysis, Network
from graph_build.analysis.dimensions import BlockMatrix, economy_environment
from graph_build.analysis.figures import node_looks
from graph_build.analysis.labels import carrier_kind, dimension_label, node_label, short_label
from graph_build.analysis.layers import (
    ALL,
    COREFERENCE,
    EXPERT_LAYERS,
    GOAL,
    TARGET,
    Link,
    code_key,
    node_key,
)

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
                link.attribute("illustrative") == "true",
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
        "illustrative",
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
        if m.city == ALL and m.layer not in EXPERT_LAYERS:  # expert scores belong to no city
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


def dimension_comparison_table(analysis: Analysis) -> str:
    """Each pair of cities compared like with like: the finest level both print, and the
    dimension pairs of the schemes both fill, with the layer behind each city's weight."""
    data = analysis.data
    rows = []
    for s in analysis.similarities:
        level = comparison_level(data, s.city_a, s.city_b)
        for c in compare_dimensions(analysis.matrices, s.city_a, s.city_b):
            rows.append(
                [
                    c.city_a,
                    c.city_b,
                    level,
                    c.scheme,
                    c.dimension_a,
                    c.dimension_b,
                    dimension_label(data, c.scheme, c.dimension_a),
                    dimension_label(data, c.scheme, c.dimension_b),
                    c.layer_a,
                    c.weight_a,
                    c.layer_b,
                    c.weight_b,
                    c.same_layer,
                ]
            )
    header = [
        "city_a",
        "city_b",
        "finest_common_level",
        "scheme",
        "dimension_a",
        "dimension_b",
        "dimension_a_en",
        "dimension_b_en",
        "layer_a",
        "weight_a",
        "layer_b",
        "weight_b",
        "same_layer",
    ]
    return csv_text(header, rows)


# ---------------------------------------------------------------- wide matrices

MATRICES_DIR = "matrices"


def matrix_cell(value: float | None, decimals: int) -> str:
    """A matrix cell: ``decimals`` fixed decimals, '' for no value, never ``-0``."""
    if value is None:
        return ""
    text = f"{float(value):.{decimals}f}"
    return text.removeprefix("-") if float(text) == 0 else text


def wide_matrix_csv(
    codes: Sequence[str],
    values: Mapping[tuple[str, str], float],
    decimals: int = 0,
    absent: float | None = 0.0,
    corner: str = "code",
) -> str:
    """A square matrix as wide CSV: header row and first column hold ``codes`` in their order.

    ``values`` maps a pair to its value from any measure (raw counts, Jaccard, z-scores);
    an undirected pair may be given once either way round and fills both cells. Pairs not in
    ``values`` get ``absent`` ('' when None); the diagonal stays empty unless given.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([corner, *codes])
    for a in codes:
        row = [a]
        for b in codes:
            if (a, b) in values:
                value: float | None = values[(a, b)]
            elif (b, a) in values:
                value = values[(b, a)]
            else:
                value = None if a == b else absent
            row.append(matrix_cell(value, decimals))
        writer.writerow(row)
    return buffer.getvalue()


def read_wide_matrix(text: str) -> dict[tuple[str, str], str]:
    """The cells of a :func:`wide_matrix_csv` text, pair → cell text (empty cells left out)."""
    rows = list(csv.reader(io.StringIO(text)))
    codes = rows[0][1:]
    return {
        (row[0], b): cell
        for row in rows[1:]
        for b, cell in zip(codes, row[1:], strict=True)
        if cell
    }


def link_value(link: Link, column: str, beside: object = None) -> float | None:
    """A per-link measure by name: a field or property of the link, else of ``beside`` (the
    measures computed for the link apart from it, e.g. its association), else an attribute."""
    value = getattr(link, column, None)
    if value is None and beside is not None:
        value = getattr(beside, column, None)
    if value is None:
        text = link.attribute(column)
        return float(text) if text else None
    return None if isinstance(value, bool) else float(value)


@dataclass(frozen=True)
class MatrixMeasure:
    """A per-link measure written as a matrix: file name part, link column, decimals, absent."""

    name: str
    column: str
    decimals: int
    absent: float | None


#: Raw counts always; normalised and significance measures when the links carry them.
MATRIX_MEASURES = (
    MatrixMeasure("raw", "weight", 0, 0.0),
    MatrixMeasure("jaccard", "jaccard", 6, 0.0),
    MatrixMeasure("z", "z", 6, None),
)


def pair_values(
    links: Iterable[Link],
    column: str,
    beside: Mapping[tuple[str, str, str, str], object] | None = None,
) -> dict[tuple[str, str], float]:
    """Pair → the links' ``column`` (see :func:`link_value`), for the links that have one.

    ``beside`` maps (level, city, source, target) to measures kept apart from the links.
    """
    pairs = {}
    for link in links:
        key = (link.level, link.city, link.source, link.target)
        found = link_value(link, column, (beside or {}).get(key))
        if found is not None:
            pairs[(link.source, link.target)] = found
    return pairs


def coreference_matrices(analysis: Analysis) -> dict[str, str]:
    """Goal × goal (all 17) and target × target (all targets) co-reference matrices per city.

    File ``{goal|target}-matrix-{measure}-{city}.csv`` for every measure of
    :data:`MATRIX_MEASURES` that the city's links carry; codes in UN order.
    """
    data = analysis.data
    codes = {
        GOAL: sorted(data.goals, key=code_key),
        TARGET: sorted(data.targets, key=code_key),
    }
    files = {}
    # measures computed beside the links (normalised, null model), when the analysis has them
    beside = getattr(analysis, "associations", None) or {}
    for city in analysis.views_cities:
        for level in (GOAL, TARGET):
            links = analysis.layers.select(COREFERENCE, level, city)
            if not links:
                continue
            for measure in MATRIX_MEASURES:
                values = pair_values(links, measure.column, beside)
                if not values:
                    continue
                files[f"{level}-matrix-{measure.name}-{city}.csv"] = wide_matrix_csv(
                    codes[level], values, measure.decimals, measure.absent
                )
    return files


def write_matrices(analysis: Analysis, folder: Path) -> list[Path]:
    """Write :func:`coreference_matrices` into ``folder``; return the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in sorted(coreference_matrices(analysis).items()):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


# ---------------------------------------------------------------- networks


def network_graph(analysis: Analysis, net: Network) -> nx.Graph:
    """The view's graph with labels, dimensions, metrics and evidence as attributes."""
    data = analysis.data
    graph = nx.Graph()
    metrics = {m.node: m for m in net.metrics}
    looks = node_looks(analysis, net)
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
        # how the report's network figure draws the node, for Gephi, Cytoscape or yEd
        x, y, colour, size = looks[node]
        attrs.update(x=x, y=y, colour=colour, size=round(size, 2))
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


def with_viz(graph: nx.Graph) -> nx.Graph:
    """A copy whose nodes with ``x``, ``y``, ``colour`` and ``size`` carry them as GEXF ``viz``
    (position, colour, size), which Gephi draws as they are."""
    copy = graph.copy()
    for _node, attrs in copy.nodes(data=True):
        if {"x", "y", "colour", "size"} <= attrs.keys():
            colour = str(attrs["colour"]).lstrip("#")
            r, g, b = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
            attrs["viz"] = {
                "position": {"x": float(attrs["x"]), "y": float(attrs["y"]), "z": 0.0},
                "color": {"r": r, "g": g, "b": b, "a": 1.0},
                "size": float(attrs["size"]),
            }
    return copy


def gexf_text(graph: nx.Graph, date: str) -> str:
    """GEXF 1.2 with the analysis date in place of today's date, and node looks as ``viz``."""
    text = "\n".join(nx.generate_gexf(with_viz(graph), version="1.2draft"))
    gexf_date = (date + "-01-01")[:10] if len(date) == 4 else (date + "-01")[:10]
    return _GEXF_DATE.sub(f'lastmodifieddate="{gexf_date}"', text, count=1) + "\n"


def write_tables(analysis: Analysis, folder: Path) -> list[Path]:
    """Write every CSV table into ``folder`` (matrices in ``matrices/``); return the paths."""
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
        "city_dimension_comparison.csv": dimension_comparison_table(analysis),
    }
    written = []
    for name, text in tables.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written + write_matrices(analysis, folder / MATRICES_DIR)


def network_name(layer: str, level: str, city: str) -> str:
    """File stem of a view's network, e.g. ``coreference-target-kanazawa``."""
    return f"{layer}-{level}-{city}"


def write_networks(analysis: Analysis, folder: Path) -> list[Path]:
    """GraphML and GEXF of every view and the stakeholder networks (expert layers: see
    :mod:`graph_build.analysis.expert_outputs`)."""
    folder.mkdir(parents=True, exist_ok=True)
    graphs: dict[str, nx.Graph] = {}
    for net in analysis.networks:
        graphs[network_name(net.layer, net.level, net.city)] = network_graph(analysis, net)
    for city in analysis.views_cities:
        bipartite = stakeholder_graph(analysis, city)
        if bipartite.number_of_edges():
            graphs[f"stakeholder-goal-{city}"] = bipartite
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
