"""Government and sector file exchanges beyond penalties: licences, awards, red/black lists,
commitments, the objection desk's register, the foreign-trade credit bulletin, the industry
associations' member records, exhibitions, and the trades filed with the bureau."""

from __future__ import annotations

from credit.ingest.catalog import source
from credit.ingest.sources.file_exchange import FileSource

EXCHANGES = (
    "gov_licenses",
    "gov_awards",
    "gov_lists",
    "commitments",
    "objections",
    "foreign_trade",
    "associations",
)
CONNECTORS = {sid: FileSource(source(sid)) for sid in EXCHANGES}
# sources of several datasets: which dataset a file holds is in its name
# (`<区划>_会展_<展会登记|参展企业|展会投诉>_<YYYYMMDD>`, `<区划>_<商务备案登记|预付卡资金存管>_<YYYYMMDD>`)
CONNECTORS["exhibitions"] = FileSource(
    source("exhibitions"),
    keywords={"exhibitions": ("展会登记",), "exhibitors": ("参展企业",), "complaints": ("展会投诉",)},
)
CONNECTORS["filed_trades"] = FileSource(
    source("filed_trades"),
    keywords={"filings": ("备案登记",), "prepaid_funds": ("预付卡资金",)},
)
