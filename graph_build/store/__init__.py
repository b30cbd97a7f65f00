"""The embedded on-disk triple store (pyoxigraph)."""
