"""Ingest: connectors, normalisation, validators, the quality gate and the bundled simulator."""
