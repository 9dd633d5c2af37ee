"""The provincial push (docs/architecture.md "The provincial push"): the day's 双公示 records and
list changes as files for the provincial credit platform (信用中国（省）), in the national
exchange layout (docs/domain.md §2: the CF_ and XK_ field codes, in the national order).

`exports/<day>/provincial/` holds, for the records the centre received on `day`:

- `XZCF_<region>_<yyyymmdd>.csv`  行政处罚, from marts.exchange_penalties
- `XZXK_<region>_<yyyymmdd>.csv`  行政许可, from marts.exchange_licenses
- `MD_<region>_<yyyymmdd>.csv`    red/black list entries that began or ended, from
  marts.exchange_list_changes (the MD_ layout the departments' own lists arrive in)
- `rejected.csv`                  every record the layout refused, with the field and the rule
- `manifest.json`                 per file: selected = written + rejected

Every record is checked against its layout before anything is written (the rules are the gate's
own for that dataset: required fields, code lists, non-negative amounts, USCC check characters),
so the province never receives a record our own gate would quarantine. Identity numbers go out
in their masked form only (docs/architecture.md "Personal data"): the province takes clear
numbers, where the law lets it, from the deciding department.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from credit.core import config
from credit.core.identifiers import is_valid_uscc
from credit.ingest import catalog
from credit.ingest import layouts as L
from credit.publish.spreadsheets import write_csv

PERSON = "自然人"
# Identity numbers leave the centre masked: the mart column for an id_number field
MASKED = "{column}_masked"
# the columns of a party's codes checked for a valid USCC check character where filled
USCC_COLUMNS = ("uscc", "authority_uscc", "data_source_uscc")


@dataclass(frozen=True)
class Feed:
    prefix: str  # file name prefix, as the provincial platform names its feeds
    title: str
    table: str  # the mart, one row per record, with a `received_on` day
    fields: tuple[L.Field, ...]  # the national layout, in order
    dataset: str  # the catalog dataset whose gate rules the layout carries
    key: str  # the record's id in rejected.csv
    # a field filled from another mart column than its lake column
    taken_from: tuple[tuple[str, str], ...] = ()
    # fields the centre fills for its own records: the issuing body (CREDIT_ISSUER)
    issuer_fields: tuple[str, ...] = ()

    def source_column(self, f: L.Field) -> str:
        return dict(self.taken_from).get(f.column) or mart_column(f)


FEEDS: tuple[Feed, ...] = (
    Feed(
        "XZCF",
        "行政处罚",
        "marts.exchange_penalties",
        L.PENALTY_FIELDS,
        "gov_penalties.penalties",
        "decision_no",
        # 公示截止期: the end of publication as the centre applies the rules of the decision's day
        # (docs/domain.md §3), not the date the department wrote
        taken_from=(("publish_until_declared", "publish_until"),),
    ),
    Feed("XZXK", "行政许可", "marts.exchange_licenses", L.LICENSE_FIELDS, "gov_licenses.licenses", "decision_no"),
    Feed(
        "MD",
        "红黑名单变动",
        "marts.exchange_list_changes",
        L.LIST_FIELDS,
        "gov_lists.list_entries",
        "entry_id",
        issuer_fields=("department",),  # the centre's own lists: the bureau running it decided them
    ),
)


@dataclass(frozen=True)
class Refusal:
    feed: str
    record: str
    code: str  # the field's national code
    rule: str
    message: str


def mart_column(f: L.Field) -> str:
    return MASKED.format(column=f.column) if f.kind in L.PII_KINDS else f.column


def refusals(feed: Feed, record: dict[str, Any]) -> list[Refusal]:
    """What the layout refuses in one record (empty: it may be pushed)."""
    ds = catalog.dataset(feed.dataset)
    by_column = {f.column: f for f in feed.fields}
    out: list[Refusal] = []
    rid = str(record.get(feed.key) or "")

    def refuse(column: str, rule: str, message: str) -> None:
        out.append(Refusal(feed.prefix, rid, by_column[column].code, rule, message))

    for column in ds.required:
        if record.get(column) in (None, ""):
            refuse(column, "required", f"{by_column[column].header}为空")
    for column, allowed in ds.enums.items():
        value = record.get(column)
        if value not in (None, "") and value not in allowed:
            refuse(column, "code_list", f"{by_column[column].header}“{value}”不在代码表（{'、'.join(allowed)}）中")
    for column in ds.non_negative:
        value = record.get(column)
        if value is not None and float(value) < 0:
            refuse(column, "non_negative", f"{by_column[column].header}为负数")
    for column in USCC_COLUMNS:
        value = record.get(column)
        if column in by_column and value not in (None, "") and not is_valid_uscc(value):
            refuse(column, "uscc_check_char", f"{by_column[column].header}“{value}”校验位不符")
    if "subject_category" in by_column and record.get("subject_category") not in (None, "", PERSON):
        if record.get("uscc") in (None, ""):
            refuse("uscc", "uscc_required", "法人、非法人组织和个体工商户须填统一社会信用代码")
    return out


def push_day(cfg: config.Settings | None = None, day: dt.date | None = None) -> Path:
    """Write the provincial push for `day` (default: the published warehouse's as-of day)."""
    import duckdb

    cfg = cfg or config.settings()
    with duckdb.connect(str(cfg.published_warehouse), read_only=True) as con:
        from credit.warehouse.published import scored_day

        day = day or scored_day(con)
        folder = cfg.exports / day.isoformat() / "provincial"
        manifest: dict[str, Any] = {"day": day.isoformat(), "region": cfg.region, "files": {}}
        refused: list[Refusal] = []
        for feed in FEEDS:
            records = _records(con, feed, day, cfg)
            rows: list[Sequence[object]] = []
            for record in records:
                found = refusals(feed, record)
                if found:
                    refused.extend(found)
                    continue
                rows.append([record.get(f.column) for f in feed.fields])
            name = f"{feed.prefix}_{cfg.region}_{day:%Y%m%d}.csv"
            write_csv(folder / name, [f.code for f in feed.fields], rows)
            rejected = len({r.record for r in refused if r.feed == feed.prefix})
            manifest["files"][name] = {
                "title": feed.title,
                "selected": len(records),
                "written": len(rows),
                "rejected": rejected,
            }
    write_csv(
        folder / "rejected.csv",
        ["文件", "记录编号", "字段代码", "规则", "说明"],
        [(r.feed, r.record, r.code, r.rule, r.message) for r in refused],
    )
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return folder


def _records(con, feed: Feed, day: dt.date, cfg: config.Settings) -> list[dict[str, Any]]:
    """The feed's records received on `day`, each as {lake column: value}."""
    fields = [f for f in feed.fields if f.column not in feed.issuer_fields]
    columns = [f.column for f in fields]
    select = ", ".join(
        f"{feed.source_column(f)} as {f.column}" if feed.source_column(f) != f.column else f.column for f in fields
    )
    extra = "" if feed.key in columns else f", {feed.key}"
    # table and column names come from FEEDS; the day is a bound parameter
    sql = f"select {select}{extra} from {feed.table} where received_on = ? order by {feed.key}"
    cur = con.execute(sql, [day])
    names = [d[0] for d in cur.description]
    records = [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
    for record in records:
        record.update(dict.fromkeys(feed.issuer_fields, cfg.issuer))
    return records
