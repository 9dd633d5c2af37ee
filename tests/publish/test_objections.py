"""Objections to credit records over the region's days (docs/domain.md §5 "Objections"): under
review the record still counts and is flagged; removed, it stops counting from the later of the
decision and its receipt; the objection stays in history."""

from __future__ import annotations

import pytest

from credit.core import config
from credit.publish import credit_report
from credit.warehouse.published import PublishedWarehouse
from tests.conftest import published


def test_the_objection_register_is_in_the_warehouse_with_its_outcomes(region: config.Settings) -> None:
    with published(region) as con:
        rows = con.execute(
            "select status, outcome, record_held, count(*) from marts.objections group by all"
        ).fetchall()
    statuses = {s for s, _, _, _ in rows}
    assert statuses == {"under_review", "decided"}, rows
    assert {o for _, o, _, _ in rows if o} <= {"kept", "corrected", "removed"}
    assert any(held for _, _, held, _ in rows) and any(not held for _, _, held, _ in rows), rows


def test_a_removed_record_stops_counting_from_its_removal(region: config.Settings) -> None:
    with published(region) as con:
        removed = con.execute(
            """select o.record_kind, o.record_id, o.removed_from, e.ended_on, e.end_reason
               from marts.objections o
               join marts.fct_credit_event e
                 on e.source_record_id = o.record_id
                and e.source = case o.record_kind when 'penalty' then 'gov_penalties' else 'gov_lists' end
               where o.outcome = 'removed'"""
        ).fetchall()
        kept = con.execute(
            """select count(*) from marts.objections o
               join marts.fct_credit_event e on e.source_record_id = o.record_id
               where o.outcome = 'kept' and e.end_reason in ('removed', '异议撤销')"""
        ).fetchone()[0]
    assert removed, "the region's objections remove no record the centre holds"
    for kind, record, removed_from, ended_on, reason in removed:
        assert ended_on <= removed_from, (kind, record)
        if ended_on == removed_from:
            assert reason in ("removed", "异议撤销"), (kind, record, reason)
    assert kept == 0


def test_a_record_under_objection_still_counts_and_is_flagged(region: config.Settings) -> None:
    with published(region) as con:
        row = con.execute(
            """select o.subject_key, o.record_id, o.filed_on, e.ended_on
               from marts.objections o
               join marts.fct_credit_event e on e.source = 'gov_penalties' and e.source_record_id = o.record_id
               where o.status = 'under_review' and o.record_kind = 'penalty' and e.subject_type = 'entity'
               order by o.objection_id limit 1"""
        ).fetchone()
    if row is None:
        pytest.fail("no penalty of an entity is under objection in the region")
    uscc, record, filed_on, ended_on = row
    assert ended_on is None
    with PublishedWarehouse(region.published_warehouse).reader() as reader:
        report = credit_report.assemble(reader, uscc, purpose="异议标注核验")
    flagged = [p for p in report["penalties"] if p["source_record_id"] == record]
    assert flagged and flagged[0]["objection"] == f"异议处理中（{filed_on} 提出）"
