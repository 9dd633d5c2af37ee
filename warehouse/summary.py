"""What the published warehouse holds, for the demo and the build log (read-only)."""

from __future__ import annotations

import logging

import duckdb

from ingest import config

log = logging.getLogger(__name__)


def summarise(cfg: config.Settings | None = None) -> dict:
    cfg = cfg or config.settings()
    path = cfg.published_warehouse
    with duckdb.connect(str(path), read_only=True) as con:

        def one(sql: str) -> object:
            return con.execute(sql).fetchone()[0]

        out = {
            "warehouse": str(path),
            "as_of": str(one("select max(scored_on) from marts.dim_market_entity")),
            "entities": one("select count(*) from marts.dim_market_entity"),
            "grades": dict(
                con.execute("select grade, count(*) from marts.dim_market_entity group by 1 order by 1").fetchall()
            ),
            "credit_events": one("select count(*) from marts.fct_credit_event"),
            "batches": dict(
                con.execute("select verdict, count(*) from quality.load_audit group by 1 order by 1").fetchall()
            ),
            "rows_received": one("select coalesce(sum(rows_received), 0) from quality.load_audit"),
            "rows_accepted": one("select coalesce(sum(rows_accepted), 0) from quality.load_audit"),
            "rows_quarantined": one("select coalesce(sum(rows_quarantined), 0) from quality.load_audit"),
            "quarantine_rules": dict(
                con.execute("select rule, count(*) from quality.quarantine group by 1 order by 2 desc").fetchall()
            ),
        }
    log.debug("warehouse summary: %s", out)
    return out


def render(s: dict) -> str:
    grades = "  ".join(f"{g}: {n}" for g, n in s["grades"].items())
    batches = "  ".join(f"{v}: {n}" for v, n in s["batches"].items())
    rules = "\n".join(f"    {rule:<28} {n}" for rule, n in s["quarantine_rules"].items()) or "    (none)"
    return f"""
Commerce Credit Data Centre — published warehouse
  file            {s["warehouse"]}
  scored as of    {s["as_of"]}
  entities        {s["entities"]}   grades  {grades}
  credit events   {s["credit_events"]}
  batches         {batches}
  rows            received {s["rows_received"]} = accepted {s["rows_accepted"]} + quarantined {s["rows_quarantined"]}
  quarantined by rule:
{rules}
"""
