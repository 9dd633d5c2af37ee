"""The engine a build runs on is configuration (docs/engines.md "Choosing the engine"): the
`build_warehouse` DAG's build goes to DuckDB or Spark by CREDIT_ENGINE, and the steps that read the
published DuckDB file say why they do not run on Spark."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from credit.core import config
from credit.warehouse import engines
from credit.warehouse.summary import skip_reasons


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch, tmp_path) -> list[str]:
    """Which engine's build ran (both builds replaced by a record of the call)."""
    import credit.warehouse.build as duck
    import credit.warehouse.spark_build as spark

    made: list[str] = []
    monkeypatch.setenv("CREDIT_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("CREDIT_ENGINE", raising=False)

    def on_duckdb(cfg, **kwargs):
        made.append("duckdb" + (" full" if kwargs.get("full_refresh") else ""))
        return SimpleNamespace(build_path=None, plan=None, seconds=0.0, results=[], warnings=[])

    def on_spark(cfg):
        made.append("spark")
        return SimpleNamespace(version="w20261207000000", seconds=1.0, results=[{}], published={"marts": 1})

    monkeypatch.setattr(duck, "build_and_publish", on_duckdb)
    monkeypatch.setattr(spark, "build_on_spark", on_spark)
    return made


@pytest.mark.parametrize("engine", ["duckdb", "spark"])
def test_the_build_runs_on_the_configured_engine(engine: str, calls: list[str], monkeypatch) -> None:
    monkeypatch.setenv("CREDIT_ENGINE", engine)
    result = engines.build()
    assert calls == [engine] and result["engine"] == engine


def test_a_full_rebuild_is_asked_of_duckdb_and_every_spark_build_is_one(calls: list[str], monkeypatch) -> None:
    engines.build(full_refresh=True)
    monkeypatch.setenv("CREDIT_ENGINE", "spark")
    engines.build(full_refresh=True)
    assert calls == ["duckdb full", "spark"]


def test_steps_that_read_the_duckdb_file_say_why_they_do_not_run_on_spark(tmp_path) -> None:
    on_duckdb = config.Settings(data_dir=tmp_path)
    on_spark = config.Settings(data_dir=tmp_path, engine="spark")
    assert engines.reads_duckdb_only("the day's exports", on_duckdb) is None
    why = engines.reads_duckdb_only("the day's exports", on_spark)
    assert why and why.startswith("the day's exports reads the published DuckDB file") and "CREDIT_ENGINE=spark" in why


def test_skip_reasons_are_counted_by_reason_without_their_particulars() -> None:
    audit = [
        '[{"line": 3, "reason": "blank line"}, {"line": 9, "reason": "footer (合计 row: 12 records)"}]',
        '[{"line": 4, "reason": "footer (合计 row: 7 records)"}]',
        None,
        "[]",
    ]
    assert skip_reasons(audit) == {"footer": 2, "blank line": 1}
    assert list(skip_reasons(audit)) == ["footer", "blank line"], "most frequent first"


def test_a_date_reads_the_same_from_either_driver() -> None:
    from credit.warehouse.summary import _day

    assert _day("2026-11-20") == _day(dt.date(2026, 11, 20)) == dt.date(2026, 11, 20)
    assert _day(None) is None
