"""The release: dumps in every RDF syntax, the dataset description, ontology documentation."""
