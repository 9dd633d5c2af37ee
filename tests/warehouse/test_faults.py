"""Faults the warehouse must survive: a build killed with SIGKILL in the middle of dbt leaves
the published warehouse intact and readable and the next build succeeds; a source that stops
delivering is flagged stale while the warehouse still publishes from the others; retention removes
only what it should."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from credit.core import config, lake
from credit.ingest import retention
from credit.warehouse.build import build_and_publish
from tests.conftest import DAY, HISTORY_DECLARED, REGION_DAYS, ROOT

pytestmark = pytest.mark.e2e


@pytest.fixture
def copied(region: config.Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> config.Settings:
    """The region's lake in a private data dir, built once (a full rebuild)."""
    root = tmp_path / "data"
    shutil.copytree(region.lake, root / "lake")
    monkeypatch.setenv("CREDIT_DATA_DIR", str(root))
    monkeypatch.setenv("CREDIT_HISTORY_FROM", HISTORY_DECLARED)  # what the region declared
    cfg = config.settings()
    build_and_publish(cfg, full_refresh=True)
    return cfg


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_kill_9_in_the_middle_of_dbt_leaves_the_published_warehouse_and_the_next_build_succeeds(
    copied: config.Settings,
) -> None:
    before = sha256(copied.published_warehouse)
    env = dict(os.environ, CREDIT_DATA_DIR=str(copied.data_dir))
    proc = subprocess.Popen(
        [sys.executable, "-m", "credit.cli", "build", "--full-refresh"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    # wait until dbt is writing the private build file, then give it a moment to get into the models
    builds = copied.warehouse_dir / ".build"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not any(p.stat().st_size > 0 for p in builds.glob("*/credit.duckdb")):
        assert proc.poll() is None, "the build ended before it could be killed"
        time.sleep(0.2)
    time.sleep(3)
    assert proc.poll() is None, "the build ended before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)  # the CLI and its dbt child, no cleanup of any kind
    proc.wait()

    assert sha256(copied.published_warehouse) == before, "the published file was not touched"
    with duckdb.connect(str(copied.published_warehouse), read_only=True) as con:
        assert con.execute("select count(*) from marts.dim_market_entity").fetchone()[0] > 0
    assert list(builds.glob("*/credit.duckdb")), "the killed build left its private file behind"

    result = build_and_publish(copied)  # the lock died with the killed process
    assert result.build_path is None, "nothing new in the lake: the published warehouse stands"
    assert not list(builds.glob("*")), "the next build removed what the killed one left"
    result = build_and_publish(copied, full_refresh=True)  # and a rebuild from the lake succeeds
    assert result.results and sha256(copied.published_warehouse) != before
    with duckdb.connect(str(copied.published_warehouse), read_only=True) as con:
        assert con.execute("select count(*) from marts.fct_entity_credit_daily").fetchone()[0] > 0


def test_a_source_that_stops_delivering_is_flagged_stale_and_the_rest_publishes(
    region: config.Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "data"
    shutil.copytree(region.lake, root / "lake")
    # raters was down for the last two days: no batch after the first day
    for zone in ("raw", "accepted", "audit", "quarantine"):
        for day in REGION_DAYS[1:]:
            shutil.rmtree(lake.partition_dir(root / "lake", zone, "raters", "ratings", day), ignore_errors=True)
    monkeypatch.setenv("CREDIT_DATA_DIR", str(root))
    monkeypatch.setenv("CREDIT_HISTORY_FROM", HISTORY_DECLARED)  # what the region declared
    cfg = config.settings()
    result = build_and_publish(cfg, as_of=DAY + dt.timedelta(days=2), full_refresh=True)
    assert any("source_freshness_no_stale_source" in w for w in result.warnings), result.warnings
    with duckdb.connect(str(cfg.published_warehouse), read_only=True) as con:
        status = dict(con.execute("select source || '.' || dataset, status from quality.source_freshness").fetchall())
        penalties_today = con.execute(
            "select count(*) from marts.fct_credit_event where source = 'gov_penalties' and known_on = ?", [DAY]
        ).fetchone()[0]
    assert status["raters.ratings"] == "stale"
    assert status["gov_penalties.penalties"] == "late"  # the others delivered up to DAY, two days ago
    assert penalties_today > 0


def test_retention_removes_old_raw_quarantine_and_inbox_but_keeps_accepted_and_audit(
    copied: config.Settings,
) -> None:
    first = REGION_DAYS[0]
    today = first + dt.timedelta(days=copied.retention_days + 1)  # only the first day has expired
    removed = retention.prune(copied, today)
    assert removed and {p.day for p in removed} == {first}
    assert not list((copied.lake / "raw").glob(f"*/*/dt={first}"))
    assert list((copied.lake / "accepted").glob(f"*/*/dt={first}"))
    assert list((copied.lake / "audit").glob(f"*/*/dt={first}"))
    assert list((copied.lake / "raw").glob(f"*/*/dt={REGION_DAYS[1]}"))


def test_a_dbt_process_ends_when_the_task_that_started_it_is_killed() -> None:
    """A stopped worker leaves no dbt running: the build's children get SIGTERM when their parent dies
    (how run_dbt starts dbt), even when the parent is SIGKILLed and cannot clean up."""
    if not sys.platform.startswith("linux"):
        pytest.skip("the parent-death signal is Linux's")
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import subprocess, sys, time; from credit.warehouse.build import _end_with_parent\n"
            "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)'],"
            " preexec_fn=_end_with_parent)\n"
            "print(child.pid, flush=True); time.sleep(120)",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    child = int(parent.stdout.readline())
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()

    def alive() -> bool:  # a zombie has exited: it only waits to be reaped by init
        stat = Path(f"/proc/{child}/stat")
        return stat.exists() and stat.read_text().split()[2] != "Z"

    deadline = time.monotonic() + 10
    while alive() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive(), "the child outlived its killed parent"


def test_a_blocked_day_counts_as_not_loaded_until_a_reload_passes(
    region: config.Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/architecture.md "How a batch flows": a blocked batch stays visible in quality.open_blocked_batches,
    and quality.source_freshness loads the dataset only through the day before it, although the next
    day passed; once the bureau's corrected file is re-dropped and passes, both clear."""
    from credit_simulator.uploader import TEMPLATE_CHANGE

    from credit.orchestration import ingest_tasks
    from tests import simulated

    root = tmp_path / "data"
    shutil.copytree(region.lake, root / "lake")
    monkeypatch.setenv("CREDIT_DATA_DIR", str(root))
    monkeypatch.setenv("CREDIT_HISTORY_FROM", HISTORY_DECLARED)  # what the region declared
    cfg = config.settings()
    middle = REGION_DAYS[1]
    folder = cfg.inbox / "gov_licenses" / middle.isoformat()
    simulated.upload(cfg.inbox, middle, ["gov_licenses"], faults=(TEMPLATE_CHANGE,))
    ingest_tasks.fetch("gov_licenses", middle)
    assert ingest_tasks.run_gate("gov_licenses", "licenses", middle)["verdict"] == "blocked"
    build_and_publish(cfg)

    query = "select batch_date from quality.open_blocked_batches where source = 'gov_licenses'"
    freshness = (
        "select status, loaded_through, days_behind, blocked_days from quality.source_freshness"
        " where source = 'gov_licenses'"
    )
    with duckdb.connect(str(cfg.published_warehouse), read_only=True) as con:
        assert con.execute(query).fetchall() == [(middle,)]
        status, through, behind, blocked = con.execute(freshness).fetchone()
    assert (status, through, behind, blocked) == ("blocked", REGION_DAYS[0], 2, middle.isoformat())

    shutil.rmtree(folder)  # the bureau re-sends the day in its usual template
    simulated.upload(cfg.inbox, middle, ["gov_licenses"])
    ingest_tasks.fetch("gov_licenses", middle)
    assert ingest_tasks.run_gate("gov_licenses", "licenses", middle)["verdict"] != "blocked"
    build_and_publish(cfg)
    with duckdb.connect(str(cfg.published_warehouse), read_only=True) as con:
        assert con.execute(query).fetchall() == []
        assert con.execute(freshness).fetchone()[:3] == ("fresh", DAY, 0)
