"""What the published warehouse holds, for the demo and the build log (read-only), on either engine
(docs/engines.md): the DuckDB file, or the Spark build's public views. The queries are SQL both
engines run; what they would spell differently (a JSON column's items, a difference of dates) is
done here in Python, so both print the same figures."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import re
from collections.abc import Callable, Iterator

import duckdb

from credit.core import config
from credit.warehouse.published import LAST_SCORED_DAY

log = logging.getLogger(__name__)

Rows = Callable[[str], list[tuple]]
_DETAIL = re.compile(r" \(.*$", re.S)  # a skip reason's particulars: "(line 7: ...)"


@contextlib.contextmanager
def published_rows(cfg: config.Settings) -> Iterator[tuple[str, Rows]]:
    """(where the published warehouse is, a function from SQL to its rows) for the configured engine."""
    if cfg.engine == "spark":
        from credit.warehouse.spark_build import SparkServer, published_version

        server = SparkServer.from_settings(cfg)
        where = f"Spark {server.host}:{server.port}, public views over build {published_version(server) or '(none)'}"
        yield where, server.query
        return
    path = cfg.published_warehouse
    with duckdb.connect(str(path), read_only=True) as con:
        yield str(path), lambda sql: con.execute(sql).fetchall()


def _day(value: object) -> dt.date | None:
    """A date as either driver returns it (DuckDB a date, Spark's Thrift rows its ISO text)."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def skip_reasons(skipped_lines: list[str | None]) -> dict[str, int]:
    """Reason -> lines skipped as not records, over the audit's `skipped_lines` JSON lists (the
    reason without its particulars), most frequent first."""
    counts: dict[str, int] = {}
    for text in skipped_lines:
        for item in json.loads(text or "[]"):
            why = _DETAIL.sub("", str(item.get("reason", "")))
            counts[why] = counts.get(why, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def summarise(cfg: config.Settings | None = None) -> dict:
    cfg = cfg or config.settings()
    with published_rows(cfg) as (where, rows):

        def one(sql: str) -> object:
            return rows(sql)[0][0]

        def first(sql: str) -> tuple | None:
            found = rows(sql)
            return tuple(found[0]) if found else None

        spans = first("select min(valid_from), max(valid_to) from marts.fct_entity_credit_spans")
        since, until = (_day(spans[0]), _day(spans[1])) if spans else (None, None)
        out = {
            "warehouse": where,
            "as_of": str(one("select max(scored_on) from marts.dim_market_entity")),
            "entities": one("select count(*) from marts.dim_market_entity"),
            "grades": dict(rows("select grade, count(*) from marts.dim_market_entity group by 1 order by 1")),
            "credit_events": one("select count(*) from marts.fct_credit_event"),
            "events_by_type": dict(
                rows("select event_type, count(*) from marts.fct_credit_event group by 1 order by 2 desc, 1")
            ),
            "red_list": one("select count(*) from marts.dim_market_entity where on_red_list"),
            "black_list": one("select count(*) from marts.dim_market_entity where on_black_list"),
            "practitioners": dict(
                rows("select credit_level, count(*) from marts.dim_practitioner group by 1 order by 1")
            ),
            "consumers": one("select count(*) from marts.dim_consumer"),
            "brushing_suspects": one("select count(*) from marts.dim_consumer where is_brushing_suspect"),
            "score_days": (until - since).days if since and until else None,
            "inspections_drawn": one("select count(*) from marts.inspection_plan"),
            "commitments_drawn": one("select count(*) from marts.commitment_check_draw"),
            "green_channel": one("select count(*) from marts.green_channel"),
            "foreign_trade": rows(
                """select count(*), count(*) filter (where polarity = 'negative'), count(distinct subject_key)
                   from marts.fct_credit_event where event_type = 'foreign_trade'"""
            )[0],
            # docs/domain.md §5: the industry associations, exhibitions, filed trades and prepaid cards
            "associations": rows(
                """select count(*), count(distinct subject_key), count(*) filter (where polarity = 'positive'),
                          count(*) filter (where polarity = 'negative')
                   from marts.fct_credit_event where event_type = 'association'"""
            )[0],
            "exhibitions": rows(
                """select sum(exhibitions_organised), sum(exhibitions_attended), sum(complaints_received),
                          sum(complaints_upheld), sum(commitments_broken), count(*)
                   from marts.exhibition_credit_file"""
            )[0],
            "filed_trades": rows(
                """select count(*), count(distinct trade), count(*) filter (where check_result in ('failed', 'missed')),
                          count(*) filter (where status = 'revoked')
                   from marts.filed_trade_register"""
            )[0],
            "prepaid": rows(
                """select count(*), count(*) filter (where deposit_short),
                          (select count(*) from marts.early_warning where reason = 'prepaid_deposit_short'),
                          (select count(*) from marts.early_warning where reason = 'prepaid_refund_spike')
                   from marts.prepaid_card_issuers"""
            )[0],
            # docs/domain.md §3.4: decisions a bureau re-sent corrected, each version scored on its days
            "corrected": one("select count(distinct decision_no) from intermediate.int_penalty_versions"),
            "objections": rows(
                """select count(*), count(*) filter (where status = 'under_review'),
                          count(*) filter (where outcome = 'kept'), count(*) filter (where outcome = 'corrected'),
                          count(*) filter (where outcome = 'removed'), count(*) filter (where not record_held)
                   from marts.objections"""
            )[0],
            "insufficient_history": dict(rows("select rule, count(*) from marts.insufficient_history group by rule")),
            "warnings": one(f"select count(*) from marts.early_warning where raised_on = {LAST_SCORED_DAY}"),
            # what the day's provincial push carries (docs/architecture.md "The provincial push")
            "push": rows(
                f"""select
                     (select count(*) from marts.exchange_penalties where received_on = d.day),
                     (select count(*) from marts.exchange_licenses where received_on = d.day),
                     (select count(*) from marts.exchange_list_changes where received_on = d.day)
                   from (select {LAST_SCORED_DAY} as day) as d"""
            )[0],
            "lowest": first(
                "select uscc, name, score, grade from marts.dim_market_entity order by score, uscc limit 1"
            ),
            "batches": dict(rows("select verdict, count(*) from quality.load_audit group by 1 order by 1")),
            "rows_received": one("select coalesce(sum(rows_received), 0) from quality.load_audit"),
            "rows_accepted": one("select coalesce(sum(rows_accepted), 0) from quality.load_audit"),
            "rows_quarantined": one("select coalesce(sum(rows_quarantined), 0) from quality.load_audit"),
            "rows_skipped": one("select coalesce(sum(rows_skipped), 0) from quality.load_audit"),
            "skip_reasons": skip_reasons(
                [
                    text
                    for (text,) in rows("select skipped_lines from quality.load_audit where skipped_lines is not null")
                ]
            ),
            "quarantine_rules": dict(
                rows("select rule, count(*) from quality.quarantine group by 1 order by 2 desc, 1")
            ),
            "open_blocked": [
                (source, dataset, _day(day), days)
                for source, dataset, day, days in rows(
                    "select source, dataset, batch_date, days_open from quality.open_blocked_batches order by 3, 1, 2"
                )
            ],
            "behind": rows(
                "select source, dataset, status, days_behind from quality.source_freshness"
                " where status not in ('fresh', 'late') order by 1, 2"
            ),
        }
    log.debug("warehouse summary: %s", out)
    return out


def render(s: dict) -> str:
    grades = "  ".join(f"{g}: {n}" for g, n in s["grades"].items())
    batches = "  ".join(f"{v}: {n}" for v, n in s["batches"].items())
    events = "  ".join(f"{t}: {n}" for t, n in s["events_by_type"].items())
    levels = "  ".join(f"{lv}: {n}" for lv, n in s["practitioners"].items())
    low = s["lowest"]
    lowest = (
        f"{low[0]} {low[1]}: {low[2]} ({low[3]})   try: .venv/bin/credit report {low[0]}"
        if low
        else "none: no entity scored yet (the lake held no batch when the warehouse was built)"
    )
    short = s["insufficient_history"]
    supervision = (
        f"green channel {s['green_channel']}"
        f" (insufficient history: green channel {short.get('green_channel', 0)},"
        f" red list {short.get('red_list', 0)})   warnings today {s['warnings']}   inspections drawn"
        f" {s['inspections_drawn']}   commitments drawn for checks {s['commitments_drawn']}"
    )
    ft = s["foreign_trade"]
    trade = f"{ft[0]} assessment(s) of {ft[2]} entities, {ft[1]} bad (exported as 外贸信用通报)"
    a, x, f, p = s["associations"], s["exhibitions"], s["filed_trades"], s["prepaid"]
    associations = f"{a[0]} member record(s) of {a[1]} members: {a[2]} good, {a[3]} bad (score component association)"
    fairs = (
        f"{x[0] or 0} held   exhibitor booths {x[1] or 0}   complaints {x[2] or 0} (upheld {x[3] or 0},"
        f" broken 诚信参展 commitments {x[4] or 0})   credit files {x[5]}"
    )
    filed = f"{f[0]} filing(s) in {f[1]} trades   failed or missed annual checks {f[2]}   revoked {f[3]}"
    prepaid = (
        f"{p[0]} issuer(s)   deposit short now {p[1]}   warnings: deposit short {p[2]}, refund complaints spike {p[3]}"
    )
    o = s["objections"]
    objections = (
        f"{o[0]}   under review {o[1]}   kept {o[2]}   corrected {o[3]}   removed {o[4]}"
        f"   (of a record the centre does not hold: {o[5]})"
    )
    push = s["push"]
    pushed = (
        f"penalties {push[0]}   licences {push[1]}   list changes {push[2]}"
        "   (exports/<day>/provincial/, refused records in rejected.csv)"
    )
    rules = "\n".join(f"    {rule:<28} {n}" for rule, n in s["quarantine_rules"].items()) or "    (none)"
    skips = "\n".join(f"    {why:<28} {n}" for why, n in s["skip_reasons"].items()) or "    (none)"
    blocked = (
        "\n".join(f"    {src}/{ds} {day} (open {n} day(s))" for src, ds, day, n in s["open_blocked"]) or "    (none)"
    )
    behind = "\n".join(f"    {src}/{ds}: {st}, {n} day(s) behind" for src, ds, st, n in s["behind"]) or "    (none)"
    rows = (
        f"received {s['rows_received']} = accepted {s['rows_accepted']} + quarantined {s['rows_quarantined']}"
        f" + skipped {s['rows_skipped']}"
    )
    return f"""
Commerce Credit Data Centre — published warehouse
  published       {s["warehouse"]}
  scored as of    {s["as_of"]}
  entities        {s["entities"]}   grades  {grades}
  lists           red {s["red_list"]}   black {s["black_list"]}
  credit events   {s["credit_events"]}   {events}
  score history   {s["score_days"]} day(s) in marts.fct_entity_credit_daily
  practitioners   {levels}
  consumers       {s["consumers"]}   brushing suspects {s["brushing_suspects"]}
  supervision     {supervision}
  objections      {objections}
  foreign trade   {trade}
  associations    {associations}
  exhibitions     {fairs}
  filed trades    {filed}
  prepaid cards   {prepaid}
  corrections     {s["corrected"]} penalty decision(s) re-sent corrected; each day scored with the version known on it
  provincial push {pushed}
  lowest score    {lowest}
  batches         {batches}
  rows            {rows}
  quarantined by rule:
{rules}
  skipped as not records:
{skips}
  open blocked batches (quality.open_blocked_batches, until a re-load passes):
{blocked}
  sources behind (quality.source_freshness):
{behind}
"""
