"""The wheel as a user installs it: built from this checkout, run from an empty folder.

The ontology, shapes, queries and seed records must come from inside the installed package, not
from the checkout, and the console script must work from any folder. The dependencies are taken
from the environment running the tests (a ``.pth`` file in the new environment), so no network
is needed; the new environment's own site-packages, which holds the wheel, comes first.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def run(argv: list[str | Path], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run a command; fail the test with its output (and the command) when it exits non-zero."""
    done = subprocess.run(
        [str(a) for a in argv],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, f"{' '.join(map(str, argv))}:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment holding the wheel of this checkout; its bin folder."""
    tmp = tmp_path_factory.mktemp("wheel")
    env = {**os.environ, "PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    wheels = tmp / "wheels"
    pip = [sys.executable, "-m", "pip"]
    run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", wheels, REPO], tmp, env)
    (wheel,) = wheels.glob("sdgkg-*.whl")
    venv = tmp / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", venv], tmp, env)
    python = venv / "bin" / "python"
    run([*pip, "--python", python, "install", "--no-deps", wheel], tmp, env)
    site_packages = Path(
        run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], tmp, env
        ).stdout.strip()
    )
    # A .pth line is appended to sys.path after the folder holding it, so the wheel wins; the
    # .pth files inside the named folders are not read, so this checkout's editable install
    # stays out.
    ours = dict.fromkeys(sysconfig.get_paths()[key] for key in ("purelib", "platlib"))
    (site_packages / "zz-test-dependencies.pth").write_text(
        "".join(f"{path}\n" for path in ours), encoding="utf-8"
    )
    return venv / "bin"


def test_the_installed_command_builds_queries_validates_and_analyses(
    installed: Path, tmp_path: Path
) -> None:
    work = tmp_path / "empty"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["SDGKG_CACHE"] = str(tmp_path / "cache")  # no UN KOS dump: the same in every run
    sdgkg = installed / "sdgkg"

    where = run(
        [installed / "python", "-c", "import graph_build; print(graph_build.__file__)"], work, env
    )
    package = Path(where.stdout.strip()).resolve()
    assert package.is_relative_to(installed.parent.resolve()), package
    assert not package.is_relative_to(REPO), package

    run([sdgkg, "build"], work, env)
    assert (work / "dist" / "sdgkg.nq").is_file()
    kpis = run([sdgkg, "query", "kpis"], work, env).stdout.splitlines()
    assert kpis[0].split()[:4] == ["city", "city_iri", "direction", "kpi"], kpis[:1]
    rows = int(re.fullmatch(r"\((\d+) rows\)", kpis[-1]).group(1))  # type: ignore[union-attr]
    # header, rule, rows, count; a long cell continues on lines that leave the city blank
    starts = [line for line in kpis[2:-1] if not line.startswith(" ")]
    assert rows > 0 and len(starts) == rows
    assert any("/kpi/" in line for line in kpis[2:-1])
    run([sdgkg, "validate"], work, env)
    run([sdgkg, "analyze"], work, env)
    assert (work / "dist" / "analysis" / "report.html").is_file()
    assert sorted(p.name for p in work.iterdir()) == ["dist"]
