"""Both engines publish the same warehouse (docs/engines.md "Both engines agree"): the comparison
names every difference by table, key and column, and the demo region built on Spark matches the
one built on DuckDB in every contract table."""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import shutil
from pathlib import Path

import pytest

from credit.core import config
from credit.warehouse.cross_engine import Difference, compare_table, compared_tables, normal
from tests.conftest import HISTORY_DECLARED, java


@pytest.fixture(scope="module")
def spark_region(region: config.Settings, tmp_path_factory: pytest.TempPathFactory):
    """The region's lake built on a local Spark (ops/spark.py), beside its DuckDB warehouse, by the
    build the `build_warehouse` DAG runs with CREDIT_ENGINE=spark."""
    from credit.warehouse import engines
    from credit.warehouse.spark_build import SparkServer
    from ops.spark import ThriftServer

    java()
    root = tmp_path_factory.mktemp("spark_region") / "data"
    for part in ("lake", "warehouse"):
        shutil.copytree(region.data_dir / part, root / part)
    thrift = ThriftServer.start(root / "spark", port=0)
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("CREDIT_DATA_DIR", str(root))
            mp.setenv("CREDIT_HISTORY_FROM", HISTORY_DECLARED)
            mp.setenv("CREDIT_PII_KEY", "test-key-not-a-secret")
            mp.setenv("CREDIT_SPARK_PORT", str(thrift.port))
            mp.setenv("CREDIT_ENGINE", "spark")
            cfg = config.settings()
            result = engines.build(cfg)
            yield cfg, SparkServer(thrift.host, thrift.port), result
    finally:
        thrift.stop()


def test_a_row_on_one_side_is_named_with_its_key() -> None:
    duck = (["k", "v"], [("a", 1), ("b", 2)])
    spark = (["k", "v"], [("a", 1), ("c", 3)])
    diffs = compare_table("marts.t", ["k"], duck, spark)
    assert {str(d) for d in diffs} == {
        "marts.t key ('b',): row on DuckDB only",
        "marts.t key ('c',): row on Spark only",
    }


def test_a_different_value_names_the_table_key_and_column() -> None:
    diffs = compare_table("marts.t", ["k"], (["k", "v"], [("a", "x")]), (["k", "v"], [("a", "y")]))
    assert diffs == [Difference("marts.t", ("a",), "v", "x", "y")]
    assert str(diffs[0]) == "marts.t key ('a',) column v: DuckDB 'x' != Spark 'y'"


def test_floats_agree_within_the_tolerance_and_not_beyond() -> None:
    close = compare_table("m.t", ["k"], (["k", "v"], [("a", 0.1 + 0.2)]), (["k", "v"], [("a", 0.3)]))
    far = compare_table("m.t", ["k"], (["k", "v"], [("a", 0.3)]), (["k", "v"], [("a", 0.3001)]))
    assert close == [] and len(far) == 1


def test_the_drivers_forms_of_one_value_are_the_same() -> None:
    # Spark's Thrift rows: dates as text, lists and structs as JSON, decimals as Decimal
    assert normal(dt.date(2026, 11, 20)) == normal("2026-11-20")
    assert normal([{"kind": "罚款", "points": 2.5}]) == normal('[{"kind":"罚款","points":2.5}]')
    assert normal(decimal.Decimal("1.5000")) == 1.5


def test_a_table_compared_by_count_names_both_counts() -> None:
    from credit.warehouse.cross_engine import compare_counts

    assert compare_counts("marts.t", 5, 5) == []
    assert [str(d) for d in compare_counts("marts.t", 5, 4)] == ["marts.t key () column (rows): DuckDB 5 != Spark 4"]


def test_columns_that_differ_are_one_difference() -> None:
    diffs = compare_table("m.t", ["k"], (["k", "v"], []), (["k", "w"], []))
    assert len(diffs) == 1 and diffs[0].column == "(columns)"


def test_every_compared_table_has_a_key_or_is_compared_whole() -> None:
    tables = dict(compared_tables())
    assert tables.get("marts.fct_credit_event")
    assert "quality.load_audit" in tables
    assert not [t for t in tables if t.startswith(("snapshots.", "build."))]


@pytest.mark.e2e
def test_spark_and_duckdb_publish_the_same_contract_tables(spark_region) -> None:
    cfg, server, result = spark_region
    from credit.warehouse.cross_engine import compare

    differences = compare(cfg.published_warehouse, server)
    report = [f"{t}: {len(d)} differences, e.g. {d[0]}" for t, d in differences.items() if d]
    assert not report, "\n".join(report)
    assert result["engine"] == "spark" and result["published"]["marts"] >= 14


def dbt_show(cfg: config.Settings, target: str, sql: str, tmp: Path) -> list[dict]:
    """The rows of one inline query, compiled with the project's macros, on one engine's target."""
    import json
    import subprocess

    from credit.warehouse.build import PROJECT_DIR, dbt_env, dbt_executable

    env = dbt_env(cfg, tmp / "show.duckdb", target_dir=f"show-{target}")
    cmd = [dbt_executable(), "show", "--target", target, "--inline", sql, "--output", "json", "--quiet"]
    proc = subprocess.run(cmd, cwd=PROJECT_DIR, env=env, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    return json.loads(proc.stdout)["show"]


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("values", "expected"),
    [(["null", "null"], None), (["'b'", "null", "'a'"], "a; b")],
    ids=["only-nulls", "some-nulls"],
)
def test_ordered_text_skips_nulls_on_both_engines(spark_region, tmp_path, values, expected) -> None:
    """macros/engines.sql ordered_text is string_agg's meaning on both: nulls left out, and null when
    nothing is left (Spark's first port gave '' there: marts.credit_list at 100k entities)."""
    cfg, _server, _result = spark_region
    rows = " union all ".join(f"select cast({v} as string) as v" for v in values)
    sql = f"""select {{{{ ordered_text('v', "'; '", ['v']) }}}} as t from ({rows}) as x"""
    assert [r["t"] for r in dbt_show(cfg, "spark", sql, tmp_path)] == [expected]
    assert [r["t"] for r in dbt_show(cfg, "build", sql, tmp_path)] == [expected]


@pytest.mark.e2e
def test_tables_beyond_the_row_budget_are_compared_by_count(spark_region) -> None:
    """The bench's comparison at scale (bench/stage.py compare_engines): what is too big to read
    whole is counted on both sides, the rest compared row for row."""
    from credit.warehouse.cross_engine import compare_within

    cfg, server, _result = spark_region
    result, counted = compare_within(cfg.published_warehouse, server, max_rows=200)
    assert "marts.fct_credit_event" in counted and "quality.load_audit" not in counted
    assert set(result) == {t for t, _ in compared_tables()}
    assert not any(result.values()), {t: d[:1] for t, d in result.items() if d}


@pytest.mark.e2e
def test_the_summary_reads_the_same_figures_from_either_engine(spark_region) -> None:
    """What `make demo` prints (credit/warehouse/summary.py), read from Spark's views and from the
    DuckDB file: the same, but for where it was read."""
    from credit.warehouse.summary import render, summarise

    cfg, _server, _result = spark_region
    on_spark = summarise(cfg)
    on_duckdb = summarise(dataclasses.replace(cfg, engine="duckdb"))
    assert on_spark.pop("warehouse").startswith("Spark ") and on_duckdb.pop("warehouse").endswith("credit.duckdb")
    from credit.warehouse.spark_build import published_version

    assert published_version(_server) == _result["version"], "the views point at the build that published"
    differing = {k: (on_duckdb[k], on_spark[k]) for k in on_duckdb if str(on_duckdb[k]) != str(on_spark[k])}
    assert not differing, differing
    assert render({**on_spark, "warehouse": "-"}) == render({**on_duckdb, "warehouse": "-"})
    assert on_spark["entities"] > 0 and on_spark["rows_received"] > 0


def test_a_nested_date_spark_writes_bare_is_read_as_a_date() -> None:
    spark = '[{"name":"淮安市某公司","first_seen_on":2026-11-18,"last_seen_on":2026-11-20}]'
    duck = [{"name": "淮安市某公司", "first_seen_on": dt.date(2026, 11, 18), "last_seen_on": dt.date(2026, 11, 20)}]
    assert normal(spark) == normal(duck)


def test_the_build_id_is_how_a_build_ran_not_what_it_computed() -> None:
    duck = (["k", "_build_id"], [("a", "one-build")])
    spark = (["k", "_build_id"], [("a", "another")])
    assert compare_table("m.t", ["k"], duck, spark) == []
