"""Scale benchmark: the pipeline, the query library and an rdflib baseline on synthetic corpora.

For each size N (municipalities): ``sdgkg synth`` writes a corpus (reused when a marker says it
was finished for the same N and seed), ``sdgkg build --timings`` builds it, every library query
runs on the embedded store as ``sdgkg query NAME`` answers it (the first page of municipalities
for a query with pages, the whole answer for any other), ``sdgkg analyze`` analyses it, and for
N <= ``--baseline-max`` the queries run again on an in-memory copy of the store (as
``sdgkg serve --in-memory`` answers them), plain rdflib loads the dump and runs the same queries
on the same pages, and pySHACL validates it. Every part runs as its own process under
``benchmarks/measure_child.py``, which measures its wall time and peak memory.
The targets are judged in ``benchmarks/scale_report.py``.

Run: ``.venv/bin/python benchmarks/scale.py [--sizes 1,10,100,1741] [--seed 1] [--work DIR]
[--baseline-max 100] [--repeats 3] [--results DIR]``. Writes ``DIR/scale.json`` and
``DIR/scale.md`` (default ``benchmarks/results``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from scale_parts import earlier_form, first_page, json_lines, page_json, required_params
from scale_report import (
    BASELINE_QUERY_FLOOR_S,
    DECIDING_FACTOR,
    baseline_ratios,
    best_form,
    evaluate_targets,
    outcome,
    peak_mb,
    pipeline_summary,
    query_speedups,
    rdflib_limits,
    render_markdown,
    run_stats,
    scaling_ratios,
)

from graph_build.sparql.query import library
from graph_build.store.embedded import open_store

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
MEASURE = HERE / "measure_child.py"
PARTS = HERE / "scale_parts.py"
DEFAULT_RESULTS = HERE / "results"
DEFAULT_WORK = Path(tempfile.gettempdir()) / "sdgkg-scale"
#: The first page of each query with pages, by name, as the query parts bind it.
PAGES_FILE = "query-pages.json"
VERSIONED = ("pyoxigraph", "rdflib", "pyshacl", "pyshacl-turbo", "networkx")
Json = dict[str, Any]


@dataclass(frozen=True)
class Settings:
    """What to run, where, and within which limits."""

    sizes: list[int]
    seed: int
    work: Path
    results: Path
    baseline_max: int
    repeats: int
    timeout_s: float
    baseline_timeout_s: float
    baseline_query_timeout_s: float | None
    baseline_memory_mb: int
    query_memory_mb: int
    clean: bool


def parse_sizes(text: str) -> list[int]:
    """``"1,10,100"`` → ``[1, 10, 100]`` (sorted, without repeats), rejecting anything else."""
    try:
        sizes = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--sizes '{text}': give whole numbers separated by commas, e.g. 1,10,100"
        ) from None
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError(f"--sizes '{text}': sizes must be 1 or more")
    return sizes


def parse_args(argv: list[str]) -> Settings:
    """The command line, as :class:`Settings`."""
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0] if __doc__ else None,
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default="1,10,100,1741",
        help="Numbers of municipalities, comma-separated.",
    )
    parser.add_argument("--seed", type=int, default=1, help="Seed for sdgkg synth.")
    parser.add_argument(
        "--work",
        type=Path,
        default=DEFAULT_WORK,
        help="Folder for corpora, builds and logs (corpora are reused).",
    )
    parser.add_argument(
        "--results", type=Path, default=DEFAULT_RESULTS, help="Folder for scale.json and scale.md."
    )
    parser.add_argument(
        "--baseline-max",
        type=int,
        default=100,
        help="Run the rdflib/pySHACL baseline for sizes up to this.",
    )
    parser.add_argument(
        "--repeats", type=int, default=3, help="Runs of each query after the first."
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=7200.0,
        help="Seconds before synth, build, store queries or analyze is stopped.",
    )
    parser.add_argument(
        "--baseline-timeout",
        type=float,
        default=1800.0,
        help="Seconds before the rdflib load or pySHACL part is stopped; the rdflib queries "
        "part gets this for its load plus the sum of its queries' limits.",
    )
    parser.add_argument(
        "--baseline-query-timeout",
        type=float,
        default=None,
        help="Most seconds for one rdflib query, all its runs together. Each query gets "
        f"{DECIDING_FACTOR:g}x the store's median (at least {BASELINE_QUERY_FLOOR_S:g} s), "
        "enough to decide the 20x target, but never more than this.",
    )
    parser.add_argument(
        "--baseline-memory-gib",
        type=float,
        default=6.0,
        help="Address-space cap of each baseline process, so that a runaway "
        "rdflib query fails instead of exhausting the machine.",
    )
    parser.add_argument(
        "--query-memory-gib",
        type=float,
        default=8.0,
        help="Address-space cap of the process that runs the library queries on the store.",
    )
    parser.add_argument(
        "--clean",
        action="store_true",
        help="Delete each build folder once its size has been measured.",
    )
    args = parser.parse_args(argv)
    if args.repeats < 0:
        parser.error("--repeats must be 0 or more")
    limits = (
        "timeout",
        "baseline_timeout",
        "baseline_query_timeout",
        "baseline_memory_gib",
        "query_memory_gib",
    )
    for name in limits:
        value = getattr(args, name)
        if value is not None and value <= 0:
            parser.error(f"--{name.replace('_', '-')} must be more than 0")
    sizes = args.sizes if isinstance(args.sizes, list) else parse_sizes(args.sizes)
    return Settings(
        sizes=sizes,
        seed=args.seed,
        work=args.work.resolve(),
        results=args.results.resolve(),
        baseline_max=args.baseline_max,
        repeats=args.repeats,
        timeout_s=args.timeout,
        baseline_timeout_s=args.baseline_timeout,
        baseline_query_timeout_s=args.baseline_query_timeout,
        baseline_memory_mb=int(args.baseline_memory_gib * 1024),
        query_memory_mb=int(args.query_memory_gib * 1024),
        clean=args.clean,
    )


def say(message: str) -> None:
    """Progress for the person waiting, on standard error."""
    print(message, file=sys.stderr, flush=True)


# -- running measured commands ---------------------------------------------------------------


def sdgkg() -> list[str]:
    """The ``sdgkg`` console script installed beside this interpreter."""
    script = Path(sys.executable).with_name("sdgkg")
    if not script.is_file():
        sys.exit(
            f"error: no sdgkg command at {script}: install it with "
            f"'{sys.executable} -m pip install -e .'"
        )
    return [str(script)]


def part(*args: str) -> list[str]:
    """A part of ``scale_parts.py`` as a command."""
    return [sys.executable, str(PARTS), *args]


def measured(
    command: list[str], name: str, logs: Path, timeout_s: float, memory_mb: int | None = None
) -> Json:
    """Run ``command`` under ``measure_child.py``; its output goes to ``logs/NAME.out|err``."""
    logs.mkdir(parents=True, exist_ok=True)
    result = logs / f"{name}.measure.json"
    result.unlink(missing_ok=True)
    wrapper = [sys.executable, str(MEASURE), "--result", str(result), "--timeout", str(timeout_s)]
    if memory_mb is not None:
        wrapper += ["--memory-limit-mb", str(memory_mb)]
    err = logs / f"{name}.err"
    with (logs / f"{name}.out").open("wb") as out_stream, err.open("wb") as err_stream:
        done = subprocess.run(
            [*wrapper, "--", *command], stdout=out_stream, stderr=err_stream, check=False
        )
    if result.is_file():
        measurement: Json = json.loads(result.read_text(encoding="utf-8"))
    else:  # the wrapper itself failed: record that rather than guess numbers
        measurement = {
            "command": command,
            "returncode": done.returncode,
            "timed_out": False,
            "timeout_s": timeout_s,
            "wall_s": None,
        }
    measurement["log"] = str(err)
    if outcome(measurement) != "ok":
        tail = err.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
        measurement["stderr_tail"] = tail
    return measurement


def read_json(path: Path) -> Json | None:
    """A JSON file, or None when it is missing or unreadable."""
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def read_lines(path: Path) -> list[Json]:
    """The complete JSON lines of a file (a last line cut off by a stopped process is skipped)."""
    return json_lines(path.read_text(encoding="utf-8")) if path.is_file() else []


def write_atomic(path: Path, text: str) -> None:
    """Write through a temporary file in the same folder, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# -- the steps of one size -------------------------------------------------------------------


def synth_corpus(n: int, settings: Settings, logs: Path) -> Json:
    """Write the corpus of ``n`` municipalities, or reuse the one a marker says is finished."""
    corpus = settings.work / f"corpus-{n}"
    marker = settings.work / f"corpus-{n}.finished.json"
    done = read_json(marker) or {}
    if done.get("municipalities") == n and done.get("seed") == settings.seed and corpus.is_dir():
        return {**done["synth"], "reused": True}
    marker.unlink(missing_ok=True)
    command = [
        *sdgkg(),
        "synth",
        "--municipalities",
        str(n),
        "--seed",
        str(settings.seed),
        "--out",
        str(corpus),
    ]
    measurement = measured(command, "synth", logs, settings.timeout_s)
    if outcome(measurement) == "ok":
        finished = {"municipalities": n, "seed": settings.seed, "synth": measurement}
        write_atomic(marker, json.dumps(finished, indent=2) + "\n")
    return {**measurement, "reused": False}


def build_corpus(n: int, settings: Settings, logs: Path) -> Json:
    """``sdgkg build --timings`` of the corpus; the step timings are attached."""
    timings = settings.work / f"timings-{n}.json"
    timings.unlink(missing_ok=True)
    command = [
        *sdgkg(),
        "build",
        "--data",
        str(settings.work / f"corpus-{n}"),
        "--out",
        str(settings.work / f"dist-{n}"),
        "--timings",
        str(timings),
        # The release folder (every syntax, gzipped) is publishing, not the pipeline: at 1,741
        # municipalities it alone would take longer than the whole pipeline target.
        "--no-release",
        # a cold build: nothing read back from a build of an earlier run in the same folder
        "--no-reuse",
    ]
    measurement = measured(command, "build", logs, settings.timeout_s)
    measurement["timings"] = read_json(timings) if outcome(measurement) == "ok" else None
    return measurement


def build_facts(dist: Path) -> Json:
    """Triples and validation counts from the build's ``build.json``."""
    info = read_json(dist / "build.json") or {}
    per_graph = info.get("triples_per_graph") or {}
    return {
        "triples": sum(per_graph.values()) if per_graph else None,
        "triples_per_graph": per_graph,
        "validation": info.get("validation"),
        "un_kos_labels_merged": info.get("un_kos_labels_merged"),
    }


def not_finished(names: list[str], process: Json) -> dict[str, Json]:
    """Entries for queries a stopped process did not get to."""
    return {name: {"status": "did not finish", "detail": outcome(process)} for name in names}


def query_entries(lines: list[Json], names: list[str], process: Json) -> dict[str, Json]:
    """Per library query: status, rows and run statistics, from a query part's JSON lines."""
    entries = not_finished(names, process)
    forms: dict[str, list[Json]] = {}
    for record in lines:
        if record.get("kind") != "query":
            continue
        entry = {k: v for k, v in record.items() if k not in ("kind", "name")}
        if entry.get("status") == "ok":
            entry.update(run_stats(entry["runs_s"]))
        forms.setdefault(str(record["name"]), []).append(entry)
    for name, measured_forms in forms.items():
        entries[name] = measured_forms[0] if len(measured_forms) == 1 else best_form(measured_forms)
    return entries


def write_query_params(n: int, settings: Settings, logs: Path) -> tuple[Path, Json]:
    """Values from the built corpus for the queries' required parameters, in a file the query
    parts read, and the first page of each query with pages (:data:`PAGES_FILE`), so that the
    store and rdflib run the same texts."""
    store = open_store(settings.work / f"dist-{n}")
    specs = library()
    params = required_params(store, specs)
    path = logs / "query-params.json"
    write_atomic(path, json.dumps(params, ensure_ascii=False, indent=1))
    pages = {}
    for spec in specs:
        page = first_page(store, spec, params.get(spec.name) or {})
        if page is not None:
            pages[spec.name] = page_json(page)
    write_atomic(logs / PAGES_FILE, json.dumps(pages, ensure_ascii=False, indent=1))
    return path, params


def query_part(
    name: str, n: int, settings: Settings, lines: Path, params: Path, *extra: str
) -> list[str]:
    """The command of a query part (``store-queries`` or ``memory-queries``) on the build of
    ``n`` municipalities, writing its JSON lines to ``lines``."""
    return part(
        name,
        "--out",
        str(settings.work / f"dist-{n}"),
        "--repeats",
        str(settings.repeats),
        "--result",
        str(lines),
        "--params",
        str(params),
        *extra,
    )


def time_store_queries(
    n: int, settings: Settings, logs: Path, names: list[str], params: Path
) -> Json:
    """Every library query on the embedded store, in one process.

    If the process dies in a query (not at its time limit), that query is recorded as failed and
    a new process runs the ones not done yet.
    """
    lines = logs / "store-queries.jsonl"
    lines.unlink(missing_ok=True)
    deadline = time.monotonic() + settings.timeout_s
    attempts: list[Json] = []
    crashed: dict[str, str] = {}
    while (left := deadline - time.monotonic()) > 0:
        done = {str(r["name"]) for r in read_lines(lines) if r.get("kind") == "query"}
        skip = done | set(crashed)
        if attempts and skip >= set(names):
            break
        skipped = (f"--skip={name}" for name in sorted(skip))
        command = query_part("store-queries", n, settings, lines, params, *skipped)
        process = measured(
            command, f"store-queries-{len(attempts) + 1}", logs, left, settings.query_memory_mb
        )
        attempts.append(process)
        if outcome(process) == "ok" or process.get("timed_out"):
            break
        records = read_lines(lines)
        finished = {str(r["name"]) for r in records if r.get("kind") == "query"}
        running = [
            str(r["name"])
            for r in records
            if r.get("kind") == "start" and r["name"] not in finished | set(crashed)
        ]
        if not running:  # it died outside a query: nothing to leave out
            break
        crashed[running[-1]] = outcome(process)
    process = merge_attempts(attempts)
    queries = query_entries(read_lines(lines), names, process)
    for name, why in crashed.items():
        queries[name] = {"status": "error", "error": f"the query process ended: {why}"}
    return {"process": process, "queries": queries}


def time_memory_queries(
    n: int, settings: Settings, logs: Path, names: list[str], params: Path
) -> Json:
    """Every library query on an in-memory copy of the store, as ``sdgkg serve --in-memory``
    answers them, in one process: the copy's time and memory, and an entry per query."""
    lines = logs / "memory-queries.jsonl"
    lines.unlink(missing_ok=True)
    command = query_part("memory-queries", n, settings, lines, params)
    process = measured(
        command, "memory-queries", logs, settings.timeout_s, settings.query_memory_mb
    )
    records = read_lines(lines)
    copy = next((r for r in records if r.get("kind") == "copy"), {})
    return {
        "process": process,
        "copy_s": copy.get("copy_s"),
        "quads": copy.get("quads"),
        "peak_mb": peak_mb(process),
        "queries": query_entries(records, names, process),
    }


def merge_attempts(attempts: list[Json]) -> Json:
    """One measurement for several processes: the last one's outcome, summed time, max memory."""
    if len(attempts) <= 1:
        return attempts[0] if attempts else {"returncode": None, "timed_out": False, "wall_s": 0}
    merged = dict(attempts[-1])
    merged["attempts"] = attempts
    for key in ("wall_s", "cpu_user_s", "cpu_system_s"):
        merged[key] = round(sum(float(a.get(key) or 0.0) for a in attempts), 3)
    for key in ("peak_rss_mb", "peak_tree_rss_mb_sampled"):
        merged[key] = max(float(a.get(key) or 0.0) for a in attempts)
    return merged


def analyze_build(n: int, settings: Settings, logs: Path) -> Json:
    """``sdgkg analyze`` of the build."""
    command = [*sdgkg(), "analyze", "--out", str(settings.work / f"dist-{n}")]
    return measured(command, "analyze", logs, settings.timeout_s)


def baseline_part(command: list[str], name: str, logs: Path, settings: Settings) -> Json:
    """One baseline part with its time limit and memory cap; its own result merged in."""
    result = logs / f"{name}.json"
    result.unlink(missing_ok=True)
    process = measured(
        [*command, "--result", str(result)],
        name,
        logs,
        settings.baseline_timeout_s,
        settings.baseline_memory_mb,
    )
    record = read_json(result) if outcome(process) == "ok" else None
    summary: Json = dict(record) if record else {"status": outcome(process)}
    summary.update(process=process, wall_s=process.get("wall_s"), peak_mb=peak_mb(process))
    return summary


def run_baseline(
    n: int,
    settings: Settings,
    logs: Path,
    names: list[str],
    store: Json,
    params: Path,
    memory: Json | None = None,
) -> Json:
    """rdflib load, rdflib queries and pySHACL on the build's dump, each in its own process."""
    nquads = str(settings.work / f"dist-{n}" / "sdgkg.nq")
    load = baseline_part(part("rdflib-load", "--nquads", nquads), "rdflib-load", logs, settings)
    shacl = baseline_part(part("pyshacl", "--nquads", nquads), "pyshacl", logs, settings)
    lines = logs / "rdflib-queries.jsonl"
    lines.unlink(missing_ok=True)
    limits = logs / "rdflib-limits.json"
    per_query = rdflib_limits(names, store, settings.baseline_query_timeout_s)
    write_atomic(limits, json.dumps(per_query, indent=1))
    # the part loads the dump (as the load part does), then runs each form of each query to
    # the query's limit
    forms = {name: 1 + (earlier_form(name) is not None) for name in names}
    deadline_s = settings.baseline_timeout_s + sum(per_query[q] * forms[q] for q in names)
    command = part(
        "rdflib-queries",
        "--nquads",
        nquads,
        "--repeats",
        str(settings.repeats),
        "--deadline",
        str(deadline_s),
        "--limits",
        str(limits),
        "--params",
        str(params),
        "--pages",
        str(logs / PAGES_FILE),
        "--result",
        str(lines),
    )
    process = measured(command, "rdflib-queries", logs, deadline_s, settings.baseline_memory_mb)
    queries = query_entries(read_lines(lines), names, process)
    return {
        "load": load,
        "shacl": shacl,
        "queries_process": process,
        "queries": queries,
        "speedups": query_speedups(store, queries),
        "memory_speedups": query_speedups(memory, queries) if memory is not None else None,
    }


def attach_ratios(run: Json) -> None:
    """Baseline ratios against the build's steps, once the build's timings are in ``run``."""
    if run.get("baseline"):
        run["baseline"]["ratios"] = baseline_ratios(run)


def run_size(n: int, settings: Settings, names: list[str]) -> Json:
    """Everything measured for ``n`` municipalities."""
    logs = settings.work / f"logs-{n}"
    dist = settings.work / f"dist-{n}"
    run: Json = {
        "municipalities": n,
        "seed": settings.seed,
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
    }
    say(f"N={n}: synth")
    run["synth"] = synth_corpus(n, settings, logs)
    run["build"] = run["analyze"] = run["queries_process"] = None
    run["queries"], run["baseline"], run["memory"] = {}, None, None
    if outcome(run["synth"]) == "ok":
        say(f"N={n}: build")
        run["build"] = build_corpus(n, settings, logs)
    if run["build"] and outcome(run["build"]) == "ok":
        run.update(build_facts(dist))
        # Queries first: `sdgkg analyze` adds its results graph to the build's store.
        say(f"N={n}: {run['triples']:,} triples; store queries")
        params_file, run["query_params"] = write_query_params(n, settings, logs)
        store = time_store_queries(n, settings, logs, names, params_file)
        run["queries_process"], run["queries"] = store["process"], store["queries"]
        if n <= settings.baseline_max:  # where the rdflib baseline gives a ratio for it
            say(f"N={n}: queries on an in-memory copy")
            run["memory"] = time_memory_queries(n, settings, logs, names, params_file)
        say(f"N={n}: analyze")
        run["analyze"] = analyze_build(n, settings, logs)
        if n <= settings.baseline_max:
            say(f"N={n}: rdflib and pySHACL baseline")
            memory = (run.get("memory") or {}).get("queries")
            run["baseline"] = run_baseline(
                n, settings, logs, names, run["queries"], params_file, memory
            )
    run.setdefault("triples", None)
    run["pipeline"] = pipeline_summary(run["build"], run["analyze"])
    attach_ratios(run)
    say(
        f"N={n}: pipeline {run['pipeline']['status']}, {run['pipeline']['wall_s']} s, "
        f"{run['pipeline']['peak_mb']} MiB"
    )
    if settings.clean:
        shutil.rmtree(dist, ignore_errors=True)
    return run


# -- the machine and the report --------------------------------------------------------------


def proc_value(path: str, key: str) -> str | None:
    """The first ``key: value`` in a /proc file (Linux), or None."""
    try:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            name, sep, value = line.partition(":")
            if sep and name.strip() == key:
                return value.strip()
    except OSError:
        return None
    return None


def os_name() -> str:
    """The distribution's name (``/etc/os-release``) and the kernel."""
    pretty = None
    try:
        for line in Path("/etc/os-release").read_text(encoding="utf-8").splitlines():
            if line.startswith("PRETTY_NAME="):
                pretty = line.partition("=")[2].strip('"')
    except OSError:
        pass
    return f"{pretty or platform.system()}, kernel {platform.release()}"


def version(package: str) -> str | None:
    """An installed package's version, or None."""
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def machine_info() -> Json:
    """Cores, memory, CPU, OS, Python and the versions of the libraries measured."""
    mem_kib = proc_value("/proc/meminfo", "MemTotal")
    memory = round(int(mem_kib.split()[0]) / 2**20, 1) if mem_kib else None
    return {
        "cores": os.cpu_count(),
        "memory_gib": memory,
        "cpu_model": proc_value("/proc/cpuinfo", "model name") or platform.processor() or "unknown",
        "os": os_name(),
        "python": platform.python_version(),
        "versions": {name: version(name) for name in VERSIONED},
    }


def git_commit(root: Path) -> str:
    """The commit checked out in ``root`` (what ``git rev-parse HEAD`` prints), or ``unknown``.

    Read from ``.git`` directly, so that it works where git is not installed.
    """
    git = root / ".git"
    try:
        if git.is_file():  # a linked worktree: ".git" names the real folder
            git = (root / git.read_text(encoding="utf-8").partition(":")[2].strip()).resolve()
        common = git
        if (git / "commondir").is_file():
            common = (git / (git / "commondir").read_text(encoding="utf-8").strip()).resolve()
        head = (git / "HEAD").read_text(encoding="utf-8").strip()
        if not head.startswith("ref:"):
            return head
        ref = head.partition(":")[2].strip()
        for base in (git, common):
            if (base / ref).is_file():
                return (base / ref).read_text(encoding="utf-8").strip()
        for line in (common / "packed-refs").read_text(encoding="utf-8").splitlines():
            if line.endswith(" " + ref):
                return line.split()[0]
    except OSError:
        pass
    return "unknown"


def results_document(settings: Settings, command: str, runs: list[Json]) -> Json:
    """Everything measured, with the machine and the targets."""
    names = [spec.name for spec in library()]
    settings_json = {k: str(v) if isinstance(v, Path) else v for k, v in asdict(settings).items()}
    return {
        "command": command,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": git_commit(PROJECT),
        "machine": machine_info(),
        "settings": settings_json,
        "library": names,
        "runs": runs,
        "scaling": scaling_ratios(runs),
        "targets": evaluate_targets(runs, names),
    }


def main(argv: list[str] | None = None) -> int:
    """Run every size, write ``scale.json`` and ``scale.md``; exit 1 if a command failed."""
    raw = sys.argv[1:] if argv is None else argv
    settings = parse_args(raw)
    command = shlex.join([".venv/bin/python", "benchmarks/scale.py", *raw])
    names = [spec.name for spec in library()]
    settings.work.mkdir(parents=True, exist_ok=True)
    runs = [run_size(n, settings, names) for n in settings.sizes]
    results = results_document(settings, command, runs)
    write_atomic(
        settings.results / "scale.json", json.dumps(results, indent=2, ensure_ascii=False) + "\n"
    )
    write_atomic(settings.results / "scale.md", render_markdown(results))
    for verdict in results["targets"]:
        say(f"{verdict['status']:>12}  {verdict['title']}: {verdict['detail']}")
    say(f"wrote {settings.results / 'scale.json'} and {settings.results / 'scale.md'}")
    failed = [
        f"N={r['municipalities']} {key}"
        for r in runs
        for key in ("synth", "build", "queries_process", "analyze")
        if r.get(key) and outcome(r[key]) != "ok"
    ]
    if failed:
        say(
            f"error: these commands failed or were stopped: {', '.join(failed)}; "
            f"their logs are in {settings.work}/logs-N/"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
