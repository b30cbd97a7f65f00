"""``sdgkg doctor`` reports what is there, what is missing, and a stale font cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from matplotlib import font_manager

from graph_build.cli.doctor import MISSING, OK, STALE, findings, system_japanese_fonts
from graph_build.cli.main import main


def test_every_part_of_the_requirements_file_is_reported() -> None:
    result = CliRunner().invoke(main, ["doctor"])
    assert result.exit_code == 0, result.output
    for part in ("japanese-font", "rapper", "chromium", "virtuoso", "oxigraph-server", "pandas"):
        assert part in result.output


def test_a_tool_off_the_path_is_missing_with_its_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    by_part = {f.part: f for f in findings()}
    assert by_part["rapper"].state == MISSING
    assert by_part["rapper"].remedy == "apt-get install raptor2-utils"
    result = CliRunner().invoke(main, ["doctor", "--strict"], env={"PATH": str(tmp_path)})
    assert result.exit_code == 1 and "fix: apt-get install raptor2-utils" in result.output


def test_a_tool_on_the_path_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tool = tmp_path / "rapper"
    tool.write_text("#!/bin/sh\n", encoding="utf-8")
    tool.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    by_part = {f.part: f for f in findings()}
    assert by_part["rapper"].state == OK and by_part["rapper"].detail == str(tool)


@pytest.mark.skipif(not system_japanese_fonts(), reason="no Japanese font installed (fc-list)")
def test_a_font_matplotlib_has_not_cached_is_stale(monkeypatch: pytest.MonkeyPatch) -> None:
    # As after installing fonts-noto-cjk once matplotlib had written its font list.
    cached = [f for f in font_manager.fontManager.ttflist if "CJK" not in f.name]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", cached)
    font = {f.part: f for f in findings()}["japanese-font"]
    assert font.state == STALE and "fontlist-" in font.remedy


def test_no_japanese_font_anywhere_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    cached = [f for f in font_manager.fontManager.ttflist if "CJK" not in f.name]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", cached)
    monkeypatch.setenv("PATH", "/nonexistent")  # no fc-list: fontconfig reports nothing
    assert shutil.which("fc-list") is None
    font = {f.part: f for f in findings()}["japanese-font"]
    assert font.state == MISSING and font.remedy == "apt-get install fonts-noto-cjk"
