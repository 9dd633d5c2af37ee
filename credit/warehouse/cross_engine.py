"""Do the two engines publish the same warehouse? (docs/engines.md "Both engines agree")

Every table of the contract (credit/warehouse/contract_doc.py public_tables) is read from the
published DuckDB file and from the Spark build's public views, and compared row for row by its
declared key: the same keys on both sides, and in every row the same value in every column, floats
within a relative tolerance. Each difference names the table, the key and the column.

What is left out, and why: the snapshot (history across builds, which Spark's full builds on
plain Parquet do not keep), the `build` schema and every table's `_build_id` (how each engine's
build ran, not what it computed).

    python -m credit.warehouse.cross_engine   # the data dir's published warehouse against Spark
"""

from __future__ import annotations

import argparse
import datetime as dt
import decimal
import json
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from credit.core import config
from credit.warehouse.contract_doc import public_tables
from credit.warehouse.spark_build import SparkServer

FLOAT_TOLERANCE = 1e-9  # relative; both engines sum doubles in a different order
COMPARED_SCHEMAS = ("marts", "quality", "reference")
NOT_COMPARED = {"_build_id"}
# Spark's Thrift rows write a nested date bare (`"on":2026-11-18`): quoted, the text is JSON
_BARE_DATE = re.compile(r"(?<=[:\[,])(\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2}:\d{2}(?:\.\d+)?)?)(?=[,}\]])")


@dataclass(frozen=True)
class Difference:
    table: str
    key: tuple
    column: str | None  # None: the row is on one side only
    duckdb: object
    spark: object

    def __str__(self) -> str:
        where = f"{self.table} key {self.key!r}"
        if self.column is None:
            side = "DuckDB only" if self.spark is None else "Spark only"
            return f"{where}: row on {side}"
        return f"{where} column {self.column}: DuckDB {self.duckdb!r} != Spark {self.spark!r}"


def compared_tables() -> list[tuple[str, list[str]]]:
    """(schema.table, its key columns) of every contract table both engines build."""
    out = []
    for table, entry in public_tables():
        if table.split(".")[0] not in COMPARED_SCHEMAS:
            continue
        meta = (entry.get("config") or {}).get("meta") or entry.get("meta") or {}
        out.append((table, list(meta.get("key") or [])))
    return out


def normal(value: object) -> object:
    """One form for what the two drivers return: Spark's Thrift rows carry dates as text and lists
    and structs as JSON; DuckDB's carry Python dates, lists and dicts."""
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [normal(v) for v in value]
    if isinstance(value, dict):
        return {k: normal(v) for k, v in value.items()}
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return normal(json.loads(_BARE_DATE.sub(r'"\1"', value)))
        except ValueError:
            return value
    return value


def same(a: object, b: object) -> bool:
    a, b = normal(a), normal(b)
    if isinstance(a, float) or isinstance(b, float):
        if a is None or b is None or isinstance(a, str) or isinstance(b, str):
            return a == b
        return math.isclose(float(a), float(b), rel_tol=FLOAT_TOLERANCE, abs_tol=FLOAT_TOLERANCE)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return a == b


def keyed(columns: list[str], rows: list[tuple], key: list[str]) -> dict[tuple, dict]:
    index = [columns.index(k) for k in key] if key else list(range(len(columns)))
    out: dict[tuple, dict] = {}
    for row in rows:
        k = tuple(normal(row[i]) for i in index)
        out[k] = dict(zip(columns, row, strict=True))
    return out


def compare_table(
    table: str, key: list[str], duck: tuple[list[str], list[tuple]], spark: tuple[list[str], list[tuple]]
) -> list[Difference]:
    (d_cols, d_rows), (s_cols, s_rows) = duck, spark
    if [c.lower() for c in d_cols] != [c.lower() for c in s_cols]:
        return [Difference(table, (), "(columns)", d_cols, s_cols)]
    d, s = keyed(d_cols, d_rows, key), keyed(d_cols, s_rows, key)
    diffs = [Difference(table, k, None, d[k], None) for k in d.keys() - s.keys()]
    diffs += [Difference(table, k, None, None, s[k]) for k in s.keys() - d.keys()]
    for k in d.keys() & s.keys():
        for column in (c for c in d_cols if c not in NOT_COMPARED):
            if not same(d[k][column], s[k][column]):
                diffs.append(Difference(table, k, column, normal(d[k][column]), normal(s[k][column])))
    return sorted(diffs, key=lambda x: (x.table, str(x.key), x.column or ""))


def read_duckdb(path: Path, table: str) -> tuple[list[str], list[tuple]]:
    import duckdb

    with duckdb.connect(str(path), read_only=True) as con:
        cur = con.execute(f"select * from {table}")
        return [c[0] for c in cur.description], cur.fetchall()


def read_spark(server: SparkServer, table: str) -> tuple[list[str], list[tuple]]:
    return server.read(f"select * from {table}")


def compare(
    published: Path, server: SparkServer, tables: list[tuple[str, list[str]]] | None = None
) -> dict[str, list[Difference]]:
    """Table -> its differences (an empty list: the engines agree on it); `tables`: (schema.table,
    key) pairs, by default every compared table of the contract."""
    return {
        table: compare_table(table, key, read_duckdb(published, table), read_spark(server, table))
        for table, key in (tables if tables is not None else compared_tables())
    }


def compare_counts(table: str, duckdb_rows: int, spark_rows: int) -> list[Difference]:
    """A table too big to read whole into Python, compared by its number of rows."""
    return [] if duckdb_rows == spark_rows else [Difference(table, (), "(rows)", duckdb_rows, spark_rows)]


def compare_within(
    published: Path, server: SparkServer, max_rows: int
) -> tuple[dict[str, list[Difference]], list[str]]:
    """`compare`, but a table of more than `max_rows` rows is compared by its row count only (reading
    every row of both sides into Python takes memory in proportion: at 100k entities the whole
    contract took more than 20 GB). Returns the differences and the tables compared by count."""
    import duckdb

    small, counted = [], []
    result: dict[str, list[Difference]] = {}
    with duckdb.connect(str(published), read_only=True) as con:
        sizes = {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t, _ in compared_tables()}
    for table, key in compared_tables():
        if sizes[table] <= max_rows:
            small.append((table, key))
            continue
        counted.append(table)
        result[table] = compare_counts(table, sizes[table], server.query(f"select count(*) from {table}")[0][0])
    return {**compare(published, server, small), **result}, counted


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--show", type=int, default=5, help="differences shown per table")
    args = parser.parse_args(argv)
    cfg = config.settings()
    result = compare(cfg.published_warehouse, SparkServer.from_settings(cfg))
    for table, diffs in result.items():
        print(f"{table:<45} {'same' if not diffs else f'{len(diffs)} differences'}")
        for d in diffs[: args.show]:
            print(f"    {d}")
    return 0 if not any(result.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
