"""The SPARQL query library: reading, binding and running queries, locally or on remote stores."""
