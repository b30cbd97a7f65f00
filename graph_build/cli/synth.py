"""``sdgkg synth``: a synthetic corpus in the format of the curated records."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from tqdm import tqdm

from graph_build.cli.common import data_option, handle_errors, out_option
from graph_build.synth.corpus import MAX_MUNICIPALITIES, synthesize
from graph_build.synth.sampling import DEFAULT_SMOOTHING


@click.command("synth")
@click.option(
    "--municipalities",
    "-n",
    type=click.IntRange(1, MAX_MUNICIPALITIES),
    required=True,
    help="How many municipalities to generate (1,741 is every Japanese municipality).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Same seed, same bytes.")
@out_option(
    "Folder to write (replaced atomically; only an empty folder or an earlier corpus).",
    default=None,
    required=True,
    env=False,
)
@data_option(
    "--seed-data",
    "seed_data",
    "Curated records whose SDG links, structure and rates the corpus follows.",
)
@click.option(
    "--smoothing",
    type=click.FloatRange(0.0, 1.0),
    default=DEFAULT_SMOOTHING,
    show_default=True,
    help="Share of SDG links spread evenly over all 169 targets (0: only targets the seeds print).",
)
@handle_errors
def synth_command(
    municipalities: int, seed: int, out: Path, seed_data: Path, smoothing: float
) -> None:
    """Write a synthetic corpus of N municipalities in the format of data/ (合成データ)."""
    with tqdm(
        total=municipalities, desc="synth", unit="city", disable=not sys.stderr.isatty()
    ) as bar:

        def progress(_index: int) -> None:
            bar.update(1)

        result = synthesize(municipalities, out, seed, seed_data, smoothing, progress)
    click.echo(
        f"wrote {result.municipalities} synthetic municipalities ({result.documents} documents, "
        f"{result.files} files, {result.bytes / 1e6:.1f} MB) into {result.out}"
    )
    click.echo(f"build it with: sdgkg build --data {result.out} --out DIST")
