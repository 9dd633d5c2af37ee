"""Retention of old lake partitions (the maintenance DAG): inbox uploads, raw partitions and
quarantined rows older than `retention_days` are removed. Accepted and audit partitions are kept:
they are what a full rebuild of the warehouse reads, and load_audit's history. Partitions are
named by their data day (`dt=YYYY-MM-DD`, inbox `<source>/<YYYY-MM-DD>`), never by file times."""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

from credit.core import config, lake

log = logging.getLogger(__name__)

PRUNED_ZONES = ("raw", "quarantine")


@dataclass(frozen=True)
class Pruned:
    path: Path
    day: dt.date


def _inbox_day(name: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(name)
    except ValueError:
        return None


def expired(cfg: config.Settings, today: dt.date, retention_days: int | None = None) -> list[Pruned]:
    """The partitions older than the retention, oldest first."""
    keep = cfg.retention_days if retention_days is None else retention_days
    cutoff = today - dt.timedelta(days=keep)
    found: list[Pruned] = []
    for zone in PRUNED_ZONES:
        for folder in lake.zone_dir(cfg.lake, zone).glob(lake.PARTITION_GLOB):
            if (day := lake.partition_day(folder.name)) and day < cutoff:
                found.append(Pruned(folder, day))
    for folder in cfg.inbox.glob("*/*"):
        if folder.is_dir() and (day := _inbox_day(folder.name)) and day < cutoff:
            found.append(Pruned(folder, day))
    return sorted(found, key=lambda p: (p.day, str(p.path)))


def prune(
    cfg: config.Settings, today: dt.date, retention_days: int | None = None, dry_run: bool = False
) -> list[Pruned]:
    out = expired(cfg, today, retention_days)
    for p in out:
        log.info("%s %s (day %s)", "would remove" if dry_run else "removing", p.path, p.day)
        if not dry_run:
            shutil.rmtree(p.path)
    return out
