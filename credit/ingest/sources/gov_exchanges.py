"""Government file exchanges beyond penalties: licences, awards, red/black lists, commitments."""

from __future__ import annotations

from credit.ingest.catalog import source
from credit.ingest.sources.file_exchange import FileSource

CONNECTORS = {sid: FileSource(source(sid)) for sid in ("gov_licenses", "gov_awards", "gov_lists", "commitments")}
