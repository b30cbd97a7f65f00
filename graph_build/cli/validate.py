"""``sdgkg validate``: check the built graph, or any RDF files, against the SHACL shapes.

Exit codes: 0 when there is no violation (warnings are listed), 1 when there are violations
(of the shapes, or, for the built graph, of the SPARQL checks in ``queries/checks/``), 2 when the
input cannot be read.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from graph_build.cli.common import (
    EXIT_FAILURE,
    EXIT_UNREADABLE,
    fail,
    format_option,
    handle_errors,
    limit_option,
    out_option,
)
from graph_build.errors import InputError
from graph_build.store.embedded import open_store
from graph_build.validate.batches import validate_built_dump
from graph_build.validate.checks import require_no_violations
from graph_build.validate.file_batches import validate_rdf_files
from graph_build.validate.rdf_input import (
    MAX_INPUT_BYTES,
    MAX_LITERAL_LENGTH,
    MAX_TRIPLES,
    InputLimits,
)
from graph_build.validate.shacl import (
    ENGINES,
    format_json,
    format_text,
    format_turtle,
    write_reports,
)

REPORT_FORMATS = ("text", "ttl", "json")


@click.command("validate")
@click.argument("rdf_files", nargs=-1, type=click.Path(path_type=Path))
@out_option("Build folder whose graph is validated when no file is given.")
@format_option(REPORT_FORMATS, "text")
@click.option(
    "--lang",
    type=click.Choice(("en", "ja")),
    default="en",
    show_default=True,
    help="Language of messages and labels in the text report.",
)
@click.option(
    "--report-dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Also write validation-report.ttl and .txt into this folder.",
)
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default="turbo",
    show_default=True,
    help="SHACL engine; both give the same report.",
)
@limit_option(
    "--max-input-bytes",
    "max_input_bytes",
    MAX_INPUT_BYTES,
    "Most bytes read from each file, after gzip decompression.",
)
@limit_option("--max-triples", "max_triples", MAX_TRIPLES, "Most statements read from each file.")
@limit_option(
    "--max-literal-length",
    "max_literal_length",
    MAX_LITERAL_LENGTH,
    "Longest literal (characters) read.",
)
@handle_errors
def validate_command(
    rdf_files: tuple[Path, ...],
    out: Path,
    fmt: str,
    lang: str,
    report_dir: Path | None,
    engine: str,
    max_input_bytes: int,
    max_triples: int,
    max_literal_length: int,
) -> None:
    """Validate RDF_FILE ... (any syntax, gzip too), or the built graph, against shapes/."""
    paths = list(rdf_files)
    if not paths:
        dump = out / "sdgkg.nq"
        if not dump.is_file():
            fail(
                f"no built graph in {out}: run 'sdgkg build' first, or name RDF files to validate",
                EXIT_UNREADABLE,
            )
        paths = [dump]
    if not rdf_files and engine == "turbo":
        # The build's own dump: validated per municipality, on every core, as the build does.
        report = validate_built_dump(paths[0], lang)
    else:
        try:
            # Read into a temporary store on disk and validated in parts: memory follows the
            # part, not the files.
            report = validate_rdf_files(
                paths,
                InputLimits(max_input_bytes, max_triples, max_literal_length),
                lang,
                engine,
                on_whole_graph=lambda why: click.echo(
                    f"note: validating the whole graph at once, as {why}", err=True
                ),
                keep_report=fmt == "ttl" or report_dir is not None,
            )
        except InputError as exc:
            fail(str(exc), EXIT_UNREADABLE)
    if fmt == "json":
        click.echo(format_json(report), nl=False)
    elif fmt == "ttl":
        click.echo(format_turtle(report), nl=False)
    else:
        click.echo(format_text(report, lang), nl=False)
    if report_dir is not None:
        write_reports(report, report_dir)
    if not rdf_files:
        # The built graph also answers to the project's SPARQL rules (*-violation.rq), which
        # shapes cannot express; a check that finds rows fails like a SHACL violation.
        require_no_violations(open_store(out), where=f"the built graph in {out}")
    sys.exit(0 if report.conforms else EXIT_FAILURE)
