"""The foreign-trade bulletin's gate rules (docs/domain.md §5 "Foreign trade"): each kind of
assessment gives only the results its department issues; any other is quarantined under the
kind's rule, and the rest of the batch passes."""

from __future__ import annotations

import pytest
from credit_simulator import exchange
from credit_simulator.files import write_drop_file

from credit.core import config
from credit.gate.batches import PASSED, PASSED_WITH_WARNINGS, run_gate
from credit.ingest.catalog import TRADE_CREDIT_RESULTS
from credit.ingest.layouts import TRADE_CREDIT_FIELDS
from credit.ingest.sources.gov_exchanges import CONNECTORS
from tests.conftest import DAY, SEED


def _gate(cfg: config.Settings, records: list[dict[str, object]]):
    path = cfg.inbox / "foreign_trade" / DAY.isoformat() / f"外贸信用通报_{DAY:%Y%m%d}.csv"
    write_drop_file(path, TRADE_CREDIT_FIELDS, records, "csv-gbk", DAY)
    CONNECTORS["foreign_trade"].ingest(DAY, cfg)
    return run_gate("foreign_trade", "trade_credit", DAY, cfg)


def test_the_bulletin_passes_its_gate(cfg: config.Settings) -> None:
    records = exchange.trade_credit_records(SEED, DAY)
    result = _gate(cfg, records)
    assert result.verdict == PASSED and result.rows_accepted == len(records) > 0


@pytest.mark.parametrize("kind", list(TRADE_CREDIT_RESULTS))
def test_a_result_its_department_does_not_issue_is_quarantined_under_the_kinds_rule(
    cfg: config.Settings, kind: str
) -> None:
    rule, results = TRADE_CREDIT_RESULTS[kind]
    records = exchange.trade_credit_records(SEED, DAY)
    wrong = next(r for other, (_, rs) in TRADE_CREDIT_RESULTS.items() if other != kind for r in rs if r not in results)
    records.append({**records[0], "record_id": "WM-WRONG", "kind": kind, "result": wrong})
    result = _gate(cfg, records)
    assert result.verdict == PASSED_WITH_WARNINGS
    assert result.rule_counts == {rule: 1}
    assert result.rows_received == result.rows_accepted + result.rows_quarantined == len(records)
