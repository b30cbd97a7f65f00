"""Files written from expert interaction scores: tables, the synergy and trade-off networks,
SEI-style cross-impact matrices (one per assessor and the aggregate) and the influence figure.

Scores from a file marked ``# illustrative:`` are example data: every table has an
``illustrative`` column, every matrix starts with the same ``# illustrative:`` line, the graphs
carry an ``illustrative`` attribute and the figure says so in its title.

Cross-impact matrix files (wide CSV, the SEI SDG Synergies layout): optional ``#`` lines
(``# assessor: ID``, ``# illustrative: WHY``), then a header whose first cell is ``from\\to``
followed by the codes, then one row per influencing code; the cell in column *j* is the score of
the row's influence on code *j*, empty when not assessed and on the diagonal. Every matrix of a
run has the same codes in SDG order. :func:`graph_build.analysis.interactions.read_cross_impact`
reads them back.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from pathlib import Path

import matplotlib.pyplot as plt
import networkx as nx

from graph_build.analysis.compute import Analysis
from graph_build.analysis.expert import ExpertAssessment, PairSummary
from graph_build.analysis.export import csv_text, gexf_text, graphml_text, number
from graph_build.analysis.figures import _save, _style, bilingual, place_labels
from graph_build.analysis.interactions import MATRIX_CORNER, SCALE
from graph_build.analysis.labels import node_label, short_label
from graph_build.analysis.layers import ALL, EXPERT_LAYERS, SYNERGY, node_key
from graph_build.records.csv_table import ILLUSTRATIVE_MARKER

MATRIX_DIR = "cross-impact"
AGGREGATE = "aggregate-mean"
ILLUSTRATIVE_NOTE = "made-up scores that show the format; not expert data"
FIGURE = "interaction-influence.png"


def _note(assessment: ExpertAssessment) -> str:
    notes = sorted({s.file for s in assessment.scores if s.illustrative})
    return f"{ILLUSTRATIVE_NOTE} ({', '.join(notes)})"


def cross_impact_text(
    codes: Sequence[str], cells: Mapping[tuple[str, str], float], comments: Sequence[str] = ()
) -> str:
    """A cross-impact matrix as CSV: ``#`` comment lines, header ``from\\to,codes…``, rows."""
    buffer = io.StringIO()
    for comment in comments:
        buffer.write(f"# {comment}\n")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([MATRIX_CORNER, *codes])
    for i in codes:
        writer.writerow([i, *("" if (i, j) not in cells else number(cells[(i, j)]) for j in codes)])
    return buffer.getvalue()


def matrix_texts(assessment: ExpertAssessment) -> dict[str, str]:
    """File name → cross-impact matrix, one per assessor and ``aggregate-mean.csv``."""
    codes = assessment.codes
    flag = [f"{ILLUSTRATIVE_MARKER} {_note(assessment)}"] if assessment.illustrative else []
    texts = {
        f"assessor-{a}.csv": cross_impact_text(
            codes, assessment.matrix(a), [f"assessor: {a}", *flag]
        )
        for a in assessment.assessors
    }
    texts[f"{AGGREGATE}.csv"] = cross_impact_text(
        codes,
        assessment.matrix(),
        [
            f"assessor: {AGGREGATE}",
            f"mean score of the assessors who scored each pair ({', '.join(assessment.assessors)})",
            *flag,
        ],
    )
    return texts


def _pair_row(analysis: Analysis, p: PairSummary) -> list[object]:
    data, level = analysis.data, analysis.expert.level if analysis.expert else ""
    return [
        p.source,
        node_label(data, level, p.source),
        node_label(data, level, p.source, "ja"),
        p.target,
        node_label(data, level, p.target),
        node_label(data, level, p.target, "ja"),
        p.count,
        p.mean,
        p.median,
        p.minimum,
        p.maximum,
        p.stdev,
        p.synergy,
        p.trade_off,
        p.sign_disagreement,
        " | ".join(
            f"{s.assessor}: {s.score:+d}" if s.score else f"{s.assessor}: 0" for s in p.scores
        ),
        p.joined("confidence"),
        p.joined("comment"),
        p.illustrative,
    ]


PAIR_HEADER = [
    "from",
    "from_label_en",
    "from_label_ja",
    "to",
    "to_label_en",
    "to_label_ja",
    "assessors",
    "mean",
    "median",
    "min",
    "max",
    "stdev",
    "synergy_S",
    "trade_off_T",
    "sign_disagreement",
    "scores",
    "confidence",
    "comments",
    "illustrative",
]


def expert_tables(analysis: Analysis) -> dict[str, str]:
    """File name → CSV text of every expert table (none without scores)."""
    assessment = analysis.expert
    if assessment is None:
        return {}
    data, level = analysis.data, assessment.level
    scores = csv_text(
        [
            "assessor",
            "from",
            "to",
            "score",
            "scale_en",
            "scale_ja",
            "confidence",
            "comment",
            "context",
            "file",
            "line",
            "illustrative",
        ],
        [
            [
                s.assessor,
                s.source,
                s.target,
                s.score,
                *SCALE[s.score],
                s.confidence,
                s.comment,
                s.context,
                s.file,
                s.line,
                s.illustrative,
            ]
            for s in sorted(
                assessment.scores,
                key=lambda s: (s.assessor, node_key(s.source), node_key(s.target)),
            )
        ],
    )
    pairs = [_pair_row(analysis, p) for p in assessment.pairs]
    synergies = sorted(
        (p for p in assessment.pairs if p.synergy > 0),
        key=lambda p: (-p.synergy, node_key(p.source), node_key(p.target)),
    )
    trade_offs = sorted(
        (p for p in assessment.pairs if p.trade_off < 0),
        key=lambda p: (p.trade_off, node_key(p.source), node_key(p.target)),
    )
    influence = csv_text(
        [
            "node",
            "label_en",
            "label_ja",
            "out_positive",
            "out_negative",
            "net_influence",
            "in_positive",
            "in_negative",
            "in_net",
            "second_order_positive",
            "second_order_negative",
            "second_order",
            "second_order_in",
            "illustrative",
        ],
        [
            [
                i.node,
                node_label(data, level, i.node),
                node_label(data, level, i.node, "ja"),
                i.out_positive,
                i.out_negative,
                i.net_influence,
                i.in_positive,
                i.in_negative,
                i.in_net,
                i.second_order_positive,
                i.second_order_negative,
                i.second_order,
                i.second_order_in,
                assessment.illustrative,
            ]
            for i in assessment.influence
        ],
    )
    return {
        "interaction_scores.csv": scores,
        "interaction_pairs.csv": csv_text(PAIR_HEADER, pairs),
        "interaction_synergies.csv": csv_text(
            PAIR_HEADER, [_pair_row(analysis, p) for p in synergies]
        ),
        "interaction_trade_offs.csv": csv_text(
            PAIR_HEADER, [_pair_row(analysis, p) for p in trade_offs]
        ),
        "interaction_influence.csv": influence,
        "interaction_scale.csv": csv_text(
            ["score", "name_en", "name_ja"],
            [[k, en, ja] for k, (en, ja) in sorted(SCALE.items())],
        ),
    }


def expert_graph(analysis: Analysis, layer: str) -> nx.DiGraph:
    """The synergy or trade-off network with per-pair agreement and node influence."""
    assessment = analysis.expert
    assert assessment is not None
    data, level = analysis.data, assessment.level
    graph = nx.DiGraph(layer=layer, illustrative=assessment.illustrative)
    influence = {i.node: i for i in assessment.influence}
    for node in assessment.codes:
        i = influence[node]
        graph.add_node(
            node,
            label=short_label(data, level, node),
            label_en=node_label(data, level, node),
            label_ja=node_label(data, level, node, "ja"),
            out_positive=float(i.out_positive),
            out_negative=float(i.out_negative),
            net_influence=float(i.net_influence),
            second_order=float(i.second_order),
            illustrative=assessment.illustrative,
        )
    for p in assessment.pairs:
        weight = p.synergy if layer == SYNERGY else p.trade_off
        if weight:
            graph.add_edge(
                p.source,
                p.target,
                weight=float(weight),
                assessors=p.count,
                mean=float(p.mean),
                stdev=float(p.stdev),
                sign_disagreement=p.sign_disagreement,
                comments=p.joined("comment"),
                illustrative=p.illustrative,
            )
    return graph


def influence_figure(analysis: Analysis, path: Path) -> Path | None:
    """Positive and negative row sums per node with the net value, and first- against
    second-order net influence."""
    assessment = analysis.expert
    if assessment is None or not assessment.influence:
        return None
    _style()
    data, level = analysis.data, assessment.level
    items = sorted(assessment.influence, key=lambda i: (-i.net_influence, node_key(i.node)))
    fig, (left, right) = plt.subplots(1, 2, figsize=(10.5, 0.9 + 0.32 * len(items) + 1.2))
    names = [short_label(data, level, i.node) for i in items]
    rows = range(len(items))
    left.barh(
        rows,
        [i.out_positive for i in items],
        color="#2e7d32",
        label=bilingual("synergies (positive row sum)", "相乗効果（正の行和）"),
    )
    left.barh(
        rows,
        [i.out_negative for i in items],
        color="#c62828",
        label=bilingual("trade-offs (negative row sum)", "トレードオフ（負の行和）"),
    )
    left.scatter(
        [i.net_influence for i in items],
        rows,
        marker="D",
        s=18,
        color="#111111",
        zorder=3,
        label=bilingual("net influence (row sum)", "正味の影響（行和）"),
    )
    left.set_yticks(rows, names, fontsize=8)
    left.invert_yaxis()
    left.axvline(0, color="#333333", lw=0.8)
    left.set_xlabel(bilingual("influence on the others", "他への影響"), fontsize=8)
    left.set_title(bilingual("First-order influence", "一次の影響"), fontsize=9.5)
    left.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.12), frameon=False)
    xs = [i.net_influence for i in items]
    ys = [i.second_order for i in items]
    right.scatter(xs, ys, s=40, color="#1f5a99")
    together: dict[tuple[float, float], list[str]] = {}
    for name, x, y in zip(names, xs, ys, strict=True):
        together.setdefault((x, y), []).append(name)
    right.axhline(0, color="#bbbbbb", lw=0.8)
    right.axvline(0, color="#bbbbbb", lw=0.8)
    right.set_xlabel(bilingual("net influence (row sum of M)", "正味の影響（Mの行和）"), fontsize=8)
    right.set_ylabel(
        bilingual("second-order influence (row sum of M²)", "二次の影響（M²の行和）"), fontsize=8
    )
    right.set_title(bilingual("First and second order", "一次と二次"), fontsize=9.5)
    fig.text(
        0.01,
        0.0,
        f"Scores of {len(assessment.assessors)} assessor(s) from {', '.join(assessment.files)}; "
        f"{len(assessment.pairs)} directed pairs, {len(assessment.disagreements)} with "
        "assessors disagreeing in sign.",
        fontsize=7,
        color="#555",
    )
    title = bilingual(
        "Expert interaction scores (ICSU/SEI −3…+3)", "専門家による相互作用評価（−3〜+3）"
    )
    if assessment.illustrative:
        title = (
            bilingual("ILLUSTRATIVE EXAMPLE, not expert data", "説明用の例（専門家の評価ではない）")
            + "\n"
            + title
        )
    fig.suptitle(
        title,
        fontsize=10.5,
        fontweight="bold",
        color="#b00020" if assessment.illustrative else "black",
    )
    fig.tight_layout(rect=(0, 0.03, 1, 0.93))
    # after the layout: labels go where they fit in the final axes; nodes at one place share one
    groups = [(point, ", ".join(group)) for point, group in together.items()]
    unlabelled = place_labels(right, groups)
    if unlabelled:
        right.text(
            1.0,
            -0.16,
            f"{unlabelled} crowded point(s) unlabelled: see the bars, or interaction_influence.csv",
            transform=right.transAxes,
            ha="right",
            fontsize=6.5,
            color="#555555",
        )
    return _save(fig, path)


def write_expert(analysis: Analysis, folder: Path) -> tuple[list[Path], Path | None]:
    """Write tables/, networks/, cross-impact/ and the figure into the analysis ``folder``.

    Return every path written and the figure (``None`` without scores).
    """
    assessment = analysis.expert
    if assessment is None:
        return [], None
    texts: dict[str, str] = {f"tables/{k}": v for k, v in expert_tables(analysis).items()}
    texts.update({f"{MATRIX_DIR}/{k}": v for k, v in matrix_texts(assessment).items()})
    for layer in EXPERT_LAYERS:
        graph = expert_graph(analysis, layer)
        stem = f"networks/{layer}-{ALL}"
        texts[f"{stem}.graphml"] = graphml_text(graph)
        texts[f"{stem}.gexf"] = gexf_text(graph, analysis.options.date)
    written = []
    for name, text in texts.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    (folder / "figures").mkdir(parents=True, exist_ok=True)
    figure = influence_figure(analysis, folder / "figures" / FIGURE)
    if figure is not None:
        written.append(figure)
    return written, figure
