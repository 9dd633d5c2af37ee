"""Government file exchanges beyond penalties: licences, awards, red/black lists, commitments, and
the objection desk's register."""

from __future__ import annotations

from credit.ingest.catalog import source
from credit.ingest.sources.file_exchange import FileSource

EXCHANGES = ("gov_licenses", "gov_awards", "gov_lists", "commitments", "objections")
CONNECTORS = {sid: FileSource(source(sid)) for sid in EXCHANGES}
