"""What the Airflow DAGs need from the project: assets, the partition day, default task arguments.

Kept here (importable, unit-tested) so DAG files only wire tasks and do no work at parse time.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pendulum
from airflow.sdk import CronDataIntervalTimetable

# Days are Beijing days: a bureau's 2026-11-20 drop is the 20th in China Standard Time.
TIMEZONE = pendulum.timezone("Asia/Shanghai")
START_DATE = pendulum.datetime(2026, 1, 1, tz=TIMEZONE)
# A data-interval timetable, not Airflow 3's default trigger timetable: the run at 2026-11-21 00:00
# loads the interval [2026-11-20, 2026-11-21), so `data_interval_start` is the day to load.
DAILY = CronDataIntervalTimetable("0 0 * * *", timezone=TIMEZONE)


def asset_uri(source: str) -> str:
    return f"credit://lake/accepted/{source}"


def partition_day(context: dict[str, Any]) -> dt.date:
    """The day a run loads: its data interval's start, in Beijing time (never the wall clock).

    A run triggered without a logical date (Airflow 3 allows that) has no data interval: it loads
    the last full day before it was asked to run (`run_after`), which is fixed for that run.
    """
    start = context.get("data_interval_start")
    if start is not None:
        return pendulum.instance(start).in_timezone(TIMEZONE).date()
    run_after = context["dag_run"].run_after
    return (pendulum.instance(run_after).in_timezone(TIMEZONE) - dt.timedelta(days=1)).date()


SOURCE_TASK_DEFAULTS: dict[str, Any] = {
    "owner": "data-engineering",
    "retries": 3,
    "retry_delay": dt.timedelta(minutes=1),
    "retry_exponential_backoff": True,
    "max_retry_delay": dt.timedelta(minutes=15),
    "execution_timeout": dt.timedelta(minutes=30),
}

# File sources wait for the day's upload rather than fail: bureaus upload during the following
# day. The sensor frees its worker slot between looks (reschedule) and gives up after 20 hours,
# failing with the folder the files must land in; clearing it later loads the day. Its retries
# are for the machinery only (a worker that could not reach the API server under load): a
# timed-out sensor fails at once, whatever its retries (Airflow's AirflowSensorTimeout).
DROP_SENSOR: dict[str, Any] = {
    "poke_interval": 10 * 60,
    "timeout": 20 * 60 * 60,
    "mode": "reschedule",
    "retries": 2,
    "retry_delay": dt.timedelta(seconds=30),
}
