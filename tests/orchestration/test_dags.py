"""Every DAG loads, is wired as docs/architecture.md "Orchestration" says, and does no work at parse time."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pendulum
import pytest

from credit.ingest.catalog import SOURCES
from credit.orchestration import assets
from credit.orchestration.schedule import partition_day
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def dagbag():
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(ROOT / "dags"))


def test_every_dag_imports_without_errors(dagbag) -> None:
    assert dagbag.import_errors == {}
    expected = {f"ingest_{s.id}" for s in SOURCES} | {"build_warehouse", "quarterly_report", "maintenance"}
    assert expected == set(dagbag.dag_ids)


def test_ingest_dag_is_daily_with_retries_and_emits_its_asset(dagbag) -> None:
    dag = dagbag.dags["ingest_gov_penalties"]
    # daily data intervals in Beijing time: the run after midnight loads the day that just ended
    assert type(dag.timetable).__name__ == "CronDataIntervalTimetable"
    fetch, gate, verdict = (dag.get_task(t) for t in ("fetch", "gate", "verdict"))
    assert fetch.retries >= 2 and fetch.execution_timeout is not None
    assert gate.retries == 0 and verdict.retries == 0  # no retries on a data-quality verdict
    assert [o.uri for o in gate.outlets] == [assets.BY_SOURCE["gov_penalties"].uri]
    # the verdict (Data Docs, the run's failure) comes whatever the gates did: a blocked one fails
    assert verdict.trigger_rule == "all_done" and verdict.upstream_task_ids == {"gate", "fetch"}


def test_the_drop_sensor_retries_the_machinery_never_a_timeout(dagbag) -> None:
    """A worker that could not reach the API server under load fails a try before the sensor ever
    looked; that try is retried. A sensor that waited its 20 hours fails for good (Airflow does not
    retry AirflowSensorTimeout)."""
    sensor = dagbag.dags["ingest_gov_licenses"].get_task("wait_for_drop")
    assert sensor.mode == "reschedule" and sensor.retries >= 1
    assert sensor.timeout == 20 * 60 * 60


def test_the_verdict_names_a_fetch_that_never_ran(dagbag) -> None:
    """When fetch (or the sensor before it) failed, the verdict has no batches: it says so in words,
    not with a TypeError."""
    from airflow.sdk.exceptions import AirflowFailException

    verdict = dagbag.dags["ingest_gov_licenses"].get_task("verdict")
    with pytest.raises(AirflowFailException, match="nothing of this day was read"):
        verdict.python_callable(None)


def test_every_dag_is_active_from_its_first_parse(dagbag) -> None:
    """docs/architecture.md "Orchestration": a deployment's DAGs run without anyone unpausing them."""
    assert all(dag.is_paused_upon_creation is False for dag in dagbag.dags.values())


def test_every_task_alerts_on_failure(dagbag) -> None:
    from credit.orchestration.alerts import on_failure

    for dag in dagbag.dags.values():
        for task in dag.tasks:
            callbacks = task.on_failure_callback
            callbacks = callbacks if isinstance(callbacks, list) else [callbacks]
            assert on_failure in callbacks, (dag.dag_id, task.task_id)


def test_the_blocked_constant_is_the_gates() -> None:
    from credit.gate.batches import BLOCKED
    from credit.orchestration.ingest_tasks import BLOCKED as TASKS_BLOCKED

    assert TASKS_BLOCKED == BLOCKED


def test_warehouse_dag_runs_when_any_source_lands_one_run_at_a_time(dagbag) -> None:
    dag = dagbag.dags["build_warehouse"]
    assert dag.max_active_runs == 1
    # when an asset updates, or at 06:00 for whatever it missed (a build is never lost)
    assert type(dag.timetable).__name__ == "AssetOrTimeSchedule"
    assert type(assets.ANY_SOURCE).__name__ == "AssetAny"  # a list would wait for every source
    assert {a.uri for a in assets.ANY_SOURCE.objects} == {a.uri for a in assets.BY_SOURCE.values()}


def test_partition_day_is_the_data_interval_in_beijing_time() -> None:
    # Scheduled run for 2026-11-20 (Beijing): interval starts 2026-11-19T16:00Z.
    start = pendulum.datetime(2026, 11, 19, 16, tz="UTC")
    assert partition_day({"data_interval_start": start}) == dt.date(2026, 11, 20)


def test_partition_day_without_a_logical_date_is_the_day_before_run_after() -> None:
    run = SimpleNamespace(run_after=pendulum.datetime(2026, 11, 22, 3, tz="UTC"))
    assert partition_day({"data_interval_start": None, "dag_run": run}) == dt.date(2026, 11, 21)


def test_quarterly_report_runs_on_the_first_of_each_quarter_for_the_quarter_just_ended(dagbag) -> None:
    from airflow.timetables.interval import CronDataIntervalTimetable

    sdk_timetable = dagbag.dags["quarterly_report"].timetable
    timetable = CronDataIntervalTimetable(sdk_timetable.expression, sdk_timetable.timezone)
    from airflow.timetables.base import DataInterval

    q3 = DataInterval(
        pendulum.datetime(2026, 7, 1, 1, tz="Asia/Shanghai"), pendulum.datetime(2026, 10, 1, 1, tz="Asia/Shanghai")
    )
    info = timetable.next_dagrun_info(last_automated_data_interval=q3, restriction=_after(q3.start))
    interval = info.data_interval
    assert interval.start.in_timezone("Asia/Shanghai").date() == dt.date(2026, 10, 1)
    assert interval.end.in_timezone("Asia/Shanghai") == pendulum.datetime(2027, 1, 1, 1, tz="Asia/Shanghai")


def _after(moment):
    from airflow.timetables.base import TimeRestriction

    return TimeRestriction(earliest=moment, latest=None, catchup=True)


def test_every_ingest_dag_carries_its_runbook(dagbag) -> None:
    """Each ingest DAG's page says what it reads, where its files go, what a blocked batch means and
    how to re-drop and clear, with the quarantine query and the Data Docs."""
    for source in SOURCES:
        doc = dagbag.dags[f"ingest_{source.id}"].doc_md
        reads = f"inbox/{source.id}/" if source.kind == "files" else "credit_"
        for needed in (reads, f"lake/raw/{source.id}/", "blocked", "Clear", "quality.quarantine", "docs/gx/"):
            assert needed in doc, (source.id, needed)
        assert f"source = '{source.id}'" in doc
