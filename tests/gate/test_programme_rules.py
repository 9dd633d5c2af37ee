"""The gate rules of the industry associations', exhibitions' and filed trades' feeds (docs/domain.md
§5 "Industry associations", "Exhibitions", "Filed trades and prepaid cards"): each day's files pass
as the offices send them, and a row that breaks a rule is quarantined under that rule while the
rest of the batch passes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from credit_simulator import exchange
from credit_simulator.files import write_drop_file

from credit.core import config
from credit.gate.batches import PASSED, PASSED_WITH_WARNINGS, run_gate
from credit.ingest.connectors import connector
from tests.conftest import DAY, SEED

Row = dict[str, object]


def _spec(source: str, dataset: str):
    if source == "associations":
        fields, make, stem = exchange.EXCHANGES[source]
        return "member_records", fields, make, stem
    fields, make, stem = exchange.MULTI_EXCHANGES[source][dataset]
    return dataset, fields, make, stem


def _day_with_rows(make: Callable[..., list[Row]]) -> tuple[dt.date, list[Row]]:
    """The test day, or the latest day before it on which the office sent rows of this dataset."""
    for back in range(30):
        day = DAY - dt.timedelta(days=back)
        rows = [
            r for r in make(SEED, day) if not (r.get("kind") == "自律惩戒" and not r.get("level"))
        ]  # the simulator's own fault, tested below
        if rows:
            return day, rows
    raise AssertionError("the simulator sent nothing for a month")


def _gate(cfg: config.Settings, source: str, dataset: str, rows: list[Row], day: dt.date):
    name, fields, _, stem = _spec(source, dataset)
    write_drop_file(
        cfg.inbox / source / day.isoformat() / f"淮安市_{stem}_{day:%Y%m%d}.csv", fields, rows, "csv-gbk", day
    )
    connector(source).ingest(day, cfg)
    return run_gate(source, name, day, cfg)


CASES = [
    ("associations", "member_records"),
    ("exhibitions", "exhibitions"),
    ("exhibitions", "exhibitors"),
    ("exhibitions", "complaints"),
    ("filed_trades", "filings"),
    ("filed_trades", "prepaid_funds"),
]


@pytest.mark.parametrize(("source", "dataset"), CASES)
def test_the_days_files_pass_their_gate(cfg: config.Settings, source: str, dataset: str) -> None:
    day, rows = _day_with_rows(_spec(source, dataset)[2])
    result = _gate(cfg, source, dataset, rows, day)
    assert result.verdict == PASSED and result.rows_accepted == len(rows) > 0


# (source, dataset, rule, how a clerk breaks it)
BROKEN: list[tuple[str, str, str, Callable[[Row], Row]]] = [
    (
        "associations",
        "member_records",
        "association_sanction_has_level",
        lambda r: {**r, "kind": "自律惩戒", "level": None},
    ),
    ("associations", "member_records", "level_known", lambda r: {**r, "kind": "自律惩戒", "level": "罚款"}),
    ("associations", "member_records", "uscc_valid", lambda r: {**r, "uscc": "91320800MA1XXXXXX0"}),
    ("exhibitions", "exhibitions", "commitment_signed_known", lambda r: {**r, "commitment_signed": "已签"}),
    ("exhibitions", "exhibitors", "uscc_valid", lambda r: {**r, "uscc": "91320800MA1XXXXXX0"}),
    (
        "exhibitions",
        "complaints",
        "exhibition_complaint_handled_has_date",
        lambda r: {**r, "result": "投诉成立", "handled_on": None},
    ),
    ("exhibitions", "complaints", "result_known", lambda r: {**r, "result": "已调解"}),
    ("filed_trades", "filings", "filing_revoked_has_date", lambda r: {**r, "status": "撤销", "status_on": None}),
    ("filed_trades", "filings", "trade_known", lambda r: {**r, "trade": "美容美发"}),
    ("filed_trades", "prepaid_funds", "escrow_deposit_yuan_non_negative", lambda r: {**r, "escrow_deposit_yuan": -1}),
    ("filed_trades", "prepaid_funds", "issuer_class_known", lambda r: {**r, "issuer_class": "大型发卡企业"}),
]


@pytest.mark.parametrize(("source", "dataset", "rule", "break_it"), BROKEN, ids=[b[2] for b in BROKEN])
def test_a_row_breaking_a_rule_is_quarantined_under_it(
    cfg: config.Settings, source: str, dataset: str, rule: str, break_it: Callable[[Row], Row]
) -> None:
    day, rows = _day_with_rows(_spec(source, dataset)[2])
    broken = break_it(rows[0])
    # a key of its own, so the row is judged by the rule alone
    if dataset == "exhibitors":
        broken["booth_no"] = "Z99"
    elif dataset == "prepaid_funds":
        broken["reported_on"] = day - dt.timedelta(days=1)
    else:
        key = next(k for k in ("record_id", "complaint_id", "filing_no", "exhibition_id") if k in broken)
        broken[key] = f"{broken[key]}-X"
    result = _gate(cfg, source, dataset, [*rows, broken], day)
    assert result.verdict == PASSED_WITH_WARNINGS
    assert result.rule_counts == {rule: 1}
    assert result.rows_received == result.rows_accepted + result.rows_quarantined == len(rows) + 1
