"""Ingest of the 双公示 penalty drop: formats, normalisation, personal data, lake partitions."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from credit_simulator import gov_penalties as simulator
from credit_simulator.registry import region
from openpyxl import Workbook

from credit.core import config, lake
from credit.gate.batches import run_gate
from credit.ingest.layouts import PENALTY_FIELDS
from credit.ingest.sources import penalty_exchange as gov_penalties
from tests import simulated
from tests.conftest import DAY, SEED, write_penalty_csv

LINEAGE = {"_source_file", "_source_line", "_batch_id"}  # where each row came from


def _ingest_table(cfg: config.Settings) -> list[dict]:
    gov_penalties.ingest(DAY, cfg)
    table, _ = lake.read_raw(cfg.lake, "gov_penalties", "penalties", DAY)
    return [{k: v for k, v in row.items() if k not in LINEAGE} for row in table.to_pylist()]


def test_gbk_csv_utf8_bom_csv_and_xlsx_of_the_same_rows_give_the_same_rows(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = simulator.records(SEED, DAY)
    results = []
    for variant in ("gbk", "utf-8-sig", "xlsx"):
        root = data_dir.parent / variant
        monkeypatch.setenv("CREDIT_DATA_DIR", str(root))
        cfg = config.settings()
        folder = cfg.inbox / "gov_penalties" / DAY.isoformat()
        if variant == "xlsx":
            wb = Workbook()
            wb.active.append([f.code for f in PENALTY_FIELDS])  # machine export: CF_ codes
            for rec in records:
                wb.active.append([rec[f.column] if rec[f.column] != "" else None for f in PENALTY_FIELDS])
            folder.mkdir(parents=True)
            wb.save(folder / "drop.xlsx")
        else:
            write_penalty_csv(folder / "drop.csv", records, encoding=variant)
        results.append(_ingest_table(cfg))
    assert len(results[0]) == len(records)
    assert results[0] == results[1] == results[2]


def test_codes_are_normalised_and_statuses_recorded(uploaded: config.Settings) -> None:
    cfg = uploaded
    rows = _ingest_table(cfg)
    for row in rows:
        if row["uscc"]:
            assert row["uscc"] == row["uscc"].upper().replace(" ", "")
            assert row["uscc_status"] in {"valid", "orgcode_mismatch", "bad_check", "masked"}
    assert any(r["subject_category"] == "自然人" and r["id_number_masked"] for r in rows)


def test_no_clear_identity_number_anywhere_under_the_lake(uploaded: config.Settings) -> None:
    cfg = uploaded
    for day in (DAY, DAY + dt.timedelta(days=1)):
        simulated.upload(cfg.inbox, day, ["gov_penalties"])
        gov_penalties.ingest(day, cfg)
        run_gate("gov_penalties", "penalties", day, cfg)
    reg = region(SEED)
    clear = {r.resident_id for r in reg.residents} | {e.legal_rep_id for e in reg.entities}
    id_like = re.compile(rb"\d{17}[\dXx]")
    files = [p for p in cfg.lake.rglob("*") if p.is_file()]
    assert any(p.suffix == ".parquet" for p in files)
    for path in files:
        data = path.read_bytes()
        if path.suffix == ".parquet":  # compressed: read the values, not the bytes
            data = json.dumps(pq.read_table(path).to_pylist(), default=str, ensure_ascii=False).encode()
        found = {m.decode() for m in id_like.findall(data)}
        assert not (found & clear), f"clear identity number in {path}"


def test_raw_partition_has_a_manifest_with_rows_checksum_and_schema(uploaded: config.Settings) -> None:
    cfg = uploaded
    manifest = gov_penalties.ingest(DAY, cfg)
    folder = lake.partition_dir(cfg.lake, "raw", "gov_penalties", "penalties", DAY)
    stored = json.loads((folder / lake.MANIFEST).read_text())
    assert stored["rows"] == manifest.rows == pq.read_metadata(folder / lake.PART).num_rows
    assert stored["checksum"] == hashlib.sha256((folder / lake.PART).read_bytes()).hexdigest()
    assert {c["name"] for c in stored["schema"]} >= {"uscc", "decided_on", "id_number_hash"}
    assert {i["name"] for i in stored["inputs"]} == {
        p.name for p in (cfg.inbox / "gov_penalties" / "2026-11-20").iterdir() if "信用修复" not in p.name
    }  # the repairs file of the same drop goes to its own dataset


def test_rerunning_a_day_replaces_its_partition(uploaded: config.Settings) -> None:
    cfg = uploaded
    first = gov_penalties.ingest(DAY, cfg)
    second = gov_penalties.ingest(DAY, cfg)
    assert first.batch_id == second.batch_id
    parent = lake.partition_dir(cfg.lake, "raw", "gov_penalties", "penalties", DAY).parent
    assert [p.name for p in parent.iterdir()] == [f"dt={DAY.isoformat()}"]
    table, _ = lake.read_raw(cfg.lake, "gov_penalties", "penalties", DAY)
    assert table.num_rows == first.rows


def test_a_day_whose_drop_has_not_arrived_is_not_arrived_and_writes_nothing(cfg: config.Settings) -> None:
    """No product code path writes into the inbox: a missing upload is reported, never filled in."""
    from credit.orchestration import ingest_tasks

    folder = cfg.inbox / "gov_penalties" / DAY.isoformat()
    assert not ingest_tasks.drop_arrived("gov_penalties", DAY)
    with pytest.raises(
        gov_penalties.NotArrived, match="not arrived: gov_penalties has uploaded nothing for 2026-11-20"
    ) as err:
        ingest_tasks.fetch("gov_penalties", DAY)
    assert str(folder) in str(err.value)  # it says where the bureau's files must land
    assert not cfg.inbox.exists() or not any(cfg.inbox.rglob("*"))
    assert not cfg.lake.exists() or not any(p.is_file() for p in cfg.lake.rglob("*"))
