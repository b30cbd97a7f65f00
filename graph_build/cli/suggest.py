"""``sdgkg suggest``: the open SDG target suggestions of a municipality, for a curator to review."""

from __future__ import annotations

from pathlib import Path

import click
import pyoxigraph as ox

from graph_build.cli.common import EXIT_UNREADABLE, fail, format_option, handle_errors, out_option
from graph_build.iris import municipality_iri_value
from graph_build.namespaces import RDF, SDGKG
from graph_build.sparql.query import FORMATS, format_result, resolve_query, run_spec
from graph_build.store.embedded import open_store

QUERY = "sdg_suggestions"
RDF_TYPE = ox.NamedNode(str(RDF.type))
MUNICIPALITY = ox.NamedNode(str(SDGKG.Municipality))


@click.command("suggest")
@click.option("--city", default=None, help="Municipality id, e.g. kanazawa (default: every city).")
@click.option("--entity", "entity_iri", default=None, help="Only the suggestions for this IRI.")
@format_option(FORMATS, "table")
@out_option("Build folder holding the store.")
@handle_errors
def suggest_command(city: str | None, entity_iri: str | None, fmt: str, out: Path) -> None:
    """List suggested SDG targets (inferred, not printed in the plans) for review."""
    store = open_store(out)
    if city and not any(
        store.quads_for_pattern(ox.NamedNode(municipality_iri_value(city)), RDF_TYPE, MUNICIPALITY)
    ):
        fail(
            f"no municipality {city!r} in the build at {out}: use an id such as kanazawa",
            EXIT_UNREADABLE,
        )
    params = {k: v for k, v in (("city", city), ("entity_iri", entity_iri)) if v}
    result = run_spec(store, resolve_query(QUERY), params)
    click.echo(format_result(result, fmt), nl=False)
