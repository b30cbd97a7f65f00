"""Turn curated records into RDF, one module per family of records."""
