"""The engine a warehouse build runs on, chosen by configuration (`CREDIT_ENGINE`, docs/engines.md).

- `duckdb` (the default): dbt builds a private DuckDB file, incrementally where it can, and
  publishes it by rename (credit/warehouse/build.py).
- `spark`: dbt builds on the Spark Thrift Server at `CREDIT_SPARK_HOST:CREDIT_SPARK_PORT` into a
  versioned set of schemas, and the public views move to it once every node passed
  (credit/warehouse/spark_build.py).

What reads the published DuckDB file (the day's exports, the provincial push, the two platforms)
reads it on the DuckDB engine only; on Spark those steps say so rather than read an older file.
"""

from __future__ import annotations

from typing import Any

from credit.core import config


def build(
    cfg: config.Settings | None = None, *, full_refresh: bool = False, docs: bool = False, wait_seconds: float = 0
) -> dict[str, Any]:
    """Build, test and publish on the configured engine; what was built, for the task's result.
    `full_refresh` rebuilds every score day on DuckDB; every Spark build is a full one.
    Raises BuildFailed (credit/warehouse/build.py) with every failed node; nothing is published then."""
    cfg = cfg or config.settings()
    if cfg.engine == "spark":
        from credit.warehouse.build import writer_lock
        from credit.warehouse.spark_build import build_on_spark

        # one build at a time on Spark too: the plan's tables under <data dir>/spark/build are shared
        with writer_lock(cfg, wait_seconds):
            spark = build_on_spark(cfg)
        return {
            "engine": "spark",
            "built": True,
            "version": spark.version,
            "seconds": round(spark.seconds, 1),
            "nodes": len(spark.results),
            "published": spark.published,
        }
    from credit.warehouse.build import build_and_publish

    result = build_and_publish(cfg, full_refresh=full_refresh, docs=docs, wait_seconds=wait_seconds)
    return {
        "engine": "duckdb",
        "built": result.build_path is not None,
        "plan": result.plan.describe() if result.plan else None,
        "seconds": round(result.seconds, 1),
        "nodes": len(result.results),
        "warnings": result.warnings,
    }


def reads_duckdb_only(step: str, cfg: config.Settings | None = None) -> str | None:
    """Why `step`, which reads the published DuckDB file, does not run on this engine; None on DuckDB."""
    cfg = cfg or config.settings()
    if cfg.engine == "duckdb":
        return None
    return (
        f"{step} reads the published DuckDB file, and CREDIT_ENGINE={cfg.engine} publishes to Spark's views "
        'instead: not run (docs/engines.md "Choosing the engine")'
    )
