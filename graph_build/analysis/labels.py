"""Readable names for nodes, cities, layers and dimensions, in English and Japanese."""

from __future__ import annotations

from graph_build.analysis.layers import ALL, AREA, ASPECT, GOAL, LAYER_LABELS, TARGET
from graph_build.analysis.plan_data import PlanData

SHORT_SCHEMES = {
    "wedding-cake": ("Wedding cake", "ウェディングケーキ"),
    "five-ps": ("5Ps", "5つのP"),
    "future-city": ("Future City aspects", "未来都市の三側面"),
}
AREA_SHORT = {"direction": ("方向性", "Direction"), "issue-area": ("課題", "Issue area")}


def node_label(data: PlanData, level: str, node: str, lang: str = "en") -> str:
    """Full label: ``Target 11.6: Urban air quality…``, a direction's name, an aspect's name."""
    if level == TARGET and node in data.targets:
        return str(getattr(data.targets[node], lang))
    if level == GOAL and node in data.goals:
        return str(getattr(data.goals[node], lang))
    if level == ASPECT:
        return dimension_label(data, "future-city", node, lang)
    return data.label(node, lang)


def short_label(data: PlanData, level: str, node: str, lang: str = "en") -> str:
    """Short label for figures: ``11.6``, ``SDG 11``, ``D1``, ``Economy``."""
    if level == TARGET:
        return node
    if level == GOAL:
        return f"SDG {node}" if lang == "en" else f"目標{node}"
    if level == AREA:
        area = data.areas.get(node)
        if area is not None and area.number is not None:
            ja, en = AREA_SHORT.get(area.kind, ("", ""))
            return f"{ja}{area.number}" if lang == "ja" else f"{en[:1] or 'A'}{area.number}"
        return data.label(node, lang)[:18]
    return node_label(data, level, node, lang)


def city_label(data: PlanData, city: str, lang: str = "en") -> str:
    """``Kanazawa City`` / ``金沢市``; ``all cities`` / ``全自治体`` for the union."""
    if city == ALL:
        return "all cities" if lang == "en" else "全自治体"
    item = data.cities.get(city)
    return str(getattr(item, lang)) if item is not None else city


def layer_label(layer: str, lang: str = "en") -> str:
    """Name of a linkage layer."""
    ja, en = LAYER_LABELS.get(layer, (layer, layer))
    return en if lang == "en" else ja


def dimension_label(data: PlanData, scheme: str, key: str, lang: str = "en") -> str:
    """Name of a dimension of a scheme."""
    found = data.schemes.get(scheme)
    if found is not None:
        for dim in found.dimensions:
            if dim.key == key:
                return str(getattr(dim, lang))
    return key


def scheme_label(data: PlanData, scheme: str, lang: str = "en") -> str:
    """Name of a dimension scheme."""
    found = data.schemes.get(scheme)
    return str(getattr(found, lang)) if found is not None else scheme


def carrier_kind(data: PlanData, iri: str) -> str:
    """``initiative``, ``kpi-block``, ``direction``, ``statement`` … of an evidence IRI."""
    if iri in data.carriers:
        return data.carriers[iri].kind
    if iri in data.statements:
        return "synergy-statement"
    return ""


def short_scheme(data: PlanData, scheme: str, lang: str = "en") -> str:
    """Short name of a scheme for titles and sentences: ``Wedding cake``, ``5Ps``."""
    if scheme in SHORT_SCHEMES:
        en, ja = SHORT_SCHEMES[scheme]
        return en if lang == "en" else ja
    return scheme_label(data, scheme, lang)


# Names of the results the analysis writes as RDF (links, dimension links, node measures): built
# from the names above, so a result reads like the table or figure it comes from.


def node_name(data: PlanData, level: str, node: str, lang: str = "en") -> str:
    """A node in running text: ``target 11.6`` / ``ターゲット11.6``, ``SDG 11`` / ``目標11``,
    or the full name of an area or aspect."""
    if level == TARGET:
        return f"target {node}" if lang == "en" else f"ターゲット{node}"
    if level == GOAL:
        return short_label(data, level, node, lang)
    return node_label(data, level, node, lang)


def view_name(data: PlanData, layer: str, city: str, lang: str = "en") -> str:
    """One city's layer: ``Kanazawa City's co-occurrence layer`` / ``金沢市の共起の層``."""
    place = city_label(data, city, lang)
    if lang == "en":
        owner = f"{place}'" if place.endswith("s") else f"{place}'s"
        return f"{owner} {layer_label(layer, lang)} layer"
    return f"{place}の{layer_label(layer, lang)}の層"


def _pair(first: str, second: str, directed: bool, lang: str) -> str:
    if lang == "en":
        return f"from {first} to {second}" if directed else f"between {first} and {second}"
    return f"{first}から{second}への" if directed else f"{first}と{second}の"


def link_name(
    data: PlanData,
    layer: str,
    level: str,
    city: str,
    ends: tuple[str, str],
    directed: bool,
    lang: str = "en",
) -> str:
    """``Link between target 11.2 and target 11.3 in Kanazawa City's co-occurrence layer`` /
    ``金沢市の共起の層におけるターゲット11.2とターゲット11.3のつながり``."""
    first, second = (node_name(data, level, node, lang) for node in ends)
    pair = _pair(first, second, directed, lang)
    view = view_name(data, layer, city, lang)
    return f"Link {pair} in {view}" if lang == "en" else f"{view}における{pair}つながり"


def dimension_link_name(
    data: PlanData,
    scheme: str,
    layer: str,
    city: str,
    ends: tuple[str, str],
    directed: bool,
    lang: str = "en",
) -> str:
    """``Wedding cake: link between Economy and Society in Kanazawa City's co-occurrence layer``;
    a diagonal cell is the links ``within`` one dimension (``経済の内部のつながり``)."""
    first, second = (dimension_label(data, scheme, key, lang) for key in ends)
    view = view_name(data, layer, city, lang)
    short = short_scheme(data, scheme, lang)
    if lang == "en":
        pair = f"within {first}" if ends[0] == ends[1] else _pair(first, second, directed, lang)
        return f"{short}: links {pair} in {view}"
    pair = f"{first}の内部の" if ends[0] == ends[1] else _pair(first, second, directed, lang)
    return f"{view}における{short}の{pair}つながり"


def node_measure_name(
    data: PlanData, layer: str, level: str, city: str, node: str, lang: str = "en"
) -> str:
    """``Network measures of SDG 11 in Kanazawa City's co-occurrence layer`` /
    ``金沢市の共起の層における目標11のネットワーク指標``."""
    name = node_name(data, level, node, lang)
    view = view_name(data, layer, city, lang)
    if lang == "en":
        return f"Network measures of {name} in {view}"
    return f"{view}における{name}のネットワーク指標"


def influence_name(data: PlanData, layer: str, level: str, node: str, lang: str = "en") -> str:
    """``Influence of SDG 2 in all cities' expert interaction scores layer`` /
    ``全自治体の専門家による相互作用評価の層における目標2の影響``."""
    name = node_name(data, level, node, lang)
    view = view_name(data, layer, ALL, lang)
    return f"Influence of {name} in {view}" if lang == "en" else f"{view}における{name}の影響"
