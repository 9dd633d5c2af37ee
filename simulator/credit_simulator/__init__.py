"""The simulator: an outside system that plays the bureaus, markets and platforms a credit centre
reads from. It uploads file drops into the centre's inbox and serves the API sources over HTTP,
with realistic, awkward data for a region, deterministic for (seed, date), and faults on request.

The centre never imports it (a test walks the product's imports): a deployment without it simply
waits for real uploads. It is its own distribution (`simulator/pyproject.toml`), installed by the
project's demo and dev environments and never by the production image.
"""
