"""Ingest: the catalog of sources, readers, value parsing, and one connector per source."""
