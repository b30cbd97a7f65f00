"""KPI progress management: the rules' arithmetic, monitored values read from
``kpi-observations.csv``, the graphs built from them, the queries, and bad files refused."""

from __future__ import annotations

import hashlib
import shutil
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from graph_build.build import BuildResult, build
from graph_build.cli.main import main as cli
from graph_build.emit.kpi_progress import (
    ACHIEVED,
    BEHIND,
    CONFLICT,
    ON_TRACK,
    REGRESSING,
    KpiFrame,
    assess,
    project,
    rounded,
)
from graph_build.errors import InputError, SdgkgError
from graph_build.records.limits import TEXT_LENGTH_ENV
from graph_build.records.observations import OBSERVATIONS_FILE
from graph_build.records.sources import load_corpus
from graph_build.sparql.query import resolve_query, run_spec
from graph_build.store.embedded import open_store

from .conftest import EXAMPLES, FIXTURES

PROGRESS_FIXTURE = FIXTURES / "kpi_progress"
CITY = "progresstown"
EXAMPLE_CSV = EXAMPLES / "kanazawa-kpi-observations.csv"


def frame(
    baseline: int, target: int, direction: str, years: tuple[int, int] = (2020, 2030)
) -> KpiFrame:
    return KpiFrame(
        baseline=Fraction(baseline),
        baseline_year=years[0],
        target=Fraction(target),
        target_year=years[1],
        direction=direction,
        multiplier=Fraction(1),
    )


# --- the rules, on their own ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("kpi", "period", "value", "achievement", "elapsed", "status"),
    [
        # rising: 30 % of the way after 20 % of the time, then 35 % after 40 %
        (frame(10, 30, "increase"), 2022, "16", "30.0", "20.0", ON_TRACK),
        (frame(10, 30, "increase"), 2024, "17", "35.0", "40.0", BEHIND),
        (frame(10, 30, "increase"), 2021, "9", "-5.0", "10.0", REGRESSING),
        (frame(10, 30, "increase"), 2025, "30", "100.0", "50.0", ACHIEVED),
        # falling: a rise is regressing, a fall is progress, at or below the target achieved
        (frame(2000, 1000, "decrease"), 2021, "2100", "-10.0", "10.0", REGRESSING),
        (frame(2000, 1000, "decrease"), 2023, "1700", "30.0", "30.0", ON_TRACK),
        (frame(2000, 1000, "decrease"), 2029, "999", "100.1", "90.0", ACHIEVED),
        # a target against the desired direction: achieved or conflict, never scored
        (frame(160, 100, "increase"), 2021, "90", None, "10.0", CONFLICT),
        (frame(160, 100, "increase"), 2022, "120", None, "20.0", ACHIEVED),
        (frame(100, 160, "decrease"), 2022, "170", None, "20.0", CONFLICT),
        # maintain: a level to hold, at least the target
        (frame(500, 520, "maintain"), 2022, "495", "-25.0", "20.0", REGRESSING),
        (frame(500, 480, "maintain"), 2022, "470", None, "20.0", CONFLICT),
        # target equal to baseline: no achievement, no division by zero
        (frame(12, 12, "maintain"), 2021, "12", None, "10.0", ACHIEVED),
        (frame(12, 12, "maintain"), 2022, "11", None, "20.0", REGRESSING),
        (frame(12, 12, "decrease"), 2022, "13", None, "20.0", REGRESSING),
        # target year equal to baseline year: the whole period has gone by
        (frame(1, 5, "increase", (2020, 2020)), 2021, "3", "50.0", "100.0", BEHIND),
    ],
)
def test_assessment_follows_the_rules(
    kpi: KpiFrame,
    period: int,
    value: str,
    achievement: str | None,
    elapsed: str,
    status: str,
) -> None:
    result = assess(kpi, period, Decimal(value))
    assert result.status == status
    assert result.elapsed == Decimal(elapsed)
    assert result.achievement == (None if achievement is None else Decimal(achievement))


def test_a_cumulative_kpi_is_judged_on_its_running_total() -> None:
    # 新規雇用者数(累計): 100 by 2020, 300 by 2024; the monitored values are running totals
    kpi = frame(100, 300, "increase", (2020, 2024))
    statuses = [assess(kpi, p, Decimal(v)).status for p, v in [(2021, 150), (2022, 190)]]
    assert statuses == [ON_TRACK, BEHIND]
    assert assess(kpi, 2023, Decimal(310)).achievement == Decimal("105.0")


def test_values_are_scaled_by_the_multiplier_before_comparison() -> None:
    # baseline 2,778 thousand t printed as 2778 x 1000; a value given as 2500 (x 1000)
    kpi = KpiFrame(
        Fraction(2778000), 2021, Fraction(1761000), 2030, "decrease", multiplier=Fraction(1000)
    )
    result = assess(kpi, 2023, Decimal("2500"))
    assert result.achievement == Decimal("27.3")  # 278 of 1,017 thousand t
    assert result.elapsed == Decimal("22.2")  # 2 of 9 years
    assert result.status == ON_TRACK


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (Fraction(1, 3) * 100, "33.3"),
        (Fraction(2, 3) * 100, "66.7"),
        (Fraction(1, 20), "0.1"),
        (Fraction(-1, 20), "-0.1"),
        (Fraction(-149, 100), "-1.5"),
        (Fraction(0), "0.0"),
    ],
)
def test_rounding_is_half_away_from_zero_to_one_place(number: Fraction, expected: str) -> None:
    assert str(rounded(number)) == expected


def test_projection_is_the_line_through_the_last_two_points() -> None:
    kpi = frame(10, 30, "increase")
    assert project(kpi, []) is None  # the baseline alone
    one = project(kpi, [(2022, Decimal(14))])  # through the baseline: +2 a year
    assert one is not None and one.value == Decimal("30.0") and one.meets_target
    two = project(kpi, [(2022, Decimal(16)), (2024, Decimal(17))])  # +0.5 a year from 2024
    assert two is not None and two.value == Decimal("20.0") and not two.meets_target
    # a value for the baseline year replaces the baseline point
    replaced = project(kpi, [(2020, Decimal(12))])
    assert replaced is None
    falling = project(frame(2000, 1000, "decrease"), [(2021, Decimal(2100)), (2023, Decimal(1700))])
    assert falling is not None and falling.value == Decimal("300.0") and falling.meets_target


# --- a build with monitored values ------------------------------------------------------------


@pytest.fixture(scope="module")
def progress_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build(PROGRESS_FIXTURE, tmp_path_factory.mktemp("progress") / "dist", release=False)


@pytest.fixture(scope="module")
def progress_store(progress_build: BuildResult) -> ox.Store:
    return open_store(progress_build.out)


def rows(store: ox.Store, query: str, **params: str) -> list[dict[str, str]]:
    result = run_spec(store, resolve_query(query), params)
    return [dict(zip(result.variables, row, strict=True)) for row in result.plain_rows()]


# kpi id, period -> achievement, elapsed, status, worked out by hand from the fixture
EXPECTED_PROGRESS = {
    ("recycling-rate", "2022"): ("30", "20", ON_TRACK),
    ("recycling-rate", "2024"): ("35", "40", BEHIND),
    ("co2-emissions", "2021"): ("-10", "10", REGRESSING),
    ("co2-emissions", "2023"): ("30", "30", ON_TRACK),
    ("new-jobs", "2021"): ("25", "25", ON_TRACK),
    ("new-jobs", "2022"): ("45", "50", BEHIND),
    ("new-jobs", "2023"): ("105", "75", ACHIEVED),
    ("bike-share-users", "2021"): ("", "20", CONFLICT),
    ("bike-share-users", "2022"): ("", "40", ACHIEVED),
    ("forest-area", "2022"): ("-25", "20", REGRESSING),
    ("solar-schools", "2021"): ("", "10", ACHIEVED),
    ("solar-schools", "2022"): ("", "20", REGRESSING),
}


def test_every_monitored_value_gets_achievement_and_status(progress_store: ox.Store) -> None:
    found = {
        (r["kpi_iri"].rsplit("/", 1)[1], r["period"]): (r["achievement"], r["elapsed"], r["status"])
        for r in rows(progress_store, "kpi_progress")
    }
    assert found == EXPECTED_PROGRESS


def test_progress_rows_carry_source_line_and_illustrative_flag(progress_store: ox.Store) -> None:
    by_key = {
        (r["kpi_iri"].rsplit("/", 1)[1], r["period"]): r
        for r in rows(progress_store, "kpi_progress")
    }
    co2 = by_key[("co2-emissions", "2021")]
    assert co2["source"] == "Progress Town climate report 2022, table 1"
    assert co2["data_line"] == f"{CITY}/{OBSERVATIONS_FILE}:4"
    assert co2["unit"] == "t-CO2" and co2["multiplier"] == "1000"
    assert co2["note"] == "preliminary"
    illustrative = {k for k, r in by_key.items() if r["illustrative"] == "true"}
    assert illustrative == {("forest-area", "2022")}


def test_kpi_and_city_parameters_filter_progress(progress_store: ox.Store) -> None:
    one = rows(progress_store, "kpi_progress", kpi=f"{CITY}/new-jobs")
    assert [r["period"] for r in one] == ["2021", "2022", "2023"]
    by_iri = rows(progress_store, "kpi_progress", kpi=one[0]["kpi_iri"])
    assert by_iri == one
    with pytest.raises(SdgkgError, match="is not a KPI: give municipality/id"):
        rows(progress_store, "kpi_progress", kpi="new jobs")
    with pytest.raises(SdgkgError, match="no city 'elsewhere'; known: "):
        rows(progress_store, "kpi_progress", city="elsewhere")


def test_status_lists_every_kpi_with_latest_status_and_projection(
    progress_store: ox.Store,
) -> None:
    found = {
        r["kpi_iri"].rsplit("/", 1)[1]: (
            r["period"],
            r["status"],
            r["projected_value"],
            r["projection_meets_target"],
            r["illustrative"],
        )
        for r in rows(progress_store, "kpi_status", city=CITY)
    }
    assert found == {
        "recycling-rate": ("2024", BEHIND, "20", "false", "false"),
        "co2-emissions": ("2023", ON_TRACK, "300", "true", "false"),
        "new-jobs": ("2023", ACHIEVED, "430", "true", "false"),
        "bike-share-users": ("2022", ACHIEVED, "210", "true", "false"),
        "forest-area": ("2022", REGRESSING, "475", "false", "true"),
        "solar-schools": ("2022", REGRESSING, "3", "false", "false"),
        "unmonitored-kpi": ("", "no-data", "", "", "false"),
    }


def test_roll_ups_count_each_kpi_once_per_area_and_goal(progress_store: ox.Store) -> None:
    columns = ("kpis", "achieved", "on_track", "behind", "regressing", "conflict", "no_data")
    areas = {
        r["area_en"]: tuple(int(r[c]) for c in columns)
        for r in rows(progress_store, "kpi_status_by_area")
    }
    assert areas == {"A green town": (5, 1, 1, 1, 2, 0, 0), "A working town": (2, 1, 0, 0, 0, 0, 1)}
    goals = {
        r["goal_code"]: tuple(int(r[c]) for c in columns)
        for r in rows(progress_store, "kpi_status_by_goal", city=CITY)
    }
    # goal 13 printed and through 13.2, goal 11 through 11.6, goal 8 through 8.5
    assert goals == {
        "8": (2, 1, 0, 0, 0, 0, 1),
        "11": (5, 1, 1, 1, 2, 0, 0),
        "13": (5, 1, 1, 1, 2, 0, 0),
    }


def test_monitored_and_computed_statements_have_their_own_graphs(
    progress_build: BuildResult,
) -> None:
    graphs = progress_build.triples_per_graph
    base = "https://w3id.org/sdgkg/graph/"
    assert f"{base}{CITY}/kpi-observations" in graphs
    assert f"{base}{CITY}/computed/kpi-progress" in graphs
    store = open_store(progress_build.out)
    query = (
        "SELECT DISTINCT ?g ?class WHERE { GRAPH ?g { ?s a ?class } "
        "FILTER(?class IN (<https://w3id.org/sdgkg/ontology#KpiProgressAssessment>, "
        "<https://w3id.org/sdgkg/ontology#KpiProgressSummary>)) }"
    )
    placed = {(str(s["g"].value), str(s["class"].value).rsplit("#")[1]) for s in store.query(query)}
    computed = f"{base}{CITY}/computed/kpi-progress"
    assert placed == {(computed, "KpiProgressAssessment"), (computed, "KpiProgressSummary")}


def test_observation_iris_are_stable(progress_store: ox.Store) -> None:
    iri = f"https://w3id.org/sdgkg/id/{CITY}/kpi/co2-emissions/observation/2021"
    ask = f"ASK {{ <{iri}> <https://w3id.org/sdgkg/ontology#observationRole> ?role }}"
    assert progress_store.query(ask, use_default_graph_as_union=True)


def test_byte_order_mark_and_crlf_are_read(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(PROGRESS_FIXTURE, data)
    csv = data / CITY / OBSERVATIONS_FILE
    assert b"\r\n" in csv.read_bytes()
    csv.write_bytes(b"\xef\xbb\xbf" + csv.read_bytes())
    corpus = load_corpus(data)
    assert len(corpus.cities[0].observations) == 12
    csv.write_bytes(csv.read_bytes().replace(b"\r\n", b"\n"))
    assert len(load_corpus(data).cities[0].observations) == 12


# --- bad files ---------------------------------------------------------------------------------

HEADER = "kpi,period,value,source,note\n"
GOOD = "recycling-rate,2022,16,report 2023,\n"

BAD_FILES: dict[str, tuple[bytes, int, str]] = {
    # name: file content, line of the problem, words of the message
    "unknown kpi": (
        (HEADER + GOOD + "recycling-rates,2023,17,report,\n").encode(),
        3,
        "'recycling-rates' is not a KPI of progresstown",
    ),
    "kpi of another city": (
        (HEADER + "greenhouse-gas-emissions,2023,17,report,\n").encode(),
        2,
        "is not a KPI of progresstown",
    ),
    "duplicate kpi and period": (
        (HEADER + GOOD + "co2-emissions,2022,1,r,\n" + GOOD).encode(),
        4,
        "the first is on line 2",
    ),
    "not a number": (
        (HEADER + 'recycling-rate,2022,"1,234",report,\n').encode(),
        2,
        "value '1,234' is not a number",
    ),
    "period outside range": (
        (HEADER + "recycling-rate,2101,16,report,\n").encode(),
        2,
        "outside 1990-2100",
    ),
    "period before baseline": (
        (HEADER + "recycling-rate,2019,16,report,\n").encode(),
        2,
        "before the KPI's baseline year 2020",
    ),
    "missing source": ((HEADER + "recycling-rate,2022,16,,\n").encode(), 2, "no source"),
    "missing header column": (("kpi,period,value,note\n" + GOOD).encode(), 1, "missing source"),
    "misspelt header": (
        ("kpi,year,value,source,note\n" + GOOD).encode(),
        1,
        "make the first row exactly kpi,period,value,source,note",
    ),
    "short row": ((HEADER + GOOD + "recycling-rate,2023,17\n").encode(), 3, "3 cells"),
    "bad utf-8": ((HEADER + GOOD).encode() + b"new-jobs,2021,150,r\xe9port,\n", 3, "UTF-8"),
    "control character": (
        (HEADER + GOOD + "new-jobs,2021,150,rep\u202eort,\n").encode(),
        3,
        "U+202E",
    ),
}


@pytest.fixture(scope="module")
def built_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A finished build of the fixture that failed builds must leave as it was."""
    out = tmp_path_factory.mktemp("kept") / "dist"
    build(PROGRESS_FIXTURE, out, release=False)
    return out


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_observation_file_fails_with_file_line_and_keeps_output(
    case: str, tmp_path: Path, built_out: Path
) -> None:
    content, line, words = BAD_FILES[case]
    data = tmp_path / "data"
    shutil.copytree(PROGRESS_FIXTURE, data)
    csv = data / CITY / OBSERVATIONS_FILE
    csv.write_bytes(content)
    before = snapshot(built_out)
    result = CliRunner().invoke(
        cli, ["build", "--data", str(data), "--out", str(built_out), "--no-release"]
    )
    assert result.exit_code == 2, result.output
    assert f"{csv}:{line}" in result.output and words in result.output, result.output
    assert "fix:" in result.output
    assert snapshot(built_out) == before


def test_overlong_note_names_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    shutil.copytree(PROGRESS_FIXTURE, data)
    (data / CITY / OBSERVATIONS_FILE).write_text(
        HEADER + "recycling-rate,2022,16,report," + "x" * 60 + "\n", encoding="utf-8"
    )
    monkeypatch.setenv(TEXT_LENGTH_ENV, "50")
    with pytest.raises(
        InputError,
        match=r"kpi-observations\.csv:2, record 'recycling-rate', "
        r"field 'note': text of 60 characters .* limit of 50",
    ):
        load_corpus(data)


# --- the example file ---------------------------------------------------------------------------


def test_example_file_builds_and_every_result_is_illustrative(
    monitored_build: BuildResult,
) -> None:
    """The project's records with examples/kanazawa-kpi-observations.csv added (conftest)."""
    store = open_store(monitored_build.out)
    progress = rows(store, "kpi_progress", city="kanazawa")
    assert len(progress) == len(EXAMPLE_CSV.read_text(encoding="utf-8").splitlines()) - 1
    assert {r["illustrative"] for r in progress} == {"true"}
    assert all(r["status"] and r["elapsed"] for r in progress)
    directions = {r["desired_direction"] for r in progress}
    assert {"increase", "decrease"} <= directions
    assert CONFLICT in {r["status"] for r in progress}
    monitored = {r["kpi_iri"] for r in progress}
    cumulative = {
        str(s["k"].value)
        for s in store.query(
            "SELECT DISTINCT ?k WHERE { ?k <https://w3id.org/sdgkg/ontology#isCumulative> true }",
            use_default_graph_as_union=True,
        )
    }
    assert monitored & cumulative
    status = rows(store, "kpi_status", city="kanazawa")
    assert {r["illustrative"] for r in status if r["kpi_iri"] in monitored} == {"true"}
    assert {r["status"] for r in status if r["kpi_iri"] not in monitored} == {"no-data"}
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    assert "kanazawa-kpi-observations.csv" in readme and "illustrative" in readme


def test_same_values_give_the_same_bytes(progress_build: BuildResult, tmp_path: Path) -> None:
    again = build(PROGRESS_FIXTURE, tmp_path / "dist", release=False)
    assert (again.out / "sdgkg.nq").read_bytes() == (progress_build.out / "sdgkg.nq").read_bytes()


@pytest.mark.parametrize("taken", ["kpi-observations", "partner-registry", "computed"])
def test_a_document_may_not_take_a_graph_name_of_the_city(tmp_path: Path, taken: str) -> None:
    data = tmp_path / "data"
    shutil.copytree(PROGRESS_FIXTURE, data)
    plan = data / CITY / "plan-2022.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("id: plan-2022", f"id: {taken}"),
        encoding="utf-8",
    )
    municipality = data / CITY / "municipality.yaml"
    municipality.write_text(
        municipality.read_text(encoding="utf-8").replace("plan-2022", taken),
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"plan-2022\.yaml:4, field 'document\.id'"):
        load_corpus(data)
