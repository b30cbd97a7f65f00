"""Shared fixtures. Tests never reach the network: only loopback connections are allowed."""

from __future__ import annotations

import ipaddress
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph_build.build import BuildResult, build
from graph_build.paths import DATA_DIR
from graph_build.synth.corpus import synthesize
from tests.slow_tests import listed as listed_slow_tests

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
ALL_RECORD_KINDS = FIXTURES / "all_record_kinds"
SHARED = REPO.parent / "shared"
EXAMPLES = REPO / "examples"
SEEDS = SHARED / "seeds"
UN_KOS_DIR = SHARED / "data" / "un-sdg-kos"

_real_connect = socket.socket.connect

# Shared fixtures that are cheap to make; any other session- or module-scoped fixture builds a
# graph, starts a server or installs a package, and marks the tests using it "slow".
CHEAP_SHARED_FIXTURES = frozenset({"seeds", "runner", "ontology", "facts"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark tests that need a built graph, a server or an install as ``slow``, and those listed
    in ``slow_tests.txt`` (slow on their own; see ``slow_tests.py``).

    ``make test-fast`` leaves them out (``-m "not slow"``); ``make test`` runs everything.
    """
    slow_on_their_own = listed_slow_tests()
    for item in items:
        if item.nodeid in slow_on_their_own:
            item.add_marker(pytest.mark.slow)
            continue
        fixturedefs = getattr(getattr(item, "_fixtureinfo", None), "name2fixturedefs", {})
        for name, defs in fixturedefs.items():
            if name in CHEAP_SHARED_FIXTURES:
                continue
            # plugin fixtures (tmp_path_factory, …) have an empty baseid
            if any(d.baseid and d.scope in ("session", "module", "package") for d in defs):
                item.add_marker(pytest.mark.slow)
                break


def _loopback_only(self: socket.socket, address: Any) -> Any:
    """Connect only to loopback; say which rule stopped a connection, or that nothing listened."""
    if self.family == getattr(socket, "AF_UNIX", None):
        return _real_connect(self, address)  # a local socket file, not the network
    host = address[0] if isinstance(address, tuple) else address
    try:
        # Names other than localhost are not resolved: resolving them would reach the network.
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise OSError(
            f"network access blocked in tests: {address!r} is not a loopback address "
            "(tests may connect to 127.0.0.1, ::1 or localhost only)"
        )
    try:
        return _real_connect(self, address)
    except ConnectionRefusedError as exc:
        raise ConnectionRefusedError(
            exc.errno,
            f"loopback connection to {address!r} refused: nothing listens there "
            "(is the test server up?)",
        ) from exc


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket.socket, "connect", _loopback_only)


@pytest.fixture(autouse=True)
def _empty_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Builds see an empty download cache unless a test points SDGKG_CACHE elsewhere."""
    monkeypatch.setenv("SDGKG_CACHE", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture(scope="session")
def fixture_build(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuildResult]:
    """The small all-record-kinds fixture, built once."""
    mp = pytest.MonkeyPatch()
    mp.setenv("SDGKG_CACHE", str(tmp_path_factory.mktemp("cache-fixture")))
    yield build(ALL_RECORD_KINDS, tmp_path_factory.mktemp("fixture") / "dist")
    mp.undo()


@pytest.fixture(scope="session")
def project_build(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuildResult]:
    """The project's own data/, built once (no UN KOS labels)."""
    mp = pytest.MonkeyPatch()
    mp.setenv("SDGKG_CACHE", str(tmp_path_factory.mktemp("cache-project")))
    yield build(DATA_DIR, tmp_path_factory.mktemp("project") / "dist")
    mp.undo()


# Queries about monitored KPI values: the seed records hold none, so tests run these on the
# project records with the illustrative example file of monitored values added.
MONITORED_QUERIES = frozenset({"kpi_progress"})


@pytest.fixture(scope="session")
def monitored_build(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuildResult]:
    """The project's data/ with examples/kanazawa-kpi-observations.csv added, built once."""
    from graph_build.records.observations import OBSERVATIONS_FILE

    mp = pytest.MonkeyPatch()
    mp.setenv("SDGKG_CACHE", str(tmp_path_factory.mktemp("cache-monitored")))
    data = tmp_path_factory.mktemp("monitored") / "data"
    shutil.copytree(DATA_DIR, data)
    shutil.copy(EXAMPLES / "kanazawa-kpi-observations.csv", data / "kanazawa" / OBSERVATIONS_FILE)
    yield build(data, data.parent / "dist", release=False)
    mp.undo()


@pytest.fixture(scope="session")
def analysed_build(monitored_build: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the monitored build after `sdgkg analyze` (its build folder): some analysis
    queries read the results graph."""
    from graph_build.analysis.run import run_analysis

    out = tmp_path_factory.mktemp("analysed") / "dist"
    shutil.copytree(monitored_build.out, out)
    run_analysis(out)
    return out


@pytest.fixture(scope="session")
def seeds() -> Path:
    """The seed texts; tests that compare with them skip when they are not beside the project."""
    if not SEEDS.is_dir():
        pytest.skip("seed documents not found beside the project (../shared/seeds)")
    return SEEDS


def suggestion_corpus(root: Path, municipalities: int, seed: int) -> Path:
    """Synthetic municipalities, the sample town with an accepted SDG review (a curated-links
    block of its own), and a copy of the town named ``activity``, whose suggestions share
    ``…/id/activity/`` with the suggestion method's run: the cases the suggestion blocks of a
    build must get right."""
    synthesize(municipalities, root, seed=seed)
    town = root / "sampletown"
    shutil.copytree(ALL_RECORD_KINDS / "sampletown", town)
    shutil.copy(FIXTURES / "sdg_reviews" / "accept_one_reject_one.yaml", town / "sdg-reviews.yaml")
    twin = root / "activity"
    twin.mkdir()
    for path in town.iterdir():
        text = path.read_text(encoding="utf-8").replace("sampletown", "activity")
        (twin / path.name).write_text(text, encoding="utf-8")
    return root
