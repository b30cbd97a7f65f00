"""The HTML report in a real reader: headless Chromium loads it without console errors, the
explorer draws the network, clicking a node (via the address) shows its evidence, and a
screenshot shows the coloured network."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import matplotlib.image
import numpy as np
import pytest

from graph_build.analysis.run import run_analysis
from graph_build.build import build
from graph_build.paths import DATA_DIR

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--hide-scrollbars",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--enable-logging=stderr",
    "--v=0",
    "--virtual-time-budget=5000",
]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: apt-get install chromium fonts-noto-cjk")
        pytest.skip("chromium is not installed (Debian package 'chromium')")
    mp = pytest.MonkeyPatch()
    mp.setenv("SDGKG_CACHE", str(tmp_path_factory.mktemp("cache-report")))
    out = tmp_path_factory.mktemp("report") / "dist"
    build(DATA_DIR, out)
    result = run_analysis(out, date="2024-09-30", write_store=False)
    yield result.folder / "report.html"
    mp.undo()


def chromium(args: list[str], profile: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def console_errors(stderr: str) -> list[str]:
    return [
        line
        for line in stderr.splitlines()
        if "CONSOLE" in line and ("Uncaught" in line or "Error" in line)
    ]


def test_report_loads_without_console_errors(report: Path, tmp_path: Path) -> None:
    done = chromium(["--dump-dom", report.as_uri()], tmp_path / "profile")
    assert done.returncode == 0, done.stderr[-2000:]
    assert not console_errors(done.stderr)
    body = re.search(r"<body[^>]*>", done.stdout)
    assert body is not None
    assert 'data-ready="yes"' in body.group(0) and "data-errors" not in body.group(0)
    # the explorer drew circles for the first view's nodes
    assert done.stdout.count('class="node') >= 20


def test_clicking_a_node_shows_its_evidence(report: Path, tmp_path: Path) -> None:
    url = report.as_uri() + "#view=coreference-target-kanazawa&node=9.5&lang=ja"
    done = chromium(["--dump-dom", url], tmp_path / "profile")
    assert not console_errors(done.stderr)
    details = done.stdout.split('id="details"', 1)[1]
    assert "9.5 — ターゲット9.5" in details
    assert "方向性経由" in details  # links carried only through a direction are marked


def test_screenshot_shows_the_network(report: Path, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    done = chromium(
        ["--window-size=1400,1500", f"--screenshot={shot}", report.as_uri()], tmp_path / "profile"
    )
    assert done.returncode == 0 and shot.is_file(), done.stderr[-2000:]
    pixels = matplotlib.image.imread(shot)[:, :, :3]
    # the explorer sits in the upper part of the page: count pixels of the dimension colours
    # (economy #d08c00, society #c2185b, environment #2e7d32) in that area
    area = pixels[500:1450]
    colours = np.array([[0xD0, 0x8C, 0x00], [0xC2, 0x18, 0x5B], [0x2E, 0x7D, 0x32]]) / 255
    hits = [int((np.abs(area - c).sum(axis=2) < 0.06).sum()) for c in colours]
    assert all(h > 500 for h in hits), hits
