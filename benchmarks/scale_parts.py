"""The measured parts of the scale benchmark that are not ``sdgkg`` commands, one per process.

``benchmarks/scale.py`` runs each of these through ``measure_child.py``:

- ``store-queries``: every library query on the build's embedded store, opened read-only, run
  the way ``sdgkg query NAME`` answers it in a table (no parameters): a query with pages
  (``# pages: city``) gives its first page of municipalities, its pages worked out from the
  store within the timed run as the command does, and any other query its whole answer. Each
  query runs in a process of its own (``store-query``) stopped after ``--query-limit``
  seconds: a first run, then ``--repeats`` more, each fully materialised;
- ``memory-queries``: the same queries on an in-memory copy of the store, as
  ``sdgkg serve --in-memory`` answers them (``page=1`` for a query with pages): the copy is
  made once (timed), then each query runs as on the store, stopped after ``--query-limit``
  seconds;
- ``rdflib-load``: the build's ``sdgkg.nq`` into an in-memory ``rdflib.Dataset``;
- ``rdflib-queries``: the same library queries, with the same first pages bound (``--pages``),
  with rdflib's SPARQL engine on that dataset, each within its own time limit (``--limits``);
- ``pyshacl``: pySHACL on the union graph with the project's shapes.

Query parts write one JSON line per finished query (flushed at once), so what was measured
survives when the part is stopped at its time limit.
"""

from __future__ import annotations

import argparse
import gc
import json
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from functools import partial
from pathlib import Path
from types import FrameType
from typing import Any, TextIO

import pyoxigraph as ox

from graph_build.serve.protocol import QueryJob, execute
from graph_build.sparql.pages import Page, municipality_pages
from graph_build.sparql.query import QuerySpec, bound_text, library, parse_params, run_spec
from graph_build.store.embedded import in_memory, open_build
from graph_build.store.label_index import LabelIndex

#: Earlier forms of library queries (same rows), which rdflib may run faster than the library's.
BASELINE_FORMS = Path(__file__).resolve().parent / "baseline_forms"
#: The media type ``sdgkg serve`` answers SELECT queries in unless asked for another.
SPARQL_JSON = "application/sparql-results+json"
#: Seconds the rdflib query part keeps in hand before its hard limit, to write its last line.
SAFETY_MARGIN_S = 5.0


class OutOfTime(BaseException):
    """Raised by the alarm when a query runs past its share of the time limit.

    A ``BaseException`` so that no ``except Exception`` inside rdflib swallows it.
    """


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise OutOfTime


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`OutOfTime` in this block after ``seconds`` (pure-Python code only)."""
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.001))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def write_line(stream: TextIO, record: dict[str, Any]) -> None:
    """One JSON line, flushed so that it survives the process being stopped."""
    stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    stream.flush()


def timed(action: Callable[[], int]) -> tuple[float, int]:
    """Seconds taken by ``action`` and the row count it returned."""
    started = time.perf_counter()
    rows = action()
    return time.perf_counter() - started, rows


# A store query whose run took longer than this is not repeated: it misses the 2 s target by
# far whatever the other runs give, and at large sizes repeats would take most of the benchmark.
NO_REPEAT_ABOVE_S = 10.0
#: Seconds one store query may take (all its runs) before it is stopped and reported as such.
STORE_QUERY_LIMIT_S = 30.0


#: The entity a required ``iri`` parameter gets when the store does not know the header's example.
_FIRST_KPI = (
    "SELECT ?kpi WHERE { ?kpi a <https://w3id.org/sdgkg/ontology#KPI> } ORDER BY ?kpi LIMIT 1"
)
_FIRST_CITY = (
    "SELECT ?city WHERE { ?city a <https://w3id.org/sdgkg/ontology#Municipality> } "
    "ORDER BY ?city LIMIT 1"
)


def json_child(command: list[str], timeout: float, what: str) -> dict[str, Any]:
    """Run a benchmark's child process and read the JSON it prints; ``finished: False`` when it
    passed ``timeout`` seconds. A child that fails ends the benchmark with its error."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return {"finished": False}
    except subprocess.CalledProcessError as exc:
        raise SystemExit(f"{what} failed:\n{exc.stderr[-2000:]}") from exc
    result: dict[str, Any] = json.loads(done.stdout)
    result["finished"] = True
    return result


def write_results(path: Path | None, text: str, payload: Mapping[str, Any]) -> None:
    """Print a benchmark's Markdown report, and with ``path`` write it as PATH.md beside its
    data as PATH.json."""
    print(text)
    if path:
        path.with_suffix(".md").write_text(text, encoding="utf-8")
        path.with_suffix(".json").write_text(
            json.dumps(payload, indent=1, sort_keys=True) + "\n", encoding="utf-8"
        )


def _first(store: Any, query: str) -> str | None:
    for solution in store.query(query, use_default_graph_as_union=True):
        return str(solution[0].value)
    return None


def required_params(store: Any, specs: list[QuerySpec]) -> dict[str, dict[str, str]]:
    """Values the corpus holds for each query's required parameters (and the first of its
    ``one-of`` parameters), by query name.

    A city parameter gets the first municipality (in IRI order), an IRI the header's example if
    the store describes it and else the first KPI, any other type the header's example.
    """
    found: dict[str, dict[str, str]] = {}
    for spec in specs:
        values: dict[str, str] = {}
        # a query that takes exactly one of several parameters runs with the first of them
        chosen = spec.one_of[:1]
        for param in (p for p in spec.params if p.required or p in chosen):
            value = param.example
            if param.type == "city":
                city = _first(store, _FIRST_CITY)
                value = city.rsplit("/", 1)[-1] if city else value
            elif param.type == "iri":
                entity = ox.NamedNode(value) if value else None  # checks the IRI's form
                known = entity and _first(store, f"SELECT ?p WHERE {{ {entity} ?p ?o }} LIMIT 1")
                value = value if known else (_first(store, _FIRST_KPI) or value)
            if value is not None:
                values[param.name] = value
        if values:
            found[spec.name] = values
    return found


def query_pages(store: Any, spec: QuerySpec, size: int | None = None) -> list[Page]:
    """The pages of municipalities a library query answers in, as ``sdgkg query`` makes them
    (``size`` municipalities each, else the query's own size); none for a query answered whole."""
    return municipality_pages(store, size or spec.page_size) if spec.pages else []


def first_page(store: Any, spec: QuerySpec, params: Mapping[str, str]) -> Page | None:
    """The page ``sdgkg query NAME`` answers in a table: the first, for a query with pages whose
    city is not bound; ``None`` when the query is answered whole."""
    if not spec.pages or spec.pages in params:
        return None
    pages = query_pages(store, spec)
    return pages[0] if pages else None


def page_record(page: Page | None) -> dict[str, Any]:
    """What a result line says of the page it answered (nothing for a whole answer)."""
    if page is None:
        return {}
    return {"page": {"number": page.number, "of": page.count, "cities": len(page.cities)}}


def store_rows(
    store: Any, spec: QuerySpec, params: Mapping[str, str], labels: LabelIndex | None = None
) -> int:
    """Run a library query on the store as ``sdgkg query NAME`` answers it in a table (its
    first page when it has pages, worked out here as the command does; the build's label index
    ``labels``) and count the rows."""
    page = first_page(store, spec, params)
    return len(run_spec(store, spec, params, page, labels).rows)


def repeated_runs(run: Callable[[], tuple[float, int]], repeats: int) -> Iterator[dict[str, Any]]:
    """A first run of a query, then up to ``repeats`` more (none once a run takes longer than
    :data:`NO_REPEAT_ABOVE_S`). ``run`` gives seconds and rows. Yields the record so far after
    each run, so that runs finished before a time limit are not lost."""
    runs: list[float] = []
    for _ in range(1 + repeats):
        seconds, rows = run()
        runs.append(round(seconds, 6))
        yield {"status": "ok", "rows": rows, "runs_s": list(runs)}
        if seconds > NO_REPEAT_ABOVE_S:
            break  # far over the 2 s target already; repeats would only take time


def query_record(name: str, params: Mapping[str, str] | None) -> dict[str, Any]:
    """The start of a query's result line: its name, and its parameters if it has any."""
    record: dict[str, Any] = {"kind": "query", "name": name}
    if params:
        record["params"] = dict(params)
    return record


def store_query(
    out: Path, name: str, repeats: int, params: Mapping[str, str] | None = None
) -> Iterator[dict[str, Any]]:
    """One library query on the store, opened read-only in this process, run as
    :func:`repeated_runs` says."""
    store, labels = open_build(out)  # as sdgkg query opens a build
    spec = next(s for s in library() if s.name == name)
    answered = page_record(first_page(store, spec, params or {}))
    run = partial(timed, partial(store_rows, store, spec, params or {}, labels))
    for record in repeated_runs(run, repeats):
        yield {**record, **answered}


def json_lines(text: str) -> list[dict[str, Any]]:
    """The complete JSON objects of a text, one per line (a line cut off by a stopped process
    is skipped)."""
    records = []
    for line in text.splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict):
            records.append(record)
    return records


def last_record(output: str | bytes | None) -> dict[str, Any] | None:
    """The last complete JSON line a ``store-query`` process printed, if any."""
    text = output.decode("utf-8", "replace") if isinstance(output, bytes) else output or ""
    records = json_lines(text)
    return records[-1] if records else None


def earlier_form(name: str) -> Path | None:
    """The earlier form of the library query ``name`` in :data:`BASELINE_FORMS`, if there is one."""
    path = BASELINE_FORMS / f"{name}.rq"
    return path if path.is_file() else None


def store_queries(
    out: Path,
    repeats: int,
    result: Path,
    skip: set[str],
    query_limit_s: float,
    params: Mapping[str, Mapping[str, str]],
) -> None:
    """Time every library query on the embedded store, as ``sdgkg query`` runs it.

    Each query runs in a process of its own (a long aggregation in the store's native code
    cannot be interrupted from Python), stopped after ``query_limit_s`` seconds and then recorded
    as not finished. Lines are appended, and a ``start`` line comes before each query: if this
    process dies, the caller knows which query was running and can start again without it and
    without those done (``skip``).
    """
    with result.open("a", encoding="utf-8") as stream:
        for spec in library():
            if spec.name in skip:
                continue
            write_line(stream, {"kind": "start", "name": spec.name})
            given = dict(params.get(spec.name) or {})
            record = query_record(spec.name, given)
            command = [
                sys.executable,
                __file__,
                "store-query",
                "--out",
                str(out),
                "--name",
                spec.name,
                "--repeats",
                str(repeats),
                *(f"--param={key}={value}" for key, value in given.items()),
            ]
            try:
                done = subprocess.run(
                    command, capture_output=True, text=True, timeout=query_limit_s, check=False
                )
                if done.returncode == 0:
                    record.update(last_record(done.stdout) or {})
                else:
                    tail = (done.stderr.strip().splitlines() or [""])[-1]
                    record.update(status="error", error=f"exit code {done.returncode}: {tail}")
            except subprocess.TimeoutExpired as stopped:
                finished = last_record(stopped.stdout)
                if finished:  # stopped during a repeat: the runs before it count
                    record.update(finished, stopped_after_s=query_limit_s)
                else:
                    error = f"did not finish within {query_limit_s:g} s"
                    record.update(status="error", error=error)
            write_line(stream, record)


class RefusedError(RuntimeError):
    """The endpoint answered a query with an error status (such as its answer-size limit)."""


def served(
    store: Any, spec: QuerySpec, params: Mapping[str, str], labels: LabelIndex | None = None
) -> tuple[float, int]:
    """Answer a library query as ``sdgkg serve`` does (SPARQL JSON results, the build's label
    index ``labels`` narrowing a label search; ``page=1`` for a query with pages): the seconds
    that took, and the rows of the answer (counted afterwards)."""
    page = "1" if spec.pages and spec.pages not in params else ""
    job = QueryJob(library=spec.name, params=tuple(params.items()), page=page, accept=SPARQL_JSON)
    started = time.perf_counter()
    reply = execute(store, job, labels=labels)
    seconds = time.perf_counter() - started
    if reply.status != 200:
        raise RefusedError(f"HTTP {reply.status}: {reply.body.decode('utf-8', 'replace').strip()}")
    return seconds, len(json.loads(reply.body)["results"]["bindings"])


def memory_queries(
    out: Path,
    repeats: int,
    result: Path,
    query_limit_s: float,
    params: Mapping[str, Mapping[str, str]],
) -> None:
    """Every library query on an in-memory copy of the store, answered as ``sdgkg serve
    --in-memory`` answers it (:func:`served`). A ``copy`` line gives the seconds taken to
    make the copy; then a line per query, as the store part writes them. The copy is made once,
    so the queries share a process; a query is stopped at ``query_limit_s`` when control comes
    back to Python."""
    with result.open("w", encoding="utf-8") as stream:
        started = time.perf_counter()
        store, labels = open_build(out)
        copy = in_memory(store)
        del store
        copy_s = round(time.perf_counter() - started, 3)
        write_line(stream, {"kind": "copy", "copy_s": copy_s, "quads": len(copy)})
        for spec in library():
            given = dict(params.get(spec.name) or {})
            record = query_record(spec.name, given)
            finished: dict[str, Any] | None = None
            try:
                with time_limit(query_limit_s):
                    for so_far in repeated_runs(
                        partial(served, copy, spec, given, labels), repeats
                    ):
                        finished = so_far
            except OutOfTime:
                pass  # the runs finished before the limit count, as on the store
            except RefusedError as refused:  # one query's refusal must not end the others' runs
                finished = {"status": "error", "error": f"refused by the endpoint: {refused}"}
            if finished is None:
                error = f"did not finish within {query_limit_s:g} s"
                finished = {"status": "error", "error": error}
            write_line(stream, {**record, **finished})


def load_dataset(nquads: Path) -> Any:
    """The N-Quads file in an in-memory ``rdflib.Dataset`` whose default graph is the union."""
    from rdflib import Dataset

    dataset = Dataset(default_union=True)
    dataset.parse(str(nquads), format="nquads")
    return dataset


def rdflib_load(nquads: Path, result: Path) -> None:
    """Time loading the dump into rdflib; count the quads and the distinct triples."""
    started = time.perf_counter()
    dataset = load_dataset(nquads)
    seconds = time.perf_counter() - started
    record = {
        "kind": "load",
        "status": "ok",
        "load_s": round(seconds, 3),
        "quads": sum(1 for _ in dataset.quads((None, None, None, None))),
        "union_triples": len(dataset),
    }
    result.write_text(json.dumps(record) + "\n", encoding="utf-8")


def rdflib_rows(dataset: Any, text: str) -> int:
    """Run a query text with rdflib's SPARQL engine and count the rows it gives."""
    return len(list(dataset.query(text)))


def rdflib_query(
    dataset: Any,
    spec: QuerySpec,
    repeats: int,
    share_s: float,
    params: Mapping[str, str] | None = None,
    page: Page | None = None,
) -> dict[str, Any]:
    """A first run and up to ``repeats`` more, all within ``share_s`` seconds together; the
    parameters and the ``page`` the store answered are bound as for the store (inline
    ``VALUES``), so both run the same text."""
    record = {
        **query_record(spec.name, params),
        **page_record(page),
        "limit_s": round(share_s, 1),
    }
    text = bound_text(spec, params or {}, page)
    budget_end = time.perf_counter() + share_s
    runs: list[float] = []
    rows = 0
    started = time.perf_counter()
    try:
        with time_limit(share_s):
            seconds, rows = timed(partial(rdflib_rows, dataset, text))
        runs.append(round(seconds, 6))
        for _ in range(repeats):
            left = budget_end - time.perf_counter()
            if left <= 0:
                break
            with time_limit(left):
                seconds, rows = timed(partial(rdflib_rows, dataset, text))
            runs.append(round(seconds, 6))
    except OutOfTime:
        if not runs:
            record.update(status="timeout", after_s=round(time.perf_counter() - started, 1))
            return record
    except MemoryError:
        gc.collect()
        if not runs:
            record.update(status="out of memory", after_s=round(time.perf_counter() - started, 1))
            return record
    except Exception as exc:  # rdflib cannot run some queries: record why
        record.update(status="error", error=f"{type(exc).__name__}: {exc}")
        return record
    record.update(status="ok", rows=rows, runs_s=runs)
    return record


def rdflib_queries(
    nquads: Path,
    repeats: int,
    deadline_s: float,
    limits: Mapping[str, float],
    params: Mapping[str, Mapping[str, str]],
    result: Path,
    pages: Mapping[str, Page] | None = None,
) -> None:
    """Every library query with rdflib, in the library's form and in the earlier form kept in
    :data:`BASELINE_FORMS` if there is one (a line each), each bound to the page the store
    answered (``pages``, by query name) if any; an earlier form that does not use the page's
    variable is not run on a page. Each form gets the query's own limit (``limits``, which must
    name every query), cut in proportion if the part's time left cannot cover the limits still
    to come (:func:`time_share`)."""
    missing = sorted(spec.name for spec in library() if spec.name not in limits)
    if missing:
        raise ValueError(f"no time limit for the queries {', '.join(missing)}")
    pages = pages or {}
    deadline = time.perf_counter() + deadline_s - SAFETY_MARGIN_S
    dataset = load_dataset(nquads)
    runs: list[tuple[QuerySpec, str]] = []
    for spec in library():
        runs.append((spec, "library"))
        earlier = earlier_form(spec.name)
        if earlier is not None:
            text = earlier.read_text(encoding="utf-8")
            param = spec.page_param
            if spec.name not in pages or (param and f"?{param.variable}" in text):
                runs.append((replace(spec, text=text), "earlier"))
    own = [limits[spec.name] for spec, _form in runs]
    with result.open("w", encoding="utf-8") as stream:
        for index, (spec, form) in enumerate(runs):
            left = deadline - time.perf_counter()
            share = time_share(left, own[index:])
            page = pages.get(spec.name)
            record = rdflib_query(dataset, spec, repeats, share, params.get(spec.name), page)
            write_line(stream, {**record, "form": form})


def page_json(page: Page) -> dict[str, Any]:
    """A page as the pages file holds it."""
    return {
        "number": page.number,
        "count": page.count,
        "cities": list(page.cities),
        "first": page.first,
        "total": page.total,
    }


def read_pages(path: Path | None) -> dict[str, Page]:
    """The pages file: by query name, the page the store answered."""
    if path is None:
        return {}
    found = json.loads(path.read_text(encoding="utf-8"))
    return {
        name: Page(p["number"], p["count"], tuple(p["cities"]), p["first"], p["total"])
        for name, p in found.items()
    }


def time_share(left_s: float, limits: Sequence[float]) -> float:
    """Seconds for the first of ``limits``, out of ``left_s`` for all of them: its own limit
    when the time left covers every limit, else in proportion to it."""
    if not limits:
        raise ValueError("no query to share the time with")
    first, total = limits[0], sum(limits)
    return first if total <= left_s else max(left_s, 0.0) * first / total


def pyshacl_validate(nquads: Path, result: Path) -> None:
    """pySHACL on the union graph: the project's shapes, no inference, warnings allowed."""
    from pyshacl import validate
    from rdflib import RDF, SH, Graph

    from graph_build.validate.shacl import SHACL_OPTIONS, load_shapes

    started = time.perf_counter()
    union = Graph()
    for triple in load_dataset(nquads).triples((None, None, None)):
        union.add(triple)
    shapes = load_shapes()
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    conforms, report, _text = validate(
        union,
        shacl_graph=shapes,
        advanced=True,
        **SHACL_OPTIONS,
    )
    validate_s = time.perf_counter() - started
    severities = [
        report.value(r, SH.resultSeverity) for r in report.subjects(RDF.type, SH.ValidationResult)
    ]
    record = {
        "kind": "shacl",
        "status": "ok",
        "load_s": round(load_s, 3),
        "validate_s": round(validate_s, 3),
        "conforms": bool(conforms),
        "violations": sum(1 for s in severities if s == SH.Violation),
        "warnings": sum(1 for s in severities if s == SH.Warning),
        "results": len(severities),
    }
    result.write_text(json.dumps(record) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    """Parse the arguments and run one part."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parts = parser.add_subparsers(dest="part", required=True)
    store = parts.add_parser("store-queries")
    store.add_argument("--out", type=Path, required=True)
    store.add_argument("--repeats", type=int, default=3)
    store.add_argument("--skip", action="append", default=[], help="A query not to run again.")
    store.add_argument(
        "--query-limit", type=float, default=STORE_QUERY_LIMIT_S, help="Seconds per query."
    )
    memory = parts.add_parser("memory-queries")
    memory.add_argument("--out", type=Path, required=True)
    memory.add_argument("--repeats", type=int, default=3)
    memory.add_argument(
        "--query-limit", type=float, default=STORE_QUERY_LIMIT_S, help="Seconds per query."
    )
    one = parts.add_parser("store-query")
    one.add_argument("--out", type=Path, required=True)
    one.add_argument("--name", required=True)
    one.add_argument("--repeats", type=int, default=3)
    one.add_argument("--param", action="append", default=[], help="NAME=VALUE, as sdgkg query.")
    load = parts.add_parser("rdflib-load")
    queries = parts.add_parser("rdflib-queries")
    queries.add_argument("--repeats", type=int, default=3)
    queries.add_argument("--deadline", type=float, required=True, help="Seconds for the part.")
    queries.add_argument(
        "--limits", type=Path, required=True, help="JSON file: seconds for each query by name."
    )
    queries.add_argument(
        "--pages",
        type=Path,
        default=None,
        help="JSON file: by query name, the page of municipalities the store answered.",
    )
    shacl = parts.add_parser("pyshacl")
    for sub in (load, queries, shacl):
        sub.add_argument("--nquads", type=Path, required=True)
    for sub in (store, memory, load, queries, shacl):
        sub.add_argument("--result", type=Path, required=True)
    for sub in (store, memory, queries):
        sub.add_argument(
            "--params", type=Path, default=None, help="JSON file: parameters by query name."
        )
    args = parser.parse_args(argv)
    params_file = getattr(args, "params", None)
    given = json.loads(params_file.read_text(encoding="utf-8")) if params_file else {}
    if args.part == "store-query":
        params = parse_params(args.param)
        for record in store_query(args.out, args.name, args.repeats, params):
            print(json.dumps(record), flush=True)
    elif args.part == "store-queries":
        store_queries(args.out, args.repeats, args.result, set(args.skip), args.query_limit, given)
    elif args.part == "memory-queries":
        memory_queries(args.out, args.repeats, args.result, args.query_limit, given)
    elif args.part == "rdflib-load":
        rdflib_load(args.nquads, args.result)
    elif args.part == "rdflib-queries":
        limits = json.loads(args.limits.read_text(encoding="utf-8"))
        pages = read_pages(args.pages)
        rdflib_queries(args.nquads, args.repeats, args.deadline, limits, given, args.result, pages)
    else:
        pyshacl_validate(args.nquads, args.result)


if __name__ == "__main__":
    main(sys.argv[1:])
