"""Where the package's own files live, and the defaults the CLI uses.

Ontology, shapes, queries, JSON-LD context, curated records and resources are package data: they
ship inside the wheel and are found through :mod:`importlib.resources`, so an installed sdgkg works
from any folder, exactly as a checkout does.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path


def _package_dir() -> Path:
    # The package is installed as plain files (wheel or editable); its data are files beside it.
    return Path(str(files("graph_build")))


PACKAGE_DIR = _package_dir()
RESOURCES_DIR = PACKAGE_DIR / "resources"
ONTOLOGY_FILE = PACKAGE_DIR / "ontology" / "sdgkg.ttl"
CONTEXT_FILE = PACKAGE_DIR / "context" / "sdgkg.jsonld"
CITATION_FILE = RESOURCES_DIR / "CITATION.cff"
# The licence notice written into every release folder as LICENSE.md.
RELEASE_LICENSE_FILE = RESOURCES_DIR / "RELEASE_LICENSE.md"
DATA_DIR = PACKAGE_DIR / "data"
QUERIES_DIR = PACKAGE_DIR / "queries"
PARTNER_QUERIES_DIR = QUERIES_DIR / "partners"
SHAPES_DIR = PACKAGE_DIR / "shapes"
SYNTH_PHRASES_DIR = PACKAGE_DIR / "synth" / "phrases"
DEFAULT_OUT = Path("dist")
# The release folder inside a build, and the dataset description (VoID, DCAT) file in it.
RELEASE_DIR = "release"
DESCRIPTION_FILE = "void.ttl"


def cache_dir() -> Path:
    """Download cache: ``$SDGKG_CACHE`` if set, else ``~/.cache/sdgkg``."""
    env = os.environ.get("SDGKG_CACHE")
    if env:
        return Path(env)
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "sdgkg"
