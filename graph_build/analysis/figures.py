"""Figures for papers (PNG, Agg backend): goal heatmaps, networks coloured by dimension,
dimension block matrices, community stability and city comparison (the expert influence figure
is drawn by :mod:`graph_build.analysis.expert_outputs`).

Japanese labels need a font with Japanese glyphs (:func:`graph_build.chart_style.japanese_font`);
without one, figures use English labels only. PNG files carry no software or date metadata, so
the same analysis gives the same bytes.
"""

from __future__ import annotations

import csv
import textwrap
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch, Rectangle, Wedge
from matplotlib.path import Path as MplPath
from matplotlib.transforms import Bbox

from graph_build.analysis.compare import comparison_level
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
    Link,
    carrier_codes,
    code_key,
    node_key,
)
from graph_build.chart_style import SVG_HASHSALT, font_family, japanese_font
from graph_build.paths import RESOURCES_DIR

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
LEVEL_JA = {"target": "ターゲット", "goal": "目標", "dimension": "側面"}
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


HEATMAP_BASES = {
    # basis → (what the numbers count, English, Japanese)
    "stated": (
        "carriers that state both goals",
        "Goal × goal co-reference, stated",
        "目標間の共起（記載あり）",
    ),
    "inferred": (
        "carriers that link the goals only via a direction",
        "Goal × goal co-reference, inferred via a direction",
        "目標間の共起（方向性経由の推定）",
    ),
}


def _basis_weight(link: Link, basis: str) -> int:
    return link.stated_weight if basis == "stated" else link.inferred_weight


def goal_heatmap(analysis: Analysis, city: str, path: Path, basis: str = "stated") -> Path:
    """Goal × goal co-reference carriers of one basis (stated or inferred via a direction).

    Stated and inferred carriers get separate figures with one colour scale (the largest total
    weight), so the two can be read side by side and never mixed in one cell.
    """
    _style()
    data = analysis.data
    scheme = analysis.options.colour_scheme
    goals = sorted(data.goals, key=code_key)
    index = {g: i for i, g in enumerate(goals)}
    matrix = np.zeros((len(goals), len(goals)))
    links = analysis.layers.select(COREFERENCE, GOAL, city)
    for link in links:
        i, j = index[link.source], index[link.target]
        matrix[i, j] = matrix[j, i] = _basis_weight(link, basis)
    top = max([1.0, *(link.weight for link in links)])
    fig, ax = plt.subplots(figsize=(7.2, 6.4))
    masked = np.ma.masked_where(matrix == 0, matrix)
    cmap = matplotlib.colormaps["YlGnBu" if basis == "stated" else "Greys"].with_extremes(
        bad="#f7f7f7"
    )
    image = ax.imshow(masked, cmap=cmap, vmin=0, vmax=top)
    for i in range(len(goals)):
        for j in range(len(goals)):
            if matrix[i, j]:
                ax.text(
                    j,
                    i,
                    f"{int(matrix[i, j])}",
                    ha="center",
                    va="center",
                    fontsize=6.5,
                    color="white" if matrix[i, j] > 0.6 * top else "#222222",
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
    counts_en, title_en, title_ja = HEATMAP_BASES[basis]
    bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    bar.set_label(
        bilingual(counts_en, "記載ありの根拠の数" if basis == "stated" else "方向性経由の根拠の数"),
        fontsize=8,
    )
    ax.set_title(_title(analysis, title_en, title_ja, city))
    if not matrix.any():
        ax.text(
            len(goals) / 2 - 0.5,
            len(goals) / 2 - 0.5,
            bilingual("no goal pair on this basis", "該当する目標の組はない"),
            ha="center",
            va="center",
            fontsize=10,
            color="#555555",
        )
    other = "inferred" if basis == "stated" else "stated"
    fig.text(
        0.01,
        -0.03,
        f"Carriers: initiatives, KPI tables, directions. The {other} carriers are in "
        f"goal-heatmap-{other}-{city}.png; colour scale up to the largest total ({top:g}).",
        fontsize=7,
        color="#555555",
    )
    return _save(fig, path)


def _dim_name(analysis: Analysis, scheme: str, key: str) -> str:
    data = analysis.data
    return bilingual(dimension_label(data, scheme, key), dimension_label(data, scheme, key, "ja"))


# ---------------------------------------------------------------- chord diagram of goal links

SDG_COLOURS_FILE = RESOURCES_DIR / "sdg_goal_colours.csv"
CHORD_RADIUS = 1.0
CHORD_RING = 0.08
CHORD_GAP = np.deg2rad(2.0)
#: Fixed SVG metadata: no creation date or software version, so the bytes never change.
SVG_METADATA: dict[str, str | None] = {"Date": None, "Creator": None}


@lru_cache(maxsize=1)
def sdg_colours() -> dict[str, str]:
    """The 17 goals' official colours (UN SDG communication guidelines), goal code → hex."""
    with SDG_COLOURS_FILE.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row["colour"] for row in csv.DictReader(handle)}


def _arc(start: float, end: float, radius: float, steps: int = 24) -> list[tuple[float, float]]:
    """Points on a circle from angle ``start`` to ``end`` (radians), both included."""
    return [
        (round(radius * float(np.cos(t)), 6), round(radius * float(np.sin(t)), 6))
        for t in np.linspace(start, end, steps)
    ]


def ribbon_path(a: tuple[float, float], b: tuple[float, float], radius: float) -> MplPath:
    """A chord ribbon between the arc spans ``a`` and ``b`` (angles), curved through the centre."""
    first = _arc(a[0], a[1], radius)
    second = _arc(b[0], b[1], radius)
    vertices = [
        *first,
        (0.0, 0.0),
        second[0],
        *second[1:],
        (0.0, 0.0),
        first[0],
        first[0],
    ]
    codes = [
        MplPath.MOVETO,
        *[MplPath.LINETO] * (len(first) - 1),
        MplPath.CURVE3,
        MplPath.CURVE3,
        *[MplPath.LINETO] * (len(second) - 1),
        MplPath.CURVE3,
        MplPath.CURVE3,
        MplPath.CLOSEPOLY,
    ]
    return MplPath(vertices, codes)


def chord_spans(
    goals: Sequence[str], weights: dict[tuple[str, str], float]
) -> dict[tuple[str, str], tuple[float, float]]:
    """Angular span of each link end: (goal, other goal) → (start, end) in radians.

    Goals sit clockwise from the top in equal sectors; a link of weight w takes w × scale of
    each end's sector, the scale set by the goal with the largest total weight, so ribbon
    width is proportional to weight everywhere. Ends are ordered clockwise by the other goal.
    """
    n = len(goals)
    sector = 2 * np.pi / n
    index = {g: i for i, g in enumerate(goals)}
    strength = dict.fromkeys(goals, 0.0)
    for (a, b), w in weights.items():
        strength[a] += w
        strength[b] += w
    scale = (sector - CHORD_GAP) / max([1.0, *strength.values()])
    spans: dict[tuple[str, str], tuple[float, float]] = {}
    for g in goals:
        start = np.pi / 2 - index[g] * sector - CHORD_GAP / 2
        ends = sorted(
            (b if a == g else a for (a, b) in weights if g in (a, b)),
            key=lambda other: (index[other] - index[g]) % n,
        )
        for other in ends:
            w = weights.get((g, other), weights.get((other, g), 0.0))
            spans[(g, other)] = (float(start), float(start - w * scale))
            start -= w * scale
    return spans


def chord_diagram(analysis: Analysis, city: str, png: Path, svg: Path) -> tuple[Path, Path]:
    """Goal co-reference links as a chord diagram: 17 goals round a circle in SDG colours,
    ribbon width proportional to the link weight (carriers, stated and inferred)."""
    _style()
    data = analysis.data
    goals = sorted(data.goals, key=code_key)
    colours = sdg_colours()
    weights = {
        (x.source, x.target): float(x.weight)
        for x in analysis.layers.select(COREFERENCE, GOAL, city)
        if x.source != x.target
    }
    spans = chord_spans(goals, weights)
    fig, ax = plt.subplots(figsize=(7.0, 7.0))
    # widest first, so narrow ribbons stay visible on top
    for a, b in sorted(weights, key=lambda k: (-weights[k], code_key(k[0]), code_key(k[1]))):
        ax.add_patch(
            PathPatch(
                ribbon_path(spans[(a, b)], spans[(b, a)], CHORD_RADIUS),
                facecolor=colours.get(a, UNPLACED),
                edgecolor="white",
                lw=0.3,
                alpha=0.6,
            )
        )
    sector = 360 / len(goals)
    for i, g in enumerate(goals):
        top = 90 - i * sector - np.rad2deg(CHORD_GAP) / 2
        ax.add_patch(
            Wedge(
                (0, 0),
                CHORD_RADIUS + CHORD_RING,
                top - sector + np.rad2deg(CHORD_GAP),
                top,
                width=CHORD_RING,
                color=colours.get(g, UNPLACED),
                lw=0,
            )
        )
        middle = np.deg2rad(top - (sector - np.rad2deg(CHORD_GAP)) / 2)
        x, y = float(np.cos(middle)), float(np.sin(middle))
        angle = float(np.rad2deg(middle))
        ax.text(
            1.2 * x,
            1.2 * y,
            g,
            ha="center",
            va="center",
            fontsize=9,
            fontweight="bold",
            color=colours.get(g, "#222222"),
        )
        ax.text(
            1.3 * x,
            1.3 * y,
            _wrap(node_label(data, GOAL, g).split(": ", 1)[-1], 18),
            ha="left" if x >= 0 else "right",
            va="center",
            fontsize=6,
            color="#444444",
            rotation=angle if x >= 0 else angle - 180,
            rotation_mode="anchor",
        )
    ax.set_xlim(-1.9, 1.9)
    ax.set_ylim(-1.9, 1.9)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_title(_title(analysis, "Goal co-reference links", "目標間の共起", city))
    fig.text(
        0.02,
        0.02,
        f"{len(weights)} goal pairs; ribbon width: carriers linking the pair (stated and "
        "inferred via a direction; see the heat maps for the split).",
        fontsize=7,
        color="#555555",
    )
    fig.savefig(svg, format="svg", bbox_inches="tight", metadata=SVG_METADATA)
    _save(fig, png)
    return png, svg


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


def node_size(strength: float, biggest: float) -> float:
    """Marker area (points²) of a node in a network figure: grows with its weighted degree."""
    return 330 + 520 * strength / (biggest if biggest > 0 else 1.0)


def node_looks(analysis: Analysis, net: Network) -> dict[str, tuple[float, float, str, float]]:
    """Per node, as the network figure draws it: layout x, y, colour (#rrggbb) and size."""
    pos = layout(net.graph)
    colours = node_colours(analysis, net, colour_scheme_for(analysis, net.level))
    strength = {m.node: float(m.weighted_degree) for m in net.metrics}
    biggest = max(strength.values(), default=0.0)
    return {
        node: (pos[node][0], pos[node][1], colours[node], node_size(strength[node], biggest))
        for node in net.graph.nodes
    }


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
        size = node_size(metrics[node].weighted_degree, biggest)
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
            "Outlined: economy–environment cell (5Ps: prosperity–planet). A cell adds up the "
            "weights of the links between nodes of its two dimensions: co-reference, the carriers "
            "of each goal pair, summed over the pairs (a carrier that joins several pairs counts "
            "once per pair); re-listing, the initiatives of each pair; stated synergies, the "
            "statements.",
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
    title_en, title_ja = "City comparison", "都市間の比較"
    if len(cities) == 2:
        level = comparison_level(data, cities[0], cities[1])
        title_en += f" (finest level both plans print: {level})"
        title_ja += f"（両計画が記載する最も細かい水準：{LEVEL_JA[level]}）"
    fig.suptitle(bilingual(title_en, title_ja), fontsize=10.5, fontweight="bold")
    fig.tight_layout(rect=(0, 0.04, 1, 0.95))
    return _save(fig, path)


# ---------------------------------------------------------------- expert influence


#: Label offsets tried around a point, in points: right, above, left, below, then diagonals.
LABEL_OFFSETS = tuple(
    (r * dx, r * dy)
    for r in (5, 12, 20)
    for dx, dy in ((1, 0.4), (0, 1.2), (-1, 0.4), (0, -1.4), (1, -1), (-1, -1), (1, 1), (-1, 1))
)


def place_labels(ax: Axes, labels: Sequence[tuple[tuple[float, float], str]]) -> int:
    """Label points without overlap: each label takes the first offset of
    :data:`LABEL_OFFSETS` where it clears the labels already placed, the points and the axes'
    edges; labels that fit nowhere are left out. Deterministic; returns how many were left out.
    """
    fig = ax.figure
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    area = ax.get_window_extent(renderer)
    points = [ax.transData.transform(p) for p, _ in labels]
    taken = [Bbox.from_bounds(x - 4, y - 4, 8, 8) for x, y in points]
    left_out = 0
    for point, text in labels:
        for dx, dy in LABEL_OFFSETS:
            style = {
                "textcoords": "offset points",
                "xytext": (dx, dy),
                "ha": "left" if dx > 0 else "right" if dx < 0 else "center",
                "va": "bottom" if dy > 0 else "top",
                "fontsize": 7.5,
            }
            note = ax.annotate(text, point, **style)  # type: ignore[arg-type]
            box = note.get_window_extent(renderer)
            inside = area.contains(box.x0, box.y0) and area.contains(box.x1, box.y1)
            if inside and not any(box.overlaps(other) for other in taken):
                taken.append(box)
                if abs(dx) > 6 or abs(dy) > 8:  # far from its point: draw a leader line
                    note.remove()
                    leader = {"arrowstyle": "-", "color": "#999999", "lw": 0.5}
                    ax.annotate(text, point, arrowprops=leader, **style)  # type: ignore[arg-type]
                break
            note.remove()
        else:
            left_out += 1
    return left_out


def write_figures(analysis: Analysis, folder: Path) -> list[Path]:
    """Every figure of the analysis as PNG in ``folder`` (the chord diagrams also as SVG)."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for city in analysis.views_cities:
        goal_links = analysis.layers.select(COREFERENCE, GOAL, city)
        if goal_links:
            for basis in HEATMAP_BASES:  # both, even when one is empty: a stable file list
                written.append(
                    goal_heatmap(analysis, city, folder / f"goal-heatmap-{basis}-{city}.png", basis)
                )
            written += chord_diagram(
                analysis,
                city,
                folder / f"chord-goals-{city}.png",
                folder / f"chord-goals-{city}.svg",
            )
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
