"""``sdgkg download``: fetch the UN SDG KOS dump into the cache."""

from __future__ import annotations

import click

from graph_build.cli.common import handle_errors


@click.command("download")
@click.option("--url", default=None, help="Override the download address.")
@handle_errors
def download_command(url: str | None) -> None:
    """Fetch the UN SDG KOS dump (official en/es/fr wording) into the cache."""
    from graph_build.sdg.un_kos import KOS_URL, download_kos

    path = download_kos(url or KOS_URL)
    click.echo(f"cached {path}; the next build merges its official titles")
