"""The sdgkg command as a user types it."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph_build.build import BuildResult
from graph_build.cli.main import main

from .conftest import ALL_RECORD_KINDS


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


def test_build_prints_a_summary(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        main, ["build", "--data", str(ALL_RECORD_KINDS), "--out", str(tmp_path / "dist")]
    )
    assert result.exit_code == 0, result.output
    assert "triples per graph" in result.output
    assert "KPI" in result.output and "count gates: 3/3 passed" in result.output


def test_build_with_broken_record_exits_nonzero(runner: CliRunner, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ALL_RECORD_KINDS, data)
    plan = data / "sampletown" / "plan-2024.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace(
            "year_type: fiscal, unit: tonne", "year_type: lunar, unit: tonne", 1
        ),
        encoding="utf-8",
    )
    result = runner.invoke(main, ["build", "--data", str(data), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "plan-2024.yaml:" in result.output
    assert "record 'co2-emissions'" in result.output
    assert "field 'kpis.0.baseline.year_type'" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_query_delimited_headers_are_variable_names(
    runner: CliRunner, fixture_build: BuildResult, fmt: str
) -> None:
    result = runner.invoke(
        main, ["query", "stakeholders", "--format", fmt, "--out", str(fixture_build.out)]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.output), delimiter="," if fmt == "csv" else "\t"))
    assert rows[0][:5] == ["city", "city_iri", "stakeholder", "kind", "role"]
    assert {r[2] for r in rows[1:]} == {"見本大学", "町内会"}


def test_query_json_is_sparql_results(runner: CliRunner, fixture_build: BuildResult) -> None:
    result = runner.invoke(
        main, ["query", "synergies", "--format", "json", "--out", str(fixture_build.out)]
    )
    doc = json.loads(result.output)
    assert doc["head"]["vars"][0] == "city"
    binding = doc["results"]["bindings"][0]
    assert binding["city"] == {"type": "literal", "value": "見本市", "xml:lang": "ja"}
    assert binding["dimension_a"]["value"] == "Economy"


def test_query_table_and_markdown(runner: CliRunner, fixture_build: BuildResult) -> None:
    table = runner.invoke(main, ["query", "actions", "--out", str(fixture_build.out)])
    assert "(2 rows)" in table.output
    md = runner.invoke(
        main, ["query", "actions", "--format", "md", "--out", str(fixture_build.out)]
    )
    assert md.output.splitlines()[1].startswith("|---")


def test_query_file_path_and_parameters(
    runner: CliRunner, fixture_build: BuildResult, tmp_path: Path
) -> None:
    rq = tmp_path / "targets.rq"
    rq.write_text(
        "# param: target sdg-target required  a target\n"
        "PREFIX sdgkg: <https://w3id.org/sdgkg/ontology#>\n"
        "SELECT ?s ?target WHERE { ?s sdgkg:addressesTarget ?target }\n",
        encoding="utf-8",
    )
    ok = runner.invoke(
        main,
        [
            "query",
            str(rq),
            "--param",
            "target=4.7",
            "--format",
            "csv",
            "--out",
            str(fixture_build.out),
        ],
    )
    assert ok.exit_code == 0, ok.output
    lines = ok.output.splitlines()
    assert len(lines) == 3  # header, the initiative and direction-2
    assert all(line.endswith("http://metadata.un.org/sdg/4.7") for line in lines[1:])
    for bad in ("target=18.9", "target=4.7> } #", "goal=4", "target"):
        result = runner.invoke(
            main, ["query", str(rq), "--param", bad, "--out", str(fixture_build.out)]
        )
        assert result.exit_code == 1, bad
        assert result.output.startswith("error:"), result.output
    missing = runner.invoke(main, ["query", str(rq), "--out", str(fixture_build.out)])
    assert "needs --param target" in missing.output


def test_query_without_build_explains(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["query", "kpis", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "run 'sdgkg build' first" in result.output


def test_unknown_query_lists_the_library(runner: CliRunner, fixture_build: BuildResult) -> None:
    result = runner.invoke(main, ["query", "nope", "--out", str(fixture_build.out)])
    assert result.exit_code == 1 and "kpis" in result.output


def test_every_command_is_there_and_documented(runner: CliRunner) -> None:
    for name, command in main.commands.items():
        assert command.help, name
        assert runner.invoke(main, [name, "--help"]).exit_code == 0, name
    expected = {
        "build",
        "download",
        "validate",
        "query",
        "analyze",
        "serve",
        "publish",
        "synth",
        "stats",
    }
    assert expected <= set(main.commands)
