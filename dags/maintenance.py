"""Weekly housekeeping, Sunday 03:00 Beijing time: remove inbox, raw and quarantine partitions older
than the retention (CREDIT_RETENTION_DAYS, default 400; accepted and audit partitions are kept),
and, when triggered with `full_rebuild` on, rebuild the whole warehouse from the lake (after a
change of score rules or a model's columns). The rebuild takes the same writer lock as
build_warehouse and waits for a running build to finish."""

from __future__ import annotations

import datetime as dt

from airflow.sdk import CronTriggerTimetable, Param, dag, task

from credit.orchestration import alerts, schedule


@dag(
    dag_id="maintenance",
    schedule=CronTriggerTimetable("0 3 * * 0", timezone=schedule.TIMEZONE),
    catchup=False,  # no start date: a new deployment waits for the next Sunday
    is_paused_upon_creation=False,
    max_active_runs=1,
    params={
        "retention_days": Param(None, type=["null", "integer"], minimum=1, description="override the retention"),
        "dry_run": Param(False, type="boolean", description="list what retention would remove, remove nothing"),
        "full_rebuild": Param(False, type="boolean", description="rebuild the warehouse from the whole lake"),
    },
    default_args={
        "owner": "data-engineering",
        "retries": 1,
        "retry_delay": dt.timedelta(minutes=5),
        "on_failure_callback": alerts.on_failure,
    },
    tags=["maintenance"],
    doc_md=__doc__,
)
def maintenance() -> None:
    @task
    def prune_lake(params: dict) -> int:
        """Remove expired inbox, raw and quarantine partitions; returns how many."""
        import pendulum

        from credit.core import config
        from credit.ingest import retention

        today = pendulum.now(schedule.TIMEZONE).date()
        return len(retention.prune(config.settings(), today, params["retention_days"], params["dry_run"]))

    @task.short_circuit
    def rebuild_requested(params: dict) -> bool:
        return bool(params["full_rebuild"])

    @task(execution_timeout=dt.timedelta(hours=4))
    def full_rebuild() -> dict:
        """Rebuild every score day from the lake on the configured engine (CREDIT_ENGINE); publish it
        atomically (DuckDB: a private file renamed; Spark: a new version of the views)."""
        from credit.warehouse.engines import build

        return build(full_refresh=True, docs=True, wait_seconds=3600)

    prune_lake() >> rebuild_requested() >> full_rebuild()


maintenance()
