"""双公示 penalties from the government file exchange: fetch the day's drop, gate it, emit the asset."""

from __future__ import annotations

from airflow.sdk import dag, get_current_context, task
from airflow.sdk.exceptions import AirflowFailException

from ingest import assets, orchestration, tasks

SOURCE, DATASET = "gov_penalties", "penalties"


@dag(
    dag_id="ingest_gov_penalties",
    schedule=orchestration.DAILY,
    start_date=orchestration.START_DATE,
    catchup=False,
    max_active_runs=3,
    default_args=orchestration.SOURCE_TASK_DEFAULTS,
    tags=["ingest", "gov", "双公示"],
    doc_md=__doc__,
)
def ingest_gov_penalties() -> None:
    @task
    def fetch() -> dict:
        """Read inbox/gov_penalties/<day>/ into lake/raw (replacing that day's partition)."""
        return tasks.fetch(SOURCE, orchestration.partition_day(get_current_context()))

    @task(retries=0, outlets=[assets.GOV_PENALTIES])
    def gate(fetched: dict) -> dict:
        """Run the GX suite: accepted rows, quarantine and the audit verdict go to the lake."""
        return tasks.run_gate(SOURCE, DATASET, orchestration.partition_day(get_current_context()))

    @task(retries=0)
    def verdict(result: dict) -> None:
        """Fail visibly, with the reason, when the batch was blocked."""
        if message := tasks.blocked_message(result):
            raise AirflowFailException(message)

    verdict(gate(fetch()))


ingest_gov_penalties()
