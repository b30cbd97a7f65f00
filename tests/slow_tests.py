"""Record which quick-looking tests are slow, for ``make test-fast`` to leave out.

Tests that use a built graph, a server or an install are marked ``slow`` by their fixtures
(``conftest.py``). Some others are slow on their own (a property test, a subprocess, a large
input); ``slow_tests.txt`` lists them. Re-record it after adding tests::

    .venv/bin/python -m pytest -m "not slow" --durations=0 -q -p no:cacheprovider > durations.log
    .venv/bin/python tests/slow_tests.py durations.log

Each test whose setup, call and teardown together took at least ``THRESHOLD`` seconds is listed,
with those already listed kept (a test does not become fast by running on a faster machine).
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

LISTED = Path(__file__).with_name("slow_tests.txt")
THRESHOLD = 0.5  # seconds
# "1.23s call     tests/test_x.py::test_y[param]" in pytest's --durations report
_DURATION = re.compile(r"^(\d+(?:\.\d+)?)s (?:setup|call|teardown)\s+(\S.*)$")
_HEADER = "# Tests left out of `make test-fast` for their own duration; see tests/slow_tests.py.\n"


def listed() -> set[str]:
    """The node ids in ``slow_tests.txt``."""
    if not LISTED.exists():
        return set()
    lines = LISTED.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def slow_in(report: str) -> set[str]:
    """Node ids whose phases in a ``--durations=0`` report add up to ``THRESHOLD`` or more."""
    totals: dict[str, float] = defaultdict(float)
    for line in report.splitlines():
        found = _DURATION.match(line.strip())
        if found:
            totals[found.group(2).strip()] += float(found.group(1))
    return {node for node, seconds in totals.items() if seconds >= THRESHOLD}


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python tests/slow_tests.py DURATIONS_LOG", file=sys.stderr)
        return 2
    report = Path(argv[0]).read_text(encoding="utf-8")
    if "slowest durations" not in report:
        print(f"{argv[0]}: no --durations report in it (run pytest with --durations=0)")
        return 1
    nodes = sorted(listed() | slow_in(report))
    LISTED.write_text(_HEADER + "".join(node + "\n" for node in nodes), encoding="utf-8")
    print(f"{LISTED}: {len(nodes)} tests")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
