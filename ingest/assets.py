"""Airflow Assets: one per raw dataset, updated when its gate has written a verdict."""

from __future__ import annotations

from airflow.sdk import Asset

from ingest.orchestration import asset_uri

GOV_PENALTIES = Asset(name="gov_penalties.penalties", uri=asset_uri("gov_penalties", "penalties"))

ALL = (GOV_PENALTIES,)
