"""The GX gate: row rules quarantine with their names, batch rules block, nothing is lost."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from credit_simulator import gov_penalties as simulator

from credit.core import config, lake
from credit.gate.batches import BLOCKED, NOT_UPLOADED, PASSED, PASSED_WITH_WARNINGS, load_suite_json, run_gate
from credit.ingest.sources import penalty_exchange as gov_penalties
from credit.orchestration import ingest_tasks
from credit.orchestration.ingest_tasks import blocked_message
from tests.conftest import DAY, SEED, write_penalty_csv

SRC, DS = "gov_penalties", "penalties"


def clean_records(n: int = 20) -> list[dict[str, object]]:
    """Simulator records with every identifier repaired, so each test controls its own dirt."""
    return simulator.clean_records(SEED, DAY, n)


def drop(cfg: config.Settings, records: list[dict[str, object]], **kwargs) -> Path:
    folder = cfg.inbox / SRC / DAY.isoformat()
    for old in folder.glob("*"):
        old.unlink()
    return write_penalty_csv(folder / "penalties.csv", records, **kwargs)


def gate(cfg: config.Settings):
    gov_penalties.ingest(DAY, cfg)
    return run_gate(SRC, DS, DAY, cfg)


def quarantine_rows(cfg: config.Settings) -> list[dict]:
    folder = lake.partition_dir(cfg.lake, "quarantine", SRC, DS, DAY)
    return pq.read_table(folder / lake.PART).to_pylist()


def accepted_rows(cfg: config.Settings) -> int:
    folder = lake.partition_dir(cfg.lake, "accepted", SRC, DS, DAY)
    return pq.read_metadata(folder / lake.PART).num_rows


def test_clean_batch_passes(cfg: config.Settings) -> None:
    drop(cfg, clean_records())
    result = gate(cfg)
    assert result.verdict == PASSED
    assert (result.rows_received, result.rows_accepted, result.rows_quarantined) == (20, 20, 0)
    assert accepted_rows(cfg) == 20


def test_row_rules_quarantine_with_rule_name_location_and_original_values(cfg: config.Settings) -> None:
    records = clean_records()
    org = next(i for i, r in enumerate(records) if r["subject_category"] != "自然人")
    records[org]["uscc"] = str(records[org]["uscc"])[:-1] + ("0" if str(records[org]["uscc"])[-1] != "0" else "1")
    records[1]["penalty_types"] = "罚款;打板子"
    records[2]["decided_on"] = "2026-02-30"
    records[3]["decision_no"] = ""
    drop(cfg, records)
    result = gate(cfg)
    assert result.verdict == PASSED_WITH_WARNINGS
    assert result.rows_received == result.rows_accepted + result.rows_quarantined == 20
    assert result.rows_quarantined == 4
    held = {r["rule"]: r for r in quarantine_rows(cfg)}
    # one row per (row, rule): the impossible date breaks two rules, and the row counts once
    assert set(held) == {
        "uscc_valid",
        "penalty_types_legal",
        "values_readable",
        "decided_on_required",
        "decision_no_required",
    }
    assert held["uscc_valid"]["location"] == f"penalties.csv:{org + 2}"  # line 1 is the header
    assert "2026-02-30" in json.loads(held["values_readable"]["record"])["_parse_errors"]
    assert accepted_rows(cfg) == 16


def test_natural_person_with_bad_resident_id_is_quarantined(cfg: config.Settings) -> None:
    records = clean_records()
    person = next(i for i, r in enumerate(records) if r["subject_category"] == "自然人")
    records[person]["id_number"] = "320803199001011230"  # wrong check digit
    drop(cfg, records)
    result = gate(cfg)
    assert result.rule_counts == {"resident_id_valid": 1}


def test_renamed_column_blocks_the_batch_with_a_clear_message(cfg: config.Settings) -> None:
    drop(cfg, clean_records(), rename={"处罚类别": "处罚种类"})
    result = gate(cfg)
    assert result.verdict == BLOCKED
    assert "schema_no_missing_columns" in result.reason
    assert result.rows_accepted == 0 and result.rows_quarantined == result.rows_received == 20
    assert accepted_rows(cfg) == 0  # nothing of a blocked batch is published
    message = blocked_message({**result.__dict__})
    assert message and "BLOCKED" in message and "处罚类别" in result.reason


def test_blocking_a_day_that_had_passed_withdraws_its_rows(cfg: config.Settings) -> None:
    drop(cfg, clean_records())
    assert gate(cfg).verdict == PASSED
    drop(cfg, clean_records(), rename={"统一社会信用代码": "信用代码X"})
    assert gate(cfg).verdict == BLOCKED
    assert accepted_rows(cfg) == 0


def test_exact_repeat_is_kept_once_and_conflicting_versions_are_all_held(cfg: config.Settings) -> None:
    records = clean_records(10)
    repeat = copy.deepcopy(records[0])
    conflict = copy.deepcopy(records[1])
    conflict["fine_wan"] = 999.0
    drop(cfg, [*records, repeat, conflict])
    result = gate(cfg)
    assert result.rows_received == 12
    assert result.rule_counts == {"key_unique": 3}  # the repeat, and both conflicting versions
    assert result.rows_accepted == 9


def test_too_many_bad_rows_blocks_the_batch(cfg: config.Settings) -> None:
    records = clean_records()
    for rec in records[:15]:
        rec["penalty_types"] = "打板子"
    drop(cfg, records)
    result = gate(cfg)
    assert result.verdict == BLOCKED
    assert result.reason.startswith("too_many_bad_rows")
    assert result.rows_quarantined == 20


def test_empty_day_is_blocked_by_volume(cfg: config.Settings) -> None:
    drop(cfg, [])
    result = gate(cfg)
    assert result.verdict == BLOCKED
    assert "volume_in_range" in result.reason


def test_reprocessing_a_corrected_file_replaces_batch_and_quarantine(cfg: config.Settings) -> None:
    records = clean_records()
    records[1]["penalty_types"] = "打板子"
    drop(cfg, records)
    first = gate(cfg)
    records[1]["penalty_types"] = "罚款"
    drop(cfg, records)
    second = gate(cfg)
    assert first.batch_id != second.batch_id
    assert second.verdict == PASSED
    assert quarantine_rows(cfg) == []
    audit = pq.read_table(lake.partition_dir(cfg.lake, "audit", SRC, DS, DAY) / lake.PART).to_pylist()
    assert [a["batch_id"] for a in audit] == [second.batch_id]


def test_every_expectation_says_whether_it_blocks_quarantines_or_reports() -> None:
    suite = load_suite_json(SRC, DS)
    for exp in suite["expectations"]:
        assert exp["severity"] in {"critical", "warning", "info"}, exp
        assert exp["meta"]["rule"] and exp["meta"]["description"], exp
    assert len({e["meta"]["rule"] for e in suite["expectations"]}) == len(suite["expectations"])


@pytest.mark.parametrize("rule", ["uscc_valid", "resident_id_valid", "penalty_types_legal", "decided_on_in_range"])
def test_suite_has_the_domain_rules(rule: str) -> None:
    assert rule in {e["meta"]["rule"] for e in load_suite_json(SRC, DS)["expectations"]}


def _pass_days(cfg: config.Settings, n: int, rows: int) -> None:
    """n earlier days of this dataset, each a clean batch of `rows` rows."""
    import datetime as dt

    for back in range(n, 0, -1):
        day = DAY - dt.timedelta(days=back)
        folder = cfg.inbox / SRC / day.isoformat()
        write_penalty_csv(folder / "penalties.csv", clean_records(rows))
        gov_penalties.ingest(day, cfg)
        assert run_gate(SRC, DS, day, cfg).verdict != BLOCKED


def test_volume_ten_times_the_usual_is_held(cfg: config.Settings) -> None:
    _pass_days(cfg, 3, 10)
    big = [dict(r, decision_no=f"{r['decision_no']}-{i}") for i in range(11) for r in clean_records(10)]
    drop(cfg, big)  # 110 rows where the usual is 10 (and the floor is 100)
    result = gate(cfg)
    assert result.verdict == BLOCKED
    assert result.reason.startswith("volume_vs_history"), result.reason


def test_an_empty_day_after_busy_days_is_held_but_not_without_history(cfg: config.Settings) -> None:
    drop(cfg, [])
    assert "volume_vs_history" not in (gate(cfg).reason or "")  # no history yet: only the floor rule
    _pass_days(cfg, 3, 10)
    drop(cfg, [])
    assert "volume_vs_history" in gate(cfg).reason


def test_every_run_writes_data_docs_that_work_offline(cfg: config.Settings) -> None:
    """credit/gate/data_docs.py: a page per batch with every expectation, its resolved parameters, the
    observed values and the unexpected examples; the index lists every batch; nothing is fetched."""
    import html
    import re

    from credit.gate.data_docs import page_path
    from credit.orchestration import ingest_tasks as tasks

    _pass_days(cfg, 3, 10)  # a history, so volume_vs_history has real bounds
    records = clean_records()
    records[-1] = dict(records[-1], decided_on="2099-01-01")  # in the future: quarantined
    drop(cfg, records)
    result = gate(cfg)
    tasks.render_docs([{"source": SRC, "dataset": DS, "day": DAY.isoformat()}])
    page = page_path(cfg, SRC, DS, DAY)
    text = html.unescape(page.read_text(encoding="utf-8"))
    assert result.batch_id in text, "the page names its batch"
    assert "decided_on" in text and "2099-01-01" in text, "the failing rule shows its unexpected value"
    assert "$PARAMETER" not in text and '"max_value": 100' in text, "parameters are shown with their values"
    assert "通过（部分隔离）" in text, "the verdict in Chinese"
    assert not re.search(r"(src|href)=[\"']?(https?:)?//", text), "no asset from the network"
    index = (cfg.docs / "gx" / "index.html").read_text(encoding="utf-8")
    assert f"{SRC}/{DS}/{DAY}.html" in index and index.count("<tr>") >= 5  # the header and every batch


def test_accepted_rows_keep_the_raw_columns_whether_linked_or_rewritten(cfg: config.Settings) -> None:
    """A batch accepted whole is the raw file itself; one with held rows is rewritten without them:
    either way the warehouse reads the raw columns and the batch, nothing added (no `dt` read back
    from the partition path)."""
    raw_names = None
    for records in (clean_records(), [*clean_records()[:-1], dict(clean_records()[-1], decided_on="2099-01-01")]):
        drop(cfg, records)
        result = gate(cfg)
        raw = lake.partition_dir(cfg.lake, "raw", SRC, DS, DAY) / lake.PART
        accepted = lake.partition_dir(cfg.lake, "accepted", SRC, DS, DAY) / lake.PART
        raw_names = pq.read_schema(raw).names
        assert pq.read_schema(accepted).names == raw_names, result.verdict
        assert raw_names[-2:] == ["_batch_id", "_batch_date"]
        assert pq.read_metadata(accepted).num_rows == result.rows_accepted
    assert result.rows_quarantined == 1


def test_a_dataset_not_uploaded_in_a_multi_dataset_drop_is_not_uploaded_not_blocked(cfg: config.Settings) -> None:
    """A market uploads only its trades file: its merchants and inspections are `not_uploaded`, with
    nothing published and nothing quarantined; the trades batch is judged as usual."""
    from credit_simulator import wholesale

    from credit.ingest.sources.wholesale_markets import CONNECTOR

    market = wholesale.markets(SEED)[0]
    trades = wholesale.day_records(SEED, market, DAY)["trades"]
    folder = cfg.inbox / "wholesale" / DAY.isoformat()
    fields = [f for f in wholesale.DATASET_FILES["trades"][1] if f.column != "market_id"]
    wholesale.write_drop_file(folder / f"HA01_交易_{DAY:%Y%m%d}.csv", fields, trades, "csv-gbk", DAY)
    verdicts = {m.dataset: run_gate(m.source, m.dataset, DAY, cfg) for m in CONNECTOR.ingest(DAY, cfg)}
    assert verdicts["trades"].verdict == PASSED
    for name in ("merchants", "inspections"):
        v = verdicts[name]
        assert v.verdict == NOT_UPLOADED, v.summary()
        assert "not uploaded" in v.reason and (v.rows_received, v.rows_accepted, v.rows_quarantined) == (0, 0, 0)
    assert blocked_message(ingest_tasks.run_gate("wholesale", "merchants", DAY)) is None  # not a failure


def test_a_dataset_the_catalog_says_arrives_daily_is_blocked_when_it_does_not(cfg: config.Settings) -> None:
    """The penalties file comes every day: a drop of only credit-repair decisions blocks penalties."""
    from credit_simulator.files import write_drop_file

    from credit.core.lake import partition_dir
    from credit.ingest.layouts import REPAIR_FIELDS

    folder = cfg.inbox / SRC / DAY.isoformat()
    write_drop_file(folder / f"淮安市_信用修复_{DAY:%Y%m%d}.csv", REPAIR_FIELDS, [], "csv-gbk", DAY)
    gov_penalties.ingest(DAY, cfg)
    result = run_gate(SRC, DS, DAY, cfg)
    assert result.verdict == BLOCKED and result.reason.startswith("volume_in_range"), result.summary()
    assert (partition_dir(cfg.lake, "raw", SRC, DS, DAY)).exists()


def test_a_blocked_day_keeps_later_runs_red_until_it_is_reloaded(cfg: config.Settings) -> None:
    """docs/architecture.md "How a batch flows": a run whose own batches pass still fails while an earlier
    day of its source is blocked, naming that day; once the day is re-loaded and passes, it does not."""
    import datetime as dt

    drop(cfg, clean_records(), rename={"行政处罚决定书文号": "决定书编号"})  # a renamed column: drift
    assert gate(cfg).verdict == BLOCKED
    later = DAY + dt.timedelta(days=1)
    write_penalty_csv(cfg.inbox / SRC / later.isoformat() / "penalties.csv", clean_records())
    gov_penalties.ingest(later, cfg)
    verdicts = [ingest_tasks.run_gate(SRC, DS, later)]
    assert ingest_tasks.verdicts_message(verdicts) is None  # the day itself passed
    message = ingest_tasks.still_open_message(SRC, verdicts)
    assert message and f"{DS} {DAY}" in message and "Clear" in message

    drop(cfg, clean_records())  # the bureau's corrected file, same day
    assert gate(cfg).verdict == PASSED
    assert ingest_tasks.still_open_message(SRC, verdicts) is None
