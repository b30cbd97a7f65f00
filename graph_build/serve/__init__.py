"""A read-only SPARQL 1.1 Protocol endpoint with the query library and entity pages."""
