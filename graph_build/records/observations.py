"""Monitored KPI values: the optional ``<municipality>/kpi-observations.csv`` of a records folder.

One row per KPI and period, with the columns ``kpi,period,value,source,note``, as a spreadsheet
saves it (UTF-8 with or without a byte-order mark, CRLF or LF line ends). Every row is checked
here, in the records stage, like any record: each problem names the file, the line and how to
fix it, and the build stops before anything is written.

A row whose ``source`` begins with :data:`ILLUSTRATIVE_MARKER` is illustrative (made-up figures
that show the format), and everything the build derives from it says so.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from graph_build.errors import Problem
from graph_build.records.csv_table import (
    ILLUSTRATIVE_MARKER,
    is_illustrative,
    long_text_problems,
    read_csv_table,
    table_records,
)
from graph_build.records.model import Kpi

OBSERVATIONS_FILE = "kpi-observations.csv"
COLUMNS = ("kpi", "period", "value", "source", "note")
FIRST_PERIOD, LAST_PERIOD = 1990, 2100
# Digits with an optional sign and decimal point: no thousands separators, no exponent, no NaN.
NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
PERIOD = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class MonitoredValue:
    """One row of the file: a KPI's value for a period, where it was published, and its line."""

    kpi: str
    period: int
    value: Decimal
    source: str
    note: str
    line: int

    @property
    def illustrative(self) -> bool:
        """True when the source marks the figure as made up for illustration."""
        return is_illustrative(self.source)


def _unknown_kpi_hint(kpi: str, kpis: Mapping[str, Kpi], city: str) -> str:
    close = difflib.get_close_matches(kpi, sorted(kpis), n=1)
    if close:
        return f"did you mean '{close[0]}'? Use the id of a KPI under kpis: in a {city} document"
    return f"use the id of a KPI under kpis: in a {city} document"


def _check_row(
    path: Path,
    line: int,
    cells: dict[str, str],
    kpis: Mapping[str, Kpi] | None,
    city: str,
) -> tuple[MonitoredValue | None, list[Problem]]:
    problems: list[Problem] = []
    kpi_id = cells["kpi"].strip()

    def problem(field: str, message: str, hint: str) -> None:
        problems.append(
            Problem(path, message, line=line, record=kpi_id or None, field=field, hint=hint)
        )

    if not kpi_id:
        problem("kpi", "no KPI id", "write the id of the KPI as its record gives it")
    elif kpis is not None and kpi_id not in kpis:
        problem("kpi", f"'{kpi_id}' is not a KPI of {city}", _unknown_kpi_hint(kpi_id, kpis, city))
    period_text = cells["period"].strip()
    period: int | None = None
    if not PERIOD.match(period_text):
        problem("period", f"period '{period_text}' is not a year", "write a year such as 2024")
    elif not FIRST_PERIOD <= int(period_text) <= LAST_PERIOD:
        problem(
            "period",
            f"period {period_text} is outside {FIRST_PERIOD}-{LAST_PERIOD}",
            "check the year; write the (fiscal) year the value belongs to",
        )
    else:
        period = int(period_text)
        kpi = kpis.get(kpi_id) if kpis is not None else None
        if kpi is not None and period < kpi.baseline.year:
            problem(
                "period",
                f"period {period} is before the KPI's baseline year {kpi.baseline.year}",
                "progress is measured from the baseline: leave earlier years out",
            )
    value_text = cells["value"].strip()
    value: Decimal | None = None
    if not NUMBER.match(value_text):
        problem(
            "value",
            f"value '{value_text}' is not a number",
            "write digits with an optional decimal point, without thousands separators or "
            "units, in the KPI's own unit and multiplier (e.g. 70.1 for 70.1 thousand)",
        )
    else:
        value = Decimal(value_text)
    source = cells["source"].strip()
    if not source:
        problem(
            "source",
            "no source",
            "say where the figure was published (report, page or URL); begin with "
            f"'{ILLUSTRATIVE_MARKER}' for made-up figures",
        )
    problems += long_text_problems(path, line, kpi_id or None, cells, ("source", "note"))
    if problems or period is None or value is None:
        return None, problems
    return MonitoredValue(kpi_id, period, value, source, cells["note"].strip(), line), []


def read_kpi_observations(
    path: Path, city: str, kpis: Mapping[str, Kpi] | None
) -> tuple[list[MonitoredValue], list[Problem]]:
    """Read and check a municipality's ``kpi-observations.csv``.

    ``kpis`` are the municipality's KPIs by id; ``None`` when some document could not be read,
    in which case KPI ids are not checked (the missing document is reported instead).
    Returns the rows sorted by KPI and period, and every problem found.
    """
    rows, problems = read_csv_table(
        path,
        COLUMNS,
        split_hint="keep only the figures the plan monitors",
        empty_hint=f"add the header {','.join(COLUMNS)} and one row per value, or delete it",
    )
    if problems:
        return [], problems
    values: list[MonitoredValue] = []
    first_line: dict[tuple[str, int], int] = {}
    for line, cells in table_records(path, rows, COLUMNS, problems):
        found, row_problems = _check_row(path, line, cells, kpis, city)
        problems.extend(row_problems)
        if found is None:
            continue
        key = (found.kpi, found.period)
        if key in first_line:
            problems.append(
                Problem(
                    path,
                    f"a second value for '{found.kpi}' in {found.period} "
                    f"(the first is on line {first_line[key]})",
                    line=line,
                    record=found.kpi,
                    field="period",
                    hint="keep one value per KPI and period: delete or correct one of the rows",
                )
            )
            continue
        first_line[key] = line
        values.append(found)
    values.sort(key=lambda v: (v.kpi, v.period))
    return values, problems
