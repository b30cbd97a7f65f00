"""How much of each seed document the curated records cite, section by section.

A section is what the records call it (``source.section``); its extent is taken as the lines from
the first to the last line any record cites under that name. Within it, a non-blank line counts as
cited when at least one span (record, placement, funding, example, further source) covers it.
Non-blank lines outside every section's extent are reported as one row per document, and the
whole document as another (sections named differently may overlap, so rows do not add up). The table
shows where records are thin; it says nothing about whether a cited line is read correctly.

Run: .venv/bin/python benchmarks/source_coverage.py [--data DIR] [--seeds DIR]
Writes benchmarks/results/source_coverage.md.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from graph_build.paths import DATA_DIR
from graph_build.records.model import Source
from graph_build.records.sources import load_corpus

RESULTS = Path(__file__).parent / "results"
SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
OUTSIDE = "(outside every cited section)"
WHOLE = "(whole document)"


@dataclass(frozen=True)
class SectionCoverage:
    """Cited and non-blank lines of one section of one document."""

    document: str
    section: str
    first: int
    last: int
    lines: int
    cited: int


def sources_in(value: object) -> Iterator[Source]:
    """Every :class:`Source` inside a record, however deeply nested."""
    if isinstance(value, Source):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from sources_in(getattr(value, name))
    elif isinstance(value, list):
        for item in value:
            yield from sources_in(item)


def document_coverage(document: str, text: list[str], spans: list[Source]) -> list[SectionCoverage]:
    """Per-section coverage of one document, sections in order of their first line."""
    cited = {n for s in spans for n in range(s.start_line, s.end_line + 1)}
    extents: dict[str, tuple[int, int]] = {}
    for s in spans:
        first, last = extents.get(s.section, (s.start_line, s.end_line))
        extents[s.section] = (min(first, s.start_line), max(last, s.end_line))
    nonblank = {n for n, line in enumerate(text, start=1) if line.strip()}
    rows = []
    for section, (first, last) in sorted(extents.items(), key=lambda kv: (kv[1], kv[0])):
        lines = {n for n in nonblank if first <= n <= last}
        rows.append(SectionCoverage(document, section, first, last, len(lines), len(lines & cited)))
    inside = {n for first, last in extents.values() for n in range(first, last + 1)}
    rest = nonblank - inside
    rows.append(SectionCoverage(document, OUTSIDE, 0, 0, len(rest), 0))
    whole = SectionCoverage(document, WHOLE, 1, len(text), len(nonblank), len(nonblank & cited))
    rows.append(whole)
    return rows


def coverage(data: Path, seeds: Path) -> list[SectionCoverage]:
    """Coverage rows for every document of the data folder."""
    rows: list[SectionCoverage] = []
    for doc in load_corpus(data).documents():
        meta = doc.records.document
        text = (seeds / meta.seed).read_text(encoding="utf-8").splitlines()
        spans = list(sources_in(doc.records))
        rows.extend(document_coverage(f"{doc.city}/{meta.id}", text, spans))
    return rows


def markdown(rows: list[SectionCoverage]) -> str:
    """The table as Markdown."""
    out = [
        "# Seed lines cited by the records, per section",
        "",
        "Written by `benchmarks/source_coverage.py`. Non-blank lines only; a section spans the",
        "first to the last line any record cites under its name.",
        "",
        "| document | section | lines | non-blank | cited | share |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        extent = f"{r.first}–{r.last}" if r.first else "–"
        share = f"{r.cited / r.lines:.0%}" if r.lines else "–"
        out.append(f"| {r.document} | {r.section} | {extent} | {r.lines} | {r.cited} | {share} |")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Compute the coverage table and write it to ``benchmarks/results``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=DATA_DIR)
    parser.add_argument("--seeds", type=Path, default=SEEDS)
    parser.add_argument("--out", type=Path, default=RESULTS / "source_coverage.md")
    args = parser.parse_args(argv)
    args.out.write_text(markdown(coverage(args.data, args.seeds)), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
