"""KPI progress on real builds: the report's "KPI progress" section, a KPI's page and a city's
status board, from the progress fixture (tests/fixtures/kpi_progress, with observations) and the
all-record-kinds fixture (no observations); served by ``sdgkg serve``, and drawn by headless
Chromium."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import matplotlib.image
import numpy as np
import pyoxigraph as ox
import pytest

from graph_build.analysis.run import KPI_CHARTS_DIR, run_analysis
from graph_build.build import BuildResult, build
from graph_build.progress.charts import trajectory_svg
from graph_build.progress.read import read_city_progress, read_goal_progress
from graph_build.progress.statuses import status
from graph_build.serve.entity_pages import board_html, entity_html
from graph_build.store.embedded import open_store
from tests.conftest import FIXTURES
from tests.test_analysis_report import CHROMIUM, chromium, console_errors
from tests.test_serve import http, running_server

CITY = "progresstown"
KPI = f"https://w3id.org/sdgkg/id/{CITY}/kpi/"
MONITORED = [
    "bike-share-users",
    "co2-emissions",
    "forest-area",
    "new-jobs",
    "recycling-rate",
    "solar-schools",
]
# Reports the size of every KPI chart once the page has loaded, for --dump-dom to read.
MEASURE = (
    "<script>addEventListener('load', function () { var s = [];"
    " document.querySelectorAll('svg[data-chart]').forEach(function (e) {"
    " var r = e.getBoundingClientRect();"
    " s.push(Math.round(r.width) + 'x' + Math.round(r.height)); });"
    " document.body.setAttribute('data-chart-sizes', s.join(' ')); });</script>"
)


@pytest.fixture(scope="module")
def progress_build(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuildResult]:
    mp = pytest.MonkeyPatch()
    mp.setenv("SDGKG_CACHE", str(tmp_path_factory.mktemp("cache-progress")))
    yield build(FIXTURES / "kpi_progress", tmp_path_factory.mktemp("progress") / "dist")
    mp.undo()


@pytest.fixture(scope="module")
def store(progress_build: BuildResult) -> ox.Store:
    return open_store(progress_build.out)


@pytest.fixture(scope="module")
def report(progress_build: BuildResult) -> Path:
    return run_analysis(progress_build.out, date="2024-09-30", write_store=False).folder


def needs_chromium() -> None:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (Debian package 'chromium')")


def test_report_section_shows_boards_and_one_chart_per_monitored_kpi(
    report: Path, store: ox.Store
) -> None:
    html = (report / "report.html").read_text(encoding="utf-8")
    section = html.split('<section id="kpi-progress">', 1)[1].split("</section>", 1)[0]
    assert section.count("<svg ") == len(MONITORED)
    for name in MONITORED:
        assert f"{KPI}{name}" in section
    assert "温室効果ガス排出量" in section and "Greenhouse gas emissions" in section
    # the illustrative forest-area figure puts the banner on the section and on its chart
    assert "例示用の架空の数値" in section
    progress = read_city_progress(store, CITY)
    for state in progress.states:  # every KPI listed with the status the query gives it
        row = re.search(
            rf'<tr data-status="([a-z-]+)">(?:(?!</tr>).)*href="{re.escape(state.kpi_iri)}"',
            section,
            re.S,
        )
        assert row and row.group(1) == state.status
    assert {s.status for s in progress.states} >= {
        "achieved",
        "on-track",
        "behind",
        "regressing",
        "no-data",
    }
    goals = read_goal_progress(store, CITY)
    assert goals and "Status by SDG goal" in section
    for goal in goals:
        assert f'href="{goal.iri}"' in section
    charts = sorted(p.name for p in (report / KPI_CHARTS_DIR / CITY).iterdir())
    assert charts == [f"{name}.svg" for name in MONITORED]
    manifest = json.loads((report / "analysis.json").read_text(encoding="utf-8"))
    assert f"{KPI_CHARTS_DIR}/{CITY}/co2-emissions.svg" in manifest["files"]


def test_charts_are_the_same_bytes_on_every_run(
    report: Path, progress_build: BuildResult, tmp_path: Path
) -> None:
    first = {p.name: p.read_bytes() for p in (report / KPI_CHARTS_DIR / CITY).iterdir()}
    again = run_analysis(progress_build.out, date="2024-09-30", write_store=False).folder
    assert {p.name: p.read_bytes() for p in (again / KPI_CHARTS_DIR / CITY).iterdir()} == first


def test_report_without_observations_says_so(fixture_build: BuildResult) -> None:
    folder = run_analysis(fixture_build.out, date="2024-09-30", write_store=False).folder
    html = (folder / "report.html").read_text(encoding="utf-8")
    section = html.split('<section id="kpi-progress">', 1)[1].split("</section>", 1)[0]
    assert 'data-kpi-progress="none"' in section
    assert "No observations yet" in section and "実績値" in section
    assert "<svg" not in section


def test_kpi_page_shows_its_chart_and_latest_status(store: ox.Store) -> None:
    page = entity_html(store, KPI + "co2-emissions")
    assert page is not None
    panel = page.split('<section class="kpi-panel"', 1)[1].split("</section>", 1)[0]
    state = next(
        s for s in read_city_progress(store, CITY).states if s.kpi_iri == KPI + "co2-emissions"
    )
    shown = status(state.status)
    assert panel.count("<svg ") == 1 and shown.ja in panel and shown.en in panel
    assert f'href="/kpi-progress/{CITY}"' in panel
    assert "例示用" not in panel  # published figures carry no banner
    forest = entity_html(store, KPI + "forest-area")
    assert forest is not None and "例示用の架空の数値" in forest
    unmonitored = entity_html(store, KPI + "unmonitored-kpi")
    assert (
        unmonitored is not None
        and "No observations yet" in unmonitored
        and "<svg" not in unmonitored
    )


def test_a_kpi_chart_is_drawn_once_and_then_served_from_the_cache(store: ox.Store) -> None:
    iri = KPI + "recycling-rate"
    entity_html(store, iri)
    before = trajectory_svg.cache_info()
    page = entity_html(store, iri)
    after = trajectory_svg.cache_info()
    assert page is not None and "<svg " in page
    assert after.misses == before.misses and after.hits == before.hits + 1


def test_city_page_links_to_its_board(store: ox.Store) -> None:
    page = entity_html(store, f"https://w3id.org/sdgkg/id/{CITY}")
    assert page is not None and f'href="/kpi-progress/{CITY}"' in page
    board = board_html(store, CITY)
    assert board is not None
    goals = read_goal_progress(store, CITY)
    assert goals and all(f'href="{goal.iri}"' in board for goal in goals)
    for state in read_city_progress(store, CITY).states:
        assert f'href="/id/{CITY}/kpi/{state.kpi_iri.rsplit("/", 1)[-1]}"' in board
    assert board_html(store, "nowhere") is None


def test_served_pages_and_board(progress_build: BuildResult, tmp_path: Path) -> None:
    with running_server(progress_build.out, tmp_path / "serve.log") as base:
        status_code, kind, body = http(
            base + f"id/{CITY}/kpi/co2-emissions", headers={"Accept": "text/html"}
        )
        assert status_code == 200 and kind.startswith("text/html") and b"<svg " in body
        status_code, kind, body = http(base + f"kpi-progress/{CITY}")
        text = body.decode("utf-8")
        assert status_code == 200 and kind.startswith("text/html")
        assert "KPI進捗ボード" in text and "KPI progress board" in text
        assert http(base + "kpi-progress/nowhere")[0] == 404
        assert http(base + "kpi-progress/Bad..Name")[0] == 404
        assert http(base + f"kpi-progress/{CITY}%0A")[0] == 404
        assert (
            http(base + f"id/{CITY}/kpi/co2-emissions", headers={"Accept": "text/turtle"})[0] == 200
        )
        if CHROMIUM is None:
            return
        url = base + f"id/{CITY}/kpi/co2-emissions"
        done = chromium(["--dump-dom", url], tmp_path / "profile")
        assert done.returncode == 0 and not console_errors(done.stderr), done.stderr[-2000:]
        assert re.search(r'<svg role="img" aria-label="温室効果ガス排出量', done.stdout)
        shot = tmp_path / "kpi.png"
        done = chromium(
            ["--window-size=1000,1400", f"--screenshot={shot}", url], tmp_path / "profile"
        )
        assert done.returncode == 0 and shot.is_file(), done.stderr[-2000:]
    # the monitored line is drawn in the colour of the KPI's status
    colour = status("on-track").colour
    rgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)]) / 255
    pixels = matplotlib.image.imread(shot)[:, :, :3]
    assert int((np.abs(pixels - rgb).sum(axis=2) < 0.06).sum()) > 300


def test_report_draws_the_charts_in_a_browser(report: Path, tmp_path: Path) -> None:
    needs_chromium()
    page = tmp_path / "report.html"
    page.write_text(
        (report / "report.html")
        .read_text(encoding="utf-8")
        .replace("</body>", MEASURE + "</body>"),
        encoding="utf-8",
    )
    done = chromium(["--dump-dom", page.as_uri()], tmp_path / "profile")
    assert done.returncode == 0 and not console_errors(done.stderr), done.stderr[-2000:]
    sizes = re.search(r'data-chart-sizes="([^"]*)"', done.stdout)
    assert sizes, "the measuring script did not run"
    found = [tuple(int(n) for n in s.split("x")) for s in sizes.group(1).split()]
    assert len(found) == len(MONITORED)
    assert all(w > 200 and h > 100 for w, h in found), found
    assert "温室効果ガス排出量" in done.stdout and "進捗" in done.stdout
