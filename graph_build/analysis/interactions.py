"""Expert interaction scores (ICSU 2017 / SEI SDG Synergies) from CSV, checked, per assessor.

Two layouts are read, both UTF-8 CSV; lines starting with ``#`` are comments, except two
directives that apply to the whole file:

* ``# assessor: ID`` names the assessor of a file that has no ``assessor`` column (default: the
  file name without ``.csv``). Assessor ids are letters, digits, ``.``, ``_`` and ``-``.
* ``# illustrative: WHY`` marks every score of the file as made up (example data); the mark is
  carried into every output computed from it.

Layouts:

* **Edge list**: a header with ``from``, ``to`` and ``score``, and optionally ``assessor``,
  ``confidence`` (``low``, ``medium`` or ``high``), ``comment`` (``rationale`` is read as
  ``comment``) and ``context``. One row per assessor and directed pair.
* **Cross-impact matrix** (the SEI SDG Synergies layout): the first header cell is ``from\\to``
  (or empty) and the other header cells are codes; each row starts with the influencing code, and
  the cell in column *j* is its influence on code *j*. Empty cells are "not assessed"; the
  diagonal stays empty. An ``assessor`` column after the first cell holds one matrix per assessor
  stacked in one file; otherwise give one file per assessor.

Codes are UN SDG goal (``7``) or target (``7.2``) codes, all of one level across every file.
Scores are whole numbers from −3 (cancelling) to +3 (indivisible). Every problem found in any
file is reported with its file and line before anything is computed.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from graph_build.analysis.layers import GOAL, TARGET
from graph_build.analysis.plan_data import PlanData
from graph_build.errors import InputError, Problem
from graph_build.records.csv_table import ILLUSTRATIVE_MARKER

SCALE = {
    3: ("Indivisible", "不可分"),
    2: ("Reinforcing", "強化"),
    1: ("Enabling", "促進"),
    0: ("Consistent", "整合（影響なし）"),
    -1: ("Constraining", "制約"),
    -2: ("Counteracting", "阻害"),
    -3: ("Cancelling", "相殺"),
}
CONFIDENCE = ("low", "medium", "high")
EDGE_COLUMNS = ("from", "to", "score")
OPTIONAL_COLUMNS = ("assessor", "confidence", "comment", "context")
ALIASES = {"source": "from", "target": "to", "rationale": "comment"}
MATRIX_CORNER = "from\\to"
MATRIX_CORNERS = ("", MATRIX_CORNER, "from/to")
ASSESSOR = "assessor"
ASSESSOR_DIRECTIVE = "assessor:"
ASSESSOR_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class Score:
    """One checked score of one assessor, with where it came from."""

    source: str
    target: str
    score: int
    line: int
    confidence: str = ""
    comment: str = ""
    context: str = ""
    assessor: str = ""
    file: str = ""
    path: str = ""
    illustrative: bool = False


@dataclass
class CrossImpact:
    """A cross-impact matrix as read: codes in header order and the filled cells.

    ``cells`` maps (influencing, influenced) to the value.
    """

    path: Path
    codes: list[str]
    cells: dict[tuple[str, str], float] = field(default_factory=dict)
    assessor: str = ""
    illustrative: bool = False
    note: str = ""


@dataclass
class _File:
    path: Path
    rows: list[list[str]]
    numbers: list[int]
    assessor: str
    illustrative: bool
    note: str


def _read(path: Path, problems: list[Problem]) -> _File | None:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        problems.append(Problem(path, "file not found", hint="give the path of a CSV file"))
        return None
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(path, f"cannot read the file ({exc})", hint="save it as UTF-8 CSV"))
        return None
    assessor, illustrative, note = path.stem, False, ""
    kept: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("#"):
            comment = stripped.lstrip("#").strip()
            lowered = comment.lower()
            if lowered.startswith(ASSESSOR_DIRECTIVE):
                named = comment[len(ASSESSOR_DIRECTIVE) :].strip()
                if _check_assessor(path, number, named, problems):
                    assessor = named
            elif lowered.startswith(ILLUSTRATIVE_MARKER):
                illustrative = True
                note = comment[len(ILLUSTRATIVE_MARKER) :].strip()
        elif stripped:
            kept.append((number, line))
    rows = list(csv.reader(io.StringIO("\n".join(text for _, text in kept))))
    return _File(path, rows, [n for n, _ in kept], assessor, illustrative, note)


def _check_assessor(path: Path, line: int, assessor: str, problems: list[Problem]) -> bool:
    if ASSESSOR_ID.match(assessor):
        return True
    problems.append(
        Problem(
            path,
            f"assessor id '{assessor}' is not usable",
            line=line,
            field=ASSESSOR,
            hint="use letters, digits, '.', '_' or '-' (it names the assessor's output files)",
        )
    )
    return False


def _parse_score(raw: str) -> float | None:
    text = raw.strip().replace("＋", "+").replace("−", "-").replace("－", "-")
    if text.startswith("+"):
        text = text[1:]
    try:
        return float(text)
    except ValueError:
        return None


def _check_score(
    path: Path, line: int, raw: str, where: str, whole: bool, problems: list[Problem]
) -> float | None:
    value = _parse_score(raw)
    if value is None or not -3 <= value <= 3 or (whole and not value.is_integer()):
        problems.append(
            Problem(
                path,
                f"{where}: score '{raw.strip()}' is not on the ICSU/SEI scale",
                line=line,
                hint="use a whole number from -3 (cancelling) to +3 (indivisible)",
            )
        )
        return None
    return value


def _is_matrix(header: list[str]) -> bool:
    return len(header) > 1 and header[0].strip().lower() in MATRIX_CORNERS


def _matrix(
    found: _File, problems: list[Problem], whole: bool
) -> tuple[list[str], list[tuple[str, str, str, float, int]]]:
    """Codes of the header and (assessor, from, to, value, line) of every filled cell."""
    header = [h.strip() for h in found.rows[0]]
    assessor_at = next((i for i, h in enumerate(header) if i > 0 and h.lower() == ASSESSOR), None)
    columns = [(i, h) for i, h in enumerate(header) if i > 0 and i != assessor_at]
    cells: list[tuple[str, str, str, float, int]] = []
    for line, row in zip(found.numbers[1:], found.rows[1:], strict=True):
        if not row or not row[0].strip():
            problems.append(
                Problem(found.path, "matrix row has no code in its first cell", line=line)
            )
            continue
        source = row[0].strip()
        assessor = found.assessor
        if assessor_at is not None:
            assessor = row[assessor_at].strip() if assessor_at < len(row) else ""
            if not _check_assessor(found.path, line, assessor, problems):
                continue
        if len(row) > len(header):
            problems.append(
                Problem(
                    found.path,
                    f"row {source} has more cells than the header has codes",
                    line=line,
                )
            )
        for i, column in columns:
            cell = row[i] if i < len(row) else ""
            if cell.strip():
                value = _check_score(
                    found.path, line, cell, f"{source} → {column}", whole, problems
                )
                if value is not None:
                    cells.append((assessor, source, column, value, line))
    return [h for _, h in columns], cells


def _twice(
    path: Path | str,
    line: int,
    key: tuple[str, str],
    assessor: str,
    first: int | str,
    problems: list[Problem],
) -> None:
    problems.append(
        Problem(
            path,
            f"{key[0]} → {key[1]} is scored twice by {assessor} (first on line {first})",
            line=line,
            hint="keep one score per assessor and directed pair",
        )
    )


def read_cross_impact(path: Path) -> CrossImpact:
    """Read one assessor's (or the aggregate) cross-impact matrix, whole or averaged scores.

    Used for matrices this package writes; the codes are not checked against the SDGs. Raise
    :class:`InputError` when the file is no such matrix.
    """
    problems: list[Problem] = []
    found = _read(path, problems)
    if found is not None and (not found.rows or not _is_matrix(found.rows[0])):
        problems.append(
            Problem(
                path,
                "not a cross-impact matrix",
                hint=f"the first header cell is '{MATRIX_CORNER}'",
            )
        )
    if problems or found is None:
        raise InputError(problems)
    codes, cells = _matrix(found, problems, whole=False)
    if problems:
        raise InputError(problems)
    return CrossImpact(
        path,
        codes,
        {(s, t): value for _, s, t, value, _ in cells},
        found.assessor,
        found.illustrative,
        found.note,
    )


def read_scores(paths: Path | Sequence[Path], data: PlanData) -> list[Score]:
    """Read and check edge lists and cross-impact matrices; raise :class:`InputError` on problems.

    Several files add up: one per assessor, or several assessors in one file.
    """
    problems: list[Problem] = []
    scores: list[Score] = []
    for path in [paths] if isinstance(paths, Path) else paths:
        found = _read(path, problems)
        if found is None:
            continue
        if not found.rows:
            problems.append(
                Problem(path, "no scores in the file", hint="add a header 'from,to,score' and rows")
            )
            continue
        header = [ALIASES.get(h.strip().lower(), h.strip().lower()) for h in found.rows[0]]
        if set(EDGE_COLUMNS) <= set(header):
            scores += _edge_list(found, header, problems)
        elif _is_matrix(found.rows[0]):
            _, cells = _matrix(found, problems, whole=True)
            scores += [
                Score(
                    s,
                    t,
                    int(value),
                    line,
                    assessor=assessor,
                    file=path.name,
                    path=str(path),
                    illustrative=found.illustrative,
                )
                for assessor, s, t, value, line in cells
            ]
        else:
            missing = [c for c in EDGE_COLUMNS if c not in header]
            problems.append(
                Problem(
                    path,
                    f"header lacks column(s) {', '.join(missing)}",
                    line=found.numbers[0],
                    hint="write an edge list with 'from,to,score[,assessor,confidence,comment,"
                    f"context]' or a matrix whose first header cell is '{MATRIX_CORNER}'",
                )
            )
    _check_codes(scores, data, problems)
    if problems:
        raise InputError(problems)
    return scores


def _edge_list(found: _File, header: list[str], problems: list[Problem]) -> list[Score]:
    path = found.path
    index = {
        name: header.index(name) for name in (*EDGE_COLUMNS, *OPTIONAL_COLUMNS) if name in header
    }
    scores = []
    for line, row in zip(found.numbers[1:], found.rows[1:], strict=True):
        cells = {name: (row[i].strip() if i < len(row) else "") for name, i in index.items()}
        if not cells["from"] or not cells["to"] or not cells["score"]:
            problems.append(
                Problem(
                    path, "row needs 'from', 'to' and 'score'", line=line, hint="fill all three"
                )
            )
            continue
        assessor = cells.get(ASSESSOR) or found.assessor
        if not _check_assessor(path, line, assessor, problems):
            continue
        value = _check_score(
            path, line, cells["score"], f"{cells['from']} → {cells['to']}", True, problems
        )
        confidence = cells.get("confidence", "").lower()
        if confidence and confidence not in CONFIDENCE:
            problems.append(
                Problem(
                    path,
                    f"confidence '{cells['confidence']}' is not one of {', '.join(CONFIDENCE)}",
                    line=line,
                    field="confidence",
                    hint="write low, medium or high, or leave it empty",
                )
            )
        if value is not None:
            scores.append(
                Score(
                    cells["from"],
                    cells["to"],
                    int(value),
                    line,
                    confidence,
                    cells.get("comment", ""),
                    cells.get("context", ""),
                    assessor,
                    path.name,
                    str(path),
                    found.illustrative,
                )
            )
    return scores


def _check_codes(scores: list[Score], data: PlanData, problems: list[Problem]) -> None:
    seen: dict[tuple[str, str, str], Score] = {}
    levels: set[str] = set()
    for s in scores:
        for code in (s.source, s.target):
            if code in data.targets:
                levels.add(TARGET)
            elif code in data.goals:
                levels.add(GOAL)
            else:
                problems.append(
                    Problem(
                        s.path,
                        f"'{code}' is not a UN SDG goal or target",
                        line=s.line,
                        hint="write a goal number such as 7 or a target code such as 7.2 or 15.c",
                    )
                )
        if s.source == s.target:
            problems.append(
                Problem(
                    s.path,
                    f"self-link {s.source} → {s.target}",
                    line=s.line,
                    hint="a goal or target does not interact with itself: remove the row or "
                    "leave the diagonal cell empty",
                )
            )
        key = (s.assessor, s.source, s.target)
        if key in seen:
            first = seen[key]
            where = first.line if first.file == s.file else f"{first.file}:{first.line}"
            _twice(s.path, s.line, (s.source, s.target), s.assessor, where, problems)
        else:
            seen[key] = s
    if len(levels) > 1:
        problems.append(
            Problem(
                ", ".join(sorted({s.path for s in scores})),
                "the scores mix goal codes and target codes",
                hint="score either goals (7, 13) or targets (7.2, 13.1), not both",
            )
        )
