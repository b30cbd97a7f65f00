"""The embedded on-disk store (pyoxigraph): load the dump, run SPARQL."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from .errors import SdgkgError

STORE_DIR = "store"


def load_store(nquads: Path, store_dir: Path) -> ox.Store:
    """Create an on-disk store at ``store_dir`` and bulk-load the N-Quads file into it."""
    store = ox.Store(str(store_dir))
    store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    store.optimize()
    return store


def open_store(out: Path, read_only: bool = True) -> ox.Store:
    """Open the store a build wrote under ``out``; explain what to do if there is none."""
    path = out / STORE_DIR
    if not path.is_dir():
        raise SdgkgError(f"no built graph in {out}: run 'sdgkg build' first (or pass --out)")
    if read_only:
        return ox.Store.read_only(str(path))
    return ox.Store(str(path))
