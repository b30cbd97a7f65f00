"""``sdgkg doctor``: which optional system parts are there, and what each one enables.

The parts are listed in ``resources/system_requirements.yaml``. Besides a missing Japanese font,
it finds the case that silently blanks Japanese in figures: a font installed after matplotlib
cached its font list, which matplotlib then keeps ignoring.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import yaml

from graph_build.cli.common import handle_errors
from graph_build.paths import RESOURCES_DIR

REQUIREMENTS_FILE = RESOURCES_DIR / "system_requirements.yaml"
OK, MISSING, STALE = "ok", "missing", "stale"


@dataclass(frozen=True)
class Finding:
    """One part: its state, what it enables, and how to get it (or repair it)."""

    part: str
    state: str
    detail: str
    enables: str
    remedy: str


def _remedy(entry: dict[str, Any]) -> str:
    if "debian" in entry:
        return f"apt-get install {entry['debian']}"
    return f"pip install {entry['pypi']}"


def system_japanese_fonts() -> list[Path]:
    """Font files with Japanese glyphs that fontconfig knows (empty without ``fc-list``)."""
    if shutil.which("fc-list") is None:
        return []
    listed = subprocess.run(
        ["fc-list", ":lang=ja", "file"], capture_output=True, text=True, check=False, timeout=30
    ).stdout
    return sorted({Path(line.split(":", 1)[0].strip()) for line in listed.splitlines() if line})


def check_font(entry: dict[str, Any]) -> Finding:
    """A Japanese font matplotlib can use; ``stale`` when the system has one matplotlib misses."""
    import matplotlib
    from matplotlib import font_manager

    from graph_build.chart_style import JAPANESE_FONTS

    known = {Path(f.fname) for f in font_manager.fontManager.ttflist}
    names = {f.name for f in font_manager.fontManager.ttflist}
    on_system = system_japanese_fonts()
    usable = [n for n in JAPANESE_FONTS if n in names]
    enables = entry["enables_en"]
    if usable:
        return Finding(entry["id"], OK, usable[0], enables, "")
    if any(path not in known for path in on_system):
        cache = matplotlib.get_cachedir()
        return Finding(
            entry["id"],
            STALE,
            f"{len(on_system)} Japanese font file(s) installed but not in matplotlib's cache",
            enables,
            f"rm {cache}/fontlist-*.json  (sdgkg registers the Noto CJK files by path for its "
            "own figures; other matplotlib programs need the cache rebuilt)",
        )
    return Finding(entry["id"], MISSING, "no font with Japanese glyphs", enables, _remedy(entry))


def check(entry: dict[str, Any]) -> Finding:
    """The state of one part of ``system_requirements.yaml``."""
    if entry["kind"] == "font":
        return check_font(entry)
    enables = entry["enables_en"]
    if entry["kind"] == "python":
        found = [m for m in entry["find"] if importlib.util.find_spec(m) is not None]
        detail = f"module {found[0]}" if found else f"module {entry['find'][0]} not importable"
    else:
        # The Python environment's own scripts (e.g. the oxigraph server) count, as tests use them.
        path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
        located = [shutil.which(name, path=path) for name in entry["find"]]
        found = [p for p in located if p]
        detail = found[0] if found else f"none of {', '.join(entry['find'])} on PATH"
    return Finding(
        entry["id"], OK if found else MISSING, detail, enables, "" if found else _remedy(entry)
    )


def findings() -> list[Finding]:
    """Every part's state, in the file's order."""
    entries = yaml.safe_load(REQUIREMENTS_FILE.read_text(encoding="utf-8"))
    return [check(entry) for entry in entries]


@click.command("doctor")
@click.option("--strict", is_flag=True, help="Exit 1 when any part is missing or stale.")
@handle_errors
def doctor_command(strict: bool) -> None:
    """Report missing fonts, a stale font cache, and missing optional tools and engines."""
    found = findings()
    width = max(len(f.part) for f in found)
    for f in found:
        click.echo(f"{f.part:<{width}}  {f.state:<7}  {f.detail}")
        click.echo(f"{'':<{width}}  {'':<7}  enables: {f.enables}")
        if f.remedy:
            click.echo(f"{'':<{width}}  {'':<7}  fix: {f.remedy}")
    if strict and any(f.state != OK for f in found):
        raise SystemExit(1)
