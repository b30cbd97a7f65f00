"""``sdgkg build``: check the records, emit RDF, write dumps and load the on-disk store."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from tqdm import tqdm

from graph_build.build import BuildResult, BuildStep, Reused, build
from graph_build.cli.common import (
    EXIT_UNREADABLE,
    data_option,
    fail,
    handle_errors,
    limit_option,
    out_option,
)
from graph_build.cli.step_timer import StepTimer
from graph_build.errors import InputError
from graph_build.records.limits import (
    MAX_RECORD_BYTES,
    MAX_TEXT_LENGTH,
    RECORD_BYTES_ENV,
    RECORD_BYTES_FLAG,
    TEXT_LENGTH_ENV,
    TEXT_LENGTH_FLAG,
)


def _checks_line(reused: Reused) -> str:
    """How a rebuild ran the SPARQL checks, for its summary."""
    scoped, total = reused.checks
    if not scoped:
        return f"all {total} run on the whole store"
    if not reused.changed_subjects:
        return f"none run, since no statement changed (all {total} found nothing before)"
    return f"{scoped} of {total} run on the {reused.changed_subjects} subjects that changed only"


def print_summary(result: BuildResult) -> None:
    """Triples per named graph and entities per class, after a build."""
    click.echo(f"built {result.total_triples} triples into {result.out}")
    click.echo("triples per graph:")
    for graph, n in result.triples_per_graph.items():
        click.echo(f"  {n:>7}  {graph}")
    click.echo("entities per class:")
    for cls, n in result.entities_per_class.items():
        if cls.startswith("https://w3id.org/sdgkg/ontology#") or "metadata.un.org" in cls:
            click.echo(f"  {n:>7}  {cls.rsplit('#', 1)[-1].rsplit('/', 1)[-1]}")
    if result.un_labels_merged:
        click.echo("official UN wording merged from the cached UN SDG KOS dump")
    reused = result.reused
    if reused:
        store = "changed where the dump changed" if reused.store else "loaded whole"
        lines = [
            f"built upon the earlier build in {result.out} (--no-reuse builds from scratch):",
            "  SDG suggestions read back for {} of {} municipalities".format(*reused.suggestions),
            f"  store: {store}",
            "  Turtle dump: {} of {} segments copied".format(*reused.turtle),
            "  validation: {} of {} batches read back".format(*reused.batches),
            f"  SPARQL checks: {_checks_line(reused)}",
        ]
        click.echo("\n".join(lines))
    click.echo(f"count gates: {sum(c.ok for c in result.checks)}/{len(result.checks)} passed")
    click.echo(
        f"validation: {result.violations} violation(s), {result.warnings} warning(s); "
        f"report in {result.out / 'validation-report.txt'}"
    )


@click.command("build")
@data_option("--data", "data_dir", "Folder of curated municipality records.")
@out_option("Output folder (replaced atomically).")
@click.option(
    "--timings",
    type=click.Path(path_type=Path),
    default=None,
    help="Also write wall/CPU time and peak memory of each step to this JSON file.",
)
@click.option(
    "--release/--no-release",
    default=True,
    show_default=True,
    help="Write OUT/release (every RDF syntax, gzipped); slow for thousands of municipalities.",
)
@click.option(
    "--changes-since",
    type=click.Path(path_type=Path, exists=True, file_okay=False),
    default=None,
    help="An earlier release (or build) folder, OUT itself too: write CHANGELOG.md into the "
    "release, listing what changed since it.",
)
@click.option(
    "--reuse/--no-reuse",
    default=True,
    show_default=True,
    help="Build upon the build already in OUT when the same sdgkg made it: read the SDG "
    "suggestions of municipalities whose folders are unchanged back from it, and change its "
    "store where the dump changed instead of loading it whole (the output is the same); "
    "--no-reuse builds from scratch.",
)
@limit_option(
    TEXT_LENGTH_FLAG,
    "max_text_length",
    MAX_TEXT_LENGTH,
    "Longest text (characters) a record field may hold.",
)
@limit_option(
    RECORD_BYTES_FLAG,
    "max_record_bytes",
    MAX_RECORD_BYTES,
    "Largest record file (bytes) that is read.",
)
@handle_errors
def build_command(
    data_dir: Path,
    out: Path,
    timings: Path | None,
    release: bool,
    changes_since: Path | None,
    reuse: bool,
    max_text_length: int,
    max_record_bytes: int,
) -> None:
    """Check the records, emit RDF, write dumps and load the on-disk store."""
    if changes_since is not None and not release:
        raise click.UsageError("--changes-since writes into the release: drop --no-release")
    # Through the environment: records are read in spawned worker processes, which inherit it.
    os.environ[TEXT_LENGTH_ENV] = str(max_text_length)
    os.environ[RECORD_BYTES_ENV] = str(max_record_bytes)
    timer = StepTimer()
    with tqdm(
        total=len(BuildStep), desc="build", unit="step", disable=not sys.stderr.isatty()
    ) as bar:

        def progress(message: str) -> None:
            timer(message)
            bar.set_postfix_str(message)
            bar.update(0 if message == BuildStep.EMITTING else 1)

        try:
            result = build(
                data_dir,
                out,
                progress,
                release=release,
                changes_since=changes_since,
                reuse=reuse,
            )
        except InputError as exc:
            # bad records: the output folder is left as it was
            fail(str(exc), EXIT_UNREADABLE)
        bar.update(len(BuildStep) - bar.n)
    if timings is not None:
        timer.write(timings)
    print_summary(result)
