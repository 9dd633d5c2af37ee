"""File-exchange connectors: formats, header spellings, late uploads, and personal data in the lake."""

from __future__ import annotations

import datetime as dt
import json
import re

import pyarrow.parquet as pq
import pytest
from credit_simulator import exchange, wholesale
from credit_simulator.files import write_drop_file
from credit_simulator.registry import region

from credit.core import config, lake
from credit.ingest.connectors import CONNECTORS
from credit.ingest.file_readers import DropError
from credit.ingest.layouts import LICENSE_FIELDS, MERCHANT_FIELDS
from credit.ingest.sources.gov_exchanges import CONNECTORS as EXCHANGES
from credit.ingest.sources.wholesale_markets import CONNECTOR as WHOLESALE
from tests import simulated
from tests.conftest import DAY, SEED

LINEAGE = {"_source_file", "_source_line", "_batch_id"}  # where each row came from


def _rows(cfg: config.Settings, source: str, dataset: str, day: dt.date) -> list[dict]:
    table, _ = lake.read_raw(cfg.lake, source, dataset, day)
    return [{k: v for k, v in r.items() if k not in LINEAGE} for r in table.to_pylist()]


FORMATS = (
    ("csv-gbk", {}),
    ("csv-utf8-bom", {"stall_no": "档口号", "uscc": "信用代码"}),
    ("xlsx", {"stall_no": "铺位号", "merchant_name": "经营者名称", "uscc": "社会信用代码"}),
)


def test_gbk_bom_utf8_and_xlsx_with_market_spellings_give_the_same_parquet(
    cfg: config.Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    market = wholesale.markets(SEED)[0]
    records = wholesale.day_records(SEED, market, DAY)["merchants"]
    results = []
    for fmt, spelling in FORMATS:
        monkeypatch.setenv("CREDIT_DATA_DIR", str(cfg.data_dir.parent / fmt))
        c = config.settings()
        ext = "xlsx" if fmt == "xlsx" else "csv"
        write_drop_file(
            c.inbox / "wholesale" / DAY.isoformat() / f"HA01_商户_{DAY:%Y%m%d}.{ext}",
            MERCHANT_FIELDS,
            records,
            fmt,
            DAY,
            spelling,
            skip_columns=frozenset({"market_id"}),
        )
        WHOLESALE.ingest(DAY, c)
        results.append(_rows(c, "wholesale", "merchants", DAY))
    assert results[0] == results[1] == results[2]
    got = results[0]
    assert [r["stall_no"] for r in got] == [r["stall_no"] for r in records]
    assert [r["uscc"] for r in got] == [r["uscc"] for r in records]
    assert [r["entered_on"] for r in got] == [r["entered_on"] for r in records]
    assert {r["market_id"] for r in got} == {"HA01"}  # from the file name


def test_a_late_upload_rebuilds_its_own_day(cfg: config.Settings) -> None:
    late = next(
        (m, d)
        for d in (DAY - dt.timedelta(days=n) for n in range(60))
        for m in wholesale.markets(SEED)
        if wholesale.upload_day(SEED, m, d) != d
    )
    market, data_day = late
    simulated.upload(cfg.inbox, data_day, ["wholesale"])
    WHOLESALE.ingest(data_day, cfg)
    before = {r["market_id"] for r in _rows(cfg, "wholesale", "merchants", data_day)}
    assert market.market_id not in before  # its files had not arrived
    simulated.upload(cfg.inbox, data_day + dt.timedelta(days=2), ["wholesale"])
    manifests = WHOLESALE.ingest(data_day + dt.timedelta(days=2), cfg)
    assert data_day.isoformat() in {m.batch_date for m in manifests}
    after = {r["market_id"] for r in _rows(cfg, "wholesale", "merchants", data_day)}
    assert after == before | {market.market_id}


def test_exchange_csv_with_chinese_headers_and_xlsx_with_codes_agree(cfg: config.Settings, monkeypatch) -> None:
    records = exchange.license_records(SEED, DAY)
    results = []
    for fmt, spelling in (("csv-gbk", {}), ("xlsx", {f.column: f.code for f in LICENSE_FIELDS})):
        root = cfg.data_dir.parent / fmt
        monkeypatch.setenv("CREDIT_DATA_DIR", str(root))
        c = config.settings()
        ext = "xlsx" if fmt == "xlsx" else "csv"
        write_drop_file(
            c.inbox / "gov_licenses" / DAY.isoformat() / f"许可_{DAY:%Y%m%d}.{ext}",
            LICENSE_FIELDS,
            records,
            fmt,
            DAY,
            spelling,
        )
        EXCHANGES["gov_licenses"].ingest(DAY, c)
        results.append(_rows(c, "gov_licenses", "licenses", DAY))
    assert results[0] == results[1]
    assert len(results[0]) == len(records)


def test_a_file_the_connector_cannot_place_is_a_clear_error(cfg: config.Settings) -> None:
    folder = cfg.inbox / "wholesale" / DAY.isoformat()
    folder.mkdir(parents=True)
    (folder / "HA01_月报_20261120.csv").write_text("a,b\n1,2\n")
    with pytest.raises(DropError, match="cannot tell which dataset"):
        WHOLESALE.ingest(DAY, cfg)


def test_no_clear_identity_or_phone_number_anywhere_under_the_lake(uploaded: config.Settings, monkeypatch) -> None:
    cfg = uploaded
    httpd, env = simulated.start_api(SEED)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    try:
        from credit.gate.batches import run_gate

        for conn in CONNECTORS.values():
            for m in conn.ingest(DAY, cfg):
                run_gate(m.source, m.dataset, dt.date.fromisoformat(m.batch_date), cfg)
    finally:
        httpd.shutdown()
    reg = region(SEED)
    ids = {r.resident_id for r in reg.residents} | {e.legal_rep_id for e in reg.entities}
    phones = {r.phone for r in reg.residents}
    pattern = re.compile(r"(?<!\d)(?:\d{17}[\dXx]|1\d{10})(?!\d)")
    scanned = 0
    for path in cfg.lake.rglob("*"):
        if not path.is_file():
            continue
        if path.suffix == ".parquet":
            text = json.dumps(pq.read_table(path).to_pylist(), default=str, ensure_ascii=False)
        else:
            text = path.read_text(errors="replace")
        scanned += 1
        found = set(pattern.findall(text))
        assert not (found & ids), f"clear resident ID in {path}"
        assert not (found & phones), f"clear phone number in {path}"
        # household workers' IDs come from the registry API: none may be a valid clear ID either
        from credit.core.identifiers import is_valid_resident_id

        assert not [f for f in found if len(f) == 18 and is_valid_resident_id(f)], path
    assert scanned > 30


def test_ingest_of_different_sources_runs_in_parallel_safely(uploaded: config.Settings) -> None:
    cfg = uploaded
    from concurrent.futures import ThreadPoolExecutor

    ids = ["gov_penalties", "gov_licenses", "gov_awards", "commitments", "wholesale"]
    with ThreadPoolExecutor(max_workers=len(ids)) as pool:
        results = dict(zip(ids, pool.map(lambda sid: CONNECTORS[sid].ingest(DAY, cfg), ids), strict=True))
    for sid, manifests in results.items():
        for m in manifests:
            folder = lake.partition_dir(cfg.lake, "raw", sid, m.dataset, dt.date.fromisoformat(m.batch_date))
            assert (folder / lake.MANIFEST).exists()
            assert pq.read_metadata(folder / lake.PART).num_rows == m.rows
