"""The notebook-facing Python API: where it finds the build, and what it accepts."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_build.build import BuildResult
from graph_build.errors import SdgkgError
from graph_build.sparql.query import run_query
from graph_build.store.embedded import DIST_ENV, locate_build


def test_out_accepts_str_and_path(fixture_build: BuildResult) -> None:
    as_path = run_query("kpis", fixture_build.out)
    as_text = run_query("kpis", str(fixture_build.out))
    assert as_path.rows and as_text.plain_rows() == as_path.plain_rows()


def test_build_found_from_the_environment(
    fixture_build: BuildResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(DIST_ENV, str(fixture_build.out))
    assert locate_build() == fixture_build.out
    assert run_query("kpis").plain_rows() == run_query("kpis", fixture_build.out).plain_rows()


def test_build_found_in_the_working_directory(
    fixture_build: BuildResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(DIST_ENV, raising=False)
    monkeypatch.chdir(fixture_build.out.parent)
    assert locate_build() == fixture_build.out.parent / "dist"


def test_missing_build_says_where_it_looked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(DIST_ENV, str(elsewhere))
    with pytest.raises(SdgkgError) as caught:
        run_query("kpis")
    message = str(caught.value)
    assert f"{elsewhere} (${DIST_ENV})" in message
    assert f"{tmp_path / 'dist'} (the working directory)" in message
    assert "sdgkg build" in message


def test_cli_reads_the_build_folder_from_the_environment(
    fixture_build: BuildResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from graph_build.cli.main import main

    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        main, ["query", "kpis", "--format", "csv"], env={DIST_ENV: str(fixture_build.out)}
    )
    assert result.exit_code == 0, result.output
    assert len(result.output.splitlines()) == len(run_query("kpis", fixture_build.out).rows) + 1
