"""One self-contained HTML report in English and Japanese.

Figures are embedded as PNG data, the networks as JSON, and a small script (no external code)
draws an explorable network: choose a view, colour by a scheme, filter by weight, search, and
click a node or link to see its labels, measures and the carriers behind each link. Without
JavaScript the report still shows every figure and table.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from html import escape
from pathlib import Path

from graph_build.analysis.compare import (
    DIMENSION_LEVEL,
    GOAL_LEVEL,
    TARGET_LEVEL,
    compare_dimensions,
    comparison_level,
)
from graph_build.analysis.compute import DETAIL_LIMIT, Analysis, Network
from graph_build.analysis.expert import PairSummary
from graph_build.analysis.export import economy_environment_rows, number
from graph_build.analysis.figures import MEANING_COLOURS, UNPLACED, dimension_colour, layout
from graph_build.analysis.interactions import SCALE
from graph_build.analysis.labels import (
    carrier_kind,
    city_label,
    dimension_label,
    layer_label,
    node_label,
    scheme_label,
    short_label,
    short_scheme,
)
from graph_build.analysis.layers import ALL, COREFERENCE, GOAL, TARGET, node_key
from graph_build.analysis.report_sections import definition, limitations, sensitivity
from graph_build.analysis.results_graph import software_versions
from graph_build.paths import RESOURCES_DIR
from graph_build.progress import pages as kpi_pages
from graph_build.progress.read import CityProgress

LEVEL_NAMES = {
    "target": ("targets", "ターゲット"),
    "goal": ("goals", "目標"),
    "area": ("directions and areas", "方向性・分野"),
    "aspect": ("aspects", "側面"),
}
BASIS_NAMES = {
    "stated": ("stated", "記載"),
    "inferred-via-direction": ("inferred via direction", "方向性経由（推定）"),
    "scored": ("scored", "評価"),
}


def bi(en: str, ja: str, tag: str = "span") -> str:
    """Both languages; CSS shows the one the reader chose (both without JavaScript)."""
    return f'<{tag} lang="en">{escape(en)}</{tag}><{tag} lang="ja">{escape(ja)}</{tag}>'


def _png(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


# ---------------------------------------------------------------- network data for the explorer


# Carriers listed per link in the explorer; a corpus-wide link of a thousand cities has thousands,
# which made the page hundreds of megabytes. Every carrier is in tables/evidence.csv.
EVIDENCE_SHOWN = 25


def _network_json(analysis: Analysis, net: Network) -> dict[str, object]:
    data = analysis.data
    pos = layout(net.graph)
    metrics = {m.node: m for m in net.metrics}
    nodes = []
    for node in net.graph.nodes:
        m = metrics[node]
        x, y = pos[node]
        nodes.append(
            {
                "id": node,
                "short": short_label(data, net.level, node),
                "en": node_label(data, net.level, node),
                "ja": node_label(data, net.level, node, "ja"),
                "x": x,
                "y": y,
                "dims": {s: sorted(d.get(node, frozenset())) for s, d in net.dimensions.items()},
                "wd": round(m.weighted_degree, 6),
                "bt": round(m.betweenness, 6),
                "pr": round(m.pagerank, 6),
                "cm": m.community,
            }
        )
    edges = []
    for link in analysis.layers.select(net.layer, net.level, net.city):
        if link.weight <= 0:
            continue
        edges.append(
            {
                "s": link.source,
                "t": link.target,
                "w": link.weight,
                "inf": link.inferred,
                "ev": [
                    [
                        data.label(e.carrier),
                        data.label(e.carrier, "ja"),
                        carrier_kind(data, e.carrier),
                        "inferred-via-direction" if e.inferred else "stated",
                    ]
                    for e in link.evidence[:EVIDENCE_SHOWN]
                ],
                "more": max(0, len(link.evidence) - EVIDENCE_SHOWN),
            }
        )
    level_en, level_ja = LEVEL_NAMES.get(net.level, (net.level, net.level))
    return {
        "key": f"{net.layer}-{net.level}-{net.city}",
        "en": f"{layer_label(net.layer)} · {level_en} · {city_label(data, net.city)}",
        "ja": f"{layer_label(net.layer, 'ja')}・{level_ja}・{city_label(data, net.city, 'ja')}",
        "nodes": nodes,
        "edges": edges,
    }


def explorer_data(analysis: Analysis) -> dict[str, object]:
    """Everything the explorer script draws: views, schemes with colours and names."""
    data = analysis.data
    order = {"coreference": 0, "relisting": 1, "statement": 2}
    views = sorted(
        (n for n in analysis.networks if n.graph.number_of_edges()),
        key=lambda n: (n.city == ALL, n.city, order.get(n.layer, 9), n.level != TARGET, n.level),
    )
    schemes = {}
    for key in analysis.options.schemes:
        scheme = data.schemes[key]
        schemes[key] = {
            "en": scheme_label(data, key),
            "ja": scheme_label(data, key, "ja"),
            "dims": [
                {
                    "key": d.key,
                    "en": d.en,
                    "ja": d.ja,
                    "colour": dimension_colour(analysis, key, d.key),
                }
                for d in scheme.dimensions
            ],
        }
    return {
        "views": [_network_json(analysis, n) for n in views],
        "schemes": schemes,
        "scheme": analysis.options.colour_scheme,
        "unplaced": UNPLACED,
        "basis": {k: {"en": en, "ja": ja} for k, (en, ja) in BASIS_NAMES.items()},
    }


# ---------------------------------------------------------------- sections


def _table(header: list[str], rows: list[list[str]], cls: str = "") -> str:
    head = "".join(f"<th>{h}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _summary(analysis: Analysis) -> str:
    data = analysis.data
    items = []
    options = analysis.options
    if len(options.detailed) < len(options.cities):
        n = len(options.cities)
        items.append(
            bi(
                f"{n} municipalities are analysed together; with more than {DETAIL_LIMIT}, "
                "views of each city are left out. Analyse a city on its own with --city.",
                f"{n}の自治体をまとめて分析した。{DETAIL_LIMIT}を超えるため自治体ごとの図表は"
                "省略した。個別の自治体は --city で分析できる。",
                "li",
            )
        )
    for city in options.detailed:
        coref = analysis.layers.select(COREFERENCE, TARGET, city)
        targets = {n for x in coref for n in (x.source, x.target)}
        name_en, name_ja = city_label(data, city), city_label(data, city, "ja")
        if coref:
            inferred = sum(1 for x in coref if x.inferred)
            items.append(
                bi(
                    f"{name_en}: {len(targets)} SDG targets joined by {len(coref)} co-reference "
                    f"links ({inferred} of them only via a direction).",
                    f"{name_ja}：{len(targets)}のSDGsターゲットが{len(coref)}本の共起でつながる"
                    f"（うち{inferred}本は方向性経由のみ）。",
                    "li",
                )
            )
        else:
            items.append(
                bi(
                    f"{name_en}: the documents print no SDG targets for its carriers, so there "
                    "is no co-reference network; its links come from stated synergies and "
                    "aspects.",
                    f"{name_ja}：文書にSDGsターゲットの記載がないため共起のネットワークはない。"
                    "つながりは記述された相乗効果と側面から得られる。",
                    "li",
                )
            )
        for scheme in analysis.options.schemes:
            cells = [m for m in analysis.matrices if m.city == city and m.scheme == scheme]
            from graph_build.analysis.dimensions import economy_environment

            pair = economy_environment(data.schemes[scheme])
            if pair is None or not cells:
                continue
            parts_en, parts_ja = [], []
            for m in cells:
                w = m.weight(*pair) + (m.weight(pair[1], pair[0]) if m.directed else 0)
                parts_en.append(f"{number(w)} ({layer_label(m.layer)})")
                parts_ja.append(f"{number(w)}（{layer_label(m.layer, 'ja')}）")
            a_en = dimension_label(data, scheme, pair[0])
            b_en = dimension_label(data, scheme, pair[1])
            a_ja = dimension_label(data, scheme, pair[0], "ja")
            b_ja = dimension_label(data, scheme, pair[1], "ja")
            items.append(
                bi(
                    f"{name_en}, {short_scheme(data, scheme)}: {a_en}–{b_en} link weight "
                    + ", ".join(parts_en)
                    + ".",
                    f"{name_ja}・{short_scheme(data, scheme, 'ja')}：{a_ja}–{b_ja}の重み "
                    + "、".join(parts_ja)
                    + "。",
                    "li",
                )
            )
        top = [
            b
            for b in analysis.brokers
            if b.city == city and b.scheme == analysis.options.colour_scheme
        ][:3]
        if top:
            names = ", ".join(f"{b.node} ({b.betweenness:.3f})" for b in top)
            items.append(
                bi(
                    f"{name_en}: top cross-dimension brokers (betweenness) {names}.",
                    f"{name_ja}：側面をまたぐ仲介役のターゲット（媒介中心性）{names}。",
                    "li",
                )
            )
    bridging = [b for b in analysis.bridges if b.bridges]
    seen = set()
    for b in bridging:
        key = (b.stakeholder, b.city)
        if key in seen:
            continue
        seen.add(key)
        dims_en = ", ".join(dimension_label(data, b.scheme, d) for d in b.dimensions)
        dims_ja = "・".join(dimension_label(data, b.scheme, d, "ja") for d in b.dimensions)
        items.append(
            bi(
                f"{data.label(b.stakeholder)} bridges {dims_en} in {city_label(data, b.city)} "
                f"({short_scheme(data, b.scheme)}), through {len(b.initiatives)} initiative(s).",
                f"{data.label(b.stakeholder, 'ja')}は{city_label(data, b.city, 'ja')}で"
                f"{dims_ja}をつなぐ（{short_scheme(data, b.scheme, 'ja')}、"
                f"取組{len(b.initiatives)}件）。",
                "li",
            )
        )
    for s in analysis.similarities:
        items.append(
            bi(
                f"{city_label(data, s.city_a)} and {city_label(data, s.city_b)} share "
                f"{len(s.shared_targets)} targets (Jaccard {s.jaccard_targets:.2f}), "
                f"{len(s.shared_goals)} goals (Jaccard {s.jaccard_goals:.2f}) and "
                f"{len(s.stakeholders_shared)} stakeholders "
                f"(Jaccard {s.jaccard_stakeholders:.2f}).",
                f"{city_label(data, s.city_a, 'ja')}と{city_label(data, s.city_b, 'ja')}の共通："
                f"ターゲット{len(s.shared_targets)}（Jaccard {s.jaccard_targets:.2f}）、"
                f"目標{len(s.shared_goals)}（Jaccard {s.jaccard_goals:.2f}）、"
                f"ステークホルダー{len(s.stakeholders_shared)}"
                f"（Jaccard {s.jaccard_stakeholders:.2f}）。",
                "li",
            )
        )
    return "<ul class='findings'>" + "".join(items) + "</ul>"


def _economy_environment(analysis: Analysis) -> str:
    data = analysis.data
    rows = []
    for row in economy_environment_rows(analysis):
        city, scheme, layer = (str(x) for x in row[:3])
        basis_en, basis_ja = BASIS_NAMES.get(str(row[15]), (str(row[15]), str(row[15])))
        rows.append(
            [
                bi(city_label(data, city), city_label(data, city, "ja")),
                bi(short_scheme(data, scheme), short_scheme(data, scheme, "ja")),
                bi(layer_label(layer), layer_label(layer, "ja")),
                escape(f"{row[7]} – {row[9]}"),
                escape(number(float(str(row[10])))),
                bi(str(row[13]), str(row[14]) or str(row[13])),
                bi(basis_en, basis_ja),
            ]
        )
    if not rows:
        return "<p>" + bi("No economy–environment links.", "経済–環境のつながりはない。") + "</p>"
    header = [
        bi("city", "自治体"),
        bi("scheme", "分類"),
        bi("layer", "層"),
        bi("link", "つながり"),
        bi("weight", "重み"),
        bi("carried by", "根拠"),
        bi("basis", "根拠の種類"),
    ]
    return _table(header, rows, "long")


LEVEL_WHY = {
    TARGET_LEVEL: ("SDG targets, which both cities print", "両市が記載するSDGsターゲット"),
    GOAL_LEVEL: (
        "SDG goals: one city prints goals but no targets",
        "SDGsの目標（一方の市はターゲットを記載せず目標のみ記載）",
    ),
    DIMENSION_LEVEL: (
        "dimensions only: one city prints no SDG targets or goals, so its plan is compared "
        "through the dimensions both plans fill",
        "側面のみ（一方の市はSDGsの目標・ターゲットを記載しないため、両計画が埋める側面で比較する）",
    ),
}


def _comparison(analysis: Analysis) -> str:
    """Each pair of cities, compared at the finest level both print, with the shared cells."""
    data = analysis.data
    parts = []
    for s in analysis.similarities:
        a, b = s.city_a, s.city_b
        level = comparison_level(data, a, b)
        why_en, why_ja = LEVEL_WHY[level]
        names_en = f"{city_label(data, a)} and {city_label(data, b)}"
        names_ja = f"{city_label(data, a, 'ja')}と{city_label(data, b, 'ja')}"
        parts.append(
            "<p>"
            + bi(
                f"{names_en} are compared at the level of {why_en}. Target- and goal-level "
                "figures describe one city each and are not set against each other"
                + (" here." if level == DIMENSION_LEVEL else "; see city_similarity.csv."),
                f"{names_ja}は{why_ja}の水準で比較する。"
                + (
                    "ターゲット・目標の図は各市のもので、互いに比べない。"
                    if level == DIMENSION_LEVEL
                    else "city_similarity.csvを参照。"
                ),
            )
            + "</p>"
        )
        rows = []
        found = compare_dimensions(analysis.matrices, a, b)
        for c in found:
            if not (c.weight_a or c.weight_b):
                continue
            rows.append(
                [
                    bi(short_scheme(data, c.scheme), short_scheme(data, c.scheme, "ja")),
                    bi(
                        f"{dimension_label(data, c.scheme, c.dimension_a)}–"
                        f"{dimension_label(data, c.scheme, c.dimension_b)}",
                        f"{dimension_label(data, c.scheme, c.dimension_a, 'ja')}–"
                        f"{dimension_label(data, c.scheme, c.dimension_b, 'ja')}",
                    ),
                    escape(number(c.weight_a))
                    + " "
                    + bi(f"({layer_label(c.layer_a)})", f"（{layer_label(c.layer_a, 'ja')}）"),
                    escape(number(c.weight_b))
                    + " "
                    + bi(f"({layer_label(c.layer_b)})", f"（{layer_label(c.layer_b, 'ja')}）"),
                ]
            )
        if any(not c.same_layer for c in found):
            parts.append(
                "<p class='note'>"
                + bi(
                    "The two cities fill these dimensions from different evidence (the layer "
                    "beside each weight): compare which pairs are linked, not the sizes.",
                    "両市は異なる根拠（重みの横の層）で側面を埋めている。重みの大きさではなく、"
                    "どの組がつながるかを比べる。",
                )
                + "</p>"
            )
        if rows:
            header = [
                bi("scheme", "分類"),
                bi("dimensions", "側面"),
                bi(city_label(data, a), city_label(data, a, "ja")),
                bi(city_label(data, b), city_label(data, b, "ja")),
            ]
            parts.append(_table(header, rows))
        else:
            parts.append(
                "<p>"
                + bi(
                    "No dimension scheme is filled in both cities.",
                    "両市ともに埋まる側面の分類はない。",
                )
                + "</p>"
            )
    if not parts:
        return ""
    return (
        "<section id='comparison'><h2>"
        + bi("Comparing the cities like with like", "同じ水準での都市間比較")
        + "</h2>"
        + "".join(parts)
        + "</section>"
    )


def _brokers(analysis: Analysis) -> str:
    data = analysis.data
    rows = []
    for b in analysis.brokers:
        if b.rank > 5:
            continue
        rows.append(
            [
                bi(city_label(data, b.city), city_label(data, b.city, "ja")),
                bi(short_scheme(data, b.scheme), short_scheme(data, b.scheme, "ja")),
                str(b.rank),
                bi(node_label(data, TARGET, b.node), node_label(data, TARGET, b.node, "ja")),
                f"{b.betweenness:.3f}",
                bi(
                    ", ".join(dimension_label(data, b.scheme, d) for d in b.dimensions),
                    "・".join(dimension_label(data, b.scheme, d, "ja") for d in b.dimensions),
                ),
            ]
        )
    if not rows:
        return (
            "<p>"
            + bi("No targets reach two dimensions.", "二つ以上の側面に届くターゲットはない。")
            + "</p>"
        )
    header = [
        bi("city", "自治体"),
        bi("scheme", "分類"),
        "#",
        bi("target", "ターゲット"),
        bi("betweenness", "媒介中心性"),
        bi("dimensions reached", "届く側面"),
    ]
    return _table(header, rows)


def _stakeholders(analysis: Analysis) -> str:
    data = analysis.data
    rows = []
    for b in analysis.bridges:
        if not b.dimensions:
            continue
        rows.append(
            [
                bi(data.label(b.stakeholder), data.label(b.stakeholder, "ja")),
                bi(city_label(data, b.city), city_label(data, b.city, "ja")),
                bi(short_scheme(data, b.scheme), short_scheme(data, b.scheme, "ja")),
                bi(
                    ", ".join(dimension_label(data, b.scheme, d) for d in b.dimensions),
                    "・".join(dimension_label(data, b.scheme, d, "ja") for d in b.dimensions),
                ),
                "✔" if b.bridges else "",
                bi(
                    "; ".join(data.label(i) for i in b.initiatives),
                    "；".join(data.label(i, "ja") for i in b.initiatives),
                ),
            ]
        )
    if not rows:
        return (
            "<p>" + bi("No initiative names its partners.", "取組に関与主体の記載はない。") + "</p>"
        )
    header = [
        bi("stakeholder", "ステークホルダー"),
        bi("city", "自治体"),
        bi("scheme", "分類"),
        bi("dimensions", "側面"),
        bi("bridges", "橋渡し"),
        bi("initiatives", "取組"),
    ]
    return _table(header, rows, "long")


def _pair_rows(analysis: Analysis, pairs: Sequence[PairSummary], weight: str) -> list[list[str]]:
    data = analysis.data
    level = analysis.expert.level if analysis.expert else GOAL
    return [
        [
            bi(node_label(data, level, p.source), node_label(data, level, p.source, "ja")),
            bi(node_label(data, level, p.target), node_label(data, level, p.target, "ja")),
            number(getattr(p, weight)),
            str(p.count),
            number(p.mean),
            number(p.median),
            f"{p.minimum:+d}…{p.maximum:+d}".replace("+0", "0"),
            number(p.stdev),
            bi("yes", "あり") if p.sign_disagreement else "",
            escape(p.joined("comment")),
        ]
        for p in pairs
    ]


def _pair_header(weight_en: str, weight_ja: str) -> list[str]:
    return [
        bi("from", "影響を与える"),
        bi("to", "影響を受ける"),
        bi(weight_en, weight_ja),
        bi("assessors", "評価者数"),
        bi("mean", "平均"),
        bi("median", "中央値"),
        bi("range", "範囲"),
        bi("std. dev.", "標準偏差"),
        bi("sign disagreement", "符号の不一致"),
        bi("comments", "コメント"),
    ]


def _expert_banner(analysis: Analysis) -> str:
    """A warning at the top when the expert scores are made up (example data)."""
    if analysis.expert is None or not analysis.expert.illustrative:
        return ""
    return (
        "<p class='illustrative' style='color:#b00020'><strong>"
        + bi(
            "The expert interaction scores in this report are an ILLUSTRATIVE EXAMPLE, not "
            "expert data.",
            "この報告の専門家による相互作用評価は説明用の例であり、専門家による評価ではない。",
        )
        + "</strong></p>"
    )


# The measure each side of the expert scores is ranked by: its column heading in both languages.
PAIR_MEASURES = {
    "synergy": ("synergy S", "相乗効果S"),
    "trade_off": ("trade-off T", "トレードオフT"),
}


def _pair_section(
    analysis: Analysis, pairs: Sequence[PairSummary], measure: str, title: tuple[str, str]
) -> str:
    """One side of the expert scores (synergies or trade-offs) under its heading, as a table."""
    body = (
        _table(_pair_header(*PAIR_MEASURES[measure]), _pair_rows(analysis, pairs, measure), "long")
        if pairs
        else "<p>" + bi("None scored.", "該当なし。") + "</p>"
    )
    return "<h3>" + bi(*title) + "</h3>" + body


def _expert(analysis: Analysis) -> str:
    """Expert scores: assessors, synergies and trade-offs apart, Weitz et al. influence."""
    expert = analysis.expert
    if expert is None:
        return ""
    data, level = analysis.data, expert.level
    files = ", ".join(expert.files)
    assessors = ", ".join(expert.assessors)
    flag = ""
    if expert.illustrative:
        flag = (
            "<p class='illustrative' style='color:#b00020'><strong>"
            + bi(
                f"ILLUSTRATIVE EXAMPLE: the scores in {files} are made up to show the format; "
                "they are not expert data and support no conclusion.",
                f"説明用の例：{files}の評価は形式を示すために作ったものであり、専門家による評価ではない。"
                "結論の根拠にはならない。",
            )
            + "</strong></p>"
        )
    synergies = sorted(
        (p for p in expert.pairs if p.synergy > 0),
        key=lambda p: (-p.synergy, node_key(p.source), node_key(p.target)),
    )
    trade_offs = sorted(
        (p for p in expert.pairs if p.trade_off < 0),
        key=lambda p: (p.trade_off, node_key(p.source), node_key(p.target)),
    )
    influence_rows = [
        [
            bi(node_label(data, level, i.node), node_label(data, level, i.node, "ja")),
            number(i.out_positive),
            number(i.out_negative),
            number(i.net_influence),
            number(i.in_positive),
            number(i.in_negative),
            number(i.second_order_positive),
            number(i.second_order_negative),
            number(i.second_order),
        ]
        for i in sorted(expert.influence, key=lambda i: (-i.net_influence, node_key(i.node)))
    ]
    influence_header = [
        bi("node", "ノード"),
        bi("positive row sum", "正の行和"),
        bi("negative row sum", "負の行和"),
        bi("net influence (row sum)", "正味の影響（行和）"),
        bi("positive column sum", "正の列和"),
        bi("negative column sum", "負の列和"),
        bi("2nd order, positive paths", "二次（正の経路）"),
        bi("2nd order, negative paths", "二次（負の経路）"),
        bi("2nd order, net", "二次（正味）"),
    ]
    scale = _table(
        [bi("score", "評価"), bi("meaning", "意味")],
        [
            [f"{k:+d}" if k else "0", bi(en, ja)]
            for k, (en, ja) in sorted(SCALE.items(), reverse=True)
        ],
    )
    return (
        "<section id='interactions'><h2>"
        + bi("Expert interaction scores", "専門家による相互作用評価")
        + "</h2>"
        + flag
        + "<p>"
        + bi(
            f"{len(expert.scores)} scores by {len(expert.assessors)} assessor(s) ({assessors}) "
            f"from {files}, on {len(expert.pairs)} directed pairs; "
            f"{len(expert.disagreements)} pair(s) have assessors disagreeing in sign. Per pair, "
            "the synergy S is the mean of the assessors' positive scores (negative ones count 0) "
            "and the trade-off T the mean of their negative scores; S and T form two separate "
            "networks and are never added together, so one assessor's +2 and another's −2 show "
            "as a synergy of 1 and a trade-off of −1.",
            f"{files}から{len(expert.assessors)}名の評価者（{assessors}）による{len(expert.scores)}件の"
            f"評価を取り込んだ（有向の組{len(expert.pairs)}件、うち評価者間で符号が分かれた組"
            f"{len(expert.disagreements)}件）。組ごとに、相乗効果Sは評価者の正の評価の平均（負の評価は0と"
            "数える）、トレードオフTは負の評価の平均である。SとTは別々のネットワークとし、足し合わせない。",
        )
        + "</p>"
        + _pair_section(
            analysis, synergies, "synergy", ("Synergies (positive scores)", "相乗効果（正の評価）")
        )
        + _pair_section(
            analysis,
            trade_offs,
            "trade_off",
            ("Trade-offs (negative scores)", "トレードオフ（負の評価）"),
        )
        + "<h3>"
        + bi("Influence (Weitz et al. 2018)", "影響（Weitz et al. 2018）")
        + "</h3><p>"
        + bi(
            "M is the matrix of mean scores (row: influencing, column: influenced). Net "
            "influence = row sum of M = positive row sum (Σ S) + negative row sum (Σ T); the "
            "column sums show how much a node is influenced. Second-order influence = row sum "
            "of M² without paths back to the node (Σ over j≠i, k≠i of M[i,j]·M[j,k]): the "
            "influence through the nodes it influences, split into paths whose product is "
            "positive (S·S, T·T) and negative (S·T, T·S).",
            "Mは平均評価の行列（行：影響を与える側、列：受ける側）。正味の影響＝Mの行和＝正の行和（ΣS）＋"
            "負の行和（ΣT）。列和は受ける影響を示す。二次の影響＝自らに戻る経路を除いたM²の行和"
            "（j≠i、k≠iについてのM[i,j]·M[j,k]の和）で、直接影響を与える相手を経由した影響を表す。"
            "積が正の経路（S·S、T·T）と負の経路（S·T、T·S）に分けて示す。",
        )
        + "</p>"
        + flag
        + _table(influence_header, influence_rows)
        + "<h3>"
        + bi("Scale (ICSU 2017)", "評価の尺度（ICSU 2017）")
        + "</h3>"
        + scale
        + "</section>"
    )


CAPTIONS = {
    "goal-heatmap-stated": (
        "How many carriers (initiatives, KPI tables, directions) of {city} state both goals "
        "of a pair themselves.",
        "{city}で二つの目標の両方を自ら記載する根拠（取組・KPI表・方向性）の数。",
    ),
    "goal-heatmap-inferred": (
        "How many carriers of {city} link two goals only through the direction they are listed "
        "under (inferred), on the same colour scale as the stated ones.",
        "{city}で掲載先の方向性を経由してのみ二つの目標をつなぐ根拠（推定）の数。色の尺度は記載ありと共通。",
    ),
    "chord-goals": (
        "Goal co-reference links of {city} as a chord diagram: ribbon width is the number of "
        "carriers linking the pair (stated and inferred); goals in their SDG colours.",
        "{city}の目標間の共起のコード図。帯の幅はそのつながりの根拠の数（記載・推定の合計）。色はSDGsの色。",
    ),
    "network-coreference-target": (
        "The co-reference network of SDG targets in {city}, coloured by dimension; dashed lines "
        "are links carried only through a direction.",
        "{city}のSDGsターゲットの共起ネットワーク。色は側面、破線は方向性経由のみのつながり。",
    ),
    "network-relisting-area": (
        "Directions joined by initiatives that {city} lists under both (re-listing).",
        "{city}が複数の方向性に掲載した（再掲した）取組による方向性間のつながり。",
    ),
    "network-statement-aspect": (
        "Aspects joined by the synergies that {city}'s document states.",
        "{city}の文書が記述する相乗効果による側面間のつながり。",
    ),
    "community-stability": (
        "How stable the Louvain communities of {city}'s target network are across 20 seeds.",
        "{city}のターゲットのネットワークにおけるLouvain法のコミュニティの、20のシードでの安定性。",
    ),
    "dimension-matrix": (
        "Link weight within and between dimensions in {city}, per scheme and layer: each cell "
        "sums the weights of the links between its two dimensions (for co-reference, the "
        "carriers of each goal pair added over the pairs, so a carrier counts once per pair); "
        "the economy–environment cell is outlined.",
        "{city}の側面内・側面間のつながりの重み（分類体系・層ごと）。各セルは二つの側面の間のつながりの"
        "重みの合計（共起では目標の組ごとの根拠の数を組について合計するため、一つの根拠は組ごとに数える）。"
        "経済–環境のセルを枠で示す。",
    ),
    "city-comparison": (
        "Which goals each city's plans address, and how each city links its own aspects.",
        "各都市の計画が対応する目標と、各都市が自らの側面をどうつないでいるか。",
    ),
    "interaction-influence": (
        "Positive and negative row sums (synergies, trade-offs) and net influence per node, "
        "and net against second-order influence, from the expert interaction scores.",
        "専門家による相互作用評価から求めた、ノードごとの正・負の行和（相乗効果・トレードオフ）と正味の影響、"
        "および正味の影響と二次の影響。",
    ),
}


def _figure_caption(analysis: Analysis, path: Path) -> tuple[str, str]:
    stem = path.stem
    for city in sorted(analysis.views_cities, key=len, reverse=True):
        suffix = f"-{city}"
        if stem.endswith(suffix):
            key = stem[: -len(suffix)]
            en, ja = CAPTIONS.get(key, (stem, stem))
            data = analysis.data
            return en.format(city=city_label(data, city)), ja.format(
                city=city_label(data, city, "ja")
            )
    return CAPTIONS.get(stem, (stem, stem))


def _figures(analysis: Analysis, figures: list[Path]) -> str:
    parts = []
    # SVG copies (chord diagrams) are listed under Files; the PNG of each is shown here
    shown = [p for p in figures if p.suffix == ".png"]
    for number_, path in enumerate(shown, start=1):
        en, ja = _figure_caption(analysis, path)
        parts.append(
            f"<figure id='fig-{escape(path.stem)}'><img src='{_png(path)}' alt='{escape(en)}'>"
            f"<figcaption><b>{bi(f'Figure {number_}.', f'図{number_}．')}</b> {bi(en, ja)} "
            f"<a href='figures/{escape(path.name)}'>{escape(path.name)}</a></figcaption></figure>"
        )
    return "".join(parts)


def _methods(analysis: Analysis) -> str:
    o = analysis.options
    return (
        "<ul>"
        + bi(
            "Co-occurrence (shared-initiative co-reference, after Le Blanc 2015): two targets "
            "(or goals) are linked when the same initiative addresses both; weight = number of "
            f"distinct initiatives. Inheritance rule: {analysis.layers.rule}. An initiative that "
            "links a pair only through inherited lists is 'inferred via direction'.",
            "共起（同じ取組による共参照、Le Blanc 2015に基づく）：同じ取組が両方に対応するとき"
            "二つのターゲット（目標）を結ぶ。重みは取組の数。"
            f"継承規則：{analysis.layers.rule}。引き継いだ一覧だけでつながる場合は"
            "「方向性経由（推定）」とする。",
            "li",
        )
        + bi(
            "Re-listing: an initiative placed under two directions links them, and through their "
            "printed targets their goals. Stated synergies: statements between aspects.",
            "再掲：二つの方向性に掲載された取組はそれらを結び、記載されたターゲットを通じて目標を結ぶ。"
            "記述された相乗効果：側面間の記述。",
            "li",
        )
        + bi(
            "Betweenness uses distance = 1/weight; PageRank (damping 0.85) replaces eigenvector "
            f"centrality. Louvain: seed {o.seed}, resolution "
            f"{o.resolution:g}, stability over seeds "
            f"{o.stability_seeds[0]}–{o.stability_seeds[-1]}.",
            "媒介中心性は距離＝1/重みで求める。固有ベクトル中心性の代わりにPageRank（減衰0.85）を用いる。"
            f"Louvain法：シード{o.seed}、解像度{o.resolution:g}、シード{o.stability_seeds[0]}〜"
            f"{o.stability_seeds[-1]}で安定性を評価。",
            "li",
        )
        + bi(
            "Dimension schemes: the wedding cake and the 5Ps group goals; the Future City aspects "
            "are assigned by each city to plan blocks and initiatives, so under that scheme the "
            "cells sum re-listings between areas and stated synergies.",
            "分類体系：ウェディングケーキと5つのPは目標を分類する。SDGs未来都市の三側面は自治体が計画の"
            "区分や取組に割り当てるため、この分類では方向性間の再掲と記述された相乗効果を集計する。",
            "li",
        )
        + "</ul>"
    )


STYLE_FILE = RESOURCES_DIR / "report.css"
SCRIPT_FILE = RESOURCES_DIR / "report-explorer.js"


def _kpi_progress(analysis: Analysis, progress: Sequence[CityProgress]) -> str:
    omitted = len(analysis.options.cities) - len(analysis.options.detailed)
    # no server behind the report: KPIs, areas and goals link to their IRIs, which resolve
    return kpi_pages.report_section(progress, lambda iri: iri, omitted)


def render_report(
    analysis: Analysis,
    figures: list[Path],
    files: list[str],
    progress: Sequence[CityProgress] = (),
) -> str:
    """The whole report as one HTML document; ``progress`` fills the KPI progress section."""
    data = analysis.data
    o = analysis.options
    cities_en = ", ".join(city_label(data, c) for c in o.cities)
    cities_ja = "・".join(city_label(data, c, "ja") for c in o.cities)
    payload = json.dumps(explorer_data(analysis), ensure_ascii=False, sort_keys=True)
    payload = payload.replace("</", "<\\/")
    style = STYLE_FILE.read_text(encoding="utf-8") + kpi_pages.style()
    script = SCRIPT_FILE.read_text(encoding="utf-8")
    file_list = "".join(f"<li><a href='{escape(f)}'>{escape(f)}</a></li>" for f in files)
    legend_meanings = ", ".join(sorted(MEANING_COLOURS))
    explorer = (
        "<section id='explore'><h2>"
        + bi("Explore the network", "ネットワークを探索する")
        + "</h2><div id='explorer'><div id='controls'>"
        + "<label>"
        + bi("View", "表示")
        + " <select id='view'></select></label><label>"
        + bi("Colour by", "色分け")
        + " <select id='scheme'></select></label><label>"
        + bi("Minimum weight", "最小の重み")
        + " <input id='minw' type='range' min='0' max='10' step='1' value='0'>"
        + " <output id='minw-out'>0</output></label>"
        + "<label>"
        + bi("Find", "検索")
        + " <input id='search' type='search' placeholder='11.6'></label>"
        + "<div id='legend'></div></div>"
        + "<svg id='net' role='img' aria-label='network'></svg><div id='details'><p>"
        + bi(
            "Click a node or a link to see its details; drag to move, scroll to zoom.",
            "ノードやつながりをクリックすると詳細を表示します。ドラッグで移動、スクロールで拡大縮小。",
        )
        + "</p></div></div><p class='note'>"
        + bi(
            "Dashed links are carried only through a direction (inferred). Node size: weighted "
            "degree; line width: weight.",
            "破線は方向性経由のみのつながり（推定）。円の大きさは重み付き次数、線の太さは重み。",
        )
        + "</p><noscript>JavaScript is off: the figures below show the same networks."
        + "</noscript></section>"
    )
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        "<title>sdgkg SDG link analysis · SDGsのつながりの分析</title>"
        f"<style>{style}</style></head>"
        "<body><header><div class='lang-switch'>"
        "<button type='button' data-lang='en' class='on'>English</button> "
        "<button type='button' data-lang='ja'>日本語</button></div><h1>"
        + bi(
            "SDG links in local plans: co-occurrence and stated synergies",
            "地方自治体の計画におけるSDGsのつながり：共起と記述された相乗効果",
        )
        + "</h1><p>"
        + bi(f"Cities: {cities_en}", f"対象：{cities_ja}")
        + f" · {escape(o.date)} · {escape(software_versions())}</p>"
        + _expert_banner(analysis)
        + "</header><main>"
        + "<section id='findings'><h2>"
        + bi("Main findings", "主な結果")
        + "</h2>"
        + _summary(analysis)
        + "</section>"
        # the explorer right below the findings, then how far the findings can be trusted
        + explorer
        + "<section id='co-occurrence'><h2>"
        + bi("Co-occurrence and chance", "共起と偶然")
        + "</h2>"
        + definition(analysis)
        + "</section><section id='sensitivity'><h2>"
        + bi("Sensitivity of the findings", "結果の感度")
        + "</h2>"
        + sensitivity(analysis)
        + "</section><section id='limitations'><h2>"
        + bi("Limitations", "限界")
        + "</h2>"
        + limitations()
        + "</section>"
        + "<section id='economy-environment'><h2>"
        + bi("Where economy and environment meet", "経済と環境が出会うところ")
        + "</h2><p>"
        + bi(
            "Every link in an economy–environment cell (5Ps: prosperity–planet), with the "
            "initiative, KPI table, direction or statement that carries it.",
            "経済–環境（5つのPでは豊かさ–地球）のセルに入るすべてのつながりと、その根拠となる取組・KPI表・"
            "方向性・記述。",
        )
        + "</p>"
        + _economy_environment(analysis)
        + "</section>"
        + _comparison(analysis)
        + "<section id='figures'><h2>"
        + bi("Figures", "図")
        + "</h2>"
        + _figures(analysis, figures)
        + "</section>"
        + _kpi_progress(analysis, progress)
        + "<section id='brokers'><h2>"
        + bi("Cross-dimension brokers", "側面をまたぐ仲介役")
        + "</h2><p>"
        + bi(
            "Targets whose own and neighbouring goals span two or more dimensions, ranked by "
            "betweenness (top five per city and scheme).",
            "自身と隣接する目標が二つ以上の側面にまたがるターゲットを媒介中心性の順に示す（各上位5件）。",
        )
        + "</p>"
        + _brokers(analysis)
        + "</section><section id='stakeholders'><h2>"
        + bi("Partners and the dimensions they reach", "連携相手と届く側面")
        + "</h2>"
        + _stakeholders(analysis)
        + "</section>"
        + _expert(analysis)
        + "<section id='methods'><h2>"
        + bi("Methods", "手法")
        + "</h2>"
        + _methods(analysis)
        + "<p class='note'>"
        + bi(
            f"Colours follow the meaning of a dimension across schemes ({legend_meanings}).",
            "色は分類体系をまたいで側面の意味（経済・社会・環境など）に対応する。",
        )
        + "</p><h3>"
        + bi("Files", "ファイル")
        + f"</h3><ul class='note'>{file_list}</ul></section></main>"
        + f"<script type='application/json' id='network-data'>{payload}</script>"
        + f"<script>{script}</script></body></html>\n"
    )


def write_report(
    analysis: Analysis,
    figures: list[Path],
    files: list[str],
    path: Path,
    progress: Sequence[CityProgress] = (),
) -> Path:
    """Write the report to ``path``."""
    path.write_text(render_report(analysis, figures, files, progress), encoding="utf-8")
    return path
