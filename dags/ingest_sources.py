"""One ingest DAG per source (`ingest_<source>`): wait for the day's upload (file sources), fetch it
into the raw lake, gate every batch with its Great Expectations suite, emit the source's asset, and
fail visibly if a batch was blocked. The sources and their datasets are listed in
`credit/ingest/catalog.py`; what each step does is in docs/architecture.md "How a batch flows"."""

from __future__ import annotations

import datetime as dt

from airflow.sdk import PokeReturnValue, dag, get_current_context, task
from airflow.sdk.exceptions import AirflowFailException

from credit.ingest.catalog import SOURCES, Source
from credit.orchestration import assets, ingest_tasks, runbooks, schedule


def make_ingest_dag(source: Source):
    @dag(
        dag_id=f"ingest_{source.id}",
        description=source.title,
        schedule=schedule.DAILY,
        start_date=schedule.START_DATE,
        catchup=False,
        max_active_runs=3,
        default_args=schedule.SOURCE_TASK_DEFAULTS,
        tags=["ingest", source.kind, source.id],
        doc_md=runbooks.ingest_runbook(source),
    )
    def ingest_dag() -> None:
        @task.sensor(**schedule.DROP_SENSOR)
        def wait_for_drop() -> PokeReturnValue:
            """Until the day's files are in the inbox: 'not arrived' names the folder they must land in."""
            return PokeReturnValue(
                is_done=ingest_tasks.drop_arrived(source.id, schedule.partition_day(get_current_context()))
            )

        @task
        def fetch() -> list[dict]:
            """Read the run's day (a file drop or the API window) into lake/raw, replacing that partition."""
            return ingest_tasks.fetch(source.id, schedule.partition_day(get_current_context()))

        @task(retries=0, outlets=[assets.BY_SOURCE[source.id]], map_index_template="{{ batch_label }}")
        def gate(batch: dict) -> dict:
            """GX suite on one batch: accepted rows, quarantine and the verdict go to the lake."""
            get_current_context()["batch_label"] = f"{batch['dataset']} {batch['day']}"
            return ingest_tasks.run_gate(batch["source"], batch["dataset"], dt.date.fromisoformat(batch["day"]))

        @task(retries=0)
        def verdict(results: list[dict]) -> None:
            """Data Docs for the run's batches; fail visibly, with every reason, when any was blocked."""
            ingest_tasks.render_docs(list(results))
            if message := ingest_tasks.verdicts_message(list(results)):
                # also kept as an XCom ("blocked"), so the UI shows the reason even where logs are not kept
                get_current_context()["ti"].xcom_push(key="blocked", value=message)
                raise AirflowFailException(message)

        fetched = fetch()
        if source.kind == "files":
            wait_for_drop() >> fetched
        verdict(gate.expand(batch=fetched))

    return ingest_dag()


for _source in SOURCES:
    make_ingest_dag(_source)
