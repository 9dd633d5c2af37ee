"""The build writes a private file, tests it, and publishes by rename; a failure changes nothing."""

from __future__ import annotations

import datetime as dt
import hashlib

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from credit.core import config, lake
from credit.gate.batches import AUDIT_SCHEMA, run_gate
from credit.ingest.sources import penalty_exchange as gov_penalties
from credit.warehouse.build import BuildFailed, build_and_publish
from tests import simulated
from tests.conftest import DAY

pytestmark = pytest.mark.e2e


def _load(cfg: config.Settings, day: dt.date, upload: bool = True) -> None:
    if upload:  # the bureau's upload, by the simulator
        simulated.upload(cfg.inbox, day, ["gov_penalties"])
    gov_penalties.ingest(day, cfg)
    run_gate("gov_penalties", "penalties", day, cfg)


def test_build_publishes_the_contract_tables(cfg: config.Settings) -> None:
    _load(cfg, DAY)
    build_and_publish(cfg)
    with duckdb.connect(str(cfg.published_warehouse), read_only=True) as con:
        for table in ("marts.dim_market_entity", "marts.fct_credit_event", "quality.load_audit", "quality.quarantine"):
            assert con.execute(f"select count(*) from {table}").fetchone()[0] > 0, table
        # views (staging, intermediate) keep working in the published file: same catalog name
        con.execute("select count(*) from intermediate.int_entity_name_links").fetchone()
        bad = con.execute(
            "select count(*) from quality.load_audit"
            " where rows_received <> rows_accepted + rows_quarantined + rows_skipped"
        ).fetchone()[0]
        assert bad == 0
    assert not list((cfg.warehouse_dir / ".build").glob("*")), "no build left behind"


def test_a_failing_dbt_test_leaves_the_published_warehouse_untouched(cfg: config.Settings) -> None:
    _load(cfg, DAY)
    build_and_publish(cfg)
    before = hashlib.sha256(cfg.published_warehouse.read_bytes()).hexdigest()

    # A second day whose audit breaks conservation: the load_audit invariant (an error test) fails.
    bad_day = DAY + dt.timedelta(days=1)
    _load(cfg, bad_day)
    folder = lake.partition_dir(cfg.lake, "audit", "gov_penalties", "penalties", bad_day)
    rows = pq.read_table(folder / lake.PART).to_pylist()
    rows[0]["rows_accepted"] += 1
    pq.write_table(pa.Table.from_pylist(rows, schema=AUDIT_SCHEMA), folder / lake.PART)

    with pytest.raises(BuildFailed, match="published warehouse is unchanged") as info:
        build_and_publish(cfg)
    assert "load_audit" in str(info.value)
    assert hashlib.sha256(cfg.published_warehouse.read_bytes()).hexdigest() == before
    assert not list((cfg.warehouse_dir / ".build").glob("*"))


def test_a_warn_severity_test_is_reported_and_does_not_block(cfg: config.Settings) -> None:
    from tests.conftest import write_penalty_csv

    folder = cfg.inbox / "gov_penalties" / DAY.isoformat()
    write_penalty_csv(folder / "p.csv", [], encoding="gbk")  # header only: blocked by volume
    _load(cfg, DAY, upload=False)
    result = build_and_publish(cfg)
    assert any("load_audit_no_blocked_batches" in w for w in result.warnings), result.warnings
    assert cfg.published_warehouse.exists()


def test_a_build_before_the_first_ingest_scores_nothing_and_the_day_s_outputs_say_so(cfg: config.Settings) -> None:
    """The schedule may build before any batch reached the lake (a new deployment, the demo's first
    minutes): the build publishes an empty warehouse, the summary says nothing is scored, and the
    exports and the provincial push refuse with the reason (the DAG skips them) instead of a bare
    traceback."""
    from credit.publish.daily_exports import export_day
    from credit.publish.provincial import push_day
    from credit.warehouse.published import NothingScored, last_scored_day
    from credit.warehouse.summary import render, summarise

    build_and_publish(cfg)
    with duckdb.connect(str(cfg.published_warehouse), read_only=True) as con:
        assert last_scored_day(con) is None
    assert "none: no entity scored yet" in render(summarise(cfg))
    for output in (export_day, push_day):
        with pytest.raises(NothingScored, match="scores no day yet"):
            output(cfg)
