"""The statuses of a KPI's progress and how each is shown (``resources/kpi_statuses.yaml``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import yaml

from graph_build.errors import SdgkgError
from graph_build.paths import RESOURCES_DIR

STATUSES_FILE = RESOURCES_DIR / "kpi_statuses.yaml"
NO_DATA = "no-data"


@dataclass(frozen=True)
class Status:
    """One status: its key (as the queries write it), names, symbol, colour and meaning."""

    key: str
    en: str
    ja: str
    symbol: str
    colour: str
    meaning_en: str
    meaning_ja: str
    rank: int  # 0 = most urgent


@cache
def statuses() -> tuple[Status, ...]:
    """Every status, most urgent first."""
    raw = yaml.safe_load(STATUSES_FILE.read_text(encoding="utf-8"))
    try:
        return tuple(Status(rank=i, **entry) for i, entry in enumerate(raw["statuses"]))
    except (KeyError, TypeError) as exc:
        raise SdgkgError(
            f"{STATUSES_FILE}: each status needs key, en, ja, symbol, colour, meaning_en and "
            f"meaning_ja ({exc}); reinstall sdgkg if the file was changed"
        ) from exc


def status(key: str) -> Status:
    """The status named ``key``; an unknown key is shown as it is, in grey, after the others."""
    for found in statuses():
        if found.key == key:
            return found
    return Status(key, key or "?", key or "?", "?", "#8a8a8a", "", "", len(statuses()))
