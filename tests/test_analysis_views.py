"""Views researchers reuse: wide matrices that read back to the same pair values, a chord
diagram with the same bytes on every run, labels that do not overlap, and the Japanese font
found even when matplotlib's font cache predates it."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from types import SimpleNamespace

import matplotlib.pyplot as plt
import pytest
from matplotlib import font_manager
from matplotlib.font_manager import FontProperties
from matplotlib.text import Annotation

from graph_build import chart_style
from graph_build.analysis.compute import Analysis, analyse
from graph_build.analysis.export import (
    coreference_matrices,
    pair_values,
    read_wide_matrix,
    wide_matrix_csv,
)
from graph_build.analysis.figures import chord_diagram, chord_spans, place_labels
from graph_build.analysis.layers import COREFERENCE, GOAL, code_key
from graph_build.analysis.plan_data import read_plan_data
from graph_build.analysis.run import resolve_options
from graph_build.build import BuildResult
from graph_build.chart_style import MissingJapaneseFontWarning, cjk_font_files, japanese_font
from graph_build.store.embedded import open_store

GOALS = [str(g) for g in range(1, 18)]


@pytest.fixture(scope="module")
def fixture_analysis(fixture_build: BuildResult) -> Analysis:
    """The small all-record-kinds fixture, analysed in memory."""
    data = read_plan_data(open_store(fixture_build.out))
    options = resolve_options(
        sorted(data.cities), list(data.schemes), [], None, None, data.data_date, 42, False, None
    )
    return analyse(data, options)


def _read(text: str) -> tuple[list[str], dict[tuple[str, str], str]]:
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    cells = {
        (row[0], b): cell for row in rows[1:] for b, cell in zip(header[1:], row[1:], strict=True)
    }
    return header, cells


def test_wide_matrix_reads_back_to_the_same_pair_values() -> None:
    values = {("1", "3"): 4.0, ("12", "2"): 1.0, ("17", "11"): 2.0, ("5", "5"): 3.0}
    text = wide_matrix_csv(GOALS, values, decimals=0)
    header, cells = _read(text)
    assert header == ["code", *GOALS]
    assert [row[0] for row in csv.reader(io.StringIO(text))][1:] == GOALS
    for (a, b), value in values.items():  # undirected: both cells, whichever way round given
        assert cells[(a, b)] == cells[(b, a)] == f"{value:.0f}"
    assert cells[("1", "2")] == "0" and cells[("4", "4")] == ""  # absent pair, empty diagonal
    assert read_wide_matrix(text)[("3", "1")] == "4"


def test_wide_matrix_writes_any_measure_with_fixed_decimals() -> None:
    z = {("1", "2"): 2.3456789, ("2", "3"): -0.0000001, ("1", "3"): -1.5}
    text = wide_matrix_csv(GOALS[:3], z, decimals=3, absent=None)
    _, cells = _read(text)
    assert cells[("2", "1")] == "2.346" and cells[("3", "1")] == "-1.500"
    assert cells[("2", "3")] == "0.000"  # never "-0.000"
    assert {float(v) for (a, b), v in cells.items() if v} == {2.346, 0.0, -1.5}
    assert text == wide_matrix_csv(GOALS[:3], dict(reversed(list(z.items()))), 3, None)


def test_goal_matrix_of_a_city_matches_its_links(fixture_analysis: Analysis) -> None:
    files = coreference_matrices(fixture_analysis)
    city = fixture_analysis.views_cities[0]
    text = files[f"goal-matrix-raw-{city}.csv"]
    header, cells = _read(text)
    assert header[1:] == sorted(fixture_analysis.data.goals, key=code_key)
    links = fixture_analysis.layers.select(COREFERENCE, GOAL, city)
    assert links
    for link in links:
        assert float(cells[(link.source, link.target)]) == link.weight
    linked = {(x.source, x.target) for x in links} | {(x.target, x.source) for x in links}
    assert all(v in ("0", "") for pair, v in cells.items() if pair not in linked)
    assert f"target-matrix-raw-{city}.csv" in files


def test_measures_kept_beside_the_links_fill_their_own_matrix(
    fixture_analysis: Analysis,
) -> None:
    city = fixture_analysis.views_cities[0]
    links = fixture_analysis.layers.select(COREFERENCE, GOAL, city)
    beside = {
        (x.level, x.city, x.source, x.target): SimpleNamespace(jaccard=round(1 / (k + 2), 6))
        for k, x in enumerate(links)
    }
    values = pair_values(links, "jaccard", beside)
    assert len(values) == len(links) and pair_values(links, "jaccard") == {}
    _, cells = _read(wide_matrix_csv(GOALS, values, decimals=6))
    for k, x in enumerate(links):
        assert float(cells[(x.target, x.source)]) == round(1 / (k + 2), 6)


def test_chord_ribbon_ends_are_proportional_to_weight() -> None:
    weights = {("1", "2"): 3.0, ("2", "13"): 1.0, ("1", "13"): 2.0}
    spans = chord_spans(GOALS, weights)
    width = {key: start - end for key, (start, end) in spans.items()}
    unit = width[("2", "13")]
    for (a, b), w in weights.items():
        assert width[(a, b)] == pytest.approx(w * unit)
        assert width[(b, a)] == pytest.approx(w * unit)
    # ends of one goal follow one another without overlap
    ends = sorted((spans[k] for k in spans if k[0] == "1"), reverse=True)
    for (_, end), (start, _) in pairwise(ends):
        assert start == pytest.approx(end)


def test_chord_diagram_gives_the_same_bytes_twice(
    fixture_analysis: Analysis, tmp_path: Path
) -> None:
    city = fixture_analysis.views_cities[0]
    outputs = []
    for run in ("first", "second"):
        folder = tmp_path / run
        folder.mkdir()
        png, svg = chord_diagram(fixture_analysis, city, folder / "c.png", folder / "c.svg")
        outputs.append((png.read_bytes(), svg.read_bytes()))
    assert outputs[0] == outputs[1]
    png_bytes, svg_bytes = outputs[0]
    assert png_bytes[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"<dc:date>" not in svg_bytes and b"Matplotlib v" not in svg_bytes


def test_crowded_labels_are_placed_without_overlap() -> None:
    fig, ax = plt.subplots(figsize=(4, 3))
    points = [((float(i % 3), float(i // 3) * 0.05), f"SDG {i + 1}") for i in range(9)]
    ax.scatter([p[0] for p, _ in points], [p[1] for p, _ in points])
    ax.set_xlim(-1, 3)
    ax.set_ylim(-1, 1)
    left_out = place_labels(ax, points)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    boxes = [t.get_window_extent(renderer) for t in ax.texts if isinstance(t, Annotation)]
    plt.close(fig)
    assert len(boxes) + left_out == len(points) and len(boxes) >= 6
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b)


@pytest.fixture
def fresh_font_lookup() -> Iterator[None]:
    japanese_font.cache_clear()
    yield
    japanese_font.cache_clear()


def test_japanese_font_is_found_even_when_the_cache_predates_it(
    monkeypatch: pytest.MonkeyPatch, fresh_font_lookup: None
) -> None:
    files = cjk_font_files()
    if not files:
        pytest.skip("no Noto CJK font installed (Debian/Ubuntu: apt-get install fonts-noto-cjk)")
    manager = font_manager.fontManager
    # a font cache written before fonts-noto-cjk was installed: no CJK entries at all
    stale = [f for f in manager.ttflist if "CJK" not in f.name and "JP" not in f.name]
    monkeypatch.setattr(manager, "ttflist", stale)
    family = japanese_font()
    assert family is not None and "CJK" in family
    path = font_manager.findfont(FontProperties(family=family), fallback_to_default=False)
    assert Path(path) in files
    font = font_manager.get_font(path)
    assert font.get_char_index(ord("金")) and font.get_char_index(ord("沢"))


def test_missing_japanese_font_is_said_loudly(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fresh_font_lookup: None
) -> None:
    manager = font_manager.fontManager
    latin = [f for f in manager.ttflist if f.name not in chart_style.JAPANESE_FONTS]
    monkeypatch.setattr(manager, "ttflist", latin)
    monkeypatch.setattr(chart_style, "CJK_FONT_DIRS", (tmp_path,))
    with pytest.warns(MissingJapaneseFontWarning, match="fonts-noto-cjk"):
        assert japanese_font() is None
