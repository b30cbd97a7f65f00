"""The ``sdgkg`` command: thin wrappers around the pipeline's importable functions."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from tqdm import tqdm

from graph_build import __version__
from graph_build.build import BuildResult, build
from graph_build.cli.analyze import analyze_command
from graph_build.cli.step_timer import StepTimer
from graph_build.cli.validate import validate_command
from graph_build.errors import InputError, SdgkgError
from graph_build.paths import DATA_DIR, DEFAULT_OUT
from graph_build.release.stats import stats_command
from graph_build.serve.server import serve_command
from graph_build.sparql.query import FORMATS, format_result, parse_params, resolve_query, run_spec
from graph_build.sparql.remote import publish_command
from graph_build.store.embedded import open_store
from graph_build.synth.corpus import synth_command
from graph_build.validate.shacl import ShaclViolationsError, format_text

F = TypeVar("F", bound=Callable[..., Any])
BUILD_STEPS = (
    "reading records and emitting RDF",
    "checking records",
    "writing dumps",
    "loading store",
    "checking counts",
    "validating",
    "publishing",
)


def _fail(message: str, code: int = 1) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def handle_errors(func: F) -> F:
    """Turn known errors into one clear message and a non-zero exit, without a traceback."""
    import functools

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            _fail(str(exc), 1)
        except ShaclViolationsError as exc:
            click.echo(format_text(exc.report), err=True)
            _fail(f"{exc}; nothing was published (fix the records named above)", 1)
        except SdgkgError as exc:
            _fail(str(exc), 1)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sdgkg")
def main() -> None:
    """sdgkg: local SDG plans as a linked-data knowledge graph."""


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
    click.echo(f"count gates: {sum(c.ok for c in result.checks)}/{len(result.checks)} passed")
    click.echo(
        f"validation: {result.violations} violation(s), {result.warnings} warning(s); "
        f"report in {result.out / 'validation-report.txt'}"
    )


@main.command("build")
@click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path),
    default=DATA_DIR,
    show_default=True,
    help="Folder of curated municipality records.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=DEFAULT_OUT,
    show_default=True,
    help="Output folder (replaced atomically).",
)
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
@handle_errors
def build_command(data_dir: Path, out: Path, timings: Path | None, release: bool) -> None:
    """Check the records, emit RDF, write dumps and load the on-disk store."""
    timer = StepTimer()
    with tqdm(
        total=len(BUILD_STEPS), desc="build", unit="step", disable=not sys.stderr.isatty()
    ) as bar:

        def progress(message: str) -> None:
            timer(message)
            bar.set_postfix_str(message)
            bar.update(0 if message == BUILD_STEPS[0] else 1)

        result = build(data_dir, out, progress, release=release)
        bar.update(len(BUILD_STEPS) - bar.n)
    if timings is not None:
        timer.write(timings)
    print_summary(result)


@main.command("download")
@click.option("--url", default=None, help="Override the download address.")
@handle_errors
def download_command(url: str | None) -> None:
    """Fetch the UN SDG KOS dump (official en/es/fr wording) into the cache."""
    from graph_build.sdg.un_kos import KOS_URL, download_kos

    path = download_kos(url or KOS_URL)
    click.echo(f"cached {path}; the next build merges its official titles")


@main.command("query")
@click.argument("name_or_path")
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind a query parameter (repeatable).",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=DEFAULT_OUT,
    show_default=True,
    help="Build folder holding the store.",
)
@click.option("--endpoint", default=None, help="Run on this SPARQL endpoint instead of the build.")
@click.option(
    "--graph",
    "graphs",
    multiple=True,
    metavar="IRI",
    help="With --endpoint: query these named graphs (default: every project graph it holds).",
)
@click.option("--user", default=None, help="With --endpoint: user name (password: SDGKG_PASSWORD).")
@click.option("--auth", type=click.Choice(["basic", "digest"]), default="basic", show_default=True)
@handle_errors
def query_command(
    name_or_path: str,
    params: tuple[str, ...],
    fmt: str,
    out: Path,
    endpoint: str | None,
    graphs: tuple[str, ...],
    user: str | None,
    auth: str,
) -> None:
    """Run queries/NAME.rq (or any .rq file) against the built graph or a SPARQL endpoint."""
    spec = resolve_query(name_or_path)
    if endpoint:
        from graph_build.sparql.remote import credentials_from_env, run_remote

        result = run_remote(
            spec,
            endpoint,
            parse_params(params),
            graphs=list(graphs) or None,
            credentials=credentials_from_env(user, auth),
        )
    else:
        result = run_spec(open_store(out), spec, parse_params(params))
    click.echo(format_result(result, fmt), nl=False)


main.add_command(validate_command)
main.add_command(stats_command)
main.add_command(publish_command)
main.add_command(serve_command)
main.add_command(analyze_command)
main.add_command(synth_command)


if __name__ == "__main__":  # pragma: no cover
    main()
