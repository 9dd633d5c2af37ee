"""`gov_penalties`: 双公示 administrative penalties from the file exchange (docs/domain.md §2): CSV in
GBK or UTF-8, XLSX; Chinese headers or CF_ codes. The same exchange carries credit-repair decisions
(信用修复, docs/domain.md §3) in files named for them; every other file is a penalty file."""

from __future__ import annotations

import datetime as dt

from credit.core import config
from credit.core.lake import Manifest
from credit.ingest.catalog import source
from credit.ingest.sources.file_exchange import FileSource, NotArrived

__all__ = ["CONNECTOR", "NotArrived", "ingest"]

CONNECTOR = FileSource(
    source("gov_penalties"),
    keywords={"repairs": ("信用修复", "repair")},
    default="penalties",
)


def ingest(day: dt.date, cfg: config.Settings | None = None) -> Manifest:
    """The day's penalties partition (the repairs partition is written beside it)."""
    manifests = CONNECTOR.ingest(day, cfg)
    return next(m for m in manifests if m.batch_date == day.isoformat() and m.dataset == "penalties")
