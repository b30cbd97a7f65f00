"""``sdgkg validate``: check the built graph, or any RDF files, against the SHACL shapes.

Exit codes: 0 when there is no violation (warnings are listed), 1 when there are violations,
2 when the input cannot be read.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from graph_build.errors import InputError
from graph_build.paths import DEFAULT_OUT
from graph_build.validate.batches import validate_built_dump
from graph_build.validate.shacl import (
    ENGINES,
    format_json,
    format_text,
    format_turtle,
    load_rdf_files,
    validate_graph,
    write_reports,
)

REPORT_FORMATS = ("text", "ttl", "json")


@click.command("validate")
@click.argument("rdf_files", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=DEFAULT_OUT,
    show_default=True,
    help="Build folder whose graph is validated when no file is given.",
)
@click.option(
    "--format", "fmt", type=click.Choice(REPORT_FORMATS), default="text", show_default=True
)
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
def validate_command(
    rdf_files: tuple[Path, ...],
    out: Path,
    fmt: str,
    lang: str,
    report_dir: Path | None,
    engine: str,
) -> None:
    """Validate RDF_FILE ... (any syntax, gzip too), or the built graph, against shapes/."""
    paths = list(rdf_files)
    if not paths:
        dump = out / "sdgkg.nq"
        if not dump.is_file():
            click.echo(
                f"error: no built graph in {out}: run 'sdgkg build' first, or name "
                "RDF files to validate",
                err=True,
            )
            sys.exit(2)
        paths = [dump]
    if not rdf_files and engine == "turbo":
        # The build's own dump: validated per municipality, on every core, as the build does.
        report = validate_built_dump(paths[0], lang)
    else:
        try:
            data = load_rdf_files(paths)
        except InputError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)
        report = validate_graph(data, lang, engine)
    if fmt == "json":
        click.echo(format_json(report), nl=False)
    elif fmt == "ttl":
        click.echo(format_turtle(report), nl=False)
    else:
        click.echo(format_text(report, lang), nl=False)
    if report_dir is not None:
        write_reports(report, report_dir)
    sys.exit(0 if report.conforms else 1)
