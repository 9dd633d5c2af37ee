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


def _fault(row: Row) -> str | None:
    """The rule a simulated row breaks on purpose (the faults the offices' feeds carry), if any."""
    if row.get("kind") == "自律惩戒" and not row.get("level"):
        return "association_sanction_has_level"
    if row.get("result") in ("投诉成立", "投诉不成立") and not row.get("handled_on"):
        return "exhibition_complaint_handled_has_date"
    if row.get("status") == "撤销" and not row.get("status_on"):
        return "filing_revoked_has_date"
    return None


def _day_with_rows(make: Callable[..., list[Row]]) -> tuple[dt.date, list[Row]]:
    """The test day, or the latest day before it on which the office sent rows of this dataset,
    without the rows the simulator breaks on purpose (test_the_feeds_carry_their_faults)."""
    for back in range(30):
        day = DAY - dt.timedelta(days=back)
        rows = [r for r in make(SEED, day) if _fault(r) is None]
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


def test_the_feeds_carry_their_faults() -> None:
    """Over a month the simulated offices make each mistake their rules catch at least once."""
    days = [DAY - dt.timedelta(days=n) for n in range(30)]
    rows = [r for d in days for r in exchange.association_records(SEED, d)]
    rows += [r for d in days for r in exchange.exhibition_records(SEED, "complaints", d)]
    rows += [r for d in days for r in exchange.filing_records(SEED, d)]
    found = {_fault(r) for r in rows} - {None}
    assert found == {
        "association_sanction_has_level",
        "exhibition_complaint_handled_has_date",
        "filing_revoked_has_date",
    }
    amounts = [r["prepaid_balance_yuan"] for r in exchange.prepaid_fund_records(SEED, DAY)]
    assert any(isinstance(a, str) and "," in a for a in amounts), "amounts as clerks write them"
