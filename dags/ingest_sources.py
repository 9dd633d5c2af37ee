"""One ingest DAG per source (`ingest_<source>`): wait for the day's upload (file sources), fetch it
into the raw lake, gate every batch with its Great Expectations suite (a blocked batch fails its own
gate task, with the reason and the fix in its log; every other batch emits the source's asset), and
render the run's Data Docs and fail it visibly if a batch was blocked. Task bodies import the work
lazily: a task's process parses this file (for its own DAG only) before it runs. The sources and their datasets are
listed in `credit/ingest/catalog.py`; what each step does is in docs/architecture.md "How a batch flows"."""

from __future__ import annotations

import datetime as dt

from airflow.sdk import PokeReturnValue, dag, get_current_context, get_parsing_context, task
from airflow.sdk.exceptions import AirflowFailException

from credit.ingest.catalog import SOURCES, Source
from credit.orchestration import alerts, assets, runbooks, schedule


def make_ingest_dag(source: Source):
    @dag(
        dag_id=f"ingest_{source.id}",
        description=source.title,
        schedule=schedule.DAILY,
        start_date=schedule.START_DATE,
        catchup=False,
        is_paused_upon_creation=False,  # active on first start (docs/architecture.md "Orchestration")
        max_active_runs=3,
        default_args={**schedule.SOURCE_TASK_DEFAULTS, "on_failure_callback": alerts.on_failure},
        tags=["ingest", source.kind, source.id],
        doc_md=runbooks.ingest_runbook(source),
    )
    def ingest_dag() -> None:
        @task.sensor(**schedule.DROP_SENSOR)
        def wait_for_drop() -> PokeReturnValue:
            """Until the day's files are in the inbox: 'not arrived' names the folder they must land in."""
            from credit.orchestration import ingest_tasks

            return PokeReturnValue(
                is_done=ingest_tasks.drop_arrived(source.id, schedule.partition_day(get_current_context()))
            )

        @task
        def fetch() -> list[dict]:
            """Read the run's day (a file drop or the API window) into lake/raw, replacing that partition."""
            from credit.orchestration import ingest_tasks

            return ingest_tasks.fetch(source.id, schedule.partition_day(get_current_context()))

        @task(retries=0, outlets=[assets.BY_SOURCE[source.id]], map_index_template="{{ batch_label }}")
        def gate(batch: dict) -> dict:
            """GX suite on one batch: accepted rows, quarantine and the verdict go to the lake, and the
            source's asset starts build_warehouse. A blocked batch fails this task, with the reason and
            the fix in its log (no retry: the data, not the run, must change)."""
            from credit.orchestration import ingest_tasks

            get_current_context()["batch_label"] = f"{batch['dataset']} {batch['day']}"
            verdict = ingest_tasks.run_gate(batch["source"], batch["dataset"], dt.date.fromisoformat(batch["day"]))
            if message := ingest_tasks.blocked_message(verdict):
                raise AirflowFailException(message)
            return verdict

        @task(retries=0, trigger_rule="all_done")
        def verdict(batches: list[dict] | None) -> None:
            """Every verdict of the run in the log and the Data Docs; fail the run, with every reason,
            when a batch was blocked or never judged, or while an earlier day of the source is still
            blocked (red until fixed)."""
            from credit.orchestration import ingest_tasks

            if batches is None:  # fetch did not run or failed: there is nothing of the day to judge
                raise AirflowFailException(
                    "nothing of this day was read: `fetch` (or `wait_for_drop` before it) did not succeed; "
                    "its log says why. Clear that task once the cause is fixed to load the day."
                )
            verdicts = ingest_tasks.recorded_verdicts(list(batches))
            ingest_tasks.log_verdicts(verdicts)
            ingest_tasks.render_docs(verdicts)
            if len(verdicts) < len(batches):
                raise AirflowFailException(
                    f"{len(batches) - len(verdicts)} of the run's {len(batches)} batches have no verdict: "
                    "their gate task failed before judging them (see its log)"
                )
            if message := ingest_tasks.verdicts_message(verdicts):
                raise AirflowFailException(message)
            if message := ingest_tasks.still_open_message(source.id, verdicts):
                raise AirflowFailException(message)

        fetched = fetch()
        if source.kind == "files":
            wait_for_drop() >> fetched
        gate.expand(batch=fetched) >> verdict(fetched)

    return ingest_dag()


# A task's process parses this file for its own DAG only (Airflow's dynamic-DAG parsing context).
_wanted = get_parsing_context().dag_id
for _source in SOURCES:
    if _wanted is None or _wanted == f"ingest_{_source.id}":
        make_ingest_dag(_source)
