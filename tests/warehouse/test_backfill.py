"""Backfill of a date range gives the same warehouse as running its days one by one: a day's
score uses only what the centre knew by that day, so building three days at once equals building
after each of them."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest

from credit.core import config, lake
from credit.ingest.sources import penalty_exchange as gov_penalties
from credit.orchestration import ingest_tasks as tasks
from credit.warehouse.build import build_and_publish
from tests import simulated
from tests.conftest import DAY, HISTORY_DECLARED, REGION_DAYS, SEED, write_penalty_csv
from tests.stack.test_end_to_end import content_hashes

pytestmark = pytest.mark.e2e


def test_backfill_equals_daily(region: config.Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the same lake, built once for the whole range (a full rebuild, as a backfill or a new server does)
    root = tmp_path / "data"
    shutil.copytree(region.lake, root / "lake")
    monkeypatch.setenv("CREDIT_DATA_DIR", str(root))
    monkeypatch.setenv("CREDIT_HISTORY_FROM", HISTORY_DECLARED)  # what the region declared
    backfill = config.settings()
    build_and_publish(backfill, full_refresh=True)

    daily = content_hashes(region.published_warehouse)
    once = content_hashes(backfill.published_warehouse)
    assert daily.keys() == once.keys()
    differ = {t: (daily[t], once[t]) for t in daily if daily[t] != once[t]}
    assert not differ, f"tables that differ between daily runs and one backfill: {sorted(differ)}"
    assert daily["marts.fct_entity_credit_spans"][0] > 0


def test_backfill_equals_daily_with_a_penalty_corrected_three_days_later(
    region: config.Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/domain.md §3.4 "Corrections over time": a bureau re-sends a decision of the region's
    first day corrected three days later (a licence revocation the clerk left out: it turns
    serious). The daily run keeps the days before with what was known on them and scores the new
    day with the correction; one backfill of the four days gives the same warehouse."""
    from credit_simulator import gov_penalties as bureau
    from credit_simulator.registry import region as simulated_region

    first, fourth = REGION_DAYS[0], DAY + dt.timedelta(days=1)
    assert (fourth - first).days == 3
    clean_codes = {e.uscc for e in simulated_region(SEED).entities}
    with duckdb.connect() as con:  # what the centre accepted on the first day (a clerk's typo is quarantined)
        accepted = {
            (d, u)
            for d, u in con.execute(
                "select decision_no, uscc from read_parquet(?, union_by_name = true) where uscc_status = 'valid'",
                [str(lake.partition_dir(region.lake, "accepted", "gov_penalties", "penalties", first) / lake.PART)],
            ).fetchall()
        }
    original = next(
        r
        for r in bureau.records(SEED, first)
        if r["uscc"] in clean_codes
        and (r["decision_no"], r["uscc"]) in accepted
        and set(str(r["penalty_types"]).split(";")) <= {"警告", "罚款"}
    )
    corrected = {**original, "penalty_types": f"{original['penalty_types']};吊销许可证件", "remarks": "更正"}

    daily_root = tmp_path / "daily" / "data"
    for part in ("inbox", "lake", "warehouse"):
        shutil.copytree(region.data_dir / part, daily_root / part)
    monkeypatch.setenv("CREDIT_DATA_DIR", str(daily_root))
    monkeypatch.setenv("CREDIT_HISTORY_FROM", HISTORY_DECLARED)  # what the region declared
    daily = config.settings()
    simulated.upload(daily.inbox, fourth, ["gov_penalties"])
    write_penalty_csv(daily.inbox / "gov_penalties" / fourth.isoformat() / "更正_行政处罚.csv", [corrected])
    gov_penalties.ingest(fourth, daily)
    assert tasks.run_gate("gov_penalties", "penalties", fourth)["verdict"] != "blocked"
    build_and_publish(daily)  # the fourth day's daily run: incremental, rescoring from the fourth day

    backfill_root = tmp_path / "backfill" / "data"
    shutil.copytree(daily.lake, backfill_root / "lake")
    monkeypatch.setenv("CREDIT_DATA_DIR", str(backfill_root))
    backfill = config.settings()
    build_and_publish(backfill, full_refresh=True)

    by_day, once = content_hashes(daily.published_warehouse), content_hashes(backfill.published_warehouse)
    differ = sorted(t for t in by_day if by_day[t] != once.get(t))
    assert by_day.keys() == once.keys() and not differ, f"daily runs and one backfill differ in {differ}"

    uscc, decision = original["uscc"], original["decision_no"]
    with duckdb.connect(str(daily.published_warehouse), read_only=True) as con:
        versions = con.execute(
            "select known_from, known_until, outcome from intermediate.int_penalty_versions where decision_no = ?",
            [decision],
        ).fetchall()
        scores = dict(
            con.execute(
                "select score_date, grade from marts.fct_entity_credit_daily where uscc = ? order by 1", [uscc]
            ).fetchall()
        )
        warned = con.execute(
            "select raised_on from marts.early_warning where uscc = ? and reason = 'new_serious_event'"
            " and evidence like '%' || ? || '%'",
            [uscc, decision],
        ).fetchall()
    with duckdb.connect(str(region.published_warehouse), read_only=True) as con:
        before = dict(
            con.execute(
                "select score_date, grade from marts.fct_entity_credit_daily where uscc = ? order by 1", [uscc]
            ).fetchall()
        )
    assert [(v[0], v[1]) for v in versions] == [(first, fourth), (fourth, None)] and versions[1][2] == "serious"
    assert {d: g for d, g in scores.items() if d < fourth} == before, "the days before were rescored"
    assert scores[fourth] in ("C", "D"), "a serious penalty holds the entity at C at best from the day it is known"
    assert warned == [(fourth,)], "the serious version is new on the day it arrived, not on the first day"
