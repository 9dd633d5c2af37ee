"""The objection register's gate rules (docs/domain.md §5 "Objections"): a decided objection
carries its outcome and its decision day, or it is quarantined under the rule it broke."""

from __future__ import annotations

import datetime as dt

from credit_simulator import exchange
from credit_simulator.files import write_drop_file

from credit.core import config
from credit.gate.batches import PASSED, PASSED_WITH_WARNINGS, run_gate
from credit.ingest.layouts import OBJECTION_FIELDS
from credit.ingest.sources.gov_exchanges import CONNECTORS
from tests.conftest import DAY, SEED


def _gate(cfg: config.Settings, records: list[dict[str, object]]):
    write_drop_file(
        cfg.inbox / "objections" / DAY.isoformat() / f"信用信息异议_{DAY:%Y%m%d}.csv",
        OBJECTION_FIELDS,
        records,
        "csv-gbk",
        DAY,
    )
    CONNECTORS["objections"].ingest(DAY, cfg)
    return run_gate("objections", "objections", DAY, cfg)


def _register() -> list[dict[str, object]]:
    records = exchange.objection_records(SEED, DAY)
    assert {r["status"] for r in records} == {"审查中", "已办结"}, "the day holds filings and decisions"
    return records


def test_the_objection_register_passes_its_gate(cfg: config.Settings) -> None:
    records = _register()
    result = _gate(cfg, records)
    assert result.verdict == PASSED and result.rows_accepted == len(records)


def test_objection_decided_has_outcome(cfg: config.Settings) -> None:
    records = _register()
    decided = next(i for i, r in enumerate(records) if r["status"] == "已办结")
    records[decided] = {**records[decided], "outcome": None}
    result = _gate(cfg, records)
    assert result.verdict == PASSED_WITH_WARNINGS
    assert result.rule_counts == {"objection_decided_has_outcome": 1}


def test_objection_decided_has_decided_on(cfg: config.Settings) -> None:
    records = _register()
    decided = next(i for i, r in enumerate(records) if r["status"] == "已办结")
    records[decided] = {**records[decided], "decided_on": None}
    under_review = next(i for i, r in enumerate(records) if r["status"] == "审查中")
    assert records[under_review].get("decided_on") is None  # under review: no decision day, and no rule broken
    result = _gate(cfg, records)
    assert result.rule_counts == {"objection_decided_has_decided_on": 1}
    assert result.rows_received == result.rows_accepted + result.rows_quarantined == len(records)


def test_an_objection_is_decided_the_day_after_it_is_filed() -> None:
    filed = {r["objection_id"]: r for r in exchange.objection_records(SEED, DAY) if r["status"] == "审查中"}
    decided = {
        r["objection_id"]: r
        for r in exchange.objection_records(SEED, DAY + dt.timedelta(days=1))
        if r["status"] == "已办结"
    }
    assert filed and filed.keys() == decided.keys()
    assert all(decided[k]["outcome"] in ("维持", "更正", "撤销") for k in decided)
