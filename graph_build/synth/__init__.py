"""Synthetic corpora of many municipalities, in the record format of the curated data."""
