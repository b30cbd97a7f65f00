"""Figures for papers (PNG, Agg backend): goal heatmaps, networks coloured by dimension,
dimension block matrices, community stability and city comparison (the expert influence figure
is drawn by :mod:`graph_build.analysis.expert_outputs`).

Japanese labels need a font with Japanese glyphs (:func:`graph_build.chart_style.japanese_font`);
without one, figures use English labels only. PNG files carry no software or date metadata, so
the same analysis gives the same bytes.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from graph_build.analysis.compute import Analysis, Network
from graph_build.analysis.dimensions import BlockMatrix, economy_environment
from graph_build.analysis.labels import (
    city_label,
    dimension_label,
    layer_label,
    node_label,
    scheme_label,
    short_label,
    short_scheme,
)
from graph_build.analysis.layers import (
    ALL,
    COREFERENCE,
    GOAL,
    RELISTING,
    STATEMENT,
    TARGET,
    carrier_codes,
    code_key,
    node_key,
)
from graph_build.chart_style import SVG_HASHSALT, font_family, japanese_font

# one colour per meaning, shared by every scheme (5Ps map to the Future City aspects)
MEANING_COLOURS = {
    "economy": "#d08c00",
    "society": "#c2185b",
    "environment": "#2e7d32",
    "partnership": "#1f5a99",
    "peace": "#6a4c93",
    "integrated": "#6a4c93",
}
UNPLACED = "#9e9e9e"
CITY_COLOURS = ("#1f5a99", "#7b8794", "#6a4c93", "#00838f", "#8d6e63")
DPI = 200


def _style() -> None:
    plt.rcParams.update(
        {
            "font.family": font_family(),
            "font.size": 9,
            "axes.titlesize": 10,
            "axes.titleweight": "bold",
            "axes.spines.top": False,
            "axes.spines.right": False,
            "xtick.labelsize": 8,
            "ytick.labelsize": 8,
            "svg.hashsalt": SVG_HASHSALT,
        }
    )


def bilingual(en: str, ja: str) -> str:
    """``en / ja`` when a Japanese font is installed, else ``en``."""
    return f"{en} / {ja}" if japanese_font() else en


def dimension_colour(analysis: Analysis, scheme: str, key: str) -> str:
    """Colour of a dimension by what it means (economy, society, environment …)."""
    found = analysis.data.schemes.get(scheme)
    if found is not None:
        for dim in found.dimensions:
            if dim.key == key:
                meaning = dim.maps_to or dim.key
                return MEANING_COLOURS.get(meaning, MEANING_COLOURS.get(dim.key, UNPLACED))
    return UNPLACED


def _save(fig: Figure, path: Path) -> Path:
    fig.savefig(path, dpi=DPI, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return path


def _title(analysis: Analysis, what_en: str, what_ja: str, city: str) -> str:
    data = analysis.data
    return bilingual(
        f"{what_en}: {city_label(data, city)}", f"{city_label(data, city, 'ja')}　{what_ja}"
    )


# ---------------------------------------------------------------- goal × goal heatmap


def goal_heatmap(analysis: Analysis, city: str, path: Path) -> Path:
    """Goal × goal co-reference weights, goals ordered 1–17 with dimension bands."""
    _style()
    data = analysis.data
    scheme = analysis.options.colour_scheme
    goals = sorted(data.goals, key=code_key)
    index = {g: i for i, g in enumerate(goals)}
    matrix = np.zeros((len(goals), len(goals)))
    inferred = np.zeros((len(goals), len(goals)), dtype=bool)
    for link in analysis.layers.select(COREFERENCE, GOAL, city):
        i, j = index[link.source], index[link.target]
        matrix[i, j] = matrix[j, i] = link.weight
        inferred[i, j] = inferred[j, i] = link.inferred
    fig, ax = plt.subplots(figsize=(7.2, 6.4))
    masked = np.ma.masked_where(matrix == 0, matrix)
    cmap = matplotlib.colormaps["YlGnBu"].with_extremes(bad="#f7f7f7")
    image = ax.imshow(masked, cmap=cmap, vmin=0, vmax=max(1.0, float(matrix.max())))
    for i in range(len(goals)):
        for j in range(len(goals)):
            if matrix[i, j]:
                dark = matrix[i, j] > 0.6 * matrix.max()
                ax.text(
                    j,
                    i,
                    f"{int(matrix[i, j])}{'†' if inferred[i, j] else ''}",
                    ha="center",
                    va="center",
                    fontsize=6.5,
                    color="white" if dark else "#222222",
                )
    ax.set_xticks(range(len(goals)), [g for g in goals], fontsize=8)
    ax.set_yticks(range(len(goals)), [f"SDG {g}" for g in goals], fontsize=8)
    ax.tick_params(length=0)
    found = data.schemes.get(scheme)
    if found is not None and found.goal_based:
        for g, i in index.items():
            key = found.dimension_of_goal(g)
            colour = dimension_colour(analysis, scheme, key) if key else UNPLACED
            ax.add_patch(Rectangle((-1.25, i - 0.5), 0.5, 1, color=colour, clip_on=False, lw=0))
            ax.add_patch(
                Rectangle((i - 0.5, len(goals) - 0.25), 1, 0.5, color=colour, clip_on=False, lw=0)
            )
        handles = [
            Patch(
                color=dimension_colour(analysis, scheme, d.key),
                label=_dim_name(analysis, scheme, d.key),
            )
            for d in found.dimensions
        ]
        ax.legend(
            handles=handles,
            title=bilingual(scheme_label(data, scheme), scheme_label(data, scheme, "ja")),
            loc="upper center",
            bbox_to_anchor=(0.5, -0.07),
            ncol=len(handles),
            frameon=False,
            fontsize=7.5,
            title_fontsize=7.5,
        )
    ax.set_xlim(-1.3, len(goals) - 0.5)
    ax.set_ylim(len(goals) + 0.3, -0.5)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    bar.set_label(
        bilingual("carriers (initiatives, KPI tables, directions)", "共起の数"), fontsize=8
    )
    ax.set_title(_title(analysis, "Goal × goal co-reference", "目標間の共起", city))
    fig.text(
        0.01,
        -0.03,
        "† every carrier links the pair only through a direction (inferred via direction)",
        fontsize=7,
        color="#555555",
    )
    return _save(fig, path)


def _dim_name(analysis: Analysis, scheme: str, key: str) -> str:
    data = analysis.data
    return bilingual(dimension_label(data, scheme, key), dimension_label(data, scheme, key, "ja"))


# ---------------------------------------------------------------- network coloured by dimension


def _declutter(
    positions: dict[str, np.ndarray], gap: float = 0.17, rounds: int = 60
) -> dict[str, np.ndarray]:
    """Push apart nodes closer than ``gap`` (Kamada–Kawai stacks nodes with equal neighbours)."""
    nodes = list(positions)
    points = np.array([positions[n] for n in nodes], dtype=float)
    for _ in range(rounds):
        moved = False
        for i in range(len(nodes)):
            for j in range(i + 1, len(nodes)):
                delta = points[j] - points[i]
                distance = float(np.hypot(*delta))
                if distance >= gap:
                    continue
                if distance < 1e-9:  # identical places: split along a fixed direction
                    angle = 2.399963 * (i + j)
                    delta, distance = np.array([np.cos(angle), np.sin(angle)]), 1.0
                    push = gap / 2
                else:
                    push = (gap - distance) / 2
                step = delta / distance * push
                points[i] -= step
                points[j] += step
                moved = True
        if not moved:
            break
    return {n: points[k] for k, n in enumerate(nodes)}


def layout(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """Kamada–Kawai on hop distance per connected component, components side by side.

    Hop distance (not 1/weight) spreads the cliques that co-reference makes, so every label
    stays readable; the layout has no random start, so it is the same on every run.
    """
    components = sorted(
        (sorted(c, key=node_key) for c in nx.connected_components(graph)),
        key=lambda c: (-len(c), node_key(c[0])),
    )
    if not components:
        return {}
    largest = len(components[0])
    positions: dict[str, tuple[float, float]] = {}
    offset = 0.0
    for members in components:
        scale = float(np.sqrt(len(members) / largest))
        if len(members) == 1:
            local = {members[0]: np.array([0.0, 0.0])}
        elif len(members) == 2:
            local = {members[0]: np.array([-0.6, 0.0]), members[1]: np.array([0.6, 0.0])}
        else:
            local = _declutter(nx.kamada_kawai_layout(graph.subgraph(members), weight=None))
        for node in members:
            x, y = local[node]
            positions[node] = (
                round(offset + scale * (float(x) + 1.0), 4),
                round(scale * float(y), 4),
            )
        offset += 2.0 * scale + 0.5
    return positions


def node_colours(analysis: Analysis, net: Network, scheme: str) -> dict[str, str]:
    """One colour per node: its dimension's, grey when it has none or several."""
    colours = {}
    for node in net.graph.nodes:
        dims = net.dimensions.get(scheme, {}).get(node, frozenset())
        colours[node] = (
            dimension_colour(analysis, scheme, next(iter(dims))) if len(dims) == 1 else UNPLACED
        )
    return colours


WEIGHT_MEANING = {
    COREFERENCE: "number of carriers",
    RELISTING: "re-listed initiatives",
    STATEMENT: "stated synergies",
}
SMALL_NETWORK = 8
MANY_CITIES = 4


def colour_scheme_for(analysis: Analysis, level: str) -> str:
    """Goals and targets take the chosen scheme; areas and aspects the cities' own aspects."""
    chosen = analysis.options.colour_scheme
    if level in (TARGET, GOAL) or "future-city" not in analysis.options.schemes:
        return chosen
    return "future-city"


def _free_direction(
    graph: nx.Graph, pos: dict[str, tuple[float, float]], node: str
) -> tuple[float, float]:
    """Unit vector into the widest gap between a node's links (where its label fits)."""
    x, y = pos[node]
    angles = sorted(float(np.arctan2(pos[n][1] - y, pos[n][0] - x)) for n in graph.neighbors(node))
    if not angles:
        return (0.0, -1.0)
    gaps = [
        ((angles[(i + 1) % len(angles)] - a) % (2 * np.pi) or 2 * np.pi, a)
        for i, a in enumerate(angles)
    ]
    width, start = max(gaps)
    middle = start + width / 2
    return (float(np.cos(middle)), float(np.sin(middle)))


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def network_figure(analysis: Analysis, net: Network, path: Path) -> Path:
    """The view's network: node colour = dimension, size = weighted degree, width = weight.

    Small networks (directions, aspects) get their full names beside the nodes and the weight
    written on each link.
    """
    _style()
    data = analysis.data
    scheme = colour_scheme_for(analysis, net.level)
    graph = net.graph
    small = graph.number_of_nodes() <= SMALL_NETWORK
    pos = layout(graph)
    colours = node_colours(analysis, net, scheme)
    metrics = {m.node: m for m in net.metrics}
    fig, ax = plt.subplots(figsize=(6.4, 5.2) if small else (8.0, 7.0))
    links = {
        (x.source, x.target): x for x in analysis.layers.select(net.layer, net.level, net.city)
    }
    weights = [d["weight"] for _, _, d in graph.edges(data=True)] or [1.0]
    top = max(weights)
    any_dashed = False
    for a, b, d in graph.edges(data=True):
        link = links.get((a, b)) or links.get((b, a))
        dashed = link is not None and link.inferred
        any_dashed |= dashed
        (xa, ya), (xb, yb) = pos[a], pos[b]
        ax.plot(
            [xa, xb],
            [ya, yb],
            color="#8a8a8a" if dashed else "#4d4d4d",
            lw=(1.0 + 5.0 * d["weight"] / top) if small else (0.4 + 3.2 * d["weight"] / top),
            alpha=0.35 + 0.4 * d["weight"] / top,
            ls=(0, (3, 2)) if dashed else "-",
            solid_capstyle="round",
            zorder=1,
        )
        if small:
            ax.annotate(
                f"{d['weight']:g}",
                ((xa + xb) / 2, (ya + yb) / 2),
                ha="center",
                va="center",
                fontsize=9,
                fontweight="bold",
                bbox={"boxstyle": "round,pad=0.25", "fc": "white", "ec": "#bbbbbb", "lw": 0.6},
                zorder=4,
            )
    strength = [metrics[n].weighted_degree for n in graph.nodes]
    biggest = max(strength) if strength and max(strength) > 0 else 1.0
    for node in graph.nodes:
        x, y = pos[node]
        size = 330 + 520 * metrics[node].weighted_degree / biggest
        ax.scatter([x], [y], s=size, color=colours[node], edgecolor="white", lw=1.2, zorder=2)
        label = short_label(data, net.level, node)
        inside = len(label) <= 5
        if inside:
            ax.annotate(
                label,
                (x, y),
                ha="center",
                va="center",
                fontsize=7 if net.level == TARGET else 8,
                color="white",
                fontweight="bold",
                zorder=3,
            )
        if small:
            name = node_label(data, net.level, node)
            if japanese_font():
                name = f"{_wrap(name, 26)}\n{_wrap(node_label(data, net.level, node, 'ja'), 14)}"
            else:
                name = _wrap(name, 26)
            ux, uy = _free_direction(graph, pos, node)
            ax.annotate(
                name,
                (x, y),
                textcoords="offset points",
                xytext=(26 * ux, 26 * uy),
                ha="left" if ux > 0.35 else "right" if ux < -0.35 else "center",
                va="bottom" if uy > 0.35 else "top" if uy < -0.35 else "center",
                fontsize=7.5,
                color="#222222",
                zorder=3,
            )
    if small:
        xs = [p[0] for p in pos.values()]
        ys = [p[1] for p in pos.values()]
        span = max(max(xs) - min(xs), max(ys) - min(ys), 1.0)
        ax.set_xlim(min(xs) - 0.45 * span, max(xs) + 0.45 * span)
        ax.set_ylim(min(ys) - 0.4 * span, max(ys) + 0.4 * span)
    found = data.schemes.get(scheme)
    handles: list[Patch | Line2D] = []
    if found is not None:
        used = {next(iter(d)) for d in net.dimensions.get(scheme, {}).values() if len(d) == 1}
        handles += [
            Patch(
                color=dimension_colour(analysis, scheme, d.key),
                label=_dim_name(analysis, scheme, d.key),
            )
            for d in found.dimensions
            if d.key in used
        ]
        if any(len(d) != 1 for d in net.dimensions.get(scheme, {}).values()):
            handles.append(Patch(color=UNPLACED, label=bilingual("several or none", "複数・なし")))
    if any_dashed:
        handles += [
            Line2D(
                [], [], color="#4d4d4d", lw=2, label=bilingual("stated by a carrier", "記載あり")
            ),
            Line2D(
                [],
                [],
                color="#8a8a8a",
                lw=2,
                ls=(0, (3, 2)),
                label=bilingual("only via a direction", "方向性経由のみ"),
            ),
        ]
    ax.legend(
        handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8
    )
    ax.set_axis_off()
    ax.set_aspect("equal")
    level_en = {"target": "targets", "goal": "goals", "area": "directions", "aspect": "aspects"}[
        net.level
    ]
    level_ja = {"target": "ターゲット", "goal": "目標", "area": "方向性", "aspect": "側面"}[
        net.level
    ]
    ax.set_title(
        _title(
            analysis,
            f"{layer_label(net.layer).capitalize()} network of {level_en}",
            f"{level_ja}の{layer_label(net.layer, 'ja')}ネットワーク",
            net.city,
        ),
        fontsize=9.5 if small else 10,
    )
    fig.text(
        0.01,
        0.01,
        f"Line width{' and number' if small else ''}: {WEIGHT_MEANING.get(net.layer, 'weight')}. "
        f"Node size: weighted degree. Colours: {scheme_label(data, scheme)}.",
        fontsize=7,
        color="#555555",
    )
    return _save(fig, path)


# ---------------------------------------------------------------- dimension block matrices


def _matrix_panel(analysis: Analysis, ax: Axes, matrix: BlockMatrix) -> None:
    data = analysis.data
    keys = list(matrix.dimensions)
    n = len(keys)
    values = np.full((n, n), np.nan)
    for i, a in enumerate(keys):
        for j, b in enumerate(keys):
            if matrix.directed or j >= i:
                values[i, j] = matrix.weight(a, b)
    cmap = matplotlib.colormaps["Oranges"].with_extremes(bad="white")
    top = np.nanmax(values) if np.nanmax(values) > 0 else 1.0
    ax.imshow(np.ma.masked_invalid(values), cmap=cmap, vmin=0, vmax=top)
    for i in range(n):
        for j in range(n):
            if not np.isnan(values[i, j]):
                ax.text(
                    j,
                    i,
                    f"{values[i, j]:g}",
                    ha="center",
                    va="center",
                    fontsize=9,
                    color="white" if values[i, j] > 0.6 * top else "#222222",
                )
    labels = [_dim_name(analysis, matrix.scheme, k).replace(" / ", "\n") for k in keys]
    ax.set_xticks(range(n), labels, rotation=40, ha="right", fontsize=7.5)
    ax.set_yticks(range(n), labels, fontsize=7.5)
    ax.tick_params(length=0)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    pair = economy_environment(data.schemes[matrix.scheme])
    if pair is not None:
        i, j = sorted((keys.index(pair[0]), keys.index(pair[1])))
        cells = [(i, j), (j, i)] if matrix.directed else [(i, j)]
        for r, c in cells:
            ax.add_patch(Rectangle((c - 0.5, r - 0.5), 1, 1, fill=False, ec="#111111", lw=2.2))
    en, ja = short_scheme(data, matrix.scheme), short_scheme(data, matrix.scheme, "ja")
    level = f" ({matrix.level})" if matrix.layer == RELISTING else ""
    ax.set_title(
        bilingual(
            f"{en}: {layer_label(matrix.layer)}{level}", f"{ja}・{layer_label(matrix.layer, 'ja')}"
        ),
        fontsize=8.5,
    )


def dimension_matrix_figure(analysis: Analysis, city: str, path: Path) -> Path | None:
    """Block matrices of every scheme and layer for one city; economy–environment outlined."""
    matrices = [m for m in analysis.matrices if m.city == city]
    if not matrices:
        return None
    _style()
    columns = min(3, len(matrices))
    rows = (len(matrices) + columns - 1) // columns
    fig, axes = plt.subplots(
        rows, columns, figsize=(4.0 * columns, 4.3 * rows + 0.6), squeeze=False
    )
    for ax, matrix in zip(axes.flat, matrices, strict=False):
        _matrix_panel(analysis, ax, matrix)
    for ax in list(axes.flat)[len(matrices) :]:
        ax.set_axis_off()
    fig.suptitle(
        _title(analysis, "Link weight between dimensions", "側面間のつながりの重み", city),
        fontsize=10,
        fontweight="bold",
    )
    fig.text(
        0.01,
        0.0,
        textwrap.fill(
            "Outlined: economy–environment cell (5Ps: prosperity–planet). Co-reference counts "
            "carriers; re-listing counts initiatives; stated synergies count statements.",
            width=70 * columns,
        ),
        fontsize=7,
        color="#555555",
    )
    fig.tight_layout(rect=(0, 0.03, 1, 0.97))
    return _save(fig, path)


# ---------------------------------------------------------------- community stability


def stability_figure(analysis: Analysis, net: Network, path: Path) -> Path:
    """How often node pairs share a Louvain community across seeds, and the ARI of each seed."""
    _style()
    data = analysis.data
    st = net.stability
    nodes = sorted(net.graph.nodes, key=lambda n: (st.reference[n], code_key(n)))
    n = len(nodes)
    matrix = np.eye(n)
    for i, a in enumerate(nodes):
        for j, b in enumerate(nodes):
            if i != j:
                matrix[i, j] = st.co_assignment.get((a, b), st.co_assignment.get((b, a), 0.0))
    fig, (ax, side) = plt.subplots(1, 2, figsize=(9.6, 6.0), gridspec_kw={"width_ratios": [3.2, 1]})
    image = ax.imshow(matrix, cmap="Purples", vmin=0, vmax=1)
    labels = [short_label(data, net.level, x) for x in nodes]
    size = 7 if n <= 30 else 5
    ax.set_xticks(range(n), labels, rotation=90, fontsize=size)
    ax.set_yticks(range(n), labels, fontsize=size)
    ax.tick_params(length=0)
    start = 0
    for i in range(1, n + 1):
        if i == n or st.reference[nodes[i]] != st.reference[nodes[start]]:
            ax.add_patch(
                Rectangle(
                    (start - 0.5, start - 0.5),
                    i - start,
                    i - start,
                    fill=False,
                    ec="#e65100",
                    lw=1.4,
                )
            )
            start = i
    bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    bar.set_label(
        bilingual("share of seeds placing the pair together", "同じ群になった割合"), fontsize=8
    )
    ax.set_title(
        _title(analysis, "Louvain community stability", "Louvainコミュニティの安定性", net.city),
        fontsize=9.5,
    )
    side.bar(range(len(st.seeds)), st.ari, color="#6a4c93")
    side.axhline(st.mean_ari, color="#e65100", lw=1.2, ls="--")
    side.set_ylim(0, 1.05)
    side.set_xlabel("seed", fontsize=8)
    seed = analysis.options.seed
    side.set_ylabel(
        bilingual(f"adjusted Rand index vs. seed {seed}", f"シード{seed}とのARI"), fontsize=8
    )
    side.set_xticks(range(0, len(st.seeds), 5), [str(s) for s in st.seeds[::5]], fontsize=7)
    side.set_title(
        f"mean ARI {st.mean_ari:.2f}\n{st.distinct_partitions} distinct partitions", fontsize=8.5
    )
    fig.text(
        0.01,
        0.0,
        f"Orange boxes: communities of seed {analysis.options.seed} ({layer_label(net.layer)}, "
        f"{net.level} level, resolution {analysis.options.resolution:g}).",
        fontsize=7,
        color="#555555",
    )
    fig.tight_layout()
    return _save(fig, path)


# ---------------------------------------------------------------- city comparison


def _carriers_per_goal(analysis: Analysis, city: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for carrier in analysis.data.carriers.values():
        if carrier.city != city:
            continue
        for goal in carrier_codes(analysis.data, carrier, GOAL):
            counts[goal] = counts.get(goal, 0) + 1
    return counts


def _aspect_links(analysis: Analysis, city: str, layer: str, a: str, b: str) -> float:
    return sum(
        m.weight(a, b)
        for m in analysis.matrices
        if m.city == city and m.scheme == "future-city" and m.layer == layer
    )


def _aspect_heatmap(
    analysis: Analysis,
    ax: Axes,
    cities: Sequence[str],
    pairs: list[tuple[str, str]],
    pair_names: list[str],
) -> None:
    """Many cities: a city × aspect-pair grid, each cell 're-listings + statements'."""
    data = analysis.data
    relist = np.array(
        [[_aspect_links(analysis, c, RELISTING, a, b) for a, b in pairs] for c in cities]
    )
    stated = np.array(
        [[_aspect_links(analysis, c, STATEMENT, a, b) for a, b in pairs] for c in cities]
    )
    total = relist + stated
    ax.imshow(total, cmap="Blues", vmin=0, vmax=max(1.0, float(total.max())), aspect="auto")
    for i in range(len(cities)):
        for j in range(len(pairs)):
            ax.text(
                j,
                i,
                f"{relist[i, j]:g}+{stated[i, j]:g}",
                ha="center",
                va="center",
                fontsize=7,
                color="white" if total[i, j] > 0.6 * total.max() else "#222222",
            )
    ax.set_xticks(range(len(pairs)), pair_names, fontsize=7.5, rotation=30, ha="right")
    ax.set_yticks(range(len(cities)), [city_label(data, c) for c in cities], fontsize=7.5)
    ax.tick_params(length=0)
    ax.set_xlabel(
        bilingual("re-listed initiatives + stated synergies", "再掲された取組＋記述された相乗効果"),
        fontsize=8,
    )


def comparison_figure(analysis: Analysis, path: Path) -> Path | None:
    """Goals each city addresses, and the links each city draws between its aspects."""
    cities = analysis.options.detailed
    if len(cities) < 2:
        return None
    _style()
    data = analysis.data
    scheme = analysis.options.colour_scheme
    found = data.schemes.get(scheme)
    goals = sorted(data.goals, key=code_key)
    fig, (left, right) = plt.subplots(
        1, 2, figsize=(11.5, 1.6 + 0.55 * len(cities) + 1.6), gridspec_kw={"width_ratios": [2.3, 1]}
    )
    top = 1
    counts = {c: _carriers_per_goal(analysis, c) for c in cities}
    for c in cities:
        top = max([top, *counts[c].values()])
    for row, city in enumerate(cities):
        for col, goal in enumerate(goals):
            value = counts[city].get(goal, 0)
            key = found.dimension_of_goal(goal) if found is not None and found.goal_based else None
            colour = dimension_colour(analysis, scheme, key) if key else "#607d8b"
            if value:
                left.scatter([col], [row], s=30 + 420 * value / top, color=colour, alpha=0.85, lw=0)
                left.annotate(
                    str(value), (col, row), ha="center", va="center", fontsize=6.5, color="white"
                )
            else:
                left.scatter([col], [row], s=14, facecolor="none", edgecolor="#bdbdbd", lw=0.8)
        if not counts[city]:
            left.annotate(
                bilingual("no SDG goals or targets printed", "SDGsの目標・ターゲットの記載なし"),
                (len(goals) / 2 - 0.5, row - 0.28),
                ha="center",
                fontsize=7.5,
                color="#555555",
            )
    left.set_xticks(range(len(goals)), goals, fontsize=8)
    left.set_yticks(
        range(len(cities)),
        [bilingual(city_label(data, c), city_label(data, c, "ja")) for c in cities],
        fontsize=8,
    )
    left.set_xlim(-0.7, len(goals) - 0.3)
    left.set_ylim(len(cities) - 0.4, -0.6)
    left.set_xlabel(
        bilingual(
            "SDG goal (circle size: carriers addressing it)",
            "SDGs目標（円の大きさ：対応する取組・KPI表・方向性の数）",
        ),
        fontsize=8,
    )
    left.tick_params(length=0)
    left.set_title(bilingual("Goals each plan addresses", "各計画が対応する目標"), fontsize=9.5)
    future = data.schemes.get("future-city")
    pairs: list[tuple[str, str]] = []
    if future is not None:
        keys = [d.key for d in future.dimensions if d.key != "integrated"]
        pairs = [(a, b) for i, a in enumerate(keys) for b in keys[i + 1 :]]
    pair_names = [
        bilingual(
            f"{dimension_label(data, 'future-city', a)}–{dimension_label(data, 'future-city', b)}",
            f"{dimension_label(data, 'future-city', a, 'ja')}–"
            f"{dimension_label(data, 'future-city', b, 'ja')}",
        ).replace(" / ", "\n")
        for a, b in pairs
    ]
    if len(cities) > MANY_CITIES:
        _aspect_heatmap(analysis, right, cities, pairs, pair_names)
    else:
        width = 0.8 / max(len(cities), 1)
        for k, city in enumerate(cities):
            relist = [
                m
                for m in analysis.matrices
                if m.city == city and m.scheme == "future-city" and m.layer == RELISTING
            ]
            stated = [
                m
                for m in analysis.matrices
                if m.city == city and m.scheme == "future-city" and m.layer == STATEMENT
            ]
            r = [sum(m.weight(a, b) for m in relist) for a, b in pairs]
            s = [sum(m.weight(a, b) for m in stated) for a, b in pairs]
            xs = [i + (k - (len(cities) - 1) / 2) * width for i in range(len(pairs))]
            colour = CITY_COLOURS[k % len(CITY_COLOURS)]
            name = bilingual(city_label(data, city), city_label(data, city, "ja"))
            if any(r):
                right.barh(
                    xs,
                    r,
                    height=width * 0.9,
                    color=colour,
                    label=f"{name}: {layer_label(RELISTING)}",
                )
            if any(s):
                right.barh(
                    xs,
                    s,
                    left=r,
                    height=width * 0.9,
                    facecolor="white",
                    edgecolor=colour,
                    hatch="////",
                    lw=1.0,
                    label=f"{name}: {layer_label(STATEMENT)}",
                )
        right.set_yticks(range(len(pairs)), pair_names, fontsize=8)
        right.invert_yaxis()
        right.set_xlabel(bilingual("links between aspects", "側面間のつながりの数"), fontsize=8)
        right.xaxis.get_major_locator().set_params(integer=True)
        right.legend(
            fontsize=7, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=1
        )
    right.set_title(bilingual("The cities' own aspects", "自治体自身の三側面"), fontsize=9.5)
    similarity = analysis.similarities[0] if analysis.similarities else None
    if similarity is not None and len(cities) == 2:
        fig.text(
            0.01,
            0.0,
            f"Shared targets: {len(similarity.shared_targets)} "
            f"(Jaccard {similarity.jaccard_targets:.2f}); "
            f"shared goals: {len(similarity.shared_goals)} "
            f"(Jaccard {similarity.jaccard_goals:.2f}); "
            f"shared stakeholders: {len(similarity.stakeholders_shared)} "
            f"(Jaccard {similarity.jaccard_stakeholders:.2f}).",
            fontsize=7.5,
            color="#555555",
        )
    fig.suptitle(bilingual("City comparison", "都市間の比較"), fontsize=10.5, fontweight="bold")
    fig.tight_layout(rect=(0, 0.04, 1, 0.95))
    return _save(fig, path)


def write_figures(analysis: Analysis, folder: Path) -> list[Path]:
    """Every figure of the analysis as PNG in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for city in analysis.views_cities:
        if analysis.layers.select(COREFERENCE, GOAL, city):
            written.append(goal_heatmap(analysis, city, folder / f"goal-heatmap-{city}.png"))
        for level in (TARGET, "area", "aspect"):
            layer = {TARGET: COREFERENCE, "area": RELISTING, "aspect": STATEMENT}[level]
            net = analysis.network(layer, level, city)
            if net is not None and net.graph.number_of_edges():
                written.append(
                    network_figure(analysis, net, folder / f"network-{layer}-{level}-{city}.png")
                )
        net = analysis.network(COREFERENCE, TARGET, city)
        if net is not None and net.graph.number_of_nodes() > 2:
            written.append(
                stability_figure(analysis, net, folder / f"community-stability-{city}.png")
            )
        matrix = dimension_matrix_figure(analysis, city, folder / f"dimension-matrix-{city}.png")
        if matrix is not None:
            written.append(matrix)
    comparison = comparison_figure(analysis, folder / "city-comparison.png")
    if comparison is not None:
        written.append(comparison)
    return written


__all__ = ["ALL", "write_figures"]
