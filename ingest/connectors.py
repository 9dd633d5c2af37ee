"""Every source's connector by source id: `ingest(day) -> [Manifest]` for each."""

from __future__ import annotations

from ingest.sources import apis, exchanges, gov_penalties, wholesale

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
