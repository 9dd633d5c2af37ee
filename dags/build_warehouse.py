"""Rebuild the credit warehouse when any source's gate has written a verdict (and once a day at 06:00
Beijing time, which builds whatever the lake holds that the published warehouse has not absorbed, so
no build is lost while this DAG was paused): one `dbt build` into a private DuckDB file (models and
tests interleaved; skipped when nothing is new), then an atomic swap into warehouse/credit.duckdb
(or, with CREDIT_ENGINE=spark, a build on Spark published as views: docs/engines.md),
then the day's exports for officials (exports/<date>/: lists, 双公示 overdue, green channel,
warnings, inspection draw, overview.html), the push to the provincial credit platform
(exports/<date>/provincial/, docs/architecture.md "The provincial push") and dbt docs
(docs/dbt/index.html, when the project changed). The summary in the log names open blocked
batches and the sources behind (quality.source_freshness: a source that is down is reported; the
warehouse published from the others)."""

from __future__ import annotations

import datetime as dt

from airflow.sdk import AssetOrTimeSchedule, CronTriggerTimetable, dag, task

from credit.orchestration import alerts, assets, schedule


@dag(
    dag_id="build_warehouse",
    schedule=AssetOrTimeSchedule(
        timetable=CronTriggerTimetable("0 6 * * *", timezone=schedule.TIMEZONE), assets=assets.ANY_SOURCE
    ),
    catchup=False,  # no start date: the 06:00 build waits for the next 06:00 on a new deployment
    is_paused_upon_creation=False,
    max_active_runs=1,  # DuckDB has one writer (docs/architecture.md "Orchestration")
    max_active_tasks=1,
    default_args={
        "owner": "data-engineering",
        "retries": 0,
        "execution_timeout": dt.timedelta(hours=2),
        "on_failure_callback": alerts.on_failure,
    },
    tags=["warehouse", "dbt"],
    doc_md=__doc__,
)
def build_warehouse() -> None:
    @task
    def build_and_publish() -> dict:
        """dbt build (seeds, models, tests) on the configured engine (CREDIT_ENGINE); publish only if
        every error test passed."""
        from credit.warehouse.engines import build

        return build(docs=True, wait_seconds=3600)  # a maintenance rebuild may hold the writer lock

    @task
    def summary(_: dict) -> None:
        """Log what the published warehouse now holds: figures, open blocked batches, sources behind."""
        import logging

        from credit.warehouse.summary import render, summarise

        logging.getLogger(__name__).info("%s", render(summarise()))

    @task
    def exports(_: dict) -> str:
        """Write the day's CSV/XLSX exports and HTML overview from the published warehouse."""
        from airflow.sdk.exceptions import AirflowSkipException

        from credit.publish.daily_exports import export_day
        from credit.warehouse.engines import reads_duckdb_only
        from credit.warehouse.published import NothingScored

        if why := reads_duckdb_only("the day's exports"):
            raise AirflowSkipException(why)
        try:
            return str(export_day())
        except NothingScored as exc:  # a build before the first ingest: skipped, with the reason
            raise AirflowSkipException(str(exc)) from None

    @task
    def provincial_push(_: dict) -> dict:
        """Write the day's 双公示 records and list changes in the national layout; refused records are
        listed with their rule in rejected.csv (the counts are this task's result)."""
        import json

        from airflow.sdk.exceptions import AirflowSkipException

        from credit.publish.provincial import push_day
        from credit.warehouse.engines import reads_duckdb_only
        from credit.warehouse.published import NothingScored

        if why := reads_duckdb_only("the provincial push"):
            raise AirflowSkipException(why)
        try:
            folder = push_day()
        except NothingScored as exc:  # a build before the first ingest: skipped, with the reason
            raise AirflowSkipException(str(exc)) from None
        return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["files"]

    built = build_and_publish()
    summary(built)
    exports(built)
    provincial_push(built)


build_warehouse()
