"""Government file exchanges beyond penalties: licences, awards, red/black lists, commitments, the
objection desk's register and the foreign-trade credit bulletin."""

from __future__ import annotations

from credit.ingest.catalog import source
from credit.ingest.sources.file_exchange import FileSource

EXCHANGES = ("gov_licenses", "gov_awards", "gov_lists", "commitments", "objections", "foreign_trade")
CONNECTORS = {sid: FileSource(source(sid)) for sid in EXCHANGES}
