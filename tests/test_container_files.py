"""The container files refer to files and options that exist (the image itself is not built
here: the test machine has no Docker daemon, as the README says)."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

from graph_build.cli.main import main

from .conftest import REPO

DOCKERFILE = (REPO / "Dockerfile").read_text(encoding="utf-8")


def test_every_copied_file_exists() -> None:
    for line in DOCKERFILE.splitlines():
        if line.startswith("COPY "):
            *sources, _target = line.split()[1:]
            for source in sources:
                assert (REPO / source).exists(), source


def test_the_commands_use_options_sdgkg_has() -> None:
    cmd = json.loads(re.search(r"^CMD (\[.*\])$", DOCKERFILE, re.MULTILINE).group(1))  # type: ignore[union-attr]
    assert cmd[:2] == ["sdgkg", "serve"]
    help_text = CliRunner().invoke(main, ["serve", "--help"]).output
    for option in (arg for arg in cmd[2:] if arg.startswith("--")):
        assert option in help_text, option
    build = re.search(r"^RUN sdgkg build (.*)$", DOCKERFILE, re.MULTILINE)
    assert build is not None
    build_help = CliRunner().invoke(main, ["build", "--help"]).output
    for option in (arg for arg in build.group(1).split() if arg.startswith("--")):
        assert option in build_help, option


def test_compose_publishes_on_loopback_only() -> None:
    compose = (REPO / "compose.yaml").read_text(encoding="utf-8")
    ports = re.findall(r'^\s*- "([^"]+)"$', compose, re.MULTILINE)
    assert ports and all(p.startswith("127.0.0.1:") for p in ports)
