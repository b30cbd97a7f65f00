"""The scale benchmark (benchmarks/scale.py): its target verdicts, its report, and one real run.

The verdict tests feed made-up measurements on both sides of each threshold; the end-to-end test
runs the script on one synthetic municipality and compares its query rows with ``sdgkg query``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from benchmarks.scale_report import (
    MISS,
    NOT_MEASURED,
    PASS,
    baseline_ratios,
    best_form,
    evaluate_targets,
    outcome,
    pipeline_summary,
    query_speedups,
    rdflib_limits,
    render_markdown,
    run_stats,
    step_ratios,
)
from graph_build.build import BuildResult
from graph_build.cli.main import main
from graph_build.sparql.query import library

from .conftest import REPO

SCRIPT = REPO / "benchmarks" / "scale.py"
SPECS_BY_NAME = {spec.name: spec for spec in library()}
MEASURE_CHILD = REPO / "benchmarks" / "measure_child.py"
NAMES = ["kpis", "target_gaps"]


def measurement(wall_s: float, peak_mb: float, **extra: Any) -> dict[str, Any]:
    """What measure_child.py records for a command that ended normally."""
    return {
        "returncode": 0,
        "timed_out": False,
        "timeout_s": 7200.0,
        "wall_s": wall_s,
        "cpu_user_s": wall_s,
        "cpu_system_s": 0.0,
        "peak_rss_mb": peak_mb,
        "peak_tree_rss_mb_sampled": peak_mb,
        **extra,
    }


def store_query(*runs_s: float, rows: int = 5) -> dict[str, Any]:
    return {"status": "ok", "rows": rows, "runs_s": list(runs_s), **run_stats(runs_s)}


def size_run(
    n: int,
    build_s: float = 100.0,
    analyze_s: float = 10.0,
    peak_mb: float = 1000.0,
    query_runs: dict[str, tuple[float, ...]] | None = None,
    build: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A run record as scale.py writes it, with the given times."""
    build = build or measurement(build_s, peak_mb)
    analyze = measurement(analyze_s, 300.0)
    runs = query_runs or {name: (0.2, 0.1, 0.1, 0.1) for name in NAMES}
    return {
        "municipalities": n,
        "triples": 1000 * n,
        "build": build,
        "analyze": analyze,
        "queries": {name: store_query(*r) for name, r in runs.items()},
        "pipeline": pipeline_summary(build, analyze),
        "baseline": None,
    }


def verdict(runs: list[dict[str, Any]], key: str) -> dict[str, Any]:
    return next(t for t in evaluate_targets(runs, NAMES) if t["key"] == key)


def with_baseline(run: dict[str, Any], rdflib: dict[str, dict[str, Any]]) -> dict[str, Any]:
    run["baseline"] = {"queries": rdflib, "speedups": query_speedups(run["queries"], rdflib)}
    return run


def rdflib_query(*runs_s: float, rows: int = 5) -> dict[str, Any]:
    return store_query(*runs_s, rows=rows)


def test_run_stats_keep_the_cold_run_out_of_the_median_but_in_the_max() -> None:
    assert run_stats([3.0, 1.0, 2.0, 1.5]) == {"first_s": 3.0, "median_s": 1.5, "max_s": 3.0}
    assert run_stats([0.4]) == {"first_s": 0.4, "median_s": 0.4, "max_s": 0.4}


def test_every_target_is_not_measured_when_its_sizes_were_not_run() -> None:
    runs = [size_run(1, build_s=1.0), size_run(10, build_s=2.0)]
    targets = evaluate_targets(runs, NAMES)
    assert [t["status"] for t in targets] == [NOT_MEASURED] * 5
    assert all("was not run" in t["detail"] or "baseline" in t["detail"] for t in targets)


def test_pipeline_time_at_full_size() -> None:
    assert verdict([size_run(1741, 500.0, 99.0)], "pipeline_time")["status"] == PASS
    assert verdict([size_run(1741, 500.0, 100.0)], "pipeline_time")["status"] == MISS
    assert verdict([size_run(1741, 590.0, 30.0)], "pipeline_time")["status"] == MISS


def test_a_build_stopped_at_its_limit_misses_the_time_target() -> None:
    stopped = measurement(7200.0, 5000.0, timed_out=True, returncode=-9)
    run = size_run(1741, build=stopped)
    assert verdict([run], "pipeline_time")["status"] == MISS
    # Its memory stayed under the limit until it was stopped: that says nothing either way.
    assert verdict([run], "pipeline_memory")["status"] == NOT_MEASURED


def test_a_failed_build_misses_the_time_target() -> None:
    failed = measurement(30.0, 500.0, returncode=1)
    result = verdict([size_run(1741, build=failed)], "pipeline_time")
    assert result["status"] == MISS and "exit code 1" in result["detail"]


def test_pipeline_memory_uses_the_larger_of_the_two_peaks() -> None:
    assert verdict([size_run(1741, peak_mb=8000.0)], "pipeline_memory")["status"] == PASS
    assert verdict([size_run(1741, peak_mb=8300.0)], "pipeline_memory")["status"] == MISS
    # A build whose processes together hold more than its largest one: the tree counts.
    parallel = measurement(100.0, 5000.0, peak_tree_rss_mb_sampled=9000.0)
    assert verdict([size_run(1741, build=parallel)], "pipeline_memory")["status"] == MISS


def test_query_latency_is_judged_on_the_slowest_run_cold_included() -> None:
    fast = {"kpis": (1.9, 0.5, 0.5, 0.5), "target_gaps": (0.1, 0.1, 0.1, 0.1)}
    assert verdict([size_run(1741, query_runs=fast)], "query_latency")["status"] == PASS
    cold = {"kpis": (2.1, 0.1, 0.1, 0.1), "target_gaps": (0.1, 0.1, 0.1, 0.1)}
    result = verdict([size_run(1741, query_runs=cold)], "query_latency")
    assert result["status"] == MISS
    assert result["misses"] == ["kpis (2.10 s)"]


def test_query_latency_without_a_result_for_every_query_is_not_measured() -> None:
    run = size_run(1741, query_runs={"kpis": (0.1, 0.1)})
    run["queries"]["target_gaps"] = {"status": "did not finish", "detail": "stopped"}
    result = verdict([run], "query_latency")
    assert result["status"] == NOT_MEASURED and "target_gaps" in result["detail"]


def test_scaling_from_100_to_1741() -> None:
    small = size_run(100, 18.0, 2.0)  # 20 s
    assert verdict([small, size_run(1741, 380.0, 20.0)], "scaling")["status"] == PASS
    assert verdict([small, size_run(1741, 390.0, 20.1)], "scaling")["status"] == MISS
    assert verdict([size_run(1741, 380.0, 20.0)], "scaling")["status"] == NOT_MEASURED


def test_step_ratios_cover_the_build_steps_and_the_totals() -> None:
    small, large = size_run(100, 10.0, 1.0), size_run(1741, 150.0, 4.0)
    small["build"]["timings"] = {"steps": [{"step": "validating", "wall_s": 2.0}]}
    large["build"]["timings"] = {"steps": [{"step": "validating", "wall_s": 50.0}]}
    ratios = {r["step"]: r["ratio"] for r in step_ratios(small, large)}
    assert ratios["validating"] == pytest.approx(25.0)
    assert ratios["analyze"] == pytest.approx(4.0)
    assert ratios["pipeline"] == pytest.approx(154.0 / 11.0)


def test_query_speedup_passes_at_20x_and_misses_below() -> None:
    fast = {"kpis": (0.2, 0.01, 0.01, 0.01), "target_gaps": (0.1, 0.05, 0.05)}
    run = with_baseline(
        size_run(100, query_runs=fast),
        {"kpis": rdflib_query(0.3, 0.2, 0.2, 0.2), "target_gaps": rdflib_query(1.0, 1.0, 1.0)},
    )
    result = verdict([run], "query_speedup")
    assert result["status"] == PASS and "median ratio 20.0x" in result["detail"]
    run = with_baseline(
        size_run(100, query_runs=fast),
        {"kpis": rdflib_query(0.3, 0.19, 0.19), "target_gaps": rdflib_query(1.0, 1.0, 1.0)},
    )
    result = verdict([run], "query_speedup")
    assert result["status"] == MISS and result["misses"] == ["kpis (19.0x)"]


def test_query_speedup_is_judged_on_disk_and_reports_the_in_memory_copy_beside() -> None:
    on_disk = {"kpis": (0.2, 0.02, 0.02), "target_gaps": (0.1, 0.05, 0.05)}
    in_memory = {"kpis": (0.01, 0.005, 0.005), "target_gaps": (0.1, 0.05, 0.05)}
    rdflib = {"kpis": rdflib_query(0.3, 0.2, 0.2), "target_gaps": rdflib_query(1.0, 1.0, 1.0)}
    run = with_baseline(size_run(100, query_runs=on_disk), rdflib)
    memory = {name: store_query(*runs) for name, runs in in_memory.items()}
    run["baseline"]["memory_speedups"] = query_speedups(memory, rdflib)
    # 10x on disk misses, whatever the in-memory copy does; its ratios are reported beside.
    result = verdict([run], "query_speedup")
    assert result["status"] == MISS and result["misses"] == ["kpis (10.0x)"], result
    assert "in memory (sdgkg serve --in-memory): median ratio" in result["detail"]
    # Fast enough on disk: a pass, with or without the in-memory part.
    run = with_baseline(size_run(100, query_runs=in_memory), rdflib)
    run["baseline"]["memory_speedups"] = None
    assert verdict([run], "query_speedup")["status"] == PASS


def test_query_speedup_counts_an_unfinished_rdflib_query_as_a_lower_bound() -> None:
    fast = {"kpis": (0.02, 0.01), "target_gaps": (0.1, 0.05)}
    stopped = {"status": "timeout", "after_s": 80.0, "limit_s": 80.0}
    ok = rdflib_query(1.0, 1.0)
    assert (
        verdict(
            [with_baseline(size_run(100, query_runs=fast), {"kpis": stopped, "target_gaps": ok})],
            "query_speedup",
        )["status"]
        == PASS
    )
    # Stopped too early to say: a bound of 5x does not show the query misses 20x.
    early = {"status": "timeout", "after_s": 0.05, "limit_s": 0.05}
    result = verdict(
        [with_baseline(size_run(100, query_runs=fast), {"kpis": early, "target_gaps": ok})],
        "query_speedup",
    )
    assert result["status"] == NOT_MEASURED and "kpis (>= 5.0x)" in result["detail"]


def test_rdflib_gets_long_enough_to_decide_the_speedup_target() -> None:
    store = {
        "slow": {"status": "ok", "median_s": 2.0},
        "quick": {"status": "ok", "median_s": 0.01},
        "failed": {"status": "error", "error": "did not finish within 30 s"},
    }
    limits = rdflib_limits(["slow", "quick", "failed", "missing"], store, None)
    assert limits == {"slow": 44.0, "quick": 10.0, "failed": 10.0, "missing": 10.0}
    # Stopped at its limit, a query's lower bound is above the target, so it passes.
    stopped = {"status": "timeout", "after_s": limits["slow"], "limit_s": limits["slow"]}
    speedups = query_speedups(store, {"slow": stopped})
    assert speedups["slow"]["lower_bound"] and speedups["slow"]["ratio"] > 20
    # A cap keeps a run short, even if that leaves the target open.
    assert rdflib_limits(["slow"], store, 30.0) == {"slow": 30.0}


def test_query_speedup_names_queries_rdflib_cannot_run_and_row_mismatches() -> None:
    fast = {"kpis": (0.02, 0.01), "target_gaps": (0.1, 0.05)}
    error = {"status": "error", "error": "NotBoundError: Variable x is not bound"}
    run = with_baseline(
        size_run(100, query_runs=fast), {"kpis": error, "target_gaps": rdflib_query(2.0, rows=4)}
    )
    result = verdict([run], "query_speedup")
    assert "rdflib cannot run (not judged): kpis" in result["detail"]
    assert "row counts differ from the store: target_gaps" in result["detail"]
    assert run["baseline"]["speedups"]["target_gaps"]["rows_match"] is False


def test_baseline_ratios_compare_with_the_build_steps() -> None:
    run = size_run(100)
    run["build"]["timings"] = {
        "steps": [{"step": "loading store", "wall_s": 2.0}, {"step": "validating", "wall_s": 10.0}]
    }
    stopped = measurement(1800.0, 4000.0, timed_out=True, timeout_s=1800.0, returncode=-9)
    run["baseline"] = {
        "load": {"status": "ok", "load_s": 50.0, "process": measurement(60.0, 2000.0)},
        "shacl": {"status": "did not finish within 1800 s", "process": stopped},
    }
    ratios = baseline_ratios(run)
    assert ratios["load"]["ratio"] == pytest.approx(25.0) and not ratios["load"]["lower_bound"]
    assert ratios["shacl"]["ratio"] == pytest.approx(180.0) and ratios["shacl"]["lower_bound"]


def test_the_markdown_says_plainly_near_the_top_which_targets_were_missed() -> None:
    small = size_run(100, 10.0, 1.0)
    large = size_run(1741, 900.0, 50.0, peak_mb=9000.0)
    results = {
        "command": "benchmarks/scale.py",
        "date": "2026-01-01T00:00:00+00:00",
        "commit": "unknown",
        "machine": {
            "cores": 2,
            "memory_gib": 23.5,
            "cpu_model": "test CPU",
            "os": "Linux",
            "python": "3.11",
            "versions": {"rdflib": "7.6.0", "pyshacl-turbo": None},
        },
        "library": NAMES,
        "runs": [small, large],
        "targets": evaluate_targets([small, large], NAMES),
    }
    text = render_markdown(results)
    top = text.split("## Machine")[0]
    assert "MISS: pipeline (build + analyze) at N=1741 under 600 s: 950.0 s" in top
    assert "MISS: pipeline peak memory at N=1741 under 8 GiB" in top
    for target in results["targets"]:
        assert target["title"] in top
    assert "pyshacl-turbo not installed" in text
    assert "| pipeline | 11.0 | 950.0 | 86.4x |" in text


def measure(tmp_path: Path, *args: str) -> dict[str, Any]:
    """Run measure_child.py on a command and return what it recorded."""
    result = tmp_path / "measure.json"
    wrapper = [sys.executable, str(MEASURE_CHILD), "--result", str(result), *args]
    subprocess.run(wrapper, check=False, timeout=120)
    recorded: dict[str, Any] = json.loads(result.read_text(encoding="utf-8"))
    return recorded


def test_the_wrapper_measures_the_peak_memory_of_its_child(tmp_path: Path) -> None:
    # 300 MiB touched, then held for a second so the tree sampler sees it too.
    hold = "import time; b = bytearray(300 * 2**20); time.sleep(1)"
    recorded = measure(tmp_path, "--", sys.executable, "-c", hold)
    assert recorded["returncode"] == 0 and not recorded["timed_out"]
    assert 300 < recorded["peak_rss_mb"] < 600
    assert 300 < recorded["peak_tree_rss_mb_sampled"] < 600
    assert recorded["wall_s"] >= 1.0


def test_the_wrapper_stops_a_command_at_its_time_limit(tmp_path: Path) -> None:
    recorded = measure(tmp_path, "--timeout", "1", "--", "sleep", "30")
    assert recorded["timed_out"] and 1.0 <= recorded["wall_s"] < 10.0
    assert outcome(recorded) == "did not finish within 1 s"


def test_the_wrapper_memory_cap_makes_a_runaway_command_fail(tmp_path: Path) -> None:
    grow = "b = bytearray(2 * 2**30)"
    recorded = measure(tmp_path, "--memory-limit-mb", "512", "--", sys.executable, "-c", grow)
    assert recorded["returncode"] != 0 and recorded["peak_rss_mb"] < 512


@pytest.mark.slow
def test_a_real_run_at_one_municipality(tmp_path: Path) -> None:
    work, results = tmp_path / "work", tmp_path / "results"
    command = [
        sys.executable, str(SCRIPT), "--sizes", "1", "--repeats", "1", "--baseline-max", "1",
        "--work", str(work), "--results", str(results),
        "--baseline-timeout", "90", "--baseline-query-timeout", "2",
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    report = json.loads((results / "scale.json").read_text(encoding="utf-8"))
    names = [spec.name for spec in library()]
    assert report["library"] == names
    (run,) = report["runs"]
    assert run["municipalities"] == 1 and run["triples"] > 10_000
    assert run["build"]["timings"]["steps"] and run["pipeline"]["status"] == "ok"
    assert 0 < run["build"]["peak_rss_mb"] <= run["pipeline"]["peak_mb"]

    # The benchmark queries the build before `sdgkg analyze` adds its analysis graph to the
    # store, so the rows to compare with come from a fresh build of the same corpus.
    runner = CliRunner()
    fresh = tmp_path / "fresh"
    built = runner.invoke(main, ["build", "--data", str(work / "corpus-1"), "--out", str(fresh)])
    assert built.exit_code == 0, built.output
    for name in names:
        entry = run["queries"][name]
        assert entry["status"] == "ok", (name, entry)
        # one municipality: a query with pages answers its only page
        expected_page = {"number": 1, "of": 1, "cities": 1} if SPECS_BY_NAME[name].pages else None
        assert entry.get("page") == expected_page, name
        given = [f"--param={k}={v}" for k, v in (entry.get("params") or {}).items()]
        spec = SPECS_BY_NAME[name]
        assert len(given) == sum(p.required for p in spec.params) + bool(spec.one_of), name
        command = ["query", name, *given, "--out", str(fresh), "--format", "json"]
        answer = runner.invoke(main, command)
        assert answer.exit_code == 0, answer.output
        assert entry["rows"] == len(json.loads(answer.output)["results"]["bindings"]), name

    # The in-memory copy holds every quad of the store and gives the store's rows.
    memory = run["memory"]
    assert memory["quads"] > 10_000 and memory["copy_s"] > 0
    for name in names:
        entry = memory["queries"][name]
        assert entry["status"] == "ok" and entry["rows"] == run["queries"][name]["rows"], name

    baseline = run["baseline"]
    assert baseline["memory_speedups"].keys() == baseline["speedups"].keys()
    assert baseline["load"]["status"] == "ok" and baseline["load"]["quads"] > 10_000
    assert baseline["shacl"]["status"] == "ok"
    finished = {n: q for n, q in baseline["queries"].items() if q["status"] == "ok"}
    assert any(q["rows"] > 0 for q in finished.values())
    for name, entry in finished.items():
        assert entry["rows"] == run["queries"][name]["rows"], name
        assert entry.get("page") == run["queries"][name].get("page"), name
    assert set(baseline["queries"]) == set(names)

    markdown = (results / "scale.md").read_text(encoding="utf-8")
    for verdict_ in report["targets"]:
        assert verdict_["title"] in markdown and verdict_["status"] == NOT_MEASURED
    for name in names:
        assert f"| {name} |" in markdown


def test_required_parameters_get_values_the_corpus_holds(project_build: BuildResult) -> None:
    from dataclasses import replace

    from benchmarks.scale_parts import required_params
    from graph_build.store.embedded import open_store

    store = open_store(project_build.out)
    specs = library()
    given = required_params(store, specs)
    assert set(given) == {s.name for s in specs if any(p.required or p.one_of for p in s.params)}
    assert given["partner_candidates"] == {"target": "11.2"}  # the first of its one-of
    assert given["city_comparison"] == {"city_a": "kanazawa"}  # the first city by IRI
    assert given["search_labels"] == {"text": "森林"}  # the header's example
    example = "https://w3id.org/sdgkg/id/kanazawa/kpi/greenhouse-gas-emissions"
    assert given["provenance"] == {"entity": example}  # the store describes it
    # an example the store does not describe gives way to the first KPI
    provenance = next(s for s in specs if s.name == "provenance")
    unknown = [
        replace(p, help="e.g. https://example.org/nothing") if p.name == "entity" else p
        for p in provenance.params
    ]
    (entity,) = required_params(store, [replace(provenance, params=unknown)]).values()
    assert entity["entity"].startswith("https://w3id.org/sdgkg/id/") and "/kpi/" in entity["entity"]


def test_a_query_with_pages_is_measured_on_its_first_page_as_sdgkg_query_shows_it(
    project_build: BuildResult, tmp_path: Path
) -> None:
    from dataclasses import replace

    from benchmarks.scale_parts import (
        first_page,
        load_dataset,
        page_json,
        rdflib_query,
        read_pages,
        store_rows,
    )
    from graph_build.sparql.pages import municipality_pages
    from graph_build.sparql.query import run_spec
    from graph_build.store.embedded import open_store

    store = open_store(project_build.out)
    # pages of one municipality, so that the first page is not the whole answer
    spec = replace(next(s for s in library() if s.name == "stakeholders"), page_size=1)
    pages = municipality_pages(store, 1)
    assert len(pages) == 2
    page = first_page(store, spec, {})
    assert page == pages[0]
    first = len(run_spec(store, spec, {}, page).rows)
    whole = len(run_spec(store, spec, {}).rows)
    assert 0 < first < whole
    assert store_rows(store, spec, {}) == first
    assert first_page(store, spec, {"city": "kanazawa"}) is None  # a bound city: no pages
    whole_spec = next(s for s in library() if s.name == "sdg_framework")
    assert first_page(store, whole_spec, {}) is None

    # rdflib runs the same text, bound to the page the pages file passes on
    path = tmp_path / "query-pages.json"
    path.write_text(json.dumps({spec.name: page_json(page)}), encoding="utf-8")
    assert read_pages(path) == {spec.name: page}
    dataset = load_dataset(project_build.out / "sdgkg.nq")
    record = rdflib_query(dataset, spec, 0, 60.0, None, page)
    assert record["status"] == "ok" and record["rows"] == first, record
    assert record["page"] == {"number": 1, "of": 2, "cities": 1}


def test_rdflib_counts_its_fastest_form_or_a_lower_bound() -> None:
    library_form = {"form": "library", "status": "ok", "rows": 5, "median_s": 8.0}
    earlier = {"form": "earlier", "status": "ok", "rows": 5, "median_s": 3.0}
    stopped = {"form": "earlier", "status": "timeout", "after_s": 2.0}
    late_stop = {"form": "earlier", "status": "timeout", "after_s": 20.0}
    assert best_form([library_form, earlier])["median_s"] == 3.0
    # stopped after running longer than the finished form took: the finished one is fastest
    assert best_form([library_form, late_stop])["median_s"] == 8.0
    # stopped sooner: it might have been faster, so rdflib's best is only known to be >= 2 s
    bound = best_form([library_form, stopped])
    assert bound["status"] == "timeout" and bound["after_s"] == 2.0
    assert set(bound["forms"]) == {"library", "earlier"}
    # a form that gives other rows than the store is a mismatch, even if it is not the fastest
    store = {"q": {"status": "ok", "rows": 5, "median_s": 0.1}}
    wrong = {**earlier, "rows": 4, "median_s": 30.0}
    mismatch = query_speedups(store, {"q": best_form([library_form, wrong])})["q"]
    assert mismatch["rows_match"] is False
    assert query_speedups(store, {"q": best_form([library_form, earlier])})["q"]["rows_match"]


def test_each_earlier_form_gives_the_rows_of_its_library_query(project_build: BuildResult) -> None:
    from collections import Counter
    from dataclasses import replace

    from benchmarks.scale_parts import BASELINE_FORMS
    from graph_build.sparql.query import run_spec
    from graph_build.store.embedded import open_store

    store = open_store(project_build.out)
    forms = sorted(BASELINE_FORMS.glob("*.rq"))
    assert forms and {f.stem for f in forms} <= set(SPECS_BY_NAME)
    for path in forms:
        spec = SPECS_BY_NAME[path.stem]
        params = spec.required_examples()
        earlier = replace(spec, text=path.read_text(encoding="utf-8"))
        ours = run_spec(store, spec, params)
        theirs = run_spec(store, earlier, params)
        assert ours.rows, spec.name
        assert theirs.variables == ours.variables, spec.name
        assert Counter(map(tuple, theirs.plain_rows())) == Counter(map(tuple, ours.plain_rows()))


def test_each_rdflib_query_gets_its_own_limit_when_the_time_left_covers_them_all() -> None:
    from benchmarks.scale_parts import time_share

    assert time_share(100.0, [35.0, 10.0, 10.0]) == 35.0
    assert time_share(27.5, [35.0, 10.0, 10.0]) == 17.5  # half of each, in proportion
    assert time_share(0.0, [35.0, 10.0]) == 0.0  # no time left: nothing to share


def test_a_query_stopped_during_its_repeats_keeps_the_runs_it_finished() -> None:
    from benchmarks.scale_parts import last_record

    printed = (
        '{"status": "ok", "rows": 3, "runs_s": [9.1]}\n'
        '{"status": "ok", "rows": 3, "runs_s": [9.1, 6.1]}\n'
        '{"status": "o'  # cut off when the process was stopped
    )
    assert last_record(printed) == {"status": "ok", "rows": 3, "runs_s": [9.1, 6.1]}
    assert last_record(printed.encode()) == last_record(printed)
    assert last_record("") is None and last_record(None) is None
