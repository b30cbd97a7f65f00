"""The ``sdgkg`` command group: each command lives in its own module, imported when it runs.

``sdgkg --help`` and ``sdgkg --version`` import click and this module only: the listing reads
each command's one-line summary from :data:`COMMANDS`, so no command module (and none of the
pipeline, rdflib, matplotlib or networkx behind them) is loaded to print it.
"""

from __future__ import annotations

import importlib
from typing import NamedTuple

import click

from graph_build import __version__


class CommandEntry(NamedTuple):
    """Where a command is defined, and its summary for the listing (its docstring's first line)."""

    module: str
    summary: str


COMMANDS: dict[str, CommandEntry] = {
    "analyze": CommandEntry(
        "graph_build.cli.analyze",
        "SDG link analysis: co-occurrence and stated links, metrics, figures, bilingual report.",
    ),
    "build": CommandEntry(
        "graph_build.cli.build",
        "Check the records, emit RDF, write dumps and load the on-disk store.",
    ),
    "doctor": CommandEntry(
        "graph_build.cli.doctor",
        "Report missing fonts, a stale font cache, and missing optional tools and engines.",
    ),
    "download": CommandEntry(
        "graph_build.cli.download",
        "Fetch the UN SDG KOS dump (official en/es/fr wording) into the cache.",
    ),
    "partners": CommandEntry(
        "graph_build.cli.partners",
        "Rank candidate partners (連携相手) with a score and reasons in English and Japanese.",
    ),
    "publish": CommandEntry(
        "graph_build.cli.publish",
        "Load every named graph into a remote triple store, replacing each one, and verify it.",
    ),
    "query": CommandEntry(
        "graph_build.cli.query",
        "Run queries/NAME.rq (or any .rq file) against the built graph or a SPARQL endpoint.",
    ),
    "serve": CommandEntry(
        "graph_build.cli.serve",
        "Serve the built graph as a read-only SPARQL endpoint with a query page.",
    ),
    "stats": CommandEntry(
        "graph_build.cli.stats",
        "Release statistics per graph, class and city, and changes against an earlier release.",
    ),
    "suggest": CommandEntry(
        "graph_build.cli.suggest",
        "List suggested SDG targets (inferred, not printed in the plans) for review.",
    ),
    "synth": CommandEntry(
        "graph_build.cli.synth",
        "Write a synthetic corpus of N municipalities in the format of data/ (合成データ).",
    ),
    "validate": CommandEntry(
        "graph_build.cli.validate",
        "Validate RDF_FILE ... (any syntax, gzip too), or the built graph, against shapes/.",
    ),
}
"""Every command: the module defining ``<name>_command``, and the first line of its help."""


class LazyGroup(click.Group):
    """A group that imports a command's module only when that command is asked for."""

    def __init__(self, *args: object, lazy_commands: dict[str, CommandEntry], **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.lazy_commands = lazy_commands

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.lazy_commands])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = self.lazy_commands.get(cmd_name)
        if entry is None:
            return super().get_command(ctx, cmd_name)
        command = getattr(importlib.import_module(entry.module), f"{cmd_name}_command")
        if not isinstance(command, click.Command):  # pragma: no cover - a wiring mistake
            raise TypeError(f"{entry.module}.{cmd_name}_command is not a click command")
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command listing, from the summaries, as click would print it from the commands."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            entry = self.lazy_commands.get(name)
            if entry is None:
                command = self.get_command(ctx, name)
                if command is None or command.hidden:
                    continue
                rows.append((name, command.get_short_help_str(limit)))
            else:
                # Shortened as click shortens a command's help, without importing the command.
                stand_in = click.Command(name, help=entry.summary)
                rows.append((name, stand_in.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(
    cls=LazyGroup,
    lazy_commands=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="sdgkg")
def main() -> None:
    """sdgkg: local SDG plans as a linked-data knowledge graph."""


if __name__ == "__main__":  # pragma: no cover
    main()
