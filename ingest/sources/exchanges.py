"""Government file exchanges beyond penalties: licences, awards, red/black lists, commitments."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ingest.catalog import source
from ingest.simulator import exchange
from ingest.sources.files import FileSource


def _simulator(source_id: str):
    def simulate(inbox: Path, seed: int, day: dt.date, scale: float = 1.0) -> list[Path]:
        return exchange.write_drop(source_id, inbox, seed, day, scale)

    return simulate


CONNECTORS = {
    sid: FileSource(source(sid), simulate=_simulator(sid))
    for sid in ("gov_licenses", "gov_awards", "gov_lists", "commitments")
}
