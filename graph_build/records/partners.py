"""A municipality's partner registry: the optional ``<municipality>/partners.csv``.

One registered organisation or person per row, with the columns
``id,ja,en,type,sdg_goals,sdg_targets,themes,offers,needs,source``, as a spreadsheet saves it.
``id`` is a stakeholder id (global like every stakeholder id: it may name a stakeholder of the
records or a new one), ``type`` a stakeholder type of the ontology, ``sdg_goals`` and
``sdg_targets`` space-separated codes of the project's SDG lists, ``themes``, ``offers`` and
``needs`` free text, ``source`` where the registration is published. A source beginning with
``illustrative:`` marks a made-up row. Every row is checked here like any record.

What a row declares is the registrant's own statement, not a link a plan document prints: the
graph keeps it apart (``sdgkg:declaresGoal``/``sdgkg:declaresTarget``).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from graph_build.errors import Problem
from graph_build.records.csv_table import (
    ILLUSTRATIVE_MARKER,
    is_illustrative,
    long_text_problems,
    read_csv_table,
    table_records,
)
from graph_build.records.model import SLUG_PATTERN
from graph_build.records.vocabulary import known_stakeholder_types
from graph_build.sdg.framework import GOAL_CODE, TARGET_CODE, load_framework

PARTNERS_FILE = "partners.csv"
COLUMNS = (
    "id",
    "ja",
    "en",
    "type",
    "sdg_goals",
    "sdg_targets",
    "themes",
    "offers",
    "needs",
    "source",
)
TEXT_COLUMNS = ("ja", "en", "themes", "offers", "needs", "source")
SLUG = re.compile(SLUG_PATTERN)


@dataclass(frozen=True)
class PartnerRow:
    """One registration: who registered, what they declare, where it is published, its line."""

    id: str
    ja: str
    en: str
    type: str
    sdg_goals: tuple[str, ...]
    sdg_targets: tuple[str, ...]
    themes: str
    offers: str
    needs: str
    source: str
    line: int

    @property
    def illustrative(self) -> bool:
        """True when the source marks the registration as made up for illustration."""
        return is_illustrative(self.source)


def _codes(text: str, kind: str, problem: _Reporter, field: str) -> tuple[str, ...]:
    """Space-separated SDG codes, each checked against the project's goal or target list."""
    fw = load_framework()
    pattern, exists = (TARGET_CODE, fw.is_target) if kind == "target" else (GOAL_CODE, fw.is_goal)
    example = "11.2 15.c" if kind == "target" else "11 17"
    codes = []
    for code in text.split():
        if not pattern.match(code) or not exists(code):
            problem(
                field,
                f"'{code}' is not a UN SDG {kind} code",
                f"write existing {kind} codes separated by spaces, such as {example}",
            )
        elif code in codes:
            problem(field, f"{kind} '{code}' is listed twice", "list each code once")
        else:
            codes.append(code)
    return tuple(codes)


class _Reporter:
    """Collects the problems of one row, each naming the file, line, record and field."""

    def __init__(self, path: Path, line: int, record: str | None) -> None:
        self.path, self.line, self.record = path, line, record
        self.problems: list[Problem] = []

    def __call__(self, field: str, message: str, hint: str) -> None:
        self.problems.append(
            Problem(self.path, message, line=self.line, record=self.record, field=field, hint=hint)
        )


def _check_row(
    path: Path, line: int, cells: dict[str, str], types: frozenset[str]
) -> tuple[PartnerRow | None, list[Problem]]:
    sid = cells["id"].strip()
    problem = _Reporter(path, line, sid or None)
    if not sid:
        problem("id", "no stakeholder id", "write a stakeholder id such as kanazawa-junior-chamber")
    elif not SLUG.match(sid):
        problem(
            "id",
            f"'{sid}' is not an identifier",
            "use lower-case ASCII words joined by '-', e.g. kanazawa-junior-chamber",
        )
    for name in ("ja", "en"):
        if not cells[name].strip():
            language = "Japanese name as registered" if name == "ja" else "English label"
            problem(name, f"no {name} label", f"write the {language}")
    kind = cells["type"].strip()
    if kind not in types:
        close = difflib.get_close_matches(kind, sorted(types), n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        problem(
            "type",
            f"unknown stakeholder type '{kind}'",
            hint + "use a type of the ontology (run sdgkg stakeholder-types to list them)",
        )
    goals = _codes(cells["sdg_goals"], "goal", problem, "sdg_goals")
    targets = _codes(cells["sdg_targets"], "target", problem, "sdg_targets")
    source = cells["source"].strip()
    if not source:
        problem(
            "source",
            "no source",
            "say where the registration is published (list, page or URL); begin with "
            f"'{ILLUSTRATIVE_MARKER}' for a made-up row",
        )
    problem.problems += long_text_problems(path, line, sid or None, cells, TEXT_COLUMNS)
    if problem.problems:
        return None, problem.problems
    row = PartnerRow(
        id=sid,
        ja=cells["ja"].strip(),
        en=cells["en"].strip(),
        type=kind,
        sdg_goals=goals,
        sdg_targets=targets,
        themes=cells["themes"].strip(),
        offers=cells["offers"].strip(),
        needs=cells["needs"].strip(),
        source=source,
        line=line,
    )
    return row, []


def read_partner_registry(path: Path) -> tuple[list[PartnerRow], list[Problem]]:
    """Read and check a municipality's ``partners.csv``: the rows sorted by id, and every
    problem found (whether an id names a stakeholder of the records is checked with the corpus)."""
    rows, problems = read_csv_table(
        path,
        COLUMNS,
        split_hint="split the registry, or keep only the registrations you use",
        empty_hint=f"add the header {','.join(COLUMNS)} and one row per registration, or delete it",
    )
    if problems:
        return [], problems
    types = known_stakeholder_types()
    found: list[PartnerRow] = []
    first_line: dict[str, int] = {}
    for line, cells in table_records(path, rows, COLUMNS, problems):
        row, row_problems = _check_row(path, line, cells, types)
        problems.extend(row_problems)
        if row is None:
            continue
        if row.id in first_line:
            problems.append(
                Problem(
                    path,
                    f"duplicate id '{row.id}' (the first is on line {first_line[row.id]})",
                    line=line,
                    record=row.id,
                    field="id",
                    hint="register each organisation or person once: merge the two rows",
                )
            )
            continue
        first_line[row.id] = line
        found.append(row)
    found.sort(key=lambda r: r.id)
    return found, problems
