"""Expert interaction scores (ICSU 2017 / SEI SDG Synergies) from CSV, checked, as a directed layer.

Two layouts are read, both UTF-8 CSV; lines starting with ``#`` are comments.

* **Edge list**: a header with ``from``, ``to`` and ``score``, and optionally ``confidence``
  (``low``, ``medium`` or ``high``), ``context`` and ``rationale``. One row per directed pair.
* **Cross-impact matrix**: the first header cell is ``from\\to`` (or empty) and the other header
  cells are codes; each row starts with a code, and the cell in column *j* is the score of the row
  code's influence on code *j*. Empty cells are "not assessed"; the diagonal must stay empty.

Codes are UN SDG goal (``7``) or target (``7.2``) codes, all of one level. Scores are whole
numbers from −3 (cancelling) to +3 (indivisible). Every problem found is reported with its line.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from graph_build.analysis.layers import ALL, GOAL, INTERACTION, TARGET, Link, node_key
from graph_build.analysis.plan_data import PlanData
from graph_build.errors import InputError, Problem

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
OPTIONAL_COLUMNS = ("confidence", "context", "rationale")
ALIASES = {"source": "from", "target": "to"}
MATRIX_CORNERS = ("", "from\\to", "from/to")


@dataclass(frozen=True)
class Score:
    """One checked score with where it came from."""

    source: str
    target: str
    score: int
    line: int
    confidence: str = ""
    context: str = ""
    rationale: str = ""


def _lines(path: Path) -> list[tuple[int, str]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(
            [Problem(path, "file not found", hint="give the path of a CSV file")]
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            [Problem(path, f"cannot read the file ({exc})", hint="save it as UTF-8 CSV")]
        ) from exc
    return [
        (number, line)
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]


def _parse_score(raw: str) -> int | None:
    text = raw.strip().replace("＋", "+").replace("−", "-").replace("－", "-")
    if text.startswith("+"):
        text = text[1:]
    try:
        return int(text)
    except ValueError:
        return None


def _check_score(
    path: Path, line: int, raw: str, where: str, problems: list[Problem]
) -> int | None:
    value = _parse_score(raw)
    if value is None or not -3 <= value <= 3:
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


def read_scores(path: Path, data: PlanData) -> list[Score]:
    """Read and check an edge list or cross-impact matrix; raise :class:`InputError` on problems."""
    lines = _lines(path)
    if not lines:
        raise InputError(
            [Problem(path, "no scores in the file", hint="add a header 'from,to,score' and rows")]
        )
    numbers = [n for n, _ in lines]
    rows = list(csv.reader(io.StringIO("\n".join(text for _, text in lines))))
    header = [ALIASES.get(h.strip().lower(), h.strip().lower()) for h in rows[0]]
    problems: list[Problem] = []
    if set(EDGE_COLUMNS) <= set(header):
        scores = _edge_list(path, header, rows[1:], numbers[1:], problems)
    elif header[0] in MATRIX_CORNERS and len(header) > 1:
        scores = _matrix(path, [h.strip() for h in rows[0]], rows[1:], numbers, problems)
    else:
        missing = [c for c in EDGE_COLUMNS if c not in header]
        raise InputError(
            [
                Problem(
                    path,
                    f"header lacks column(s) {', '.join(missing)}",
                    line=numbers[0],
                    hint="write an edge list with 'from,to,score[,confidence,context,rationale]' "
                    "or a matrix whose first header cell is 'from\\to'",
                )
            ]
        )
    _check_codes(path, scores, data, problems)
    if problems:
        raise InputError(problems)
    return scores


def _edge_list(
    path: Path,
    header: list[str],
    rows: list[list[str]],
    numbers: list[int],
    problems: list[Problem],
) -> list[Score]:
    index = {
        name: header.index(name) for name in (*EDGE_COLUMNS, *OPTIONAL_COLUMNS) if name in header
    }
    scores = []
    for line, row in zip(numbers, rows, strict=True):
        cells = {name: (row[i].strip() if i < len(row) else "") for name, i in index.items()}
        if not cells["from"] or not cells["to"] or not cells["score"]:
            problems.append(
                Problem(
                    path, "row needs 'from', 'to' and 'score'", line=line, hint="fill all three"
                )
            )
            continue
        value = _check_score(
            path, line, cells["score"], f"{cells['from']} → {cells['to']}", problems
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
                    value,
                    line,
                    confidence,
                    cells.get("context", ""),
                    cells.get("rationale", ""),
                )
            )
    return scores


def _matrix(
    path: Path,
    header: list[str],
    rows: list[list[str]],
    numbers: list[int],
    problems: list[Problem],
) -> list[Score]:
    columns = header[1:]
    scores = []
    for line, row in zip(numbers[1:], rows, strict=True):
        if not row or not row[0].strip():
            problems.append(Problem(path, "matrix row has no code in its first cell", line=line))
            continue
        source = row[0].strip()
        if len(row) - 1 > len(columns):
            problems.append(
                Problem(path, f"row {source} has more cells than the header has codes", line=line)
            )
        for column, cell in zip(columns, row[1:], strict=False):
            if not cell.strip():
                continue
            value = _check_score(path, line, cell, f"{source} → {column}", problems)
            if value is not None:
                scores.append(Score(source, column, value, line))
    return scores


def _check_codes(path: Path, scores: list[Score], data: PlanData, problems: list[Problem]) -> None:
    seen: dict[tuple[str, str], int] = {}
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
                        path,
                        f"'{code}' is not a UN SDG goal or target",
                        line=s.line,
                        hint="write a goal number such as 7 or a target code such as 7.2 or 15.c",
                    )
                )
        if s.source == s.target:
            problems.append(
                Problem(
                    path,
                    f"self-link {s.source} → {s.target}",
                    line=s.line,
                    hint="a goal or target does not interact with itself: remove the row or "
                    "leave the diagonal cell empty",
                )
            )
        key = (s.source, s.target)
        if key in seen:
            problems.append(
                Problem(
                    path,
                    f"{s.source} → {s.target} is scored twice (first on line {seen[key]})",
                    line=s.line,
                    hint="keep one score per directed pair",
                )
            )
        else:
            seen[key] = s.line
    if len(levels) > 1:
        problems.append(
            Problem(
                path,
                "the file mixes goal codes and target codes",
                hint="score either goals (7, 13) or targets (7.2, 13.1), not both in one file",
            )
        )


def interaction_links(scores: list[Score], data: PlanData) -> list[Link]:
    """Checked scores as directed links of the interaction layer (city ``all``).

    A score of 0 ("consistent") is kept as a link of weight 0, so tables show it; metrics that
    need positive weights skip it.
    """
    level = TARGET if scores and scores[0].source in data.targets else GOAL
    links = []
    for s in sorted(scores, key=lambda s: (node_key(s.source), node_key(s.target))):
        attributes = tuple(
            (name, value)
            for name, value in (
                ("confidence", s.confidence),
                ("context", s.context),
                ("rationale", s.rationale),
            )
            if value
        )
        links.append(
            Link(INTERACTION, level, ALL, s.source, s.target, float(s.score), True, (), attributes)
        )
    return links
