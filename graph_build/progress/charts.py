"""A KPI's trajectory as an SVG chart: baseline, monitored values, target, the on-track line from
baseline to target, and the linear projection to the target year when the query gives one.

The status is written on the chart in words and symbol beside its colour, and charts of
illustrative figures carry a banner saying so. Text stays text in the SVG (searchable, and drawn
by the reader's fonts); ids are salted per KPI, so several charts can share one HTML page, and
the same series always gives the same bytes. Charts are cached by their series: the same rows
are drawn once per process (and, in ``sdgkg serve``, once per server: see
:func:`graph_build.progress.pages.use_chart_cache`).
"""

from __future__ import annotations

import io
import re
import textwrap
import warnings
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.ticker import MaxNLocator

from graph_build.chart_style import SVG_HASHSALT, font_family
from graph_build.progress.formats import amount, chart_key, percent
from graph_build.progress.rows import KpiSeries

if TYPE_CHECKING:  # matplotlib.typing is new in matplotlib 3.9
    from matplotlib.typing import RcKeyType

#: Observations drawn per chart, the most recent ones: a chart stays quick to draw and to read.
MAX_POINTS = 120
#: Charts kept per process (a few tens of kB each).
CACHED_CHARTS = 512
ILLUSTRATIVE_BANNER = "Illustrative figures — not published results / 例示用の架空の数値"
#: Title width in Latin characters (a Japanese character counts two), and at most this many lines.
TITLE_WIDTH = 78
MAX_TITLE_LINES = 4
AUTOMATIC_ID = re.compile(r'<g id="(?!kpi-)([^"]+)"')
GUIDE = "#7b8794"
INK = "#1f2933"


def _style(salt: str) -> dict[RcKeyType, Any]:
    return {
        "font.family": font_family(),
        "font.size": 8.5,
        "axes.titlesize": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "xtick.labelsize": 8,
        "ytick.labelsize": 8,
        "svg.fonttype": "none",
        "svg.hashsalt": f"{SVG_HASHSALT}-{salt}",
        # names are data: a "$" in a KPI name must not start mathtext
        "text.parse_math": False,
    }


def _svg_element(document: str, key: str, label: str) -> str:
    """The ``<svg>`` element alone (no XML prolog), labelled for screen readers."""
    start = document.index("<svg")
    element = document[start:]
    escaped = (
        label.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    )
    # matplotlib numbers its groups per figure (figure_1, axes_1 …): prefix them with the KPI's
    # key so that ids stay unique on a page with several charts
    element = AUTOMATIC_ID.sub(lambda m: f'<g id="{key}-{m.group(1)}"', element)
    return element.replace(
        "<svg ", f'<svg role="img" aria-label="{escaped}" data-chart="{key}" ', 1
    ).rstrip()


def _title(ja: str, en: str) -> str:
    """The KPI's Japanese name with the English beside it, or below it when both are long."""
    if len(ja) * 2 + len(en) <= TITLE_WIDTH:
        return f"{ja}　{en}"
    return "\n".join(
        [*textwrap.wrap(ja, TITLE_WIDTH // 2), *textwrap.wrap(en, TITLE_WIDTH)][:MAX_TITLE_LINES]
    )


def _point(year: float | None, value: float | None) -> tuple[float, float] | None:
    return (year, value) if year is not None and value is not None else None


@lru_cache(maxsize=CACHED_CHARTS)
def trajectory_svg(series: KpiSeries) -> str:
    """The chart of ``series`` as an inline ``<svg>`` element."""
    key = chart_key(series.kpi_iri)
    state = series.status
    points = [
        (o.year, o.value) for o in series.observations if o.year is not None and o.value is not None
    ]
    left_out = max(0, len(points) - MAX_POINTS)
    points = points[left_out:]
    start = _point(series.baseline_year, series.baseline)
    end = _point(series.target_year, series.target)
    with plt.rc_context(_style(key)), warnings.catch_warnings():
        # without a Japanese font matplotlib warns per glyph; the reader's browser draws them
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        fig, ax = plt.subplots(figsize=(6.6, 3.9))
        if start and end:
            ax.plot(
                [start[0], end[0]],
                [start[1], end[1]],
                ls="--",
                lw=1.2,
                color=GUIDE,
                label="on-track line / 目標への線",
            )[0].set_gid(f"{key}-on-track")
        if start:
            ax.scatter(*start, marker="o", s=42, color=INK, zorder=4, label="baseline / 基準値")
            ax.collections[-1].set_gid(f"{key}-baseline")
            ax.annotate(
                amount(start[1]), start, textcoords="offset points", xytext=(0, 7), ha="center"
            )
        if end:
            ax.scatter(*end, marker="*", s=130, color=INK, zorder=4, label="target / 目標値")
            ax.collections[-1].set_gid(f"{key}-target")
            ax.annotate(amount(end[1]), end, textcoords="offset points", xytext=(0, 8), ha="center")
        if points:
            ax.plot(
                [x for x, _ in points],
                [y for _, y in points],
                "-o",
                lw=2,
                ms=4.5,
                color=state.colour,
                zorder=5,
                label="monitored / 実績値",
            )[0].set_gid(f"{key}-observations")
            last = points[-1]
            ax.annotate(
                amount(last[1]),
                last,
                textcoords="offset points",
                xytext=(6, -12),
                color=state.colour,
                fontweight="bold",
            )
            projected = series.state.projected_value if series.state else None
            if projected is not None and end:
                ax.plot(
                    [last[0], end[0]],
                    [last[1], projected],
                    ls=":",
                    lw=1.6,
                    color=state.colour,
                    marker="o",
                    markevery=[1],
                    mfc="white",
                    label="linear projection / 直線の見通し",
                )[0].set_gid(f"{key}-projection")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("year / 年・年度")
        ax.set_ylabel(series.unit or "value / 値")
        ax.grid(axis="y", color="#e6e9ec", lw=0.6)
        title = _title(series.name_ja, series.name_en)
        ax.set_title(title, loc="left", fontweight="bold", pad=24)
        ax.margins(x=0.06, y=0.16)
        latest = series.latest
        words = f"{state.symbol} {state.en} / {state.ja}"
        if latest is not None:
            achievement = series.state.achievement if series.state else latest.achievement
            elapsed = series.state.elapsed if series.state else latest.elapsed
            words += (
                f" — {latest.period}: 達成率 achievement {percent(achievement)}"
                f" · 期間経過 elapsed {percent(elapsed)}"
            )
        ax.text(
            0.0,
            1.03,
            words,
            transform=ax.transAxes,
            fontsize=8.5,
            color="white",
            fontweight="bold",
            va="bottom",
            bbox={"boxstyle": "round,pad=0.3", "facecolor": state.colour, "edgecolor": "none"},
        ).set_gid(f"{key}-status")
        if series.illustrative:
            fig.text(
                0.5,
                0.995,
                ILLUSTRATIVE_BANNER,
                ha="center",
                va="top",
                fontsize=9,
                fontweight="bold",
                color="#7a4100",
                bbox={
                    "boxstyle": "square,pad=0.35",
                    "facecolor": "#fff3cd",
                    "edgecolor": "#b26a00",
                },
            ).set_gid(f"{key}-illustrative")
        if left_out:
            ax.text(
                1.0,
                -0.3,
                f"latest {MAX_POINTS} of {len(points) + left_out} values shown / "
                f"最新{MAX_POINTS}件を表示",
                transform=ax.transAxes,
                ha="right",
                fontsize=7,
                color=GUIDE,
            )
        ax.legend(
            loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3, frameon=False, fontsize=7.5
        )
        fig.tight_layout(rect=(0, 0, 1, 0.9 if series.illustrative else 0.97))
        buffer = io.StringIO()
        fig.savefig(
            buffer,
            format="svg",
            bbox_inches="tight",
            pad_inches=0.08,
            metadata={"Date": None, "Creator": None},
        )
        plt.close(fig)
    label = f"{series.name_ja} / {series.name_en}: {state.en} / {state.ja}"
    return _svg_element(buffer.getvalue(), key, label)


def write_charts(series: Iterable[KpiSeries], folder: Path) -> list[Path]:
    """Each series' chart as ``folder/<kpi id>.svg`` (the last part of the KPI's IRI)."""
    written = []
    for one in series:
        name = one.kpi_iri.rstrip("/").rsplit("/", 1)[-1] or chart_key(one.kpi_iri)
        path = folder / f"{name}.svg"
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(
            '<?xml version="1.0" encoding="utf-8" standalone="no"?>\n' + trajectory_svg(one) + "\n",
            encoding="utf-8",
        )
        written.append(path)
    return written
