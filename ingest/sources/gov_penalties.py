"""`gov_penalties`: 双公示 administrative penalties from the file exchange (DOMAIN.md §2): CSV in GBK
or UTF-8, XLSX; Chinese headers or CF_ codes."""

from __future__ import annotations

import datetime as dt

from ingest import config
from ingest.catalog import source
from ingest.lake import Manifest
from ingest.simulator import gov_penalties as simulator
from ingest.sources.files import FileSource, NoDrop

__all__ = ["CONNECTOR", "NoDrop", "ingest"]

CONNECTOR = FileSource(source("gov_penalties"), simulate=simulator.write_drop)


def ingest(day: dt.date, cfg: config.Settings | None = None) -> Manifest:
    """The day's penalties partition (this source has one dataset)."""
    manifests = CONNECTOR.ingest(day, cfg)
    return next(m for m in manifests if m.batch_date == day.isoformat())
