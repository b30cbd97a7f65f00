"""``sdgkg analyze``: read the built graph, compute, and write every artefact atomically.

Outputs go to ``OUT/analysis/`` (tables/, networks/, figures/, cross-impact/ with expert scores,
kpi-progress/ with one SVG chart per KPI that has observations, report.html, results.nq,
analysis.json); they are written into a
staging folder that replaces the old one only when everything succeeded. The results named graph
replaces its previous version in ``OUT/store``, and the project's SPARQL checks
(``queries/checks/*-violation.rq``) then run on the store: if one finds rows, the previous graph
is put back and the previous folder stays, so a rejected analysis changes nothing.
"""

from __future__ import annotations

import json
import re
import shutil
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from graph_build.analysis.association import NULL_DRAWS
from graph_build.analysis.compute import (
    DETAIL_LIMIT,
    SCHEME_ORDER,
    Analysis,
    Options,
    analyse,
    check_options,
)
from graph_build.analysis.coreference import DEFAULT_RULE, STATED, check_rule
from graph_build.analysis.expert_outputs import write_expert
from graph_build.analysis.export import write_networks, write_tables
from graph_build.analysis.figures import write_figures
from graph_build.analysis.metrics import DEFAULT_SEED
from graph_build.analysis.plan_data import read_plan_data
from graph_build.analysis.report import write_report
from graph_build.analysis.results_graph import (
    nquads,
    results_graph,
    results_replaced,
    software_versions,
)
from graph_build.chart_style import japanese_font
from graph_build.errors import SdgkgError
from graph_build.files import replace_folder, sha256_file, staging_folder
from graph_build.iris import ANALYSIS_GRAPH
from graph_build.progress.charts import write_charts
from graph_build.progress.read import read_progress
from graph_build.store.embedded import open_store
from graph_build.validate.checks import require_no_violations

ANALYSIS_DIR = "analysis"
KPI_CHARTS_DIR = "kpi-progress"
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass
class AnalysisOutput:
    """What ``sdgkg analyze`` wrote."""

    folder: Path
    files: list[Path]
    analysis: Analysis
    triples: int


def resolve_options(
    data_cities: list[str],
    data_schemes: list[str],
    cities: list[str],
    scheme: str | None,
    date: str | None,
    data_date: str | None,
    seed: int,
    stated_only: bool,
    interactions: tuple[Path, ...],
    include_suggestions: bool = False,
    inheritance: str | None = None,
    null_draws: int = NULL_DRAWS,
) -> Options:
    """Fill the defaults: every city, every scheme, the newest document's date."""
    chosen_date = date or data_date
    if not chosen_date:
        raise SdgkgError("the graph has no document date: pass --date YYYY-MM-DD")
    if not DATE.match(chosen_date):
        raise SdgkgError(f"--date '{chosen_date}': write YYYY, YYYY-MM or YYYY-MM-DD")
    ordered = [s for s in SCHEME_ORDER if s in data_schemes]
    ordered += sorted(s for s in data_schemes if s not in ordered)
    schemes = [scheme] if scheme else ordered
    chosen = tuple(sorted(cities or data_cities))
    return Options(
        cities=chosen,
        detail_cities=None if cities or len(chosen) <= DETAIL_LIMIT else (),
        schemes=tuple(schemes),
        colour_scheme=schemes[0],
        date=chosen_date,
        seed=seed,
        interactions=interactions,
        include_suggestions=include_suggestions,
        inheritance=_rule(stated_only, inheritance),
        null_draws=null_draws,
    )


def _rule(stated_only: bool, inheritance: str | None) -> str:
    """The inheritance rule chosen; ``--stated-only`` is ``--inheritance stated``."""
    if stated_only and inheritance not in (None, STATED):
        raise SdgkgError(f"--stated-only contradicts --inheritance {inheritance}: give one")
    return check_rule(STATED if stated_only else inheritance or DEFAULT_RULE)


def run_analysis(
    out: Path,
    cities: list[str] | None = None,
    scheme: str | None = None,
    interactions: Path | Sequence[Path] = (),
    date: str | None = None,
    seed: int = DEFAULT_SEED,
    stated_only: bool = False,
    write_store: bool = True,
    include_suggestions: bool = False,
    inheritance: str | None = None,
    null_draws: int = NULL_DRAWS,
) -> AnalysisOutput:
    """Analyse the build in ``out`` and write ``out/analysis``; return what was written.

    With ``write_store`` false only the files are written: the store, and so the checks that
    run on it, are left alone.
    """
    store = open_store(out)
    data = read_plan_data(store)
    check_options(data, list(cities or []), [scheme] if scheme else [])
    options = resolve_options(
        sorted(data.cities),
        list(data.schemes),
        list(cities or []),
        scheme,
        date,
        data.data_date,
        seed,
        stated_only,
        (interactions,) if isinstance(interactions, Path) else tuple(interactions),
        include_suggestions,
        inheritance,
        null_draws,
    )
    if null_draws < 0:
        raise SdgkgError(f"--null-draws {null_draws}: give a number of draws, 0 or more")
    progress = read_progress(store, options.detailed)
    del store  # release the read-only handle before the store is opened for writing
    analysis = analyse(data, options)
    target = out / ANALYSIS_DIR
    staging = staging_folder(out, f".{ANALYSIS_DIR}.")
    try:
        written = write_tables(analysis, staging / "tables")
        written += write_networks(analysis, staging / "networks")
        figures = write_figures(analysis, staging / "figures")
        written += figures
        expert_files, expert_figure = write_expert(analysis, staging)
        written += expert_files
        if expert_figure is not None:
            figures.append(expert_figure)
        for city in progress:
            written += write_charts(city.series, staging / KPI_CHARTS_DIR / city.city)
        graph = results_graph(analysis)
        results = staging / "results.nq"
        results_text = nquads(graph)
        results.write_text(results_text, encoding="utf-8")
        written.append(results)
        names = sorted(p.relative_to(staging).as_posix() for p in written)
        written.append(
            write_report(
                analysis, figures, [*names, "analysis.json"], staging / "report.html", progress
            )
        )
        manifest = {
            "date": options.date,
            "parameters": options.parameters(),
            "software": software_versions(),
            "japanese_font": japanese_font(),
            "results_graph_triples": len(graph),
            "files": {
                p.relative_to(staging).as_posix(): sha256_file(p)
                for p in sorted(written, key=lambda p: p.relative_to(staging).as_posix())
            },
        }
        (staging / "analysis.json").write_text(
            json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True) + "\n",
            encoding="utf-8",
        )
        written.append(staging / "analysis.json")
        if write_store:
            store = open_store(out, read_only=False)
            try:
                with results_replaced(store, graph, results_text):
                    require_no_violations(
                        store,
                        where=(
                            f"{out / 'store'} with the new analysis results graph "
                            f"<{ANALYSIS_GRAPH}> (nothing was saved: the previous {target} and "
                            "its graph stay as they were)"
                        ),
                    )
                    replace_folder(staging, target)
            except BaseException as exc:
                # The frames of the traceback hold the writable store (an argument of every
                # function the error passed through) for as long as the caller keeps the error:
                # clear them so that the store closes here and can be opened again at once.
                traceback.clear_frames(exc.__traceback__)
                raise
            finally:
                del store
        else:
            replace_folder(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    files = sorted(target / p.relative_to(staging) for p in written)
    return AnalysisOutput(target, files, analysis, len(graph))
