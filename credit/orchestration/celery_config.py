"""The production stack's Celery configuration: Airflow's own, plus the task libraries preloaded.

Set as `AIRFLOW__CELERY__CELERY_CONFIG_OPTIONS=credit.orchestration.celery_config.CELERY_CONFIG`
(docker-compose.yml, ops/celery_stack.py). A Celery worker forks its pool's processes after Celery's
`import_modules` signal, and each pool process forks one process per Airflow task: importing the
task libraries on that signal, as Airflow's Celery provider does for its own operators, gives every
task process them loaded, as `PreloadedLocalExecutor` does for the embedded stack
(credit/orchestration/executor.py; docs/architecture.md "Orchestration").
"""

from __future__ import annotations

from typing import Any

from airflow.providers.celery.executors.default_celery import DEFAULT_CELERY_CONFIG
from celery.signals import import_modules

from credit.orchestration.executor import preload

# Airflow's configuration object itself: the provider then applies nothing on top of its default.
CELERY_CONFIG: dict[str, Any] = DEFAULT_CELERY_CONFIG


@import_modules.connect
def preload_task_libraries(*_args: Any, **_kwargs: Any) -> None:
    """In a Celery worker, before it forks its pool: the libraries every task process imports."""
    preload()
