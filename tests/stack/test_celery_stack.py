"""The production stack of docker-compose.yml, proven natively (no Docker engine here): Airflow
metadata on the local PostgreSQL, the Celery broker on the local Redis, API server, scheduler, DAG
processor, triggerer and a Celery worker as separate processes. An ingest DAG and the
asset-triggered build_warehouse run on the worker and succeed. The test makes its own database and
queue, and stops every process it started."""

from __future__ import annotations

import socket

import httpx
import pytest

from ops.airflow_env import admin_password
from ops.celery_stack import CeleryStack
from tests.conftest import under_ci
from tests.stack.airflow_api import describe, record_timing, token, trigger_ingest_until_published
from tests.stack.conftest import Stack

pytestmark = pytest.mark.e2e

PG = "postgresql://postgres@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379/0"


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


@pytest.fixture(scope="module")
def celery_stack(tmp_path_factory: pytest.TempPathFactory):
    missing = [name for name, port in (("PostgreSQL", 5432), ("Redis", 6379)) if not reachable("127.0.0.1", port)]
    if missing:
        if under_ci():
            pytest.fail(f"CI=true but {' and '.join(missing)} not reachable on 127.0.0.1")
        pytest.skip(f"{' and '.join(missing)} not running on 127.0.0.1 (the production-stack test needs them)")
    from tests import simulated

    data_dir = tmp_path_factory.mktemp("celery") / "data"
    simulated.upload(data_dir / "inbox", simulated.yesterday())  # a run without a logical date loads it
    httpd, conn_env = simulated.start_api()
    stack = CeleryStack(data_dir, PG, REDIS)
    try:
        stack.start({**conn_env, "CREDIT_PII_KEY": "celery-test-key", "CREDIT_DATA_DIR": str(data_dir)})
        yield stack
    finally:
        stack.stop()
        httpd.shutdown()


def test_ingest_and_build_run_on_celery_with_postgres_metadata(celery_stack: CeleryStack) -> None:
    password = admin_password(celery_stack.data_dir)
    stack = Stack(celery_stack.url, password, celery_stack.data_dir, celery_stack.data_dir / "stack-logs")
    headers = token(stack)
    run, build, elapsed = trigger_ingest_until_published(stack, headers)
    record_timing("Celery + PostgreSQL + Redis", elapsed, describe(run, build))

    tis = httpx.get(
        f"{stack.url}/api/v2/dags/build_warehouse/dagRuns/{build['dag_run_id']}/taskInstances",
        headers=headers,
        timeout=30,
    ).json()["task_instances"]
    assert tis and all(ti["state"] == "success" for ti in tis)
    assert {ti["queue"] for ti in tis} == {celery_stack.queue}, "every task went through our Celery queue"
    assert {ti["executor"] for ti in tis} <= {None, "CeleryExecutor"}
    assert (celery_stack.data_dir / "warehouse" / "credit.duckdb").exists()
    health = httpx.get(f"{stack.url}/api/v2/monitor/health", timeout=10).json()
    assert health["metadatabase"]["status"] == "healthy"
    worker_logs = "".join(p.read_text() for p in (celery_stack.data_dir / "stack-logs").glob("*worker*.log"))
    assert "task libraries preloaded in" in worker_logs, "the Celery worker imports them once, before it forks"
