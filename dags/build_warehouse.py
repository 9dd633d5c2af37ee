"""Rebuild the credit warehouse when any source's gate has written a verdict: one `dbt build` into a
private DuckDB file (models and tests interleaved), then an atomic swap into warehouse/credit.duckdb,
then the day's exports for officials (exports/<date>/: lists, 双公示 overdue, green channel,
warnings, inspection draw, overview.html), dbt docs (docs/dbt/index.html) and `dbt source
freshness` (a source that is down is reported, and the warehouse has published from the others)."""

from __future__ import annotations

import datetime as dt

from airflow.sdk import dag, task

from credit.orchestration import assets, schedule


@dag(
    dag_id="build_warehouse",
    schedule=assets.ANY_SOURCE,
    start_date=schedule.START_DATE,
    catchup=False,
    max_active_runs=1,  # DuckDB has one writer (docs/architecture.md "Orchestration")
    max_active_tasks=1,
    default_args={"owner": "data-engineering", "retries": 0, "execution_timeout": dt.timedelta(hours=2)},
    tags=["warehouse", "dbt"],
    doc_md=__doc__,
)
def build_warehouse() -> None:
    @task
    def build_and_publish() -> dict:
        """dbt build (seeds, models, tests) into a private file; publish only if every error test passed."""
        from credit.warehouse.build import build_and_publish as run

        result = run(docs=True, wait_seconds=3600)  # a maintenance rebuild may hold the writer lock
        return {"seconds": round(result.seconds, 1), "nodes": len(result.results), "warnings": result.warnings}

    @task
    def source_freshness(_: dict) -> list[dict]:
        """`dbt source freshness`: which sources are behind (logged; the warehouse has published anyway)."""
        from credit.warehouse.build import source_freshness as check

        return check()

    @task
    def summary(_: dict) -> dict:
        """Log what the published warehouse now holds."""
        from credit.warehouse.summary import summarise

        return summarise()

    @task
    def exports(_: dict) -> str:
        """Write the day's CSV/XLSX exports and HTML overview from the published warehouse."""
        from credit.publish.daily_exports import export_day

        return str(export_day())

    built = build_and_publish()
    summary(built)
    exports(built)
    source_freshness(built)


build_warehouse()
