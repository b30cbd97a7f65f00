"""The package's layout: one subpackage per stage, and lower stages never import higher ones."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from graph_build.paths import (
    CITATION_FILE,
    CONTEXT_FILE,
    DATA_DIR,
    ONTOLOGY_FILE,
    PACKAGE_DIR,
    QUERIES_DIR,
    SHAPES_DIR,
)

# Stages from the bottom up. A module may import from its own stage and any stage listed before
# it; the shared modules directly under graph_build/ sit below every stage, the build pipeline
# above all but the command line.
SHARED = "shared"
STAGES = (
    SHARED,
    "sdg",
    "records",
    "emit",
    "store",
    "suggest",
    "sparql",
    "partners",
    "validate",
    "release",
    "progress",
    "serve",
    "analysis",
    "synth",
    "build",
    "cli",
)
PIPELINE_MODULES = {"build"}
MAX_TOP_LEVEL_MODULES = 12


def _stage(module: str) -> str:
    """The stage of a dotted module name inside graph_build."""
    parts = module.split(".")[1:]
    if not parts:
        return SHARED
    if len(parts) == 1 and parts[0] in PIPELINE_MODULES:
        return "build"
    if (PACKAGE_DIR / parts[0]).is_dir():
        return parts[0]
    return SHARED


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    """Every graph_build module that ``path`` imports, at any depth of the file."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            assert node.level == 0, f"{path}:{node.lineno}: use an absolute import"
            if node.module.split(".")[0] == "graph_build":
                found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("graph_build")]
    return found


MODULES = sorted(PACKAGE_DIR.rglob("*.py"))


def test_every_folder_with_code_is_a_known_stage() -> None:
    folders = {
        p.parent.relative_to(PACKAGE_DIR).parts[0] for p in MODULES if p.parent != PACKAGE_DIR
    }
    assert folders <= set(STAGES), f"add {sorted(folders - set(STAGES))} to STAGES in its place"


def test_few_modules_sit_directly_under_the_package() -> None:
    top = [p.name for p in MODULES if p.parent == PACKAGE_DIR]
    assert len(top) <= MAX_TOP_LEVEL_MODULES, top


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE_DIR)))
def test_lower_stages_never_import_higher_ones(path: Path) -> None:
    own = STAGES.index(_stage(_module_name(path)))
    higher = [
        f"line {line}: {module} ({_stage(module)})"
        for line, module in _imports(path)
        if STAGES.index(_stage(module)) > own
    ]
    assert not higher, f"{path.relative_to(PACKAGE_DIR)} imports a higher stage: {higher}"


def test_project_files_are_package_data() -> None:
    for path in (ONTOLOGY_FILE, CONTEXT_FILE, CITATION_FILE, DATA_DIR / "qc.yaml"):
        assert path.is_file() and path.is_relative_to(PACKAGE_DIR), path
    assert list(QUERIES_DIR.glob("*.rq")) and list((QUERIES_DIR / "checks").glob("*.rq"))
    assert list(SHAPES_DIR.glob("*.ttl"))
