"""Checks of the built graph: SHACL shapes, SPARQL violation checks and count gates."""
