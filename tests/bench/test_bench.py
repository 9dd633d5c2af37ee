"""`make bench SCALE=S` as CI's smoke test: the run completes and its JSON is complete. Never a time:
speed lives in the benchmark's figures, not in assertions."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from credit_simulator.registry import region

from bench.generate import Plan, replica_usccs
from bench.scale import BUDGET, ROOT
from credit.core.identifiers import uscc_status

STAGES = {
    "template",
    "generate history",
    "dbt full build",
    "floor (DuckDB SQL)",
    "generate next day",
    "ingest (connectors)",
    "gate (next day)",
    "gate (one large batch)",
    "dbt incremental build",
    "exports",
    "platforms under load",
    "generate older history (x2)",
    "dbt full build, history x2",
    "generate day after",
    "gate (day after)",
    "dbt incremental build, history x2",
}


def test_replica_usccs_are_valid_and_distinct() -> None:
    base = [e.uscc for e in region(20261120).entities]
    table = replica_usccs(base, 50)
    codes = table.column("uscc").to_pylist()
    assert len(codes) == len(set(codes)) == 50 * len(base)
    assert {str(uscc_status(c)) for c in codes} == {str(uscc_status(base[0]))}
    # replica 0 keeps the simulator's codes; the others keep authority, type and division
    for b, r, c in zip(table.column("base_uscc").to_pylist(), table.column("replica").to_pylist(), codes, strict=True):
        assert (c == b) if r == 0 else (c[:8] == b[:8] and c != b)


def test_plan_gives_every_replica_days_round_robin() -> None:
    days = [dt.date(2026, 1, 1) + dt.timedelta(days=i) for i in range(10)]
    plan = Plan(days=days, copies=3, replicas=7, templates=[dt.date(2025, 12, 30), dt.date(2025, 12, 31)]).rows()
    assert plan.num_rows == 30
    assert set(plan.column("replica").to_pylist()) == set(range(7))
    assert set(plan.column("tday").to_pylist()) == {dt.date(2025, 12, 30), dt.date(2025, 12, 31)}
    shifts = {
        (d - t).days for d, t in zip(plan.column("day").to_pylist(), plan.column("tday").to_pylist(), strict=True)
    }
    assert shifts == set(plan.column("shift").to_pylist())


@pytest.mark.e2e
def test_bench_s_completes_with_a_complete_json(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CREDIT_")}
    out = tmp_path / "results"
    proc = subprocess.run(
        [sys.executable, "-m", "bench.scale", "--scale", "S", "--out", str(out), "--work", str(tmp_path / "work")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "budget at M" in proc.stdout  # the table was printed
    (path,) = out.glob("*-S.json")
    doc = json.loads(path.read_text())
    assert doc["complete"] is True
    assert {s["name"] for s in doc["stages"]} == STAGES
    for s in doc["stages"]:
        assert s["wall_seconds"] > 0 and s["peak_rss_mib"] > 0, s
    assert set(doc["budget"]) == set(BUDGET)
    assert all(b["value"] is not None and isinstance(b["met"], bool) for b in doc["budget"].values())
    stage = {s["name"]: s for s in doc["stages"]}
    # the region is the size asked for: every entity is known to the warehouse
    assert stage["dbt full build"]["entities_profiled"] >= 10_000
    assert stage["floor (DuckDB SQL)"]["matched_entities"] >= 10_000
    # every source was ingested by its real connector, and every gated batch conserved its rows
    assert {r["source"] for r in stage["ingest (connectors)"]["sources"]} >= {"gov_penalties", "ecommerce", "wholesale"}
    for b in stage["gate (next day)"]["batches"]:
        assert b["rows"] == b["accepted"] + b["quarantined"]
        assert b["verdict"] != "blocked", b  # the increment the incremental build measures is real
    assert stage["dbt incremental build"]["events_written"] > 0
    load = stage["platforms under load"]
    assert load["requests"] > 0 and load["publishes"] == 2 and load["requests_around_publishes"] > 0
    assert load["errors"] == 0 and load["errors_around_publishes"] == 0, load
    assert stage["dbt incremental build"]["score_days"] == stage["dbt full build"]["score_days"] + 1
    # the profile: every model with its time and the rows it wrote, every test with its time
    assert "profile of dbt full build" in proc.stdout and "profile of dbt incremental build" in proc.stdout
    full, inc = stage["dbt full build"], stage["dbt incremental build"]
    for build in (full, inc):
        assert build["models"] and build["tests"], build["name"]
        assert build["model_seconds"] + build["test_seconds"] <= build["dbt_seconds"]
    spans = "model.credit_centre.fct_entity_credit_spans"
    written = {b["name"]: {m["node"]: m["rows_written"] for m in b["models"]} for b in (full, inc)}
    assert written[full["name"]][spans] == full["score_runs"] < full["entity_days"]  # runs, not entity-days
    assert 0 < written[inc["name"]][spans] < inc["score_runs"]  # a day's build, the runs it reopened
