"""The quarterly joint reward and punishment report (docs/domain.md §5), due by the 10th of the quarter's
first month: on the 1st of January, April, July and October at 01:00 Beijing time, write the
quarter just ended as `exports/quarterly/<YYYY-Qn>.xlsx` from the published warehouse."""

from __future__ import annotations

import datetime as dt

from airflow.sdk import CronDataIntervalTimetable, dag, task

from credit.orchestration import alerts, schedule


@dag(
    dag_id="quarterly_report",
    # data interval = the quarter just ended: [previous 1st 01:00, this 1st 01:00)
    schedule=CronDataIntervalTimetable("0 1 1 1,4,7,10 *", timezone=schedule.TIMEZONE),
    start_date=schedule.START_DATE,
    catchup=False,
    is_paused_upon_creation=False,
    default_args={
        "owner": "credit-office",
        "retries": 2,
        "retry_delay": dt.timedelta(minutes=10),
        "on_failure_callback": alerts.on_failure,
    },
    tags=["report"],
    doc_md=__doc__,
)
def quarterly_report() -> None:
    @task
    def write_report(**context) -> str:
        """Write the XLSX of the quarter of the run's data interval (a manual run: the last full quarter)."""
        from airflow.sdk.exceptions import AirflowSkipException

        from credit.core import config
        from credit.publish.quarterly import last_full_quarter_day, write_quarter

        if not config.settings().published_warehouse.exists():  # a new deployment's first start
            raise AirflowSkipException("no published warehouse yet: nothing to report")
        start = context.get("data_interval_start")
        if start is not None:
            day = schedule.partition_day(context)
        else:  # triggered without a logical date: the last quarter that has ended
            day = last_full_quarter_day(context["dag_run"].run_after)
        return str(write_quarter(day))

    write_report()


quarterly_report()
