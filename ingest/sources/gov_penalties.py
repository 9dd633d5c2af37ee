"""`gov_penalties`: 双公示 administrative penalties from the file exchange (DOMAIN.md §2): CSV in GBK
or UTF-8, XLSX; Chinese headers or CF_ codes. The same exchange carries credit-repair decisions
(信用修复, DOMAIN.md §3) in files named for them; every other file is a penalty file."""

from __future__ import annotations

import datetime as dt

from ingest import config
from ingest.catalog import source
from ingest.lake import Manifest
from ingest.simulator import gov_penalties as simulator
from ingest.sources.files import FileSource, NoDrop

__all__ = ["CONNECTOR", "NoDrop", "ingest"]

CONNECTOR = FileSource(
    source("gov_penalties"),
    simulate=simulator.write_drop,
    keywords={"repairs": ("信用修复", "repair")},
    default="penalties",
)


def ingest(day: dt.date, cfg: config.Settings | None = None) -> Manifest:
    """The day's penalties partition (the repairs partition is written beside it)."""
    manifests = CONNECTOR.ingest(day, cfg)
    return next(m for m in manifests if m.batch_date == day.isoformat() and m.dataset == "penalties")
