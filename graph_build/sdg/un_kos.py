"""The UN SDG KOS dump: download, verify, cache, and merge its official en/es/fr wording.

The project's own framework data (codes, hierarchy, short labels) never depends on this file.
When the dump is in the cache, the build adds its official titles as ``sdgkg:officialTitle`` in a
named graph of their own, so that what the UN wrote and what the project wrote stay apart.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import SKOS

from graph_build.errors import SdgkgError
from graph_build.files import sha256_file
from graph_build.iris import sdg_iri
from graph_build.namespaces import SDGKG
from graph_build.paths import cache_dir
from graph_build.sdg.framework import load_framework

KOS_FILE = "sdg-kos-goals-targets-indicators.ttl"
KOS_URL = (
    "https://raw.githubusercontent.com/UNStats/LOD4Stats/"
    "0ae578bacb1f4339596f5a6a19338457e4b22ba3/sdg-data/sdg-kos-goals-targets-indicators.ttl"
)
KOS_SHA256 = "cb6b5600333b3a4f6498f9817db1a41244dd6b5758c274c42c6240a20259503e"
KOS_LANGUAGES = ("en", "es", "fr")
KOS_CITATION = (
    "Joshi, Gonzalez Morales, Klarman, Helton (2019), A Knowledge Organization System for the "
    "United Nations Sustainable Development Goals, http://metadata.un.org/sdg"
)


def cached_kos(folder: Path | None = None) -> Path:
    """Where the dump lives in the cache."""
    return (folder or cache_dir()) / KOS_FILE


def download_kos(
    url: str = KOS_URL,
    folder: Path | None = None,
    timeout: float = 30.0,
    expected_sha256: str = KOS_SHA256,
) -> Path:
    """Fetch the dump, check its checksum, and move it into the cache atomically."""
    target = cached_kos(folder)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            payload = response.read()
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise SdgkgError(
            f"offline: could not download the UN SDG KOS dump ({reason}); "
            "the build still works with the project's own labels"
        ) from exc
    digest = hashlib.sha256(payload).hexdigest()
    if digest != expected_sha256:
        raise SdgkgError(
            f"the downloaded UN SDG KOS dump has sha256 {digest}, expected "
            f"{expected_sha256}; nothing was cached"
        )
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".kos-")
    with os.fdopen(fd, "wb") as handle:
        handle.write(payload)
    Path(tmp).replace(target)
    return target


def un_label_graph(folder: Path | None = None) -> Graph | None:
    """Official titles from a cached, checksum-verified dump; ``None`` when there is none."""
    path = cached_kos(folder)
    if not path.is_file() or sha256_file(path) != KOS_SHA256:
        return None
    source = Graph()
    source.parse(path, format="turtle")
    fw = load_framework()
    codes = [*fw.goals, *fw.targets, *(i.permanent_code for i in fw.indicators)]
    graph = Graph()
    for code in codes:
        iri = sdg_iri(code)
        for label in source.objects(iri, SKOS.prefLabel):
            if isinstance(label, Literal) and label.language in KOS_LANGUAGES:
                graph.add(
                    (iri, SDGKG.officialTitle, Literal(str(label).strip(), lang=label.language))
                )
    return graph
