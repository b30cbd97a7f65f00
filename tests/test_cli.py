"""The sdgkg command as a user types it."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from graph_build.build import BuildResult
from graph_build.cli.common import AUTH_SCHEMES
from graph_build.cli.main import COMMANDS, main
from graph_build.sparql import remote
from graph_build.sparql.memory_limit import limits_supported
from graph_build.validate import checks
from tests.test_serve_hostile import HUNGRY

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
    assert result.exit_code == 2  # bad input
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


def test_query_list_names_every_library_query(runner: CliRunner) -> None:
    from graph_build.sparql.query import library

    result = runner.invoke(main, ["query", "--list"])
    assert result.exit_code == 0, result.output
    listed = [line.split(":", 1)[0] for line in result.output.splitlines() if line[:1] != " "]
    assert listed == [spec.name for spec in library()]
    assert "--param target=… (sdg-target, " in result.output


def test_query_without_a_name_or_list_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(main, ["query"])
    assert result.exit_code == 2 and "--list" in result.output


def test_unknown_city_is_an_error_listing_the_known_ones(
    runner: CliRunner, fixture_build: BuildResult
) -> None:
    result = runner.invoke(
        main, ["query", "kpis", "--param", "city=osaka", "--out", str(fixture_build.out)]
    )
    assert result.exit_code == 1
    assert "no city 'osaka'" in result.output and "known: " in result.output
    known = result.output.split("known: ", 1)[1].strip()
    listed = runner.invoke(
        main, ["query", "kpis", "--format", "csv", "--out", str(fixture_build.out)]
    )
    cities = {
        row["city_iri"].rsplit("/", 1)[-1] for row in csv.DictReader(io.StringIO(listed.output))
    }
    assert cities and set(known.split(", ")) >= cities


def test_unknown_kpi_is_an_error(runner: CliRunner, fixture_build: BuildResult) -> None:
    result = runner.invoke(
        main,
        ["query", "kpi_progress", "--param", "kpi=nowhere/none", "--out", str(fixture_build.out)],
    )
    assert result.exit_code == 1 and "no kpi 'nowhere/none'" in result.output


def test_unknown_organisation_is_an_error_listing_known_ones(
    runner: CliRunner, fixture_build: BuildResult
) -> None:
    result = runner.invoke(
        main,
        [
            "query",
            "partner_candidates",
            "--param",
            "organisation=no-such-org",
            "--out",
            str(fixture_build.out),
        ],
    )
    assert result.exit_code == 1
    assert "no stakeholder 'no-such-org'" in result.output and "known: " in result.output
    known = result.output.split("known: ", 1)[1].strip().split(", ")
    assert known and all("/" not in k for k in known)  # ids as the records write them


def test_release_folders_are_world_readable(fixture_build: BuildResult) -> None:
    folders = [fixture_build.out, *(p for p in fixture_build.out.rglob("*") if p.is_dir())]
    for folder in folders:
        assert folder.stat().st_mode & 0o755 == 0o755, folder
    for path in fixture_build.out.rglob("*"):
        if path.is_file():
            assert path.stat().st_mode & 0o644 == 0o644, path


def test_every_command_is_there_and_documented(runner: CliRunner) -> None:
    ctx = click.Context(main)
    names = main.list_commands(ctx)
    for name in names:
        command = main.get_command(ctx, name)
        assert command is not None and command.help, name
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
    assert expected <= set(names)


def test_the_listing_shows_each_commands_own_summary(runner: CliRunner) -> None:
    """The summaries in COMMANDS, shown without importing the commands, are their help's."""
    ctx = click.Context(main)
    for name, entry in COMMANDS.items():
        command = main.get_command(ctx, name)
        assert command is not None and command.help, name
        first_paragraph = " ".join(command.help.split("\n\n")[0].split())
        assert entry.summary == first_paragraph, f"update COMMANDS[{name!r}].summary"
    listing = runner.invoke(main, ["--help"]).output
    for name in COMMANDS:
        shown = main.get_command(ctx, name)
        assert shown is not None
        # click's own shortening of the loaded command's help, at the width the listing uses
        limit = 80 - 6 - max(len(n) for n in COMMANDS)
        assert f"  {name:<{max(len(n) for n in COMMANDS)}}  {shown.get_short_help_str(limit)}" in (
            listing
        ), name


def _modules_after(code: str) -> set[str]:
    """The top-level modules a fresh interpreter has imported after running ``code``."""
    probe = f"{code}\nimport sys\nprint(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    return set(done.stdout.split())


HEAVY = {"matplotlib", "networkx", "pyshacl", "scipy", "pandas", "rdflib"}


def test_help_and_version_import_nothing_heavy() -> None:
    for argv in (["--help"], ["--version"]):
        loaded = _modules_after(
            "import graph_build.cli.main as cli\n"
            f"try:\n    cli.main({argv!r})\nexcept SystemExit:\n    pass"
        )
        assert "click" in loaded
        assert not loaded & HEAVY, (argv, sorted(loaded & HEAVY))


def test_a_query_on_the_build_imports_nothing_heavy(fixture_build: BuildResult) -> None:
    loaded = _modules_after(
        "import graph_build.cli.main as cli\n"
        f"try:\n    cli.main(['query', 'kpis', '--out', {str(fixture_build.out)!r}])\n"
        "except SystemExit as exc:\n    assert exc.code == 0, exc.code"
    )
    assert "pyoxigraph" in loaded
    assert not loaded & (HEAVY - {"rdflib"}), sorted(loaded & HEAVY)


def test_auth_choices_are_the_ones_the_remote_client_accepts() -> None:
    assert AUTH_SCHEMES == remote.AUTH_SCHEMES


def test_validate_runs_the_sparql_checks_on_the_build(
    runner: CliRunner, fixture_build: BuildResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = str(fixture_build.out)
    clean = runner.invoke(main, ["validate", "--out", out])
    assert clean.exit_code == 0, clean.output
    (tmp_path / "always-violation.rq").write_text(
        "# title: A check that always finds a row\n"
        'SELECT ?problem WHERE { BIND("found" AS ?problem) }\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(checks, "CHECKS_DIR", tmp_path)
    failed = runner.invoke(main, ["validate", "--out", out])
    assert failed.exit_code == 1, failed.output
    assert "error: 1 SPARQL check(s) found violations in the built graph" in failed.output
    assert "always-violation: 1 row(s)" in failed.output
    assert "Traceback" not in failed.output
    # Named files are validated against the shapes only: the checks are about the build.
    named = runner.invoke(main, ["validate", str(fixture_build.out / "sdgkg.nq")])
    assert named.exit_code == 0, named.output


@pytest.mark.parametrize(
    "argv",
    [
        ["stats", "--out", "{missing}"],
        ["analyze", "--out", "{missing}"],
        ["query", "kpis", "--out", "{missing}"],
        ["serve", "--out", "{missing}", "--port", "0"],
        [
            "publish",
            "--endpoint",
            "http://127.0.0.1:9/sparql",
            "--store-endpoint",
            "http://127.0.0.1:9/store",
            "--out",
            "{missing}",
        ],
    ],
)
def test_every_command_explains_a_missing_build_the_same_way(
    runner: CliRunner, tmp_path: Path, argv: list[str]
) -> None:
    missing = str(tmp_path / "no-build")
    result = runner.invoke(main, [a.format(missing=missing) for a in argv])
    assert result.exit_code == 1, result.output
    assert result.output.startswith("error: no "), result.output
    assert "run 'sdgkg build' first" in result.output
    assert isinstance(result.exception, SystemExit)  # a message, not a traceback


def test_python_m_runs_the_same_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "graph_build.cli", "--version"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("sdgkg, version ")


def _sdgkg(*args: str) -> subprocess.CompletedProcess[str]:
    """The command in a process of its own, its output going to pipes (as in a shell)."""
    return subprocess.run(
        [sys.executable, "-m", "graph_build.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.skipif(not limits_supported(), reason="memory limits need Linux's RLIMIT_DATA")
def test_a_query_past_max_memory_stops_with_an_error(
    fixture_build: BuildResult, tmp_path: Path
) -> None:
    """Every pair of labels sorted: far more than 64 MiB. The query stops with exit code 1 and
    an error naming the limit; within the limit the same command answers as in one process."""
    hungry = tmp_path / "hungry.rq"
    hungry.write_text(HUNGRY, encoding="utf-8")
    out = str(fixture_build.out)
    done = _sdgkg("query", str(hungry), "--out", out, "--max-memory", "64")
    assert done.returncode == 1
    assert "error: the query needed more than 64 MiB of memory" in done.stderr, done.stderr
    assert "--max-memory" in done.stderr.splitlines()[-1]
    assert done.stdout == ""
    for args in (["kpis", "--format", "csv"], ["goal_coverage"], ["stakeholders", "--page", "1"]):
        bounded = _sdgkg("query", *args, "--out", out, "--max-memory", "256")
        assert bounded.returncode == 0, bounded.stderr
        in_process = CliRunner().invoke(main, ["query", *args, "--out", out])
        assert in_process.exit_code == 0, in_process.output
        assert bounded.stdout == in_process.stdout and bounded.stdout.strip(), args


def test_a_format_for_the_other_query_form_is_refused_before_the_query_runs(
    fixture_build: BuildResult,
) -> None:
    done = _sdgkg("query", "kpis", "--out", str(fixture_build.out), "--format", "turtle")
    assert done.returncode == 2 and "Usage: " in done.stderr, done.stderr
    assert "--format turtle is for CONSTRUCT and DESCRIBE queries" in done.stderr
