"""Finding the counted lines of a build's derived graphs: every line split, or a byte search.

After writing each block of the derived graphs (the SDG suggestions, 10 GB at 1,741
municipalities), the build picks out the statements it counts: the types of their nodes and the
links that cross municipalities. This reads ``--blocks`` blocks of the suggestions graph from a
build's ``sdgkg.nq`` (their places from its ``build.json``) and times both ways of finding those
statements on the same bytes, ``--repeats`` times each: splitting every line (as the build did
before) and :func:`graph_build.emit.corpus_nquads.statements_with`; it checks that both find the
same statements. Neither time includes what the build then does with the statements found.

    .venv/bin/python benchmarks/derived_lines.py --out /tmp/scale-work/dist-1741 \\
        --result benchmarks/results/derived_lines_1741
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

from graph_build.emit.corpus_nquads import TYPE_OR_SHARED, statements_with
from graph_build.emit.dump_blocks import RECEIPT_KEY
from graph_build.iris import SUGGESTIONS_GRAPH

Found = list[tuple[str, str, str]]


def split_every_line(data: bytes, predicates: frozenset[str]) -> Found:
    """The statements of ``predicates``, found as the build found them before: every line
    split into its terms, then the statements kept whose predicate is one of them."""
    statements = []
    for line in data.decode("utf-8").splitlines():
        s, p, rest = line.split(" ", 2)
        statements.append((s, p, rest.rsplit(" ", 2)[0]))
    return [statement for statement in statements if statement[1] in predicates]


def by_byte_search(data: bytes, predicates: frozenset[str]) -> Found:
    """The same statements, as the build finds them now."""
    return list(statements_with(data, predicates))


def suggestion_blocks(out: Path, count: int) -> list[bytes]:
    """The first ``count`` municipalities' blocks of the suggestions graph of the build in
    ``out``."""
    receipt = json.loads((out / "build.json").read_text(encoding="utf-8"))
    blocks = [
        b
        for b in receipt[RECEIPT_KEY]["blocks"]
        if b[0] == str(SUGGESTIONS_GRAPH) and b[1] not in ("", "activity")
    ][:count]
    found = []
    with (out / "sdgkg.nq").open("rb") as handle:
        for _graph, _owner, start, end, _digest in blocks:
            handle.seek(start)
            found.append(handle.read(end - start))
    return found


def timed(
    find: Callable[[bytes, frozenset[str]], Found], blocks: list[bytes], repeats: int
) -> tuple[list[float], Found]:
    """Seconds of each run over all blocks, and what the last run found, sorted."""
    times, found = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        found = [row for data in blocks for row in find(data, TYPE_OR_SHARED)]
        times.append(round(time.perf_counter() - start, 3))
    return times, sorted(found)


def main(argv: list[str] | None = None) -> int:
    """Time both ways on the blocks and write the report."""
    from scale_parts import write_results  # beside this script when it runs

    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, required=True, help="a build folder")
    parser.add_argument("--blocks", type=int, default=20, help="municipalities' blocks to read")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--result", type=Path, help="write RESULT.md and RESULT.json")
    args = parser.parse_args(argv)
    blocks = suggestion_blocks(args.out, args.blocks)
    size = sum(len(b) for b in blocks)
    lines = sum(b.count(b"\n") for b in blocks)
    (old, old_found), (new, new_found) = (
        timed(find, blocks, args.repeats) for find in (split_every_line, by_byte_search)
    )
    same = old_found == new_found
    split_gb, search_gb = (round(min(s) / size * 1e9, 2) for s in (old, new))
    text = "\n".join(
        [
            "# Finding the counted lines of the derived graphs",
            "",
            f"Build `{args.out}`: {len(blocks)} municipalities' blocks of the suggestions graph, "
            f"{size:,} bytes, {lines:,} lines, {len(new_found):,} of them counted; "
            f"{args.repeats} runs each. Command: "
            "`python benchmarks/derived_lines.py " + " ".join(sys.argv[1:]) + "`. Machine: "
            f"{platform.machine()}, Python {platform.python_version()}.",
            "",
            "| way | runs, s | fastest, s per GB |",
            "|---|---|---:|",
            f"| every line split | {', '.join(map(str, old))} | {split_gb} |",
            f"| byte search (`statements_with`) | {', '.join(map(str, new))} | {search_gb} |",
            "",
            f"Both found the same statements: {'yes' if same else 'NO'}.",
            "",
        ]
    )
    payload = {
        "blocks": len(blocks),
        "bytes": size,
        "lines": lines,
        "counted": len(new_found),
        "split_seconds": old,
        "search_seconds": new,
        "seconds_per_gb": {"split": split_gb, "search": search_gb},
        "same": same,
    }
    write_results(args.result, text, payload)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
