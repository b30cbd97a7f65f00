"""``sdgkg stats``: what a release holds, and what changed since an earlier one."""

from __future__ import annotations

import json
from pathlib import Path

import click

from graph_build.cli.common import format_option, handle_errors, out_option
from graph_build.release.folder import verify_checksums
from graph_build.release.stats import diff_releases, format_stats, read_release, stats_json


@click.command("stats")
@out_option("Build folder (or release folder) to describe.")
@click.option(
    "--against",
    type=click.Path(path_type=Path),
    default=None,
    help="An earlier release folder (or build folder) to compare with.",
)
@format_option(("text", "json"), "text")
@click.option(
    "--limit", type=int, default=20, show_default=True, help="IRIs listed per kind of change."
)
@handle_errors
def stats_command(out: Path, against: Path | None, fmt: str, limit: int) -> None:
    """Release statistics per graph, class and city, and changes against an earlier release."""
    stats = read_release(out)
    problems = verify_checksums(stats.folder)
    diff = diff_releases(stats, read_release(against)) if against is not None else None
    for problem in problems:
        click.echo(f"warning: {stats.folder}: {problem}", err=True)
    if fmt == "json":
        click.echo(json.dumps(stats_json(stats, diff), indent=2, ensure_ascii=False))
    else:
        click.echo(format_stats(stats, diff, limit), nl=False)
