"""`make spark`: a local Spark Thrift Server from the pyspark package (ops/spark.py), which dbt-spark
reaches with the project's `spark` target, reading the lake's Parquet; stopping it leaves no process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from credit.warehouse.spark_build import SparkQueryFailed
from ops.spark import SparkUnavailable, ThriftServer, java_executable
from tests.conftest import ROOT, java


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    java()
    state = tmp_path_factory.mktemp("spark")
    srv = ThriftServer.start(state, port=0, cores=2, memory="1g")
    yield srv
    srv.stop()


def test_spark_server_reads_lake_parquet(server: ThriftServer, tmp_path: Path) -> None:
    # a dataset in the lake's layout: partitions with different columns (a later batch added one)
    ds = tmp_path / "lake" / "accepted" / "gov_penalties" / "penalties"
    for part, table in {
        "batch_date=2026-11-18": pa.table({"record_id": ["a", "b"], "amount": [1.5, 2.0]}),
        "batch_date=2026-11-19": pa.table({"record_id": ["c"], "amount": [3.0], "note": ["新"]}),
    }.items():
        (ds / part).mkdir(parents=True)
        pq.write_table(table, ds / part / "part-0.parquet")
    rows = server.query(f"select count(*), sum(amount), count(note) from parquet.`{ds}` ")
    assert rows == [(3, 6.5, 1)]


def test_spark_target_connects_with_dbt(server: ThriftServer, tmp_path: Path) -> None:
    env = dict(
        os.environ,
        CREDIT_SPARK_PORT=str(server.port),
        CREDIT_DATA_DIR=str(tmp_path),
        CREDIT_WAREHOUSE_BUILD_PATH=str(tmp_path / "unused.duckdb"),
        DBT_SEND_ANONYMOUS_USAGE_STATS="False",
    )
    project = ROOT / "dbt_project"
    dbt = str(Path(sys.executable).with_name("dbt"))
    proc = subprocess.run(
        [
            dbt,
            "--no-use-colors",
            "debug",
            "--connection",
            "--target",
            "spark",
            "--project-dir",
            str(project),
            "--profiles-dir",
            str(project),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert "Connection test: [OK connection ok]" in proc.stdout


def test_spark_server_stop_leaves_no_process(tmp_path: Path) -> None:
    java()
    srv = ThriftServer.start(tmp_path / "spark", port=0, cores=1, memory="512m")
    pgid = srv.proc.pid
    srv.stop()
    with pytest.raises(ProcessLookupError):
        os.killpg(pgid, 0)


def test_spark_needs_java_17(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = tmp_path / "jdk" / "bin" / "java"
    old.parent.mkdir(parents=True)
    old.write_text("#!/bin/sh\necho 'openjdk version \"11.0.2\" 2019-01-15' >&2\n")
    old.chmod(0o755)
    monkeypatch.setenv("JAVA_HOME", str(old.parents[1]))
    with pytest.raises(SparkUnavailable, match="Java 17"):
        java_executable()
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "nowhere"))
    with pytest.raises(SparkUnavailable, match="openjdk-17-jre-headless"):
        java_executable()


def test_a_refused_statement_says_why_without_the_java_stack(server: ThriftServer) -> None:
    with pytest.raises(SparkQueryFailed, match="UNRESOLVED_COLUMN") as refused:
        server.query("select no_such_column from (select 1 as a)")
    assert "\n" not in str(refused.value) and "ThriftCLIService" not in str(refused.value)
