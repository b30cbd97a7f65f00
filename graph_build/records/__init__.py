"""Curated source records: their model, reading a data folder, and the checks on it."""
