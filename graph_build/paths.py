"""Where the project's own files live, and the defaults the CLI uses."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
RESOURCES_DIR = PACKAGE_DIR / "resources"
ONTOLOGY_FILE = PROJECT_DIR / "ontology" / "sdgkg.ttl"
DATA_DIR = PROJECT_DIR / "data"
QUERIES_DIR = PROJECT_DIR / "queries"
SHAPES_DIR = PROJECT_DIR / "shapes"
DEFAULT_OUT = Path("dist")


def cache_dir() -> Path:
    """Download cache: ``$SDGKG_CACHE`` if set, else ``~/.cache/sdgkg``."""
    env = os.environ.get("SDGKG_CACHE")
    if env:
        return Path(env)
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "sdgkg"
