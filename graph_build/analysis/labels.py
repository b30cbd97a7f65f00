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
