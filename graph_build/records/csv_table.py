"""Tabular data files of a records folder, read as a spreadsheet saves them.

UTF-8 with or without a byte-order mark, CRLF or LF line ends, a header row that must name the
expected columns in order. Problems name the file and line, and say how to fix them. Used by the
monitored KPI values (``kpi-observations.csv``) and the partner registry (``partners.csv``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from pathlib import Path

from graph_build.errors import InputError, Problem
from graph_build.files import decode_text
from graph_build.records.limits import (
    TEXT_LENGTH_FLAG,
    max_text_length,
    read_record_bytes,
    unsafe_character_problems,
)

# A source that starts with this marks made-up rows, e.g. "illustrative: not published".
ILLUSTRATIVE_MARKER = "illustrative:"


def is_illustrative(source: str) -> bool:
    """Whether a ``source`` cell marks its row as illustrative (case-insensitive marker)."""
    return source.strip().lower().startswith(ILLUSTRATIVE_MARKER)


def csv_rows(path: Path, text: str) -> list[tuple[int, list[str]]]:
    """CSV rows with the line each starts on (a quoted cell may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for row in reader:
            rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(
            [
                Problem(
                    path,
                    f"cannot read as CSV: {exc}",
                    line=reader.line_num or 1,
                    hint="check the quotes on this line; save the sheet as CSV (UTF-8)",
                )
            ]
        ) from exc
    return rows


def header_problem(path: Path, header: list[str], columns: Sequence[str]) -> Problem | None:
    """A problem when the header row is not exactly ``columns``, saying what differs."""
    names = [name.strip() for name in header]
    if tuple(names) == tuple(columns):
        return None
    missing = [c for c in columns if c not in names]
    extra = [n for n in names if n not in columns]
    detail = []
    if missing:
        detail.append("missing " + ", ".join(missing))
    if extra:
        detail.append("unknown " + ", ".join(repr(n) for n in extra))
    if not detail:
        detail.append("columns out of order")
    return Problem(
        path,
        f"the header row is '{','.join(header)}' ({'; '.join(detail)})",
        line=1,
        hint=f"make the first row exactly {','.join(columns)}",
    )


def read_csv_table(
    path: Path, columns: Sequence[str], split_hint: str, empty_hint: str
) -> tuple[list[tuple[int, list[str]]], list[Problem]]:
    """The data rows (line, cells) of a checked CSV file, or the problems that stop reading it.

    The header must be exactly ``columns``; the rows are returned unchecked.
    """
    try:
        raw = read_record_bytes(path, split_hint=split_hint)
        text = decode_text(
            path, raw, "a UTF-8 CSV file with the columns " + ",".join(columns), empty_hint
        )
        unsafe = unsafe_character_problems(path, text)
        if unsafe:
            return [], unsafe
        rows = csv_rows(path, text.removeprefix("\ufeff"))
    except InputError as exc:
        return [], exc.problems
    problem = header_problem(path, rows[0][1], columns) if rows else None
    if problem is not None:
        return [], [problem]
    return rows[1:], []


def table_records(
    path: Path, rows: list[tuple[int, list[str]]], columns: Sequence[str], problems: list[Problem]
) -> Iterator[tuple[int, dict[str, str]]]:
    """Each non-empty row as ``(line, {column: cell})``; rows of the wrong width are reported."""
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue  # an empty row a spreadsheet left at the end
        if len(row) != len(columns):
            problems.append(
                Problem(
                    path,
                    f"{len(row)} cells where the header has {len(columns)}",
                    line=line,
                    hint="quote a cell that holds a comma; leave an empty cell empty",
                )
            )
            continue
        yield line, dict(zip(columns, row, strict=True))


def long_text_problems(
    path: Path, line: int, record: str | None, cells: dict[str, str], names: Sequence[str]
) -> list[Problem]:
    """Cells longer than the text limit of a record field."""
    limit = max_text_length()
    return [
        Problem(
            path,
            f"text of {len(cells[name])} characters is longer than the limit of {limit}",
            line=line,
            record=record,
            field=name,
            hint=f"shorten it, or raise the limit with sdgkg build {TEXT_LENGTH_FLAG}",
        )
        for name in names
        if len(cells[name]) > limit
    ]
