"""Figures for papers (PNG, Agg backend): goal heatmaps, networks coloured by dimension,
dimension block matrices, community stability, city comparison and expert influence.

Japanese labels need a font with Japanese glyphs. The first installed font of
:data:`JAPANESE_FONTS` is used (Debian: ``fonts-noto-cjk``); without one, figures use English
labels only. PNG files carry no software or date metadata, so the same analysis gives the same
bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch, Rectangle  # noqa: E402

from .compute import Analysis, Network  # noqa: E402
from .dimensions import BlockMatrix, economy_environment  # noqa: E402
from .labels import (  # noqa: E402
    city_label,
    dimension_label,
    layer_label,
    scheme_label,
    short_label,
)
from .layers import (  # noqa: E402
    ALL,
    COREFERENCE,
    GOAL,
    INTERACTION,
    RELISTING,
    STATEMENT,
    TARGET,
    Link,
    carrier_codes,
    code_key,
)

JAPANESE_FONTS = (
    "Noto Sans CJK JP",
    "Noto Sans JP",
    "IPAexGothic",
    "IPAGothic",
    "TakaoGothic",
    "Source Han Sans JP",
    "VL Gothic",
)
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
DPI = 200


@lru_cache(maxsize=1)
def japanese_font() -> str | None:
    """The first installed font family with Japanese glyphs, or None."""
    installed = {f.name for f in font_manager.fontManager.ttflist}
    for name in JAPANESE_FONTS:
        if name in installed:
            return name
    return None


def _style() -> None:
    family = ["DejaVu Sans"]
    font = japanese_font()
    if font:
        family.append(font)
    plt.rcParams.update(
        {
            "font.family": family,
            "font.size": 9,
            "axes.titlesize": 10,
            "axes.titleweight": "bold",
            "axes.spines.top": False,
            "axes.spines.right": False,
            "svg.hashsalt": "sdgkg",
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
    cmap = matplotlib.colormaps["YlGnBu"].copy()
    cmap.set_bad("#f7f7f7")
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
            ax.add_patch(
                Rectangle((-1.25, i - 0.5), 0.5, 1, color=colour, clip_on=False, lw=0)
            )
            ax.add_patch(
                Rectangle((i - 0.5, len(goals) - 0.25), 1, 0.5, color=colour, clip_on=False, lw=0)
            )
        handles = [
            Patch(color=dimension_colour(analysis, scheme, d.key), label=_dim_name(analysis, scheme, d.key))
            for d in found.dimensions
        ]
        ax.legend(
            handles=handles,
            title=bilingual(scheme_label(data, scheme), scheme_label(data, scheme, "ja")),
            loc="upper left",
            bbox_to_anchor=(1.18, 1.0),
            frameon=False,
            fontsize=7.5,
            title_fontsize=7.5,
        )
    ax.set_xlim(-1.3, len(goals) - 0.5)
    ax.set_ylim(len(goals) + 0.3, -0.5)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    bar.set_label(bilingual("carriers (initiatives, KPI tables, directions)", "共起の数"), fontsize=8)
    ax.set_title(_title(analysis, "Goal × goal co-reference", "目標間の共起", city))
    fig.text(
        0.01,
        0.005,
        "† every carrier links the pair only through a direction (inferred via direction)",
        fontsize=7,
        color="#555555",
    )
    return _save(fig, path)


def _dim_name(analysis: Analysis, scheme: str, key: str) -> str:
    data = analysis.data
    return bilingual(dimension_label(data, scheme, key), dimension_label(data, scheme, key, "ja"))


# ---------------------------------------------------------------- network coloured by dimension


def layout(graph: nx.Graph, seed: int) -> dict[str, tuple[float, float]]:
    """Spring layout with a fixed seed (weights pull strongly linked nodes together)."""
    if graph.number_of_nodes() == 0:
        return {}
    positions = nx.spring_layout(graph, weight="weight", seed=seed, iterations=300, k=1.6 / np.sqrt(max(graph.number_of_nodes(), 1)))
    return {n: (round(float(x), 4), round(float(y), 4)) for n, (x, y) in positions.items()}


def node_colours(analysis: Analysis, net: Network, scheme: str) -> dict[str, str]:
    """One colour per node: its dimension's, grey when it has none or several."""
    colours = {}
    for node in net.graph.nodes:
        dims = net.dimensions.get(scheme, {}).get(node, frozenset())
        colours[node] = (
            dimension_colour(analysis, scheme, next(iter(dims))) if len(dims) == 1 else UNPLACED
        )
    return colours


def network_figure(analysis: Analysis, net: Network, path: Path) -> Path:
    """The view's network: node colour = dimension, size = weighted degree, width = weight."""
    _style()
    data = analysis.data
    scheme = analysis.options.colour_scheme
    graph = net.graph
    pos = layout(graph, analysis.options.seed)
    colours = node_colours(analysis, net, scheme)
    metrics = {m.node: m for m in net.metrics}
    fig, ax = plt.subplots(figsize=(8.0, 7.0))
    links = {(x.source, x.target): x for x in analysis.layers.select(net.layer, net.level, net.city)}
    weights = [d["weight"] for _, _, d in graph.edges(data=True)] or [1.0]
    top = max(weights)
    for a, b, d in graph.edges(data=True):
        link = links.get((a, b)) or links.get((b, a))
        dashed = link is not None and link.inferred
        (xa, ya), (xb, yb) = pos[a], pos[b]
        ax.plot(
            [xa, xb],
            [ya, yb],
            color="#8a8a8a" if dashed else "#4d4d4d",
            lw=0.4 + 3.2 * d["weight"] / top,
            alpha=0.35 + 0.4 * d["weight"] / top,
            ls=(0, (3, 2)) if dashed else "-",
            zorder=1,
        )
    strength = [metrics[n].weighted_degree for n in graph.nodes]
    biggest = max(strength) if strength and max(strength) > 0 else 1.0
    for node in graph.nodes:
        x, y = pos[node]
        size = 120 + 900 * metrics[node].weighted_degree / biggest
        ax.scatter([x], [y], s=size, color=colours[node], edgecolor="white", lw=1.2, zorder=2)
        ax.annotate(
            short_label(data, net.level, node),
            (x, y),
            ha="center",
            va="center",
            fontsize=7 if net.level == TARGET else 7.5,
            color="white",
            fontweight="bold",
            zorder=3,
        )
    found = data.schemes.get(scheme)
    handles: list[Patch | Line2D] = []
    if found is not None:
        used = {next(iter(d)) for d in net.dimensions.get(scheme, {}).values() if len(d) == 1}
        handles += [
            Patch(color=dimension_colour(analysis, scheme, d.key), label=_dim_name(analysis, scheme, d.key))
            for d in found.dimensions
            if d.key in used
        ]
        if any(len(d) != 1 for d in net.dimensions.get(scheme, {}).values()):
            handles.append(Patch(color=UNPLACED, label=bilingual("several or none", "複数・なし")))
    handles += [
        Line2D([], [], color="#4d4d4d", lw=2, label=bilingual("stated by a carrier", "記載あり")),
        Line2D(
            [],
            [],
            color="#8a8a8a",
            lw=2,
            ls=(0, (3, 2)),
            label=bilingual("only via a direction", "方向性経由のみ"),
        ),
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8)
    ax.set_axis_off()
    ax.set_aspect("equal")
    level_en = {"target": "targets", "goal": "goals", "area": "areas", "aspect": "aspects"}[net.level]
    level_ja = {"target": "ターゲット", "goal": "目標", "area": "方向性", "aspect": "側面"}[net.level]
    ax.set_title(
        _title(
            analysis,
            f"{layer_label(net.layer).capitalize()} network of {level_en}",
            f"{level_ja}の{layer_label(net.layer, 'ja')}ネットワーク",
            net.city,
        )
    )
    fig.text(
        0.01,
        0.01,
        "Node size: weighted degree. Line width: number of carriers. "
        f"Colours: {scheme_label(data, scheme)}.",
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
    cmap = matplotlib.colormaps["Oranges"].copy()
    cmap.set_bad("white")
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
    ax.set_title(
        f"{scheme_label(data, matrix.scheme).split(' (')[0]}\n{layer_label(matrix.layer)}"
        + (f" ({matrix.level})" if matrix.layer == RELISTING else ""),
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
    fig, axes = plt.subplots(rows, columns, figsize=(3.6 * columns, 3.5 * rows + 0.6), squeeze=False)
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
        "Outlined: economy–environment cell (5Ps: prosperity–planet). Co-reference counts carriers; "
        "re-listing counts initiatives; stated synergies count statements.",
        fontsize=7,
        color="#555555",
    )
    fig.tight_layout(rect=(0, 0.03, 1, 0.97))
    return _save(fig, path)


# ---------------------------------------------------------------- community stability


def stability_figure(analysis: Analysis, net: Network, path: Path) -> Path:
    """How often each pair of nodes shares a Louvain community across seeds, and the ARI per seed."""
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
    fig, (ax, side) = plt.subplots(
        1, 2, figsize=(9.6, 6.0), gridspec_kw={"width_ratios": [3.2, 1]}
    )
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
                Rectangle((start - 0.5, start - 0.5), i - start, i - start, fill=False, ec="#e65100", lw=1.4)
            )
            start = i
    bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    bar.set_label(bilingual("share of seeds placing the pair together", "同じ群になった割合"), fontsize=8)
    ax.set_title(
        _title(analysis, "Louvain community stability", "Louvainコミュニティの安定性", net.city),
        fontsize=9.5,
    )
    side.bar(range(len(st.seeds)), st.ari, color="#6a4c93")
    side.axhline(st.mean_ari, color="#e65100", lw=1.2, ls="--")
    side.set_ylim(0, 1.05)
    side.set_xlabel("seed", fontsize=8)
    side.set_ylabel(bilingual("adjusted Rand index vs. seed ", "ARI") + str(analysis.options.seed), fontsize=8)
    side.set_xticks(range(0, len(st.seeds), 5), [str(s) for s in st.seeds[::5]], fontsize=7)
    side.set_title(f"mean ARI {st.mean_ari:.2f}\n{st.distinct_partitions} distinct partitions", fontsize=8.5)
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


def comparison_figure(analysis: Analysis, path: Path) -> Path | None:
    """Goals each city addresses, and the links each city draws between its aspects."""
    cities = analysis.options.cities
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
                left.annotate(str(value), (col, row), ha="center", va="center", fontsize=6.5, color="white")
            else:
                left.scatter([col], [row], s=14, facecolor="none", edgecolor="#bdbdbd", lw=0.8)
    left.set_xticks(range(len(goals)), goals, fontsize=8)
    left.set_yticks(range(len(cities)), [bilingual(city_label(data, c), city_label(data, c, "ja")) for c in cities], fontsize=8)
    left.set_xlim(-0.7, len(goals) - 0.3)
    left.set_ylim(len(cities) - 0.4, -0.6)
    left.set_xlabel(bilingual("SDG goal (circle size: carriers addressing it)", "SDGs目標（円の大きさ：対応する取組・KPI表・方向性の数）"), fontsize=8)
    left.tick_params(length=0)
    left.set_title(bilingual("Goals each plan addresses", "各計画が対応する目標"), fontsize=9.5)
    future = data.schemes.get("future-city")
    pairs: list[tuple[str, str]] = []
    if future is not None:
        keys = [d.key for d in future.dimensions if d.key != "integrated"]
        pairs = [(a, b) for i, a in enumerate(keys) for b in keys[i + 1 :]]
    width = 0.8 / max(len(cities), 1)
    palette = ["#1f5a99", "#d08c00", "#2e7d32", "#c2185b", "#6a4c93"]
    for k, city in enumerate(cities):
        relist = [m for m in analysis.matrices if m.city == city and m.scheme == "future-city" and m.layer == RELISTING]
        stated = [m for m in analysis.matrices if m.city == city and m.scheme == "future-city" and m.layer == STATEMENT]
        r = [sum(m.weight(a, b) for m in relist) for a, b in pairs]
        s = [sum(m.weight(a, b) for m in stated) for a, b in pairs]
        xs = [i + (k - (len(cities) - 1) / 2) * width for i in range(len(pairs))]
        colour = palette[k % len(palette)]
        right.barh(xs, r, height=width * 0.9, color=colour, label=f"{city_label(data, city)}: {layer_label(RELISTING)}")
        right.barh(xs, s, left=r, height=width * 0.9, color=colour, alpha=0.45, hatch="///", label=f"{city_label(data, city)}: {layer_label(STATEMENT)}")
    right.set_yticks(
        range(len(pairs)),
        [f"{_dim_name(analysis, 'future-city', a).split(' / ')[0]}–{_dim_name(analysis, 'future-city', b).split(' / ')[0]}" for a, b in pairs],
        fontsize=8,
    )
    right.invert_yaxis()
    right.set_xlabel(bilingual("links between aspects", "側面間のつながりの数"), fontsize=8)
    right.set_title(bilingual("The cities' own aspects", "自治体自身の三側面"), fontsize=9.5)
    right.legend(fontsize=6.5, frameon=False, loc="lower right")
    similarity = analysis.similarities[0] if analysis.similarities else None
    if similarity is not None and len(cities) == 2:
        fig.text(
            0.01,
            0.0,
            f"Shared targets: {len(similarity.shared_targets)} (Jaccard {similarity.jaccard_targets:.2f}); "
            f"shared goals: {len(similarity.shared_goals)} (Jaccard {similarity.jaccard_goals:.2f}); "
            f"shared stakeholders: {len(similarity.stakeholders_shared)} "
            f"(Jaccard {similarity.jaccard_stakeholders:.2f}).",
            fontsize=7.5,
            color="#555555",
        )
    fig.suptitle(bilingual("City comparison", "都市間の比較"), fontsize=10.5, fontweight="bold")
    fig.tight_layout(rect=(0, 0.04, 1, 0.95))
    return _save(fig, path)


# ---------------------------------------------------------------- expert influence


def influence_figure(analysis: Analysis, path: Path) -> Path | None:
    """Net influence per node, and out- against in-strength (the SEI 'systemic' quadrants)."""
    if not analysis.influence:
        return None
    _style()
    data = analysis.data
    links: Sequence[Link] = [x for x in analysis.layers.links if x.layer == INTERACTION]
    level = links[0].level if links else GOAL
    items = sorted(analysis.influence, key=lambda i: (-i.net_influence, code_key(i.node)))
    fig, (left, right) = plt.subplots(1, 2, figsize=(10.5, 0.9 + 0.32 * len(items) + 1.2))
    names = [short_label(data, level, i.node) for i in items]
    values = [i.net_influence for i in items]
    left.barh(range(len(items)), values, color=["#2e7d32" if v >= 0 else "#c62828" for v in values])
    left.set_yticks(range(len(items)), names, fontsize=8)
    left.invert_yaxis()
    left.axvline(0, color="#333333", lw=0.8)
    left.set_xlabel(bilingual("net influence (out − in)", "正味の影響（出 − 入）"), fontsize=8)
    left.set_title(bilingual("Net influence", "正味の影響"), fontsize=9.5)
    xs = [i.in_strength for i in items]
    ys = [i.out_strength for i in items]
    right.scatter(xs, ys, s=40, color="#1f5a99")
    for name, x, y in zip(names, xs, ys, strict=True):
        right.annotate(name, (x, y), textcoords="offset points", xytext=(4, 3), fontsize=7.5)
    right.axhline(0, color="#bbbbbb", lw=0.8)
    right.axvline(0, color="#bbbbbb", lw=0.8)
    right.set_xlabel(bilingual("in-strength (influenced)", "入次数（受ける影響）"), fontsize=8)
    right.set_ylabel(bilingual("out-strength (influencing)", "出次数（与える影響）"), fontsize=8)
    right.set_title(bilingual("Influencing and influenced", "与える影響と受ける影響"), fontsize=9.5)
    fig.suptitle(
        bilingual("Expert interaction scores (ICSU/SEI −3…+3)", "専門家による相互作用評価（−3〜+3）"),
        fontsize=10.5,
        fontweight="bold",
    )
    fig.tight_layout(rect=(0, 0, 1, 0.95))
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
                written.append(network_figure(analysis, net, folder / f"network-{layer}-{level}-{city}.png"))
        net = analysis.network(COREFERENCE, TARGET, city)
        if net is not None and net.graph.number_of_nodes() > 2:
            written.append(stability_figure(analysis, net, folder / f"community-stability-{city}.png"))
        matrix = dimension_matrix_figure(analysis, city, folder / f"dimension-matrix-{city}.png")
        if matrix is not None:
            written.append(matrix)
    comparison = comparison_figure(analysis, folder / "city-comparison.png")
    if comparison is not None:
        written.append(comparison)
    influence = influence_figure(analysis, folder / "interaction-influence.png")
    if influence is not None:
        written.append(influence)
    return written


__all__ = ["ALL", "write_figures"]
