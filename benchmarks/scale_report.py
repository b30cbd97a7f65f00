"""The pure half of the scale benchmark: statistics, ratios, targets and the Markdown report.

Everything here works on the plain dictionaries that ``benchmarks/scale.py`` writes to
``scale.json``, so tests can call it with made-up inputs. A *run* is the record of one size
(``municipalities``), with the keys that ``scale.py`` documents.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from typing import Any

Run = dict[str, Any]
Target = dict[str, Any]

FULL_N = 1741  # every Japanese municipality
SCALING_BASE_N = 100
BASELINE_N = 100
PIPELINE_LIMIT_S = 600.0
MEMORY_LIMIT_MB = 8 * 1024.0
QUERY_LIMIT_S = 2.0
SCALING_LIMIT = 20.0
SPEEDUP_MIN = 20.0
#: An rdflib query may run this many times the store's median: stopped there, its lower-bound
#: ratio is above the 20x target (with a margin for timing noise), so the target is decided.
DECIDING_FACTOR = 1.1 * SPEEDUP_MIN
#: Seconds every rdflib query may run at least, so that quick ones get exact ratios.
BASELINE_QUERY_FLOOR_S = 10.0

PASS, MISS, NOT_MEASURED = "PASS", "MISS", "not measured"


# -- statistics and ratios -------------------------------------------------------------------


def run_stats(runs_s: Sequence[float]) -> dict[str, float]:
    """First run, median of the repeats (of the first run when there are none), max of all."""
    if not runs_s:
        raise ValueError("no runs to summarise")
    repeats = runs_s[1:] or runs_s[:1]
    return {
        "first_s": runs_s[0],
        "median_s": statistics.median(repeats),
        "max_s": max(runs_s),
    }


def best_form(forms: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """One rdflib entry for a query run in several forms (the library's text and an earlier one
    that gives the same rows): the fastest rdflib managed, or a lower bound.

    A form stopped at its limit could still have been the fastest unless a finished form took
    less time than it had run; otherwise the earliest stop is a lower bound on rdflib's best.
    Every form's summary is kept under ``forms``.
    """
    finished = [f for f in forms if f.get("status") == "ok"]
    stopped = [f for f in forms if f.get("status") in ("timeout", "out of memory")]
    earliest = min(stopped, key=lambda f: float(f["after_s"]), default=None)
    chosen: dict[str, Any]
    if finished:
        chosen = dict(min(finished, key=lambda f: float(f["median_s"])))
        if earliest is not None and float(earliest["after_s"]) < float(chosen["median_s"]):
            chosen = dict(earliest)
    elif earliest is not None:
        chosen = dict(earliest)
    else:
        chosen = dict(forms[0])
    chosen["forms"] = {
        str(f.get("form", "library")): {
            k: f[k] for k in ("status", "rows", "median_s", "after_s", "error") if k in f
        }
        for f in forms
    }
    return chosen


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """``numerator / denominator``, or None when either is missing or the denominator is not > 0."""
    if numerator is None or denominator is None or denominator <= 0:
        return None
    return numerator / denominator


def outcome(measurement: dict[str, Any] | None) -> str:
    """``ok``, ``did not finish within X s``, ``failed (exit code N)`` or ``not run``."""
    if not measurement:
        return "not run"
    if measurement.get("timed_out"):
        return f"did not finish within {measurement['timeout_s']:g} s"
    code = measurement.get("returncode")
    if code != 0:
        return f"failed (exit code {code})"
    return "ok"


def peak_mb(measurement: dict[str, Any]) -> float:
    """The larger of the measured peaks: largest process (getrusage) or sampled process tree."""
    return max(
        float(measurement.get("peak_rss_mb") or 0.0),
        float(measurement.get("peak_tree_rss_mb_sampled") or 0.0),
    )


def pipeline_summary(build: dict[str, Any] | None, analyze: dict[str, Any] | None) -> Run:
    """Pipeline = build (which validates) + analyze: wall time summed, peak memory the max."""
    parts = [p for p in (build, analyze) if p]
    failing = [(name, outcome(p)) for name, p in (("build", build), ("analyze", analyze))]
    failing = [(name, why) for name, why in failing if why != "ok"]
    summary: Run = {
        "status": "ok" if not failing else "; ".join(f"{n}: {why}" for n, why in failing),
        "timed_out": any(p.get("timed_out") for p in parts),
        "wall_s": round(sum(float(p["wall_s"]) for p in parts), 3) if parts else None,
        "peak_mb": round(max((peak_mb(p) for p in parts), default=0.0), 1) if parts else None,
    }
    return summary


def by_size(runs: Iterable[Run], n: int) -> Run | None:
    """The run for ``n`` municipalities, if it was run."""
    return next((r for r in runs if r.get("municipalities") == n), None)


def step_seconds(run: Run) -> dict[str, float]:
    """Wall seconds per pipeline step: the build's own steps, then the totals measured outside."""
    seconds: dict[str, float] = {}
    timings = (run.get("build") or {}).get("timings") or {}
    for step in timings.get("steps", []):
        seconds[str(step["step"])] = float(step["wall_s"])
    for label, key in (("build (measured outside)", "build"), ("analyze", "analyze")):
        part = run.get(key)
        if part and outcome(part) == "ok":
            seconds[label] = float(part["wall_s"])
    pipeline = run.get("pipeline") or {}
    if pipeline.get("status") == "ok":
        seconds["pipeline"] = float(pipeline["wall_s"])
    return seconds


def step_ratios(small: Run, large: Run) -> list[dict[str, Any]]:
    """Per step: seconds at the small and the large size and large / small."""
    a, b = step_seconds(small), step_seconds(large)
    names = list(a) + [s for s in b if s not in a]
    return [
        {"step": s, "small_s": a.get(s), "large_s": b.get(s), "ratio": ratio(b.get(s), a.get(s))}
        for s in names
    ]


LOAD_STEP, VALIDATE_STEP = "loading store", "validating"


def baseline_ratios(run: Run) -> dict[str, dict[str, Any]]:
    """rdflib load over the build's store loading, pySHACL over the build's validating step.

    A part stopped at its time limit gets a lower bound: the limit over the build's step.
    """
    baseline = run.get("baseline") or {}
    steps = step_seconds(run)
    result = {}
    for key, seconds_key, step in (
        ("load", "load_s", LOAD_STEP),
        ("shacl", "validate_s", VALIDATE_STEP),
    ):
        part = baseline.get(key) or {}
        lower_bound = bool((part.get("process") or {}).get("timed_out"))
        seconds = part.get(seconds_key) if part.get("status") == "ok" else None
        if lower_bound:
            seconds = part["process"].get("timeout_s")
        result[key] = {
            "step": step,
            "baseline_key": seconds_key,
            "baseline_s": seconds,
            "build_step_s": steps.get(step),
            "ratio": ratio(seconds, steps.get(step)),
            "lower_bound": lower_bound,
        }
    return result


def scaling_ratios(runs: Sequence[Run]) -> list[dict[str, Any]] | None:
    """Per-step ratios from N=100 to N=1741, or None unless both were run."""
    small, large = by_size(runs, SCALING_BASE_N), by_size(runs, FULL_N)
    return step_ratios(small, large) if small and large else None


def rdflib_limits(names: list[str], store: dict[str, Any], cap_s: float | None) -> dict[str, float]:
    """Seconds for each rdflib query: enough to show the speed-up target if rdflib misses it.

    A query rdflib has not finished when its limit is reached gets a lower-bound ratio of
    (limit / store median), so a limit of :data:`DECIDING_FACTOR` times the store's median
    decides the target either way; a shorter one can leave it open. A query the store did not
    finish gets the floor: no ratio can be had for it.
    """
    limits: dict[str, float] = {}
    for name in names:
        entry = store.get(name) or {}
        median = entry.get("median_s") if entry.get("status") == "ok" else None
        seconds = BASELINE_QUERY_FLOOR_S
        if isinstance(median, int | float):
            seconds = max(seconds, DECIDING_FACTOR * median)
        limits[name] = round(min(seconds, cap_s) if cap_s is not None else seconds, 1)
    return limits


def query_speedups(store: dict[str, Any], rdflib: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Per query: rdflib median / store median, and whether rdflib gave the same row count.

    A query that rdflib did not finish (time or memory) gets a lower bound: the seconds it ran
    before it was stopped, over the store's median.
    """
    result: dict[str, dict[str, Any]] = {}
    for name in sorted(set(store) | set(rdflib)):
        ours, theirs = store.get(name) or {}, rdflib.get(name) or {}
        entry: dict[str, Any] = {"ratio": None, "lower_bound": False, "rows_match": None}
        median = ours.get("median_s") if ours.get("status") == "ok" else None
        if theirs.get("status") == "ok":
            entry["ratio"] = ratio(theirs.get("median_s"), median)
        elif theirs.get("status") in ("timeout", "out of memory"):
            entry["ratio"] = ratio(theirs.get("after_s"), median)
            entry["lower_bound"] = entry["ratio"] is not None
        if ours.get("status") == "ok":
            rows = [theirs.get("rows")] if theirs.get("status") == "ok" else []
            rows += [f["rows"] for f in (theirs.get("forms") or {}).values() if "rows" in f]
            if rows:  # every form rdflib finished must give the store's rows
                entry["rows_match"] = all(r == ours.get("rows") for r in rows)
        result[name] = entry
    return result


# -- targets ---------------------------------------------------------------------------------


def target(key: str, title: str, status: str, detail: str, misses: Sequence[str] = ()) -> Target:
    """One target's verdict."""
    return {"key": key, "title": title, "status": status, "detail": detail, "misses": list(misses)}


def _not_run(n: int) -> str:
    return f"N={n} was not run"


def pipeline_time_target(runs: Sequence[Run]) -> Target:
    """The pipeline at N=1741 in under 600 s."""
    title = f"pipeline (build + analyze) at N={FULL_N} under {PIPELINE_LIMIT_S:g} s"
    run = by_size(runs, FULL_N)
    if run is None:
        return target("pipeline_time", title, NOT_MEASURED, _not_run(FULL_N))
    pipeline = run["pipeline"]
    if pipeline["status"] == "ok":
        seconds = float(pipeline["wall_s"])
        status = PASS if seconds < PIPELINE_LIMIT_S else MISS
        return target("pipeline_time", title, status, f"{seconds:.1f} s")
    if pipeline["timed_out"]:
        # Stopped at its limit: slower than the target only if the limit was at least the target.
        limit = max(float(p["timeout_s"]) for p in _parts(run) if p.get("timed_out"))
        status = MISS if limit >= PIPELINE_LIMIT_S else NOT_MEASURED
        return target("pipeline_time", title, status, pipeline["status"])
    return target(
        "pipeline_time", title, MISS, f"the pipeline did not complete: {pipeline['status']}"
    )


def _parts(run: Run) -> list[dict[str, Any]]:
    return [p for p in (run.get("build"), run.get("analyze")) if p]


def pipeline_memory_target(runs: Sequence[Run]) -> Target:
    """The pipeline at N=1741 under 8 GiB peak memory."""
    title = f"pipeline peak memory at N={FULL_N} under {MEMORY_LIMIT_MB / 1024:g} GiB"
    run = by_size(runs, FULL_N)
    if run is None:
        return target("pipeline_memory", title, NOT_MEASURED, _not_run(FULL_N))
    pipeline = run["pipeline"]
    peak = float(pipeline["peak_mb"] or 0.0)
    detail = f"{peak:,.0f} MiB"
    if peak >= MEMORY_LIMIT_MB:
        return target("pipeline_memory", title, MISS, detail)
    if pipeline["status"] != "ok":
        return target(
            "pipeline_memory",
            title,
            NOT_MEASURED,
            f"{detail} before it stopped: {pipeline['status']}",
        )
    return target("pipeline_memory", title, PASS, detail)


def query_latency_target(runs: Sequence[Run], names: Sequence[str]) -> Target:
    """Every library query under 2 s at N=1741 on the store, judged on its slowest run."""
    title = (
        f"every library query under {QUERY_LIMIT_S:g} s at N={FULL_N} (slowest run, first included)"
    )
    run = by_size(runs, FULL_N)
    if run is None:
        return target("query_latency", title, NOT_MEASURED, _not_run(FULL_N))
    queries = run.get("queries") or {}
    misses: list[str] = []
    unmeasured: list[str] = []
    for name in names:
        entry = queries.get(name) or {}
        if entry.get("status") == "ok":
            if float(entry["max_s"]) >= QUERY_LIMIT_S:
                misses.append(f"{name} ({float(entry['max_s']):.2f} s)")
        elif entry.get("status") == "error":
            misses.append(f"{name} (failed: {entry.get('error', '')})")
        else:
            unmeasured.append(name)
    slowest = max(
        (float(q["max_s"]) for q in queries.values() if q.get("status") == "ok"), default=None
    )
    detail = f"slowest {slowest:.2f} s" if slowest is not None else "no query finished"
    if misses:
        return target(
            "query_latency", title, MISS, f"{len(misses)} over: {', '.join(misses)}", misses
        )
    if unmeasured:
        return target(
            "query_latency", title, NOT_MEASURED, f"{detail}; no result for {', '.join(unmeasured)}"
        )
    return target("query_latency", title, PASS, detail)


def scaling_target(runs: Sequence[Run]) -> Target:
    """Pipeline time at N=1741 at most 20 times its time at N=100."""
    title = f"pipeline time(N={FULL_N}) <= {SCALING_LIMIT:g} x time(N={SCALING_BASE_N})"
    small, large = by_size(runs, SCALING_BASE_N), by_size(runs, FULL_N)
    missing = [n for n, r in ((SCALING_BASE_N, small), (FULL_N, large)) if r is None]
    if small is None or large is None:
        return target("scaling", title, NOT_MEASURED, "; ".join(_not_run(n) for n in missing))
    if small["pipeline"]["status"] != "ok":
        return target(
            "scaling", title, NOT_MEASURED, f"N={SCALING_BASE_N}: {small['pipeline']['status']}"
        )
    base = float(small["pipeline"]["wall_s"])
    if large["pipeline"]["status"] == "ok":
        value = float(large["pipeline"]["wall_s"]) / base
        status = PASS if value <= SCALING_LIMIT else MISS
        return target("scaling", title, status, f"{value:.1f}x")
    if large["pipeline"]["timed_out"]:
        bound = float(large["pipeline"]["wall_s"]) / base
        status = MISS if bound > SCALING_LIMIT else NOT_MEASURED
        return target("scaling", title, status, f"more than {bound:.1f}x (stopped at its limit)")
    return target("scaling", title, MISS, f"N={FULL_N}: {large['pipeline']['status']}")


def _speedup_findings(
    speedups: dict[str, Any], rdflib_queries: dict[str, Any], names: Sequence[str]
) -> dict[str, list[Any]]:
    """The queries below the target, without a ratio, or not runnable by rdflib, and the exact
    ratios, for one side of the comparison."""
    found: dict[str, list[Any]] = {"below": [], "unmeasured": [], "errors": [], "exact": []}
    for name in names:
        entry = speedups.get(name) or {}
        value, lower = entry.get("ratio"), bool(entry.get("lower_bound"))
        if (rdflib_queries.get(name) or {}).get("status") == "error":
            found["errors"].append(name)
        elif value is None:
            found["unmeasured"].append(name)
        else:
            if not lower:
                found["exact"].append(float(value))
            if value < SPEEDUP_MIN:
                # A lower bound under the threshold says nothing either way.
                key = "unmeasured" if lower else "below"
                found[key].append(f"{name} ({fmt_ratio(value, lower)})")
    found["mismatched"] = sorted(n for n, e in speedups.items() if e.get("rows_match") is False)
    return found


def _speedup_parts(found: dict[str, list[Any]], with_errors: bool = True) -> list[str]:
    parts = []
    if found["exact"]:
        parts.append(
            f"median ratio {statistics.median(found['exact']):.1f}x over the "
            f"{len(found['exact'])} queries both engines finished"
        )
    if found["below"]:
        parts.append(f"below {SPEEDUP_MIN:g}x: {', '.join(found['below'])}")
    if found["unmeasured"]:
        parts.append(f"no ratio: {', '.join(found['unmeasured'])}")
    if with_errors and found["errors"]:
        parts.append(f"rdflib cannot run (not judged): {', '.join(found['errors'])}")
    if found["mismatched"]:
        parts.append(f"row counts differ from the store: {', '.join(found['mismatched'])}")
    return parts


def speedup_target(runs: Sequence[Run], names: Sequence[str]) -> Target:
    """Each library query at least 20x faster (median) than with rdflib at N=100.

    Judged on the on-disk store, as ``sdgkg query`` answers queries; the ratios of the store's
    in-memory copy (``sdgkg serve --in-memory``, in memory as rdflib is) are reported beside.
    """
    title = (
        f"every library query at least {SPEEDUP_MIN:g}x faster than rdflib at N={BASELINE_N} "
        "(medians; on the on-disk store sdgkg query uses)"
    )
    run = by_size(runs, BASELINE_N)
    baseline = (run or {}).get("baseline")
    if run is None or not baseline:
        why = _not_run(BASELINE_N) if run is None else f"no rdflib baseline at N={BASELINE_N}"
        return target("query_speedup", title, NOT_MEASURED, why)
    rdflib_queries = baseline.get("queries") or {}
    found = _speedup_findings(baseline.get("speedups") or {}, rdflib_queries, names)
    parts = _speedup_parts(found)
    memory = baseline.get("memory_speedups")
    if memory is not None:
        copy = _speedup_parts(_speedup_findings(memory, rdflib_queries, names), with_errors=False)
        parts.append(f"in memory (sdgkg serve --in-memory): {'; '.join(copy) or 'no ratio'}")
    detail = "; ".join(parts) or "no query compared"
    if found["below"]:
        return target("query_speedup", title, MISS, detail, found["below"])
    if found["unmeasured"] or len(found["errors"]) == len(names):
        return target("query_speedup", title, NOT_MEASURED, detail)
    return target("query_speedup", title, PASS, detail)


def evaluate_targets(runs: Sequence[Run], names: Sequence[str]) -> list[Target]:
    """Every target, in the order the report lists them."""
    return [
        pipeline_time_target(runs),
        pipeline_memory_target(runs),
        query_latency_target(runs, names),
        scaling_target(runs),
        speedup_target(runs, names),
    ]


# -- Markdown --------------------------------------------------------------------------------


def fmt_s(value: float | None) -> str:
    """Seconds, with more decimals for short times; a dash when missing."""
    if value is None:
        return "—"
    if value < 0.1:
        return f"{value:.4f}"
    if value < 10:
        return f"{value:.2f}"
    return f"{value:,.1f}"


def fmt_mb(value: float | None) -> str:
    """MiB without decimals."""
    return "—" if value is None else f"{value:,.0f}"


def fmt_ratio(value: float | None, lower_bound: bool = False) -> str:
    """``12.3x``, ``>= 12.3x`` for a lower bound, a dash when missing."""
    if value is None:
        return "—"
    return f"{'>= ' if lower_bound else ''}{value:,.1f}x"


def table(head: Sequence[str], rows: Iterable[Sequence[object]], align: str = "") -> list[str]:
    """A Markdown table; ``align`` gives one letter per column (``l`` or ``r``, default ``l``)."""
    rules = ["---:" if (align[i : i + 1] or "l") == "r" else "---" for i in range(len(head))]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(rules) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |")
    return lines


def targets_section(targets: Sequence[Target]) -> list[str]:
    """The verdicts, missed ones spelt out first."""
    lines = ["## Targets", ""]
    missed = [t for t in targets if t["status"] == MISS]
    unmeasured = [t for t in targets if t["status"] == NOT_MEASURED]
    if missed:
        lines.append(f"**MISSED ({len(missed)} of {len(targets)}):**")
        lines += [f"- MISS: {t['title']}: {t['detail']}" for t in missed]
        lines.append("")
    if unmeasured:
        lines.append(
            f"**Not measured ({len(unmeasured)}):** "
            + "; ".join(f"{t['title']} ({t['detail']})" for t in unmeasured)
        )
        lines.append("")
    if not missed and not unmeasured:
        lines += ["Every target was met.", ""]
    lines += table(
        ["target", "result", "measured"],
        [[t["title"], f"**{t['status']}**", t["detail"]] for t in targets],
    )
    return [*lines, ""]


def problems(results: dict[str, Any]) -> list[str]:
    """Everything that failed, stopped early or disagreed, one line each."""
    found = []
    for run in results["runs"]:
        n = run["municipalities"]
        for key in ("synth", "build", "queries_process", "analyze"):
            why = outcome(run.get(key))
            if why not in ("ok", "not run"):
                found.append(f"N={n}: {key} {why}")
        for name, entry in sorted((run.get("queries") or {}).items()):
            if entry.get("status") != "ok":
                found.append(f"N={n}: store query {name}: {_query_note(entry)}")
        memory = run.get("memory") or {}
        if memory and outcome(memory.get("process")) != "ok":
            found.append(f"N={n}: in-memory queries {outcome(memory.get('process'))}")
        for name, entry in sorted((memory.get("queries") or {}).items()):
            if entry.get("status") != "ok":
                found.append(f"N={n}: in-memory query {name}: {_query_note(entry)}")
                continue
            ours = (run.get("queries") or {}).get(name) or {}
            if ours.get("status") == "ok" and entry.get("rows") != ours.get("rows"):
                found.append(
                    f"N={n}: in-memory query {name}: {entry.get('rows')} rows, the store "
                    f"{ours.get('rows')}"
                )
        baseline = run.get("baseline") or {}
        for key in ("load", "shacl"):
            part = baseline.get(key)
            if part and part.get("status") != "ok":
                found.append(f"N={n}: rdflib baseline {key}: {part['status']}")
        rdflib_queries = baseline.get("queries") or {}
        for name, entry in sorted(rdflib_queries.items()):
            if entry.get("status") not in ("ok", "timeout"):
                found.append(f"N={n}: rdflib query {name}: {_query_note(entry)}")
        slow = sorted(q for q, e in rdflib_queries.items() if e.get("status") == "timeout")
        if slow:
            found.append(
                f"N={n}: rdflib did not finish {len(slow)} of {len(rdflib_queries)} queries within "
                f"their time limit ({', '.join(slow)}); see the baseline table"
            )
        for name, entry in sorted((baseline.get("speedups") or {}).items()):
            if entry.get("rows_match") is False:
                ours = (run.get("queries") or {}).get(name, {}).get("rows")
                theirs = baseline["queries"][name].get("rows")
                found.append(f"N={n}: {name}: rdflib gives {theirs} rows, the store {ours}")
    return found


def _query_note(entry: dict[str, Any]) -> str:
    status = entry.get("status", "not run")
    if status == "timeout":
        return f"did not finish within {entry.get('limit_s', 0):g} s"
    if status == "out of memory":
        return f"ran out of memory after {entry.get('after_s', 0):g} s"
    if status == "error":
        return f"error: {entry.get('error', '')}"
    if status == "did not finish":
        return f"did not finish ({entry.get('detail', '')})"
    return str(status)


def machine_section(machine: dict[str, Any]) -> list[str]:
    """The machine and the software versions."""
    versions = ", ".join(f"{k} {v or 'not installed'}" for k, v in machine["versions"].items())
    rows = [
        ["CPU", f"{machine['cpu_model']} ({machine['cores']} cores)"],
        ["memory", f"{machine['memory_gib']} GiB"],
        ["OS", machine["os"]],
        ["Python", machine["python"]],
        ["libraries", versions],
    ]
    return ["## Machine", "", *table(["", ""], rows), ""]


def sizes_section(runs: Sequence[Run]) -> list[str]:
    """One line per size: triples, synth, pipeline parts, memory and the machine's load."""
    rows = []
    for run in runs:
        pipeline = run["pipeline"]
        build = run.get("build") or {}
        analyze = run.get("analyze") or {}
        rows.append(
            [
                run["municipalities"],
                f"{run['triples']:,}" if run.get("triples") is not None else "—",
                fmt_s((run.get("synth") or {}).get("wall_s"))
                + (" (reused)" if (run.get("synth") or {}).get("reused") else ""),
                fmt_s(build.get("wall_s")),
                fmt_s(analyze.get("wall_s")),
                fmt_s(pipeline.get("wall_s"))
                + ("" if pipeline["status"] == "ok" else " (incomplete)"),
                fmt_mb(pipeline.get("peak_mb")),
                " / ".join(f"{x:.1f}" for x in run.get("load_average_before") or []),
            ]
        )
    head = [
        "municipalities",
        "triples",
        "synth s (not in pipeline)",
        "build s",
        "analyze s",
        "pipeline s",
        "pipeline peak MiB",
        "load average before (1/5/15 min)",
    ]
    return ["## Sizes", "", *table(head, rows, "rrrrrrrl"), ""]


def steps_section(runs: Sequence[Run]) -> list[str]:
    """A table of pipeline steps per size, the build's own timings and the outside totals."""
    lines = ["## Pipeline steps", ""]
    for run in runs:
        lines += [f"### N = {run['municipalities']}", ""]
        build = run.get("build") or {}
        timings = build.get("timings") or {}
        rows: list[list[object]] = [
            [s["step"], fmt_s(s["wall_s"]), fmt_s(s["cpu_s"]), fmt_mb(s["peak_rss_mb_at_end"])]
            for s in timings.get("steps", [])
        ]
        if timings:
            rows.append(
                [
                    "build, inside (sum)",
                    fmt_s(timings.get("total_wall_s")),
                    fmt_s(timings.get("total_cpu_s")),
                    fmt_mb(timings.get("peak_rss_mb")),
                ]
            )
        for label, key in (("build, measured outside", "build"), ("analyze", "analyze")):
            part = run.get(key)
            if part:
                cpu = float(part.get("cpu_user_s") or 0) + float(part.get("cpu_system_s") or 0)
                note = "" if outcome(part) == "ok" else f" ({outcome(part)})"
                rows.append(
                    [label + note, fmt_s(part["wall_s"]), fmt_s(cpu), fmt_mb(peak_mb(part))]
                )
        pipeline = run["pipeline"]
        rows.append(
            [
                "**pipeline = build + analyze**",
                fmt_s(pipeline.get("wall_s")),
                "",
                fmt_mb(pipeline.get("peak_mb")),
            ]
        )
        lines += [*table(["step", "wall s", "CPU s", "peak MiB"], rows, "lrrr"), ""]
    return lines


def scaling_section(runs: Sequence[Run]) -> list[str]:
    """Per step, time at N=1741 over time at N=100."""
    lines = [f"## Scaling, N={SCALING_BASE_N} → N={FULL_N}", ""]
    small, large = by_size(runs, SCALING_BASE_N), by_size(runs, FULL_N)
    if small is None or large is None:
        return [*lines, f"Not measured: needs both N={SCALING_BASE_N} and N={FULL_N}.", ""]
    rows = [
        [r["step"], fmt_s(r["small_s"]), fmt_s(r["large_s"]), fmt_ratio(r["ratio"])]
        for r in step_ratios(small, large)
    ]
    head = ["step", f"N={SCALING_BASE_N} s", f"N={FULL_N} s", "ratio"]
    return lines + table(head, rows, "lrrr") + [""]


def queries_section(runs: Sequence[Run], names: Sequence[str]) -> list[str]:
    """Library queries × sizes on the embedded store: rows, median and slowest run."""
    head = ["query"]
    for run in runs:
        n = run["municipalities"]
        head += [f"N={n} rows", f"N={n} first s", f"N={n} median s", f"N={n} max s"]
    rows = []
    for name in names:
        row: list[object] = [name]
        for run in runs:
            entry = (run.get("queries") or {}).get(name) or {}
            if entry.get("status") == "ok":
                row += [
                    f"{entry['rows']:,}" + (" p" if entry.get("page") else ""),
                    fmt_s(entry["first_s"]),
                    fmt_s(entry["median_s"]),
                    fmt_s(entry["max_s"]) + (" ✗" if entry["max_s"] >= QUERY_LIMIT_S else ""),
                ]
            else:
                row += [_query_note(entry) if entry else "not run", "", "", ""]
        rows.append(row)
    return [
        "## Queries on the embedded store",
        "",
        f"✗ marks a run of {QUERY_LIMIT_S:g} s or more.",
        "",
        *table(head, rows, "l" + "r" * (len(head) - 1)),
        "",
        *required_params_note(runs),
    ]


def required_params_note(runs: Sequence[Run]) -> list[str]:
    """The values the queries with a required parameter ran with (store and rdflib alike)."""
    lines = []
    for run in runs:
        given = run.get("query_params") or {}
        if given:
            calls = "; ".join(
                f"`{name}` " + ", ".join(f"{key}={value}" for key, value in sorted(values.items()))
                for name, values in sorted(given.items())
            )
            lines.append(f"- N={run['municipalities']}: {calls}")
    if not lines:
        return []
    head = "Queries with a required parameter ran with these values (from the corpus), on the "
    return [head + "store and in the rdflib baseline alike:", "", *lines, ""]


def baseline_section(runs: Sequence[Run]) -> list[str]:
    """rdflib and pySHACL against the store and the build's validation, per size."""
    lines = ["## Baseline: rdflib and pySHACL", ""]
    measured = [r for r in runs if r.get("baseline")]
    if not measured:
        return [*lines, "Not run at these sizes.", ""]
    for run in measured:
        lines += [f"### N = {run['municipalities']}", "", *_baseline_tables(run)]
    return lines


def _baseline_tables(run: Run) -> list[str]:
    baseline = run["baseline"]
    shacl = baseline.get("shacl") or {}
    ratios = baseline_ratios(run)
    rows = [
        [
            label,
            _part_cell(baseline.get(key) or {}, ratios[key]["baseline_key"]),
            fmt_s(ratios[key]["build_step_s"]),
            fmt_ratio(ratios[key]["ratio"], ratios[key]["lower_bound"]),
            fmt_mb((baseline.get(key) or {}).get("peak_mb")),
        ]
        for key, label in (
            ("load", f"load sdgkg.nq (rdflib Dataset) / {LOAD_STEP}"),
            ("shacl", f"pySHACL on the union graph / {VALIDATE_STEP}"),
        )
    ]
    head = ["part", "baseline s", "build step s", "baseline / build", "baseline peak MiB"]
    lines = [*table(head, rows, "lrrrr"), ""]
    if shacl.get("status") == "ok":
        validation = run.get("validation") or {}
        lines += [
            f"pySHACL found {shacl['violations']} violation(s) and {shacl['warnings']} warning(s) "
            f"(the build reports {validation.get('violations', '—')} and "
            f"{validation.get('warnings', '—')}).",
            "",
        ]
    store, theirs = run.get("queries") or {}, baseline.get("queries") or {}
    memory = (run.get("memory") or {}).get("queries") or {}
    speedups = baseline.get("speedups") or {}
    memory_speedups = baseline.get("memory_speedups") or {}
    rows = []
    for name in sorted(set(store) | set(theirs)):
        ours, other, speed = store.get(name) or {}, theirs.get(name) or {}, speedups.get(name) or {}
        copy, copy_speed = memory.get(name) or {}, memory_speedups.get(name) or {}
        rows.append(
            [
                name,
                ours.get("rows", "—"),
                other.get("rows", "—") if other.get("status") == "ok" else _query_note(other),
                {True: "yes", False: "**no**", None: "—"}[speed.get("rows_match")],
                fmt_s(ours.get("median_s")),
                fmt_s(copy.get("median_s")) if copy.get("status") == "ok" else _query_note(copy),
                fmt_s(other.get("median_s")),
                fmt_ratio(speed.get("ratio"), bool(speed.get("lower_bound"))),
                fmt_ratio(copy_speed.get("ratio"), bool(copy_speed.get("lower_bound"))),
                _forms_cell(other),
            ]
        )
    head = [
        "query",
        "store rows",
        "rdflib rows",
        "same rows",
        "store median s",
        "in-memory median s",
        "rdflib median s",
        "rdflib / store",
        "rdflib / in-memory",
        "rdflib, each form",
    ]
    note = (
        "rdflib runs each query in the library's form and, where the project has one, in an "
        "earlier form that gives the same rows (`benchmarks/baseline_forms/`); the faster counts. "
        "The store runs each query as `sdgkg query` does (on disk, rows read into Python); the "
        "in-memory copy answers it as `sdgkg serve --in-memory` does (SPARQL JSON results)."
    )
    return [*lines, note, "", *_copy_line(run), *table(head, rows, "lrrlrrrrrl"), ""]


def _copy_line(run: Run) -> list[str]:
    """How long the in-memory copy took to make, and the memory of its part."""
    part = run.get("memory") or {}
    if not part:
        return []
    if part.get("copy_s") is None:
        return [f"The in-memory copy was not made: {outcome(part.get('process'))}.", ""]
    return [
        f"The in-memory copy of the store ({part.get('quads', 0):,} quads) took "
        f"{fmt_s(part['copy_s'])} s to make; its part (copy and queries) peaked at "
        f"{fmt_mb(part.get('peak_mb'))} MiB.",
        "",
    ]


def _forms_cell(entry: dict[str, Any]) -> str:
    """What rdflib did with each form of a query: seconds, or why there are none."""
    forms = entry.get("forms") or {}
    if len(forms) < 2:
        return ""
    cells = []
    for form, result in sorted(forms.items()):
        if result.get("status") == "ok":
            cells.append(f"{form} {fmt_s(result.get('median_s'))} s")
        elif result.get("status") in ("timeout", "out of memory"):
            cells.append(f"{form} > {fmt_s(result.get('after_s'))} s")
        else:
            cells.append(f"{form} {result.get('status')}")
    return "; ".join(cells)


def _part_cell(part: dict[str, Any], key: str) -> str:
    if part.get("status") == "ok":
        return fmt_s(part.get(key))
    return str(part.get("status", "not run"))


NOTES = [
    "## How it was measured",
    "",
    "- Each size: `sdgkg synth` (not part of the pipeline), `sdgkg build --timings`, the library "
    "queries in one process, `sdgkg analyze`. Every command runs under "
    "`benchmarks/measure_child.py`, whose only child it is: wall time from outside, peak memory "
    "from `getrusage(RUSAGE_CHILDREN).ru_maxrss` (the largest process of the command) and from "
    "sampling the whole process tree; the larger of the two is reported.",
    "- Pipeline = build (which includes SHACL validation) + analyze.",
    "- Queries: the store is opened read-only and each query runs as `sdgkg query NAME` runs it, "
    "without parameters (the required ones bound to a value the corpus holds, listed below the "
    "query table): a query with pages (`# pages: city`, marked *p* in the table) gives its "
    "first page of municipalities, the pages worked out within each timed run as the command "
    "does, and rdflib runs the same page; any other query gives its whole answer; all rows "
    "materialised, before `sdgkg analyze` adds its results graph "
    "to the store (so on the same data as the rdflib baseline, the build's `sdgkg.nq`). "
    "*first* is the first run in a fresh process (the operating system may still cache the "
    "store's files), *median* the median of the repeats, *max* the slowest of all runs.",
    "- In-memory copy (at the sizes with a baseline): one process copies the store into memory "
    "as `sdgkg serve --in-memory` does, then answers each query with the endpoint's code "
    "(SPARQL JSON results, no HTTP, `page=1` for a query with pages), a first run and the "
    "repeats; its ratios to rdflib are reported beside the speed-up target, which is judged "
    "on the on-disk store.",
    "- Baseline: each part in its own process with a time limit and a memory cap. Each rdflib "
    "query, first run and repeats together, may run 22x the store's median for it (at least "
    "10 s), capped by `--baseline-query-timeout`; one stopped at its limit or at the memory "
    "cap gets a lower-bound ratio (the seconds it ran over the store's median).",
    "",
]


def render_markdown(results: dict[str, Any]) -> str:
    """The whole readable report."""
    runs = sorted(results["runs"], key=lambda r: int(r["municipalities"]))
    names = results["library"]
    found = problems(results)
    lines = [
        "# Scale benchmark",
        "",
        f"Command: `{results['command']}`  ",
        f"Date: {results['date']}; commit {results['commit']}; sizes run: "
        + ", ".join(str(r["municipalities"]) for r in runs),
        "",
        *targets_section(results["targets"]),
        "## Problems",
        "",
        *([f"- {p}" for p in found] or ["None."]),
        "",
        *machine_section(results["machine"]),
        *sizes_section(runs),
        *steps_section(runs),
        *scaling_section(runs),
        *queries_section(runs, names),
        *baseline_section(runs),
        *NOTES,
    ]
    return "\n".join(lines)
