"""The bundled simulator: realistic, awkward source data for a region, deterministic for (seed, date)."""
