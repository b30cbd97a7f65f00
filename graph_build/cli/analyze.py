"""``sdgkg analyze``: a thin wrapper around :func:`graph_build.analysis.run.run_analysis`."""

from __future__ import annotations

from pathlib import Path

import click

from graph_build.analysis.association import NULL_DRAWS
from graph_build.analysis.compute import Analysis
from graph_build.analysis.coreference import DEFAULT_RULE, RULES
from graph_build.analysis.dimensions import economy_environment
from graph_build.analysis.labels import city_label
from graph_build.analysis.layers import ALL, EXPERT_LAYERS
from graph_build.analysis.metrics import DEFAULT_SEED
from graph_build.analysis.run import run_analysis
from graph_build.cli.common import EXIT_UNREADABLE, fail, handle_errors, out_option
from graph_build.errors import InputError


@click.command("analyze")
@out_option("Build folder holding the store; results go to OUT/analysis.")
@click.option(
    "--city",
    "cities",
    multiple=True,
    metavar="NAME",
    help="Municipality id to analyse (repeatable; default: every city).",
)
@click.option(
    "--scheme",
    default=None,
    metavar="NAME",
    help="Dimension scheme: wedding-cake, five-ps or future-city (default: all, coloured by "
    "the wedding cake).",
)
@click.option(
    "--interactions",
    type=click.Path(path_type=Path),
    multiple=True,
    metavar="CSV",
    help="Expert interaction scores (-3..+3): an edge list (with an optional assessor column) "
    "or an SEI cross-impact matrix; repeat for one file per assessor.",
)
@click.option(
    "--date",
    default=None,
    metavar="YYYY[-MM[-DD]]",
    help="Date recorded in the results (default: the newest document's date).",
)
@click.option("--seed", type=int, default=DEFAULT_SEED, show_default=True, help="Louvain seed.")
@click.option(
    "--stated-only",
    is_flag=True,
    help="Same as --inheritance stated: count only the SDG codes printed for an initiative.",
)
@click.option(
    "--inheritance",
    type=click.Choice(RULES),
    default=None,
    help="Co-reference rule: the SDG codes an initiative addresses are its own (stated), plus "
    f"its direction's (direction), plus the KPI tables' under it (direction+table; default: "
    f"{DEFAULT_RULE}).",
)
@click.option(
    "--null-draws",
    type=click.IntRange(min=0),
    default=NULL_DRAWS,
    show_default=True,
    help="Random draws of the null model behind expected counts and p-values (0: none).",
)
@click.option(
    "--include-suggestions",
    is_flag=True,
    help="Add a separate layer linking the best suggested SDG targets of each entity "
    "(inferred from its words, not printed in the plans).",
)
@handle_errors
def analyze_command(
    out: Path,
    cities: tuple[str, ...],
    scheme: str | None,
    interactions: tuple[Path, ...],
    date: str | None,
    seed: int,
    stated_only: bool,
    inheritance: str | None,
    null_draws: int,
    include_suggestions: bool,
) -> None:
    """SDG link analysis: co-occurrence and stated links, metrics, figures, bilingual report."""
    try:
        result = run_analysis(
            out,
            list(cities),
            scheme,
            interactions,
            date,
            seed,
            stated_only=stated_only,
            include_suggestions=include_suggestions,
            inheritance=inheritance,
            null_draws=null_draws,
        )
    except InputError as exc:  # a bad scores file is bad input: exit 2, as `build` does
        fail(str(exc), EXIT_UNREADABLE)
    analysis = result.analysis
    data = analysis.data
    click.echo(f"wrote {len(result.files)} files to {result.folder}")
    click.echo(f"report: {result.folder / 'report.html'}")
    click.echo(
        f"results graph: {result.triples} triples in <https://w3id.org/sdgkg/graph/analysis>"
    )
    if analysis.expert is not None:
        expert = analysis.expert
        click.echo(
            f"expert scores: {len(expert.assessors)} assessor(s), {len(expert.pairs)} directed "
            f"pairs, {len(expert.disagreements)} disagreeing in sign"
            + (" (ILLUSTRATIVE EXAMPLE, not expert data)" if expert.illustrative else "")
        )
    for row in _economy_environment_summary(analysis):
        click.echo(row)
    for s in analysis.similarities:
        click.echo(
            f"{city_label(data, s.city_a)} ~ {city_label(data, s.city_b)}: "
            f"{len(s.shared_targets)} shared targets (Jaccard {s.jaccard_targets:.2f}), "
            f"{len(s.shared_goals)} shared goals (Jaccard {s.jaccard_goals:.2f})"
        )


def _economy_environment_summary(analysis: Analysis) -> list[str]:
    """One line per city, scheme and layer: the economy–environment cell's weight."""
    data = analysis.data
    lines = []
    for m in analysis.matrices:
        pair = economy_environment(data.schemes[m.scheme])
        if pair is None or (m.city == ALL and m.layer not in EXPERT_LAYERS):
            continue
        weight = m.weight(*pair) + (m.weight(pair[1], pair[0]) if m.directed else 0.0)
        lines.append(
            f"economy–environment  {city_label(data, m.city):<14} {m.scheme:<13} "
            f"{m.layer:<21} {weight:g}"
        )
    return lines
