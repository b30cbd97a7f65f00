"""HTML for KPI progress, from Jinja2 templates (``resources/templates/kpi_*.html.j2``) with
autoescaping: the report's section, the panel of a KPI's page and a city's status board."""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from graph_build.paths import RESOURCES_DIR
from graph_build.progress.formats import amount, chart_key, percent
from graph_build.progress.read import CityProgress
from graph_build.progress.rows import KpiSeries, KpiState
from graph_build.progress.statuses import NO_DATA, Status, status, statuses

TEMPLATES_DIR = RESOURCES_DIR / "templates"
STYLE_FILE = RESOURCES_DIR / "kpi_progress.css"

Link = Callable[[str], str]


@cache
def environment() -> Environment:
    """The template environment: every value escaped unless marked safe, unknown names an error."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        amount=amount, percent=percent, chart_key=chart_key, trajectory_svg=_trajectory_svg
    )
    return env


class _ChartCache:
    """Where drawn charts are kept for other processes, if anywhere (:func:`use_chart_cache`)."""

    folder: Path | None = None


def use_chart_cache(folder: Path | None) -> None:
    """Keep every chart this process draws as a file in ``folder``, and read charts from there
    (``None``: keep them in memory only).

    The workers of ``sdgkg serve`` share one folder: a chart is drawn once per server, not once
    per worker, and a worker started in place of another finds the charts already drawn.
    """
    _ChartCache.folder = folder


def _trajectory_svg(series: KpiSeries) -> str:
    folder = _ChartCache.folder
    path = None
    if folder is not None:
        # the series is the chart's whole input, so its text names the chart
        digest = hashlib.sha256(repr(series).encode("utf-8")).hexdigest()
        path = folder / f"{digest}.svg"
        try:
            return path.read_text(encoding="utf-8")
        except OSError:
            pass
    # matplotlib is imported when a chart is first drawn, not by every page that might hold one:
    # a server worker answering other pages stays quick to start
    from graph_build.progress.charts import trajectory_svg

    svg = trajectory_svg(series)
    if path is not None:
        with contextlib.suppress(OSError):  # a full disk costs the cache, not the page
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{os.getpid()}.part")
            partial.write_text(svg, encoding="utf-8")
            os.replace(partial, path)
    return svg


def style() -> str:
    """The CSS of the KPI progress pieces."""
    return STYLE_FILE.read_text(encoding="utf-8")


def _counts(city: CityProgress) -> list[tuple[Status, int]]:
    return [(status(key), n) for key, n in city.counts()]


def _units(city: CityProgress) -> dict[str, str]:
    units = {s.kpi_iri: s.unit for s in city.states if s.unit}
    return {**units, **{s.kpi_iri: s.unit for s in city.series if s.unit}}


def report_section(cities: Sequence[CityProgress], link: Link, omitted: int = 0) -> str:
    """The report's "KPI progress / KPI進捗" section; a "no observations yet" note without any."""
    observed = sum(c.observed for c in cities)
    return (
        environment()
        .get_template("kpi_report_section.html.j2")
        .render(
            cities=cities,
            observed=observed,
            kpis=sum(len(c.states) for c in cities),
            statuses=statuses(),
            city_counts={c.city: _counts(c) for c in cities},
            units={c.city: _units(c) for c in cities},
            link=link,
            omitted=omitted,
        )
    )


def kpi_panel(series: KpiSeries | None, state: KpiState | None, board: str = "") -> str:
    """The progress panel of a KPI's page: latest status and trajectory chart."""
    illustrative = bool(state and state.illustrative) or bool(series and series.illustrative)
    return (
        environment()
        .get_template("kpi_panel.html.j2")
        .render(
            series=series,
            state=state,
            illustrative=illustrative,
            no_data=status(NO_DATA),
            board=board,
        )
    )


def board_page(city: CityProgress, link: Link, city_href: str, home: str, page_style: str) -> str:
    """A city's status board: counts per status and area, and every KPI's latest status."""
    return (
        environment()
        .get_template("kpi_board_page.html.j2")
        .render(
            city=city,
            counts=_counts(city),
            statuses=statuses(),
            units=_units(city),
            link=link,
            city_href=city_href,
            home=home,
            # CSS is package data, and inside <style> an escaped quote would not be read back
            page_style=Markup(page_style),
            style=Markup(style()),
        )
    )


def board_link(board: str) -> str:
    """The link from a city's page to its status board."""
    return environment().get_template("kpi_board_link.html.j2").render(board=board)
