"""KPI progress charts and boards from hand-made query rows (tests/fixtures/kpi_progress_rows):
statuses in colour and words, a KPI that should fall, the illustrative banner, no data, escaping,
bounded and byte-identical charts."""

from __future__ import annotations

import csv
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from graph_build.progress.charts import MAX_POINTS, trajectory_svg, write_charts
from graph_build.progress.formats import chart_key
from graph_build.progress.pages import (
    board_page,
    kpi_panel,
    report_section,
    use_chart_cache,
)
from graph_build.progress.read import CityProgress
from graph_build.progress.rows import KpiSeries, Row, kpi_series, kpi_states, status_counts
from graph_build.progress.statuses import status, statuses
from tests.conftest import FIXTURES

ROWS = FIXTURES / "kpi_progress_rows"
KPI = "https://w3id.org/sdgkg/id/sampletown/kpi/"
CO2, PARK, WASTE, BUS = (KPI + k for k in ("co2-emissions", "park-visitors", "waste", "bus-riders"))


def rows(name: str) -> list[dict[str, str]]:
    with (ROWS / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def series_of(
    kpi: str, progress: list[Row] | None = None, status_rows: list[Row] | None = None
) -> KpiSeries:
    states = kpi_states(status_rows if status_rows is not None else rows("kpi_status"))
    found = kpi_series(progress if progress is not None else rows("kpi_progress"), states)
    return next(s for s in found if s.kpi_iri == kpi)


def city(progress: list[Row] | None = None, status_rows: list[Row] | None = None) -> CityProgress:
    states = kpi_states(status_rows if status_rows is not None else rows("kpi_status"))
    return CityProgress(
        city="sampletown",
        name_ja="サンプル町",
        name_en="Sampletown",
        states=tuple(states),
        series=tuple(
            kpi_series(progress if progress is not None else rows("kpi_progress"), states)
        ),
        areas=tuple(status_counts(rows("kpi_status_by_area"), "area")),
    )


def element(svg: str, gid: str) -> str:
    """The content of the SVG group with id ``gid``, nested groups included."""
    start = svg.find(f'<g id="{gid}">')
    assert start >= 0, f"no element {gid}"
    depth, pos = 0, start
    for tag in re.finditer(r"<g[ >]|</g>", svg[start:]):
        depth += -1 if tag.group(0) == "</g>" else 1
        if depth == 0:
            pos = start + tag.end()
            break
    return svg[start:pos]


def line_ends(svg: str, gid: str) -> tuple[tuple[float, float], tuple[float, float]]:
    """First and last point of the path drawn in group ``gid`` (SVG coordinates: y grows down)."""
    d = re.search(r'\sd="([^"]+)"', element(svg, gid))
    assert d
    numbers = [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?", d.group(1))]
    return (numbers[0], numbers[1]), (numbers[-2], numbers[-1])


class Tags(HTMLParser):
    """Counts start tags, and fails on an end tag that closes nothing open."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.seen: dict[str, int] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen[tag] = self.seen.get(tag, 0) + 1
        if tag not in {"meta", "link", "br", "path", "use", "stop", "rect", "circle", "img"}:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen[tag] = self.seen.get(tag, 0) + 1

    def handle_endtag(self, tag: str) -> None:
        assert tag in self.open, f"</{tag}> closes nothing"
        while self.open.pop() != tag:
            pass


def parse(html: str) -> Tags:
    tags = Tags()
    tags.feed(html)
    tags.close()
    return tags


@pytest.mark.parametrize("key", [s.key for s in statuses() if s.key != "no-data"])
def test_each_status_is_shown_by_colour_symbol_and_words(key: str) -> None:
    progress = [{**r, "status": key} for r in rows("kpi_progress")]
    states = [{**r, "status": key} if r["kpi_iri"] == PARK else r for r in rows("kpi_status")]
    svg = trajectory_svg(series_of(PARK, progress, states))
    shown = status(key)
    words = element(svg, f"{chart_key(PARK)}-status")
    assert shown.en in words and shown.ja in words and shown.symbol in words
    assert shown.colour.lower() in element(svg, f"{chart_key(PARK)}-observations").lower()
    others = {s.en for s in statuses() if s.key != key and s.en not in shown.en}
    assert not any(f"{o} / " in words for o in others)


def test_chart_has_baseline_observations_target_line_and_projection() -> None:
    svg = trajectory_svg(series_of(PARK))
    key = chart_key(PARK)
    for part in ("baseline", "target", "observations", "on-track", "projection", "status"):
        element(svg, f"{key}-{part}")
    assert "公園利用者数(累計)" in svg and "Park visitors (cumulative)" in svg
    assert "千人" in svg  # the unit on the value axis
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    years = [int(t) for t in texts if re.fullmatch(r"\d{4}", t.strip())]
    assert len(years) >= 3 and all(2021 <= y <= 2028 for y in years)  # axis in the KPI's years
    assert svg.startswith("<svg ") and 'role="img"' in svg


def test_a_kpi_that_should_fall_draws_its_on_track_line_downwards() -> None:
    falling = trajectory_svg(series_of(CO2))
    (_, y_start), (_, y_end) = line_ends(falling, f"{chart_key(CO2)}-on-track")
    assert y_end > y_start  # SVG y grows downwards: the target sits below the baseline
    rising = trajectory_svg(series_of(PARK))
    (_, y_start), (_, y_end) = line_ends(rising, f"{chart_key(PARK)}-on-track")
    assert y_end < y_start
    # the monitored values of the falling KPI run down as well, and start right of the baseline
    (x0, y0), (x1, y1) = line_ends(falling, f"{chart_key(CO2)}-observations")
    assert x1 > x0 and y1 > y0


def test_illustrative_banner_only_for_illustrative_figures() -> None:
    banner = "Illustrative figures — not published results / 例示用の架空の数値"
    assert banner in trajectory_svg(series_of(CO2))
    published = [{**r, "illustrative": "false"} for r in rows("kpi_progress")]
    published_states = [{**r, "illustrative": "false"} for r in rows("kpi_status")]
    svg = trajectory_svg(series_of(CO2, published, published_states))
    assert banner not in svg and f"{chart_key(CO2)}-illustrative" not in svg
    assert "例示用" in board_page(city(), str, "/id/sampletown", "/", "")
    assert "例示用" not in board_page(
        city(published, published_states), str, "/id/sampletown", "/", ""
    )


def test_charts_are_byte_identical_and_ids_differ_between_kpis(tmp_path: Path) -> None:
    first = trajectory_svg(series_of(CO2))
    trajectory_svg.cache_clear()
    assert trajectory_svg(series_of(CO2)) == first
    written = write_charts([series_of(CO2), series_of(PARK)], tmp_path)
    assert [p.name for p in written] == ["co2-emissions.svg", "park-visitors.svg"]
    ids = [set(re.findall(r'id="([^"]+)"', p.read_text(encoding="utf-8"))) for p in written]
    assert ids[0] and ids[1] and not ids[0] & ids[1]
    assert "<dc:date>" not in first


def test_long_series_are_cut_to_the_latest_values() -> None:
    template = rows("kpi_progress")[2]  # park visitors
    many = [{**template, "period": str(1500 + i), "value": str(i)} for i in range(MAX_POINTS + 80)]
    svg = trajectory_svg(series_of(PARK, many))
    assert f"latest {MAX_POINTS} of {MAX_POINTS + 80} values shown" in svg
    markers = element(svg, f"{chart_key(PARK)}-observations").count("<use ")
    assert markers == MAX_POINTS


def test_names_are_text_not_markup_or_math() -> None:
    hostile = '<script>alert("x")</script> $\\frac{1}{2}$ & co'
    progress = [{**r, "kpi": hostile} for r in rows("kpi_progress")]
    states = [{**r, "kpi": hostile} for r in rows("kpi_status")]
    svg = trajectory_svg(series_of(WASTE, progress, states))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "$\\frac{1}{2}$" in svg  # drawn as written, not as a fraction
    page = board_page(city(progress, states), str, "/id/sampletown", "/", "")
    assert "<script>" not in page and "&lt;script&gt;" in page
    parse(page)


def test_board_lists_urgent_kpis_first_with_counts_per_area() -> None:
    page = board_page(city(), lambda iri: "/x/" + iri.rsplit("/", 1)[-1], "/id/sampletown", "/", "")
    tags = parse(page)
    assert tags.seen["table"] == 2
    listed = re.findall(r'<tr data-status="([a-z-]+)">', page)
    assert listed == ["regressing", "behind", "on-track", "no-data"]
    order = [
        page.index(f'href="/x/{k}"')
        for k in ("waste", "co2-emissions", "park-visitors", "bus-riders")
    ]
    assert order == sorted(order)
    # direction 1: 3 KPIs, 1 on track, 1 behind, 1 without data; each count in its column
    row = re.search(r'href="/x/direction-1">.*?</tr>', page, re.S)
    assert row
    numbers = re.findall(r'<td class="num[^"]*">(\d+)</td>', row.group(0))
    columns = [s.key for s in statuses()]
    assert numbers[0] == "3"
    assert dict(zip(columns, numbers[1:], strict=True)) == {
        "regressing": "0",
        "behind": "1",
        "conflict": "0",
        "on-track": "1",
        "achieved": "0",
        "no-data": "1",
    }
    for s in statuses():  # every status named in both languages, not by colour alone
        assert s.ja in page and s.en in page
    assert "サンプル町" in page and "Sampletown" in page
    # value and target in the KPI's unit, also for a KPI without observations
    assert "2,650 千t-CO2" in page and "1,761 千t-CO2 (2030)" in page and "900 千人 (2030)" in page


def test_no_data_panel_and_section_say_so() -> None:
    state = next(s for s in kpi_states(rows("kpi_status")) if s.kpi_iri == BUS)
    panel = kpi_panel(None, state, "/kpi-progress/sampletown")
    assert "No observations yet" in panel and "実績値はまだない" in panel and "<svg" not in panel
    assert 'href="/kpi-progress/sampletown"' in panel
    empty = city([], [r for r in rows("kpi_status") if r["kpi_iri"] == BUS])
    section = report_section([empty], str)
    assert 'data-kpi-progress="none"' in section and "No observations yet" in section
    assert "<svg" not in section
    parse(section)


def test_panel_and_section_show_the_chart_and_latest_status() -> None:
    series = series_of(CO2)
    panel = kpi_panel(series, series.state, "/kpi-progress/sampletown")
    assert panel.count("<svg") == 1 and "2023" in panel and "遅れ" in panel and "12.6%" in panel
    assert "例示用の架空の数値" in panel
    section = report_section([city()], str)
    assert section.count("<svg") == 3  # one chart per KPI with observations
    assert 'id="kpi-progress-sampletown"' in section
    parse(section)


def test_a_shared_chart_folder_serves_a_chart_drawn_once(tmp_path: Path) -> None:
    series = series_of(CO2)
    use_chart_cache(tmp_path)
    try:
        first = kpi_panel(series, series.state)
        (kept,) = tmp_path.glob("*.svg")
        assert kept.read_text(encoding="utf-8") in first
        # another process finds the file: mark it, and the next page shows the mark
        kept.write_text(kept.read_text(encoding="utf-8").replace("<svg ", "<svg data-kept ", 1))
        assert "<svg data-kept " in kpi_panel(series, series.state)
        assert len(list(tmp_path.iterdir())) == 1  # no partial files left behind
    finally:
        use_chart_cache(None)
    assert "data-kept" not in kpi_panel(series, series.state)
