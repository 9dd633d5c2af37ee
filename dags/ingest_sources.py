"""One ingest DAG per source (`ingest_<source>`): fetch the day's data into the raw lake, gate every
batch with its Great Expectations suite, emit the source's asset, and fail visibly if a batch was
blocked. The sources and their datasets are listed in `ingest/catalog.py`."""

from __future__ import annotations

import datetime as dt

from airflow.sdk import dag, get_current_context, task
from airflow.sdk.exceptions import AirflowFailException

from ingest import assets, orchestration, tasks
from ingest.catalog import SOURCES, Source


def make_ingest_dag(source: Source):
    @dag(
        dag_id=f"ingest_{source.id}",
        description=source.title,
        schedule=orchestration.DAILY,
        start_date=orchestration.START_DATE,
        catchup=False,
        max_active_runs=3,
        default_args=orchestration.SOURCE_TASK_DEFAULTS,
        tags=["ingest", source.kind, source.id],
        doc_md=f"**{source.title}**\n\nDatasets: {', '.join(d.name for d in source.datasets)}.\n\n{__doc__}",
    )
    def ingest_dag() -> None:
        @task
        def fetch() -> list[dict]:
            """Read the run's day (a file drop or the API window) into lake/raw, replacing that partition."""
            return tasks.fetch(source.id, orchestration.partition_day(get_current_context()))

        @task(retries=0, outlets=[assets.BY_SOURCE[source.id]], map_index_template="{{ batch_label }}")
        def gate(batch: dict) -> dict:
            """GX suite on one batch: accepted rows, quarantine and the verdict go to the lake."""
            get_current_context()["batch_label"] = f"{batch['dataset']} {batch['day']}"
            return tasks.run_gate(batch["source"], batch["dataset"], dt.date.fromisoformat(batch["day"]))

        @task(retries=0)
        def verdict(results: list[dict]) -> None:
            """Data Docs for the run's batches; fail visibly, with every reason, when any was blocked."""
            tasks.render_docs(list(results))
            if message := tasks.verdicts_message(list(results)):
                # also kept as an XCom ("blocked"), so the UI shows the reason even where logs are not kept
                get_current_context()["ti"].xcom_push(key="blocked", value=message)
                raise AirflowFailException(message)

        verdict(gate.expand(batch=fetch()))

    return ingest_dag()


for _source in SOURCES:
    make_ingest_dag(_source)
