"""Report sections on what the co-occurrence counts mean: definition, chance, sensitivity, limits.

Kept apart from :mod:`.report` so that the page layout and these texts change independently.
"""

from __future__ import annotations

from html import escape

from graph_build.analysis.association import ALPHA, NULL_MODEL, NULL_SEED
from graph_build.analysis.compute import Analysis
from graph_build.analysis.coreference import RULE_LABELS
from graph_build.analysis.labels import city_label, dimension_label, scheme_label
from graph_build.analysis.layers import COREFERENCE, GOAL
from graph_build.analysis.sensitivity import Findings, findings


def bi(en: str, ja: str, tag: str = "span") -> str:
    """Both languages, escaped; the page's language switch shows one."""
    return f'<{tag} lang="en">{escape(en)}</{tag}><{tag} lang="ja">{escape(ja)}</{tag}>'


def definition(analysis: Analysis) -> str:
    """The definition of co-reference and of the measures beside each count."""
    rule = analysis.layers.rule
    ja_rule, en_rule = RULE_LABELS[rule]
    draws = analysis.options.null_draws
    return (
        "<ul>"
        + "".join(
            [
                bi(
                    "Co-occurrence (shared-initiative co-reference, after Le Blanc 2015): two "
                    "goals "
                    "(or targets) are linked when the same initiative addresses both; weight = "
                    "number "
                    "of distinct initiatives. Directions, issue areas and KPI tables are printed "
                    "lists "
                    "that initiatives inherit, not carriers of their own, so a list printed twice "
                    "(beside a direction and again in its KPI table) counts once. "
                    f"Inheritance rule of this run: {rule} ({en_rule}); the others "
                    "are stated (only the codes printed for the initiative) and direction (plus "
                    "the "
                    "direction's list). The query goal_link_weights gives the same weights with "
                    "the "
                    "same inheritance parameter.",
                    "共起（同じ取組による共参照、Le Blanc 2015に基づく）：同じ取組が両方に対応する"
                    "とき二つの"
                    "目標（ターゲット）を結ぶ。重みは取組の数。方向性・課題分野・KPI表は取組が引き"
                    "継ぐ一覧で"
                    "あって根拠そのものではないため、同じ一覧が二度印刷されていても一度と数える。"
                    f"この分析の継承規則：{rule}（{ja_rule}）。ほかに stated（取組自身の記載"
                    "のみ）と direction（方向性の一覧を加える）がある。クエリ goal_link_weights は"
                    "同じ"
                    "inheritance パラメータで同じ重みを返す。",
                    "li",
                ),
                bi(
                    "Beside each count (tables/links.csv): Jaccard = w / (n_a + n_b − w) and φ "
                    "over "
                    "the initiatives with any code; the expected count, z and one-sided empirical "
                    f"p-value under a null model ({NULL_MODEL}: each initiative keeps its number "
                    "of "
                    "codes and each code its number of initiatives), "
                    f"{draws} draws, numpy seed {NULL_SEED}; above_chance when p < {ALPHA:g}. "
                    "Many pairs are tested at once and no correction is applied: read the flag as "
                    "a "
                    "screen, not as proof.",
                    "各件数の横に（tables/links.csv）：Jaccard係数 w/(n_a+n_b−w) と、対応するコー"
                    "ドを持つ"
                    "取組全体でのφ係数。帰無モデル（各取組のコード数と各コードの取組数を保つ"
                    f"ランダム行列、global curveball法）による期待値・z・片側の経験的p値（{draws}"
                    "回、"
                    f"numpyシード{NULL_SEED}）。p < {ALPHA:g} のとき above_chance。多数の組を同時に"
                    "検定し補正はしていないため、目安として読むこと。",
                    "li",
                ),
                bi(
                    "Words follow the evidence: co-occurrence is structure in the documents; "
                    "'synergy' is used only for synergies a document states, and 'synergy' or "
                    "'trade-off' for expert scores.",
                    "用語は根拠に合わせる：共起は文書の構造であり、「相乗効果」は文書に記述された"
                    "ものにだけ、"
                    "「相乗効果」「トレードオフ」は専門家の評価にだけ用いる。",
                    "li",
                ),
            ]
        )
        + "</ul>"
        + _chance_summary(analysis)
    )


def _chance_summary(analysis: Analysis) -> str:
    rows = []
    for city in analysis.options.detailed:
        links = analysis.layers.select(COREFERENCE, GOAL, city)
        found = [analysis.associations.get((GOAL, city, x.source, x.target)) for x in links]
        above = sum(1 for a in found if a is not None and a.above_chance)
        rows.append(
            bi(
                f"{city_label(analysis.data, city)}: {above} of {len(links)} goal links "
                "co-occur more often than chance.",
                f"{city_label(analysis.data, city, 'ja')}：目標間の{len(links)}本のうち"
                f"{above}本が偶然より多く共起する。",
                "li",
            )
        )
    return "<ul>" + "".join(rows) + "</ul>"


def _pairs(found: Findings) -> str:
    return "; ".join(f"{a}–{b}: {w:g}" for a, b, w in found.strongest)


def sensitivity(analysis: Analysis) -> str:
    """The main findings under every inheritance rule, scheme and with suggestions."""
    data = analysis.data
    rows = findings(data, analysis.options.detailed, list(analysis.options.schemes))
    schemes = [s.scheme for s in rows[0].schemes] if rows else []
    header = [
        bi("City", "自治体"),
        bi("Counting", "数え方"),
        bi("Goal links", "目標間のつながり"),
        bi("Strongest goal links (initiatives)", "最も強い目標間のつながり（取組数）"),
        *(
            bi(
                f"{scheme_label(data, s)}: {_ee(analysis, s, 'en')} (initiatives / block weight)",
                f"{scheme_label(data, s, 'ja')}：{_ee(analysis, s, 'ja')}（取組数／ブロック重み）",
            )
            for s in schemes
        ),
        bi("Top brokers (betweenness, targets)", "主な仲介役（媒介中心性、ターゲット）"),
        bi("Communities (modularity)", "コミュニティ数（モジュラリティ）"),
    ]
    body = []
    for f in rows:
        best = f"{f.strongest[0][2]:g}" if f.strongest else "0"
        cells = [
            escape(city_label(data, f.city)),
            escape(f.variant.name),
            str(f.goal_links),
            escape(_pairs(f)),
            *(f"{s.initiatives} / {s.block_weight:g}" for s in f.schemes),
            escape("; ".join(f"{n} ({v:.3f})" for n, v in f.brokers)),
            f"{f.communities} ({f.modularity:.3f})",
        ]
        body.append(
            f"<tr data-city='{escape(f.city)}' data-variant='{escape(f.variant.name)}' "
            f"data-strongest='{best}'>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"
        )
    head = "".join(f"<th>{h}</th>" for h in header)
    return (
        "<p>"
        + bi(
            "The same headline figures counted every way: under each inheritance rule (stated = "
            "stated only), and under the default rule with the suggested links added (when the "
            "build has suggestions). Block weight sums the weights of goal links between the two "
            "dimensions; initiatives counts the initiatives addressing a goal in each (the "
            "dimension_links query).",
            "同じ主要な数値を数え方ごとに示す：継承規則ごと（stated は記載のみ）と、既定の規則に推"
            "定"
            "されたつながりを加えた場合（推定がある場合）。ブロック重みは二つの側面の間の目標間の"
            "つながりの重みの合計、取組数は両方の側面の目標に対応する取組の数"
            "（dimension_links クエリ）。",
        )
        + "</p>"
        + f"<table class='sensitivity'><thead><tr>{head}</tr></thead><tbody>"
        + "".join(body)
        + "</tbody></table>"
    )


def _ee(analysis: Analysis, scheme: str, lang: str) -> str:
    from graph_build.analysis.dimensions import economy_environment

    pair = economy_environment(analysis.data.schemes[scheme])
    if pair is None:
        return ""
    return "–".join(dimension_label(analysis.data, scheme, k, lang) for k in pair)


def limitations() -> str:
    """What the counts cannot say, in plain words."""
    items = [
        (
            "Co-occurrence is not causation and not synergy: two goals printed for the same "
            "initiative may help, hinder or ignore each other.",
            "共起は因果でも相乗効果でもない。同じ取組に記載された二つの目標は、互いに助け合うこと"
            "も、"
            "妨げ合うことも、無関係なこともある。",
        ),
        (
            "The printed lists reflect how a document is laid out: an initiative inherits the "
            "whole list of the direction it sits under, so a long list makes strong links by "
            "itself. Compare the stated rule, which counts only an initiative's own codes.",
            "記載された一覧は文書の構成を反映する。取組は掲載先の方向性の一覧をすべて引き継ぐため、"
            "長い一覧はそれだけで強いつながりを生む。取組自身の記載だけを数える stated と比べるこ"
            "と。",
        ),
        (
            "Each city is read from a few documents of one period; what the documents leave out "
            "is not measured, and two cities' plans are written to different templates.",
            "各自治体は一時期の少数の文書から読み取っている。文書に書かれていないことは測れず、"
            "自治体ごとに計画の様式も異なる。",
        ),
        (
            "The null model keeps each initiative's number of codes and each code's number of "
            "initiatives; it does not keep the document's structure (whole lists move together "
            "in the plans), so p-values are optimistic. No correction is made for testing many "
            "pairs.",
            "帰無モデルは各取組のコード数と各コードの取組数を保つが、文書の構造（一覧がまとまって"
            "引き継がれること）は保たないため、p値は楽観的になる。多重比較の補正もしていない。",
        ),
        (
            "Suggested links come from a word-matching method, not from the documents; they are "
            "shown apart and only when asked for.",
            "推定されたつながりは語の照合による推定で、文書の記載ではない。求めたときだけ別に示す"
            "。",
        ),
    ]
    return "<ul>" + "".join(bi(en, ja, "li") for en, ja in items) + "</ul>"
