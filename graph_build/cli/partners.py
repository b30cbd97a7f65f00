"""``sdgkg partners``: candidate partners for an initiative, an SDG target or an organisation."""

from __future__ import annotations

from pathlib import Path

import click

from graph_build.cli.common import format_option, handle_errors, out_option
from graph_build.partners.recommend import DEFAULT_TOP, recommend
from graph_build.partners.rows import recommendation_rows
from graph_build.partners.scoring import SubjectError
from graph_build.sparql.query import format_result
from graph_build.store.embedded import open_store


@click.command("partners")
@click.option("--initiative", default=None, metavar="IRI", help="An initiative's IRI.")
@click.option("--target", default=None, metavar="CODE", help="An SDG target code, e.g. 11.2.")
@click.option(
    "--organisation",
    default=None,
    metavar="ID",
    help="A stakeholder id (or IRI), e.g. kanazawa-university.",
)
@click.option("--city", default=None, metavar="NAME", help="Only partners of this municipality.")
@click.option(
    "--top",
    default=DEFAULT_TOP,
    show_default=True,
    type=click.IntRange(min=1),
    help="How many candidates.",
)
@out_option("Build folder holding the store.")
@format_option(("table", "csv", "json"), "table")
@handle_errors
def partners_command(
    initiative: str | None,
    target: str | None,
    organisation: str | None,
    city: str | None,
    top: int,
    out: Path,
    fmt: str,
) -> None:
    """Rank candidate partners (連携相手) with a score and reasons in English and Japanese."""
    try:
        found = recommend(
            open_store(out),
            initiative=initiative,
            target=target,
            organisation=organisation,
            city=city,
            top=top,
        )
    except SubjectError as exc:  # bad input: a usage error, exit 2
        raise click.UsageError(str(exc)) from exc
    click.echo(format_result(recommendation_rows(found), fmt), nl=False)
