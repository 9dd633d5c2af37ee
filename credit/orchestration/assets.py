"""Airflow Assets: one per source, updated when its gate has written the verdicts of a run."""

from __future__ import annotations

from airflow.sdk import Asset, AssetAny

from credit.ingest.catalog import SOURCES
from credit.orchestration.schedule import asset_uri

BY_SOURCE: dict[str, Asset] = {s.id: Asset(name=f"lake.{s.id}", uri=asset_uri(s.id)) for s in SOURCES}

# The warehouse rebuilds when ANY source lands (a list would wait for all: one source down would
# stop every publish).
ANY_SOURCE = AssetAny(*BY_SOURCE.values())
