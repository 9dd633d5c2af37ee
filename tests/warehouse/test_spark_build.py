"""The Spark build's own parts (credit/warehouse/spark_build.py): the lake's columns in Spark's
types, every dataset of the catalog registered, and build versions told apart from other schemas."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pytest

from credit.warehouse.spark_build import (
    SparkServer,
    lake_table,
    lake_tables,
    new_version,
    spark_type,
    version_schemas,
)


@pytest.mark.parametrize(
    ("arrow", "spark"),
    [
        (pa.string(), "string"),
        (pa.int64(), "bigint"),
        (pa.float64(), "double"),
        (pa.date32(), "date"),
        (pa.timestamp("us", tz="UTC"), "timestamp"),
        (pa.bool_(), "boolean"),
        (pa.decimal128(18, 4), "decimal(18, 4)"),
        (pa.list_(pa.string()), "array<string>"),
    ],
)
def test_a_lake_column_is_declared_in_the_type_spark_reads_it_as(arrow: pa.DataType, spark: str) -> None:
    assert spark_type(arrow) == spark


def test_a_column_spark_cannot_declare_is_refused_by_name() -> None:
    with pytest.raises(TypeError, match="dictionary"):
        spark_type(pa.dictionary(pa.int8(), pa.string()))


def test_every_accepted_dataset_and_the_quarantine_zone_are_registered(tmp_path) -> None:
    from credit.ingest.catalog import SOURCES

    tables = {name: location for name, location, _ in lake_tables(tmp_path / "lake")}
    datasets = [(ds.source, ds.name) for src in SOURCES for ds in src.datasets]
    assert len(tables) == len(datasets) + 1
    assert tables[lake_table("quarantine")] == tmp_path / "lake" / "quarantine"
    assert tables["lake.accepted__gov_penalties__penalties"] == (
        tmp_path / "lake" / "accepted" / "gov_penalties" / "penalties"
    )


def test_build_versions_sort_by_time_and_other_schemas_are_not_versions(monkeypatch) -> None:
    older = new_version(dt.datetime(2026, 12, 6, 23, 59, 59, tzinfo=dt.UTC))
    newer = new_version(dt.datetime(2026, 12, 7, 0, 0, 0, tzinfo=dt.UTC))
    assert older == "w20261206235959" and older < newer
    shown = [(f"{older}_marts",), (f"{newer}_marts",), (f"{newer}_staging",), ("marts",), ("w2026_notes",)]
    monkeypatch.setattr(SparkServer, "query", lambda self, sql: shown)
    assert version_schemas(SparkServer("127.0.0.1", 0)) == {
        newer: [f"{newer}_marts", f"{newer}_staging"],
        older: [f"{older}_marts"],
    }
