"""`wholesale`: market stalls, inspections (抽检) and trade summaries, one file per market, dataset and
day (`<market>_<商户|抽检|交易>_<YYYYMMDD>.<csv|xlsx>`); headers differ between markets."""

from __future__ import annotations

from credit.ingest.catalog import source
from credit.ingest.sources.file_exchange import FileSource


def _market(name: str) -> dict[str, object]:
    return {"market_id": name.split("_", 1)[0]}


CONNECTOR = FileSource(
    source("wholesale"),
    keywords={"merchants": ("商户",), "inspections": ("抽检",), "trades": ("交易",)},
    context_from_name=_market,
)
