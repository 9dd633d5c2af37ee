"""The quality gate: GX suites generated from the catalog, evaluated per batch, verdicts in the lake."""
