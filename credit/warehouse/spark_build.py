"""The warehouse built on Spark (docs/engines.md "The Spark build"): the same dbt project, through
dbt-spark's `thrift` method, on a Spark Thrift Server (`make spark` here; a cluster's, or Kyuubi, in
a province).

What differs from the DuckDB build (credit/warehouse/build.py), and why:

- Every build is a full build: Spark's plain Parquet tables have neither `delete+insert` nor
  `merge`, so the incremental models are tables there.
- The lake is registered, not globbed: before dbt runs, every dataset of the accepted zone, and the
  quarantine zone, becomes an external Parquet table of database `lake` over the very directories
  DuckDB reads, with the catalog's columns (a batch written before a column existed reads it as null).
- The plan's tables (`build.new_batches`, `build.builds`, `build.audit_files`,
  `build.workday_calendar`) are Parquet files under
  `<CREDIT_DATA_DIR>/spark/build/`, registered in database `build`.
- dbt writes a versioned set of schemas (`<version>_staging`, `<version>_marts`, ...): readers of the
  public names keep seeing the last published build while this one runs and while its tests run.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from credit.core import config

log = logging.getLogger(__name__)
logging.getLogger("pyhive").setLevel(logging.WARNING)  # it logs every statement at INFO

LAKE_DATABASE = "lake"
BUILD_DATABASE = "build"


class SparkQueryFailed(RuntimeError):
    """A statement Spark refused, with Spark's own message (not the Java stack trace)."""


@dataclass(frozen=True)
class SparkServer:
    """Where the Spark Thrift Server answers."""

    host: str
    port: int

    @classmethod
    def from_settings(cls, cfg: config.Settings) -> SparkServer:
        return cls(cfg.spark_host, cfg.spark_port)

    def query(self, sql: str) -> list[tuple]:
        """One statement on a fresh Thrift session; its rows (none for DDL)."""
        return self.read(sql)[1]

    def read(self, sql: str) -> tuple[list[str], list[tuple]]:
        """One statement on a fresh Thrift session: its column names (without Spark's `table.`
        prefix) and its rows; none of either for DDL. Spark's refusal raises SparkQueryFailed with
        Spark's one-line message."""
        from pyhive import exc, hive

        con = hive.connect(host=self.host, port=self.port, username="credit")
        try:
            cur = con.cursor()
            try:
                cur.execute(sql)
            except exc.OperationalError as e:
                status = getattr(e.args[0], "status", None) if e.args else None
                message = getattr(status, "errorMessage", None) or str(e)
                raise SparkQueryFailed(message.split("\n")[0][:2000]) from None
            if not cur.description:
                return [], []
            return [c[0].split(".")[-1] for c in cur.description], cur.fetchall()
        finally:
            con.close()


# Arrow type test -> the Spark SQL type a Parquet column of it is read as
_SPARK_TYPES: tuple[tuple[Callable[[pa.DataType], bool], str], ...] = (
    (pa.types.is_string, "string"),
    (pa.types.is_large_string, "string"),
    (pa.types.is_boolean, "boolean"),
    (pa.types.is_int8, "tinyint"),
    (pa.types.is_int16, "smallint"),
    (pa.types.is_int32, "int"),
    (pa.types.is_int64, "bigint"),
    (pa.types.is_float32, "float"),
    (pa.types.is_float64, "double"),
    (pa.types.is_date32, "date"),
    (pa.types.is_timestamp, "timestamp"),
)


def spark_type(t: pa.DataType) -> str:
    """The Spark SQL type a Parquet column of Arrow type `t` is read as."""
    for test, name in _SPARK_TYPES:
        if test(t):
            return name
    if pa.types.is_decimal(t):
        return f"decimal({t.precision}, {t.scale})"
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return f"array<{spark_type(t.value_type)}>"
    raise TypeError(f"no Spark type for the Arrow type {t}")


def columns_ddl(schema: pa.Schema) -> str:
    return ", ".join(f"`{f.name}` {spark_type(f.type)}" for f in schema)


def sql_string(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def lake_table(zone: str, source: str | None = None, dataset: str | None = None) -> str:
    """The name the Spark build gives a lake dataset (macro lake_table says the same)."""
    return f"{LAKE_DATABASE}.{'__'.join(p for p in (zone, source, dataset) if p)}"


def lake_tables(lake: Path) -> list[tuple[str, Path, pa.Schema]]:
    """(table, directory, columns) for every accepted dataset of the catalog, and the quarantine zone."""
    from credit.core.lake import dataset_dir, zone_dir
    from credit.gate.batches import QUARANTINE_SCHEMA, accepted_schema
    from credit.ingest.catalog import SOURCES

    tables = [(lake_table("quarantine"), zone_dir(lake, "quarantine"), QUARANTINE_SCHEMA)]
    for src in SOURCES:
        for ds in src.datasets:
            tables.append(
                (
                    lake_table("accepted", ds.source, ds.name),
                    dataset_dir(lake, "accepted", ds.source, ds.name),
                    accepted_schema(ds.layout.schema()),
                )
            )
    return tables


def external_table(server: SparkServer, name: str, location: Path, schema: pa.Schema) -> None:
    """(Re)declare an external Parquet table over every file below `location` (dropping it keeps the files)."""
    server.query(f"drop table if exists {name}")
    server.query(
        f"create table {name} ({columns_ddl(schema)}) using parquet "
        f"options (recursiveFileLookup 'true') location {sql_string(str(location))}"
    )


def register_lake(server: SparkServer, lake: Path) -> int:
    """Every dataset of the lake as an external table of database `lake`; how many."""
    server.query(f"create database if not exists {LAKE_DATABASE}")
    tables = lake_tables(lake)
    for name, location, schema in tables:
        location.mkdir(parents=True, exist_ok=True)
        external_table(server, name, location, schema)
    return len(tables)


BUILDS_SCHEMA = pa.schema(
    [
        pa.field("built_at", pa.timestamp("us", tz="UTC")),
        pa.field("mode", pa.string()),
        pa.field("reason", pa.string()),
        pa.field("as_of", pa.date32()),
        pa.field("score_from", pa.date32()),
        pa.field("new_batches", pa.int32()),
        pa.field("fingerprint", pa.string()),
    ]
)


def record_plan(server: SparkServer, cfg: config.Settings, plan, as_of: dt.date | None) -> None:
    """The plan's tables as the DuckDB build has them in its file (credit/warehouse/plan.py record_plan),
    written as Parquet under <data dir>/spark/build/ and registered in database `build`."""
    from credit.warehouse.plan import with_partition_files, workday_calendar

    root = cfg.data_dir / "spark" / "build"
    builds = pa.table(
        {
            "built_at": [dt.datetime.now(dt.UTC)],
            "mode": ["full"],
            "reason": [plan.reason],
            "as_of": [as_of],
            "score_from": [None],
            "new_batches": [plan.new_batches.num_rows],
            "fingerprint": [plan.fingerprint],
        },
        schema=BUILDS_SCHEMA,
    )
    tables = {
        "new_batches": with_partition_files(plan.new_batches, cfg.lake),
        "audit_files": plan.audit_files,
        "builds": builds,
        "workday_calendar": workday_calendar(as_of),
    }
    server.query(f"create database if not exists {BUILD_DATABASE}")
    for name, table in tables.items():
        folder = root / name
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.parquet"):
            old.unlink()
        pq.write_table(table, folder / "part-0.parquet")
        external_table(server, f"{BUILD_DATABASE}.{name}", folder, table.schema)


SPARK_TARGET_DIR = "spark-target"
# the schemas a build writes (generate_schema_name), each published under its public name
PUBLISHED_SCHEMAS = ("reference", "staging", "intermediate", "marts", "quality")
KEEP_VERSIONS = 2  # the published build and the one before it, for a reader still in a query


@dataclass
class SparkBuildResult:
    version: str
    seconds: float
    results: list[dict]
    published: dict[str, int]  # public schema -> views moved to this version
    # seconds of each step beside dbt: plan, register the lake, record the plan, publish, drop old
    steps: dict[str, float] = field(default_factory=dict)


def new_version(now: dt.datetime | None = None) -> str:
    """A build's schema prefix: `w` and the UTC time to the second (sortable; Spark names are lower case)."""
    return "w" + (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%d%H%M%S")


def build_on_spark(cfg: config.Settings | None = None, as_of: dt.date | None = None) -> SparkBuildResult:
    """Build, test and publish the warehouse on Spark. Raises BuildFailed, with every failed node,
    and leaves the public views where they were."""
    import time

    from credit.warehouse.build import BuildFailed, dbt_env, prepare_lake, private_build_path, run_dbt, run_results
    from credit.warehouse.plan import plan_build

    cfg = cfg or config.settings()
    server = SparkServer.from_settings(cfg)
    steps: dict[str, float] = {}
    mark = time.perf_counter()

    def step(name: str) -> None:
        nonlocal mark
        now = time.perf_counter()
        steps[name] = round(now - mark, 2)
        mark = now

    plan = plan_build(cfg, full_refresh=True, as_of=as_of)
    prepare_lake(cfg)
    step("plan")
    register_lake(server, cfg.lake)
    step("register the lake")
    record_plan(server, cfg, plan, as_of)
    step("record the plan")
    version = new_version()
    env = dbt_env(cfg, private_build_path(cfg), target_dir=SPARK_TARGET_DIR)
    env["CREDIT_SPARK_VERSION"] = version
    # snapshots keep history across builds, which needs a table format with merge (Delta, Iceberg):
    # not on plain Parquet (docs/engines.md "What differs by design")
    args = ["build", "--target", "spark", "--full-refresh", "--exclude-resource-type", "unit_test", "snapshot"]
    if cfg.dbt_fail_fast:
        args.append("--fail-fast")
    rc = run_dbt(args, cfg, private_build_path(cfg), env=env)
    step("dbt build")
    seconds = steps["dbt build"]
    results = run_results(cfg, SPARK_TARGET_DIR)
    if rc != 0:
        failed = [
            f"{r['unique_id']} ({r['status']}): {(r.get('message') or '').strip()[:300]}"
            for r in results
            if r["status"] in ("error", "fail", "runtime error")
        ]
        drop_version(server, version)
        raise BuildFailed(
            "dbt build on Spark failed; the public views still show the last published build.\n  "
            + "\n  ".join(failed or ["see log"])
        )
    published = publish_version(server, version)
    step("publish")
    drop_old_versions(server)
    step("drop old versions")
    log.info("Spark build %s passed in %.1f s and is published: %s", version, seconds, published)
    return SparkBuildResult(version=version, seconds=seconds, results=results, published=published, steps=steps)


def version_schemas(server: SparkServer) -> dict[str, list[str]]:
    """Version -> its schemas, newest version first."""
    versions: dict[str, list[str]] = {}
    for (name,) in server.query("show databases"):
        prefix, _, rest = name.partition("_")
        if rest and len(prefix) == 15 and prefix[0] == "w" and prefix[1:].isdigit():
            versions.setdefault(prefix, []).append(name)
    return dict(sorted(versions.items(), reverse=True))


def published_version(server: SparkServer) -> str | None:
    """The version the public views point at (publish_version), read from a view's own text: the
    newest version's schemas may be a build still running. None before the first publish."""
    try:
        rows = server.query("show create table marts.dim_market_entity")
    except SparkQueryFailed:
        return None
    found = re.search(r"\b(w\d{14})_marts\.", str(rows[0][0])) if rows else None
    return found.group(1) if found else None


def publish_version(server: SparkServer, version: str) -> dict[str, int]:
    """Point every public name at the version's table: `marts.x` becomes a view over
    `<version>_marts.x`. Each view moves in one statement; a reader sees the old build or the new."""
    moved: dict[str, int] = {}
    for schema in PUBLISHED_SCHEMAS:
        built = f"{version}_{schema}"
        if not server.query(f"show databases like '{built}'"):
            continue
        server.query(f"create database if not exists {schema}")
        tables = [row[1] for row in server.query(f"show tables in {built}")]
        for table in tables:
            server.query(f"create or replace view {schema}.{table} as select * from {built}.{table}")
        moved[schema] = len(tables)
    return moved


def drop_version(server: SparkServer, version: str) -> None:
    for schema in version_schemas(server).get(version, []):
        server.query(f"drop database if exists {schema} cascade")


def drop_old_versions(server: SparkServer, keep: int = KEEP_VERSIONS) -> None:
    for version in list(version_schemas(server))[keep:]:
        drop_version(server, version)
