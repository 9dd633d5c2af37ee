"""Every source's connector by source id: `ingest(day) -> [Manifest]` for each."""

from __future__ import annotations

from credit.ingest.sources import api_sources as apis
from credit.ingest.sources import gov_exchanges as exchanges
from credit.ingest.sources import penalty_exchange as gov_penalties
from credit.ingest.sources import wholesale_markets as wholesale

CONNECTORS = {
    "gov_penalties": gov_penalties.CONNECTOR,
    **exchanges.CONNECTORS,
    "wholesale": wholesale.CONNECTOR,
    "ecommerce": apis.ECOMMERCE,
    "raters": apis.RATERS,
    "complaints_12312": apis.COMPLAINTS,
    "household": apis.HOUSEHOLD,
}


def connector(source_id: str):
    try:
        return CONNECTORS[source_id]
    except KeyError:
        raise KeyError(f"no connector for {source_id!r}; known: {', '.join(sorted(CONNECTORS))}") from None
