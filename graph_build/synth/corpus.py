"""``sdgkg synth``: a synthetic corpus of N municipalities, in exactly the record format of data/.

The corpus follows what the curated records show (:mod:`graph_build.synth.profile`): SDG targets
beside directions and in KPI tables are drawn from the counts in ``data/`` at run time, and the
plan structure takes its sizes and rates from there too. Labels come from generic phrases
(:mod:`graph_build.synth.phrasebook`); every document is titled 合成データ / synthetic data.

The same ``--seed`` gives byte-identical files. The corpus is written to a temporary folder beside
``--out`` and moved into place only when complete, with a ``qc.yaml`` of count gates that
``sdgkg build --data OUT`` checks, and a ``README.md`` that marks the folder as synthetic.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from yaml.representer import SafeRepresenter

from graph_build.errors import SdgkgError
from graph_build.files import replace_folder, staging_folder
from graph_build.paths import DATA_DIR
from graph_build.records.model import DocumentRecords, MunicipalityFile
from graph_build.records.sources import MUNICIPALITY_FILE, QC_FILE
from graph_build.sdg.framework import load_framework
from graph_build.synth.documents import CityDocuments, Flow, Samplers, synthetic_city
from graph_build.synth.profile import SeedProfile, load_seed_profile
from graph_build.synth.sampling import DEFAULT_SMOOTHING, TargetSampler

MAX_MUNICIPALITIES = 99_999  # ids are m00001 … m99999
README = "README.md"
SYNTH_MARKER = "<!-- written by sdgkg synth: a synthetic corpus, safe to replace -->"


@dataclass(frozen=True)
class SynthResult:
    """What a run wrote."""

    out: Path
    municipalities: int
    documents: int
    files: int
    bytes: int


def _represent_flow(dumper: SafeRepresenter, data: Flow) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=True)


def _represent_list(dumper: SafeRepresenter, data: list[Any]) -> yaml.Node:
    # Short lists of codes and ids on one line (["11.2", "11.3"]), as data/ writes them.
    flat = all(not isinstance(item, dict | list) for item in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flat)


class PythonDumper(yaml.SafeDumper):
    """Block YAML like data/, with sources, placements and examples on one line each."""


PythonDumper.add_representer(Flow, _represent_flow)
PythonDumper.add_representer(list, _represent_list)
DUMPER: type[SafeRepresenter] = PythonDumper
if yaml.__with_libyaml__:
    # libyaml writes the same bytes about four times faster (tests compare the two).

    class LibyamlDumper(yaml.CSafeDumper):
        """:class:`PythonDumper` on libyaml."""

    LibyamlDumper.add_representer(Flow, _represent_flow)
    LibyamlDumper.add_representer(list, _represent_list)
    DUMPER = LibyamlDumper


def to_yaml(data: Any, dumper: type[SafeRepresenter] | None = None) -> str:
    """YAML text of generated records: keys in the order written, Unicode kept, no wrapping."""
    text: str = yaml.dump(
        data,
        Dumper=dumper or DUMPER,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=100_000,
    )
    return text


def _checked(model: type[BaseModel], data: Any, name: str) -> None:
    """Generated records must pass the same models as curated ones; anything else is a bug."""
    try:
        model.model_validate(data)
    except ValidationError as exc:
        raise SdgkgError(f"sdgkg synth generated an invalid {name} (a bug): {exc}") from exc


def _write(path: Path, comment: str, data: Any) -> int:
    text = f"# {comment}\n{to_yaml(data)}"
    raw = text.encode("utf-8")
    path.write_bytes(raw)
    return len(raw)


def samplers_for(profile: SeedProfile, smoothing: float = DEFAULT_SMOOTHING) -> Samplers:
    """Target samplers for areas and KPI tables over every UN target."""
    targets = load_framework().targets
    same_goal = profile.rate("same_goal")
    return Samplers(
        areas=TargetSampler(profile.area_targets, targets, smoothing, same_goal),
        blocks=TargetSampler(profile.block_targets, targets, smoothing, same_goal),
    )


def _write_city(folder: Path, city: CityDocuments, seed: int) -> tuple[int, int]:
    """Write one municipality folder; returns (files, bytes)."""
    folder.mkdir()
    muni = city.municipality["municipality"]
    _checked(MunicipalityFile, city.municipality, f"{folder.name}/{MUNICIPALITY_FILE}")
    size = _write(
        folder / MUNICIPALITY_FILE,
        f"{muni['ja']} ({muni['en']}): synthetic data written by sdgkg synth, seed {seed}.",
        city.municipality,
    )
    for doc_id, records in city.documents.items():
        _checked(DocumentRecords, records, f"{folder.name}/{doc_id}.yaml")
        meta = records["document"]
        size += _write(folder / f"{doc_id}.yaml", f"{meta['ja']} / {meta['en']}", records)
    return 1 + len(city.documents), size


def _qc_text(gates: dict[str, dict[str, int]], municipalities: int, seed: int) -> str:
    head = (
        f"# Count gates of a synthetic corpus ({municipalities} municipalities, seed {seed}), "
        "written by sdgkg synth:\n"
        "# named graph -> class -> number of instances generated. `sdgkg build --data` checks "
        "them.\n"
    )
    return head + to_yaml(gates)


def _readme_text(
    profile: SeedProfile, municipalities: int, seed: int, smoothing: float, documents: int
) -> str:
    merged: dict[str, int] = {}
    for counts in (profile.area_targets, profile.block_targets):
        for code, n in counts.counts:
            merged[code] = merged.get(code, 0) + n
    top = sorted(merged.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    listing = ", ".join(f"{code} ({n})" for code, n in top)
    return (
        f"{SYNTH_MARKER}\n"
        "# Synthetic corpus · 合成データ\n\n"
        f"{municipalities} synthetic municipalities ({documents} documents) written by "
        f"`sdgkg synth --municipalities {municipalities} --seed {seed} --smoothing {smoothing:g}`, "
        "in the record format of `data/` (see `data/README.md`). Nothing here describes a real "
        "municipality or plan: names such as 合成市00001 and every label are generated from "
        "generic phrases, and every document is titled 合成データ / synthetic data.\n\n"
        "SDG targets beside directions and in KPI tables follow the counts in the curated "
        f"records the run was given; the most printed there: {listing}. A share of "
        f"{smoothing:g} of the links is spread evenly over all 169 targets.\n\n"
        "本フォルダは sdgkg synth が生成した合成データであり、実在の自治体・計画を表すものでは"
        "ない。\n\n"
        "Build it with `sdgkg build --data THIS_FOLDER --out SOME_DIST`; the build checks "
        f"`{QC_FILE}`.\n"
    )


def _check_replaceable(out: Path, seed_data: Path) -> None:
    """Refuse to replace anything that is not an earlier synthetic corpus."""
    if out.exists() and not out.is_dir():
        raise SdgkgError(f"{out} is a file: give --out a folder")
    if out == seed_data.resolve():
        raise SdgkgError(f"--out {out} is the --seed-data folder: write the corpus elsewhere")
    if out.is_dir() and any(out.iterdir()):
        readme = out / README
        marked = readme.is_file() and SYNTH_MARKER in readme.read_text(encoding="utf-8")
        if not marked:
            raise SdgkgError(
                f"{out} is not empty and was not written by sdgkg synth; refusing to replace it "
                "(choose a new or empty folder)"
            )


def synthesize(
    municipalities: int,
    out: Path,
    seed: int = 0,
    seed_data: Path = DATA_DIR,
    smoothing: float = DEFAULT_SMOOTHING,
    progress: Callable[[int], None] | None = None,
) -> SynthResult:
    """Write ``municipalities`` synthetic municipalities into ``out`` (replaced atomically)."""
    if not 1 <= municipalities <= MAX_MUNICIPALITIES:
        raise SdgkgError(f"--municipalities must lie between 1 and {MAX_MUNICIPALITIES}")
    if not 0.0 <= smoothing <= 1.0:
        raise SdgkgError("--smoothing must lie between 0 and 1")
    out = out.resolve()
    _check_replaceable(out, seed_data)
    profile = load_seed_profile(seed_data)
    samplers = samplers_for(profile, smoothing)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = staging_folder(out.parent, f".{out.name}.synth-")
    try:
        gates: dict[str, dict[str, int]] = {}
        files = size = documents = 0
        for index in range(1, municipalities + 1):
            city = synthetic_city(index, seed, profile, samplers)
            n_files, n_bytes = _write_city(staging / city.id, city, seed)
            files, size, documents = files + n_files, size + n_bytes, documents + n_files - 1
            gates.update(city.gates)
            if progress:
                progress(index)
        qc = _qc_text(gates, municipalities, seed).encode("utf-8")
        (staging / QC_FILE).write_bytes(qc)
        readme = _readme_text(profile, municipalities, seed, smoothing, documents).encode("utf-8")
        (staging / README).write_bytes(readme)
        files, size = files + 2, size + len(qc) + len(readme)
        replace_folder(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return SynthResult(out, municipalities, documents, files, size)
