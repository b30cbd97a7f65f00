"""How numbers and chart ids are written on KPI progress charts and pages."""

from __future__ import annotations

import hashlib


def chart_key(kpi_iri: str) -> str:
    """A short id for a KPI's chart, unique on a page (``kpi-`` and 10 hex digits)."""
    return "kpi-" + hashlib.sha256(kpi_iri.encode("utf-8")).hexdigest()[:10]


def percent(value: float | None) -> str:
    """A percentage as the queries give it (``45.6`` → ``45.6%``); ``–`` when undefined."""
    return "–" if value is None else f"{value:.1f}%".replace(".0%", "%")


def amount(value: float | None) -> str:
    """A value as printed in tables: thousands separated, at most three decimals."""
    if value is None:
        return "–"
    return f"{value:,.3f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"
