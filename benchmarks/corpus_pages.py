"""Corpus-wide library answers as ``sdgkg query`` gives them: a page at a time.

For each library query on a build, with only its required parameters (and the first of a one-of
choice) bound, as the scale benchmark runs it (``scale_parts.required_params``):

- a **paged** query (``# pages: city``): the first page of ``--page-size`` municipalities, which
  ``sdgkg query NAME`` prints in a table, ``--repeats`` times (slowest and median, the first run
  included); then, once, every page one after the other (the whole answer, as ``--format csv``
  streams it), its rows and time;
- any other query: the whole answer, ``--repeats`` times.

Rows are made as ``sdgkg query`` and the Python API make them (``run_spec``, with the build's
label index when it has one). Each query runs in a process of its own that opens the store
(opening not counted) and is stopped after ``--timeout`` seconds. With ``--warm``, every file
of the store is read once first, so that the figures are those of a store in the operating
system's page cache (a server that has been answering for a while) rather than of a disk read
for the first time. With ``--cold`` (Linux, as root), the page cache is emptied before each
query instead, so that its first run reads the store from disk, as after a reboot. Without
either, the first runs find whatever the machine last read. The results say which.
``--first-only`` skips the all-pages part.

    .venv/bin/python benchmarks/corpus_pages.py --out /tmp/big/dist \\
        --result benchmarks/results/corpus_pages_1741
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import pyoxigraph as ox
from scale_parts import json_child, query_pages, required_params, write_results

from graph_build.sparql.pages import DEFAULT_PAGE_SIZE, municipality_pages
from graph_build.sparql.query import library, run_spec
from graph_build.store.embedded import open_build, open_store

TARGET_SECONDS = 2.0


def measure(out: Path, name: str, part: str, repeats: int, size: int | None) -> dict[str, object]:
    """Run one part of one query in this process: ``first`` (the first page, or the whole
    answer of a query without pages) ``repeats`` times, or ``all`` (every page) once."""
    store, labels = open_build(out)  # as sdgkg query opens a build
    spec = next(s for s in library() if s.name == name)
    params = required_params(store, [spec]).get(name, {})
    pages = query_pages(store, spec, size)
    times, rows = [], 0
    if part == "first":
        for _ in range(repeats):
            start = time.perf_counter()
            first = pages[0] if pages else None
            rows = len(run_spec(store, spec, params, first, labels).rows)
            times.append(time.perf_counter() - start)
    else:
        start = time.perf_counter()
        for page in pages:
            rows += len(run_spec(store, spec, params, page, labels).rows)
        times.append(time.perf_counter() - start)
    return {
        "rows": rows,
        "slowest": round(max(times), 3),
        "median": round(statistics.median(times), 3),
        "pages": len(pages),
        "params": params,
    }


def run_child(args: argparse.Namespace, name: str, part: str) -> dict[str, object]:
    """One part in a child process; ``finished: False`` when it passed ``--timeout``."""
    command = [
        sys.executable,
        __file__,
        "--out",
        str(args.out),
        "--repeats",
        str(args.repeats),
        *(["--page-size", str(args.page_size)] if args.page_size else []),
        "--child",
        name,
        part,
    ]
    return json_child(command, args.timeout, f"{name} ({part})")


def warm(out: Path) -> dict[str, float]:
    """Read every file of the build's store once, so that the page cache holds it."""
    start, size = time.perf_counter(), 0
    for path in sorted((out / "store").rglob("*")):
        if path.is_file():
            with path.open("rb") as handle:
                while chunk := handle.read(1 << 22):
                    size += len(chunk)
    return {"gib": round(size / (1 << 30), 1), "seconds": round(time.perf_counter() - start, 1)}


def drop_page_cache() -> None:
    """Empty the operating system's page cache (Linux, as root), so that the next query reads
    the store from disk as after a reboot."""
    os.sync()
    try:
        Path("/proc/sys/vm/drop_caches").write_text("3\n", encoding="ascii")
    except OSError as exc:
        sys.exit(f"error: --cold cannot empty the page cache ({exc}): it needs Linux and root")


def _s(part: dict[str, object], key: str) -> str:
    value = part.get(key)
    return f"{value:.2f}" if isinstance(value, float | int) else "—"


def report(results: dict[str, dict[str, dict[str, object]]], meta: dict[str, object]) -> str:
    """The results as Markdown, in library order."""
    over = [
        name
        for name, parts in results.items()
        if not parts["first"].get("finished") or float(parts["first"]["slowest"]) >= TARGET_SECONDS  # type: ignore[arg-type]
    ]
    then_all = (
        ""
        if meta.get("first_only")
        else "; then every page one after the other once (the whole answer, as `--format csv` "
        "streams it)"
    )
    lines = [
        "# Corpus-wide library answers, a page of municipalities at a time",
        "",
        f"Build `{meta['out']}`: {meta['municipalities']:,} municipalities, {meta['quads']:,} "
        f"quads. Command: `{meta['command']}`. Machine: {meta['machine']}.",
        "",
        f"Each query with only its required parameters bound. A paged query: its first page of "
        f"{meta['page_size']} (what `sdgkg query NAME` prints as a table), "
        f"{meta['repeats']} runs, slowest / median in seconds, the first run included{then_all}. "
        f"Any other query: its whole answer, {meta['repeats']} runs. Rows as `sdgkg query` makes "
        f"them; '—' is a part stopped at {meta['timeout']:g} s. {meta['cache']}",
        "",
        f"**{len(results) - len(over)} of {len(results)} under {TARGET_SECONDS:g} s** "
        f"(first page, or whole answer when not paged); over: {', '.join(over) or 'none'}.",
        "",
        "| query | pages | rows (first page or whole) | slowest s | median s "
        "| all pages: rows | all pages: s |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, parts in results.items():
        first, every = parts["first"], parts.get("all", {})
        pages = first.get("pages") or every.get("pages") or ""
        lines.append(
            f"| `{name}` | {pages} | {first.get('rows', '—')} | {_s(first, 'slowest')} | "
            f"{_s(first, 'median')} | {every.get('rows', '') if every else ''} | "
            f"{_s(every, 'slowest') if every else ''} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, required=True, help="a build folder")
    parser.add_argument("--result", type=Path, help="write RESULT.md and RESULT.json")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--page-size", type=int, default=None, help="municipalities per page (default: the query's)"
    )
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per part")
    parser.add_argument("--only", nargs="*", default=[], help="these queries only")
    parser.add_argument(
        "--warm", action="store_true", help="read the store's files once first (page cache)"
    )
    parser.add_argument(
        "--cold",
        action="store_true",
        help="empty the page cache before each query (Linux, root): first runs read the disk",
    )
    parser.add_argument(
        "--first-only", action="store_true", help="time the first page only, not all pages"
    )
    parser.add_argument("--child", nargs=2, metavar=("QUERY", "PART"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.warm and args.cold:
        parser.error("--warm and --cold exclude each other")
    if args.child:
        name, part = args.child
        print(json.dumps(measure(args.out, name, part, args.repeats, args.page_size)))
        return 0
    specs = [s for s in library() if not args.only or s.name in args.only]
    warmed = warm(args.out) if args.warm else None
    results: dict[str, dict[str, dict[str, object]]] = {}
    for spec in specs:
        if args.cold:
            drop_page_cache()
        results[spec.name] = {"first": run_child(args, spec.name, "first")}
        if spec.pages and not args.first_only:
            results[spec.name]["all"] = run_child(args, spec.name, "all")
        print(spec.name, results[spec.name], flush=True)
    store = open_store(args.out)
    meta: dict[str, object] = {
        "out": str(args.out),
        "quads": len(store),
        "municipalities": sum(len(p.cities) for p in municipality_pages(store)),
        "page_size": f"{args.page_size} municipalities"
        if args.page_size
        else f"its own size ({DEFAULT_PAGE_SIZE} municipalities unless its header says)",
        "repeats": args.repeats,
        "timeout": args.timeout,
        "cache": f"The store's files ({warmed['gib']} GiB) were read once before the runs "
        f"({warmed['seconds']} s), so that they were in the page cache."
        if warmed
        else "The page cache was emptied before each query, so that its first run read the "
        "store from disk."
        if args.cold
        else "The store's files were not read beforehand: the first runs may read the disk.",
        "warmed": warmed,
        "first_only": args.first_only,
        "command": "python benchmarks/corpus_pages.py " + " ".join(sys.argv[1:]),
        "machine": f"{platform.machine()}, {platform.processor() or 'CPU'}, Python "
        f"{platform.python_version()}, pyoxigraph {ox.__version__}",
    }
    write_results(args.result, report(results, meta), {"meta": meta, "queries": results})
    return 0


if __name__ == "__main__":
    sys.exit(main())
