"""The embedded stack's executor: Airflow's LocalExecutor whose workers hold the task libraries.

A LocalExecutor worker forks one process per task, and the task's body imports what it uses:
pandas, pyarrow, DuckDB and Great Expectations take about 4 s of CPU to import, far more than an
ingest task's own work on a day's batch. The DAG files keep those imports inside the task bodies
(the DAG processor parses them every 30 s), so here the scheduler imports them once, before it forks
its workers: every task process starts with them loaded (docs/architecture.md "Orchestration").

Set as `AIRFLOW__CORE__EXECUTOR=credit.orchestration.executor.PreloadedLocalExecutor`
(ops/airflow_env.py). A module that fails to import is logged and left to the task that needs it,
where the failure belongs to that task's log.
"""

from __future__ import annotations

import importlib
import logging
import time

from airflow.executors.local_executor import LocalExecutor

log = logging.getLogger(__name__)

# What a task process imports: the parts of the Task SDK its DAG file's parse loads lazily, the
# modules the DAG files import, and what the task bodies import inside them (with their libraries).
TASK_MODULES: tuple[str, ...] = (
    "airflow.sdk.bases.decorator",
    "airflow.sdk.bases.sensor",
    "airflow.sdk.definitions.decorators",
    "airflow.providers.standard.decorators.python",
    "airflow.providers.standard.decorators.sensor",
    "credit.core.config",
    "credit.orchestration.alerts",
    "credit.orchestration.assets",
    "credit.orchestration.runbooks",
    "credit.orchestration.schedule",
    "pandas",
    "pyarrow.dataset",
    "pyarrow.parquet",
    "duckdb",
    "great_expectations",
    "credit.ingest.connectors",
    "credit.ingest.retention",
    "credit.gate.batches",
    "credit.gate.data_docs",
    "credit.orchestration.ingest_tasks",
    "credit.warehouse.build",
    "credit.warehouse.engines",
    "credit.warehouse.published",
    "credit.warehouse.summary",
    "credit.publish.daily_exports",
    "credit.publish.provincial",
    "credit.publish.quarterly",
)


def preload(modules: tuple[str, ...] = TASK_MODULES) -> list[str]:
    """Import `modules`; returns those that failed (each logged with its error)."""
    started = time.perf_counter()
    failed = []
    # Importing GX logs each API function it registers at INFO (214 lines). The stacks ask for
    # WARNING from it (AIRFLOW__LOGGING__NAMESPACE_LEVELS), which the scheduler's and the Celery
    # worker's logging did not apply to this import: measured, 214 lines in each of their logs.
    gx = logging.getLogger("great_expectations")
    if gx.level == logging.NOTSET:
        gx.setLevel(logging.WARNING)
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception as exc:  # the task that needs it fails with the same error, in its own log
            failed.append(name)
            log.warning("not preloaded for the tasks: %s (%s: %s)", name, type(exc).__name__, exc)
    log.info("task libraries preloaded in %.1f s (%d modules)", time.perf_counter() - started, len(modules))
    return failed


class PreloadedLocalExecutor(LocalExecutor):
    """LocalExecutor that imports the task libraries before it forks its workers."""

    def start(self) -> None:
        preload()
        super().start()
