"""The source coverage table: counting on a small case, and the recorded table is current."""

from __future__ import annotations

from pathlib import Path

from benchmarks.source_coverage import (
    OUTSIDE,
    RESULTS,
    WHOLE,
    coverage,
    document_coverage,
    markdown,
)
from graph_build.paths import DATA_DIR
from graph_build.records.model import Source


def test_cited_lines_are_counted_per_section_without_blank_lines() -> None:
    text = ["heading", "a", "", "b", "c", "other", "d", "tail"]
    spans = [
        Source(section="one", lines="1-2"),
        Source(section="one", lines=5),
        Source(section="two", lines="6-7"),
    ]
    rows = {r.section: r for r in document_coverage("doc", text, spans)}
    assert (rows["one"].first, rows["one"].last) == (1, 5)
    assert (rows["one"].lines, rows["one"].cited) == (4, 3)  # line 3 is blank, 4 uncited
    assert (rows["two"].lines, rows["two"].cited) == (2, 2)
    assert (rows[OUTSIDE].lines, rows[OUTSIDE].cited) == (1, 0)
    assert (rows[WHOLE].lines, rows[WHOLE].cited) == (7, 5)


def test_recorded_table_matches_the_records(seeds: Path) -> None:
    recorded = (RESULTS / "source_coverage.md").read_text(encoding="utf-8")
    assert markdown(coverage(DATA_DIR, seeds)) == recorded, (
        "run .venv/bin/python benchmarks/source_coverage.py to refresh the table"
    )
