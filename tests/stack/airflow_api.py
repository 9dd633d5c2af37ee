"""What the stack tests do over Airflow's REST API, as an engineer's script would (Bearer token from
`POST /auth/token`)."""

from __future__ import annotations

import json
import time
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

import httpx
import pytest

from tests.conftest import ROOT

if TYPE_CHECKING:
    from playwright.sync_api import Page


class Reachable(Protocol):
    url: str
    password: str
    log: object


def token(stack: Reachable) -> dict[str, str]:
    r = httpx.post(f"{stack.url}/auth/token", json={"username": "admin", "password": stack.password}, timeout=30)
    r.raise_for_status()
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def wait_for_dag(stack: Reachable, headers: dict[str, str], dag_id: str, timeout: float = 120) -> None:
    """New DAGs appear once the DAG processor has parsed them."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if httpx.get(f"{stack.url}/api/v2/dags/{dag_id}", headers=headers, timeout=30).status_code == 200:
            return
        time.sleep(2)
    pytest.fail(f"{dag_id} never showed up in the API")


def wait_for_run(
    stack: Reachable,
    headers: dict[str, str],
    dag_id: str,
    run_id: str | None,
    timeout: float = 420,
    queued_after: str | None = None,
) -> dict:
    """The run's final state; with no `run_id`, the first run of `dag_id` queued after `queued_after`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if run_id is None:
            runs = httpx.get(
                f"{stack.url}/api/v2/dags/{dag_id}/dagRuns",
                params={
                    "order_by": "run_after",
                    "limit": 100,
                    **({"run_after_gte": queued_after} if queued_after else {}),
                },
                headers=headers,
                timeout=30,
            ).json()["dag_runs"]
            run = runs[0] if runs else None
        else:
            run = httpx.get(f"{stack.url}/api/v2/dags/{dag_id}/dagRuns/{run_id}", headers=headers, timeout=30).json()
        if run and run["state"] in ("success", "failed"):
            return run
        time.sleep(3)
    pytest.fail(f"{dag_id} run {run_id} did not finish in {timeout} s; see {stack.log}")


def describe(ingest: dict, build: dict) -> str:
    """Where the time went: the ingest run, the wait for the asset-triggered build, the build run."""

    def t(v: str) -> datetime:
        return datetime.fromisoformat(v)

    return (
        f"ingest run {(t(ingest['end_date']) - t(ingest['start_date'])).total_seconds():.0f} s, "
        f"asset trigger to build start {(t(build['start_date']) - t(ingest['end_date'])).total_seconds():.0f} s, "
        f"build run {(t(build['end_date']) - t(build['start_date'])).total_seconds():.0f} s"
    )


def record_timing(stack_name: str, seconds: float, detail: str) -> None:
    """Print the figure and keep it for the notes: bench/results/stack-timings.jsonl (not committed)."""
    print(f"\n{stack_name}: trigger -> published warehouse in {seconds:.1f} s ({detail})")
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    with (results / "stack-timings.jsonl").open("a") as fh:
        line = {"stack": stack_name, "trigger_to_published_s": round(seconds, 1), "detail": detail, "at": time.time()}
        fh.write(json.dumps(line) + "\n")


def trigger_ingest_until_published(stack: Reachable, headers: dict[str, str]) -> tuple[dict, dict, float]:
    """Trigger ingest_gov_penalties over REST (the DAGs are active from their first parse), wait for
    it and for the build_warehouse run its asset starts; both must succeed. Returns both runs and the
    seconds from trigger to published."""
    for dag_id in ("ingest_gov_penalties", "build_warehouse"):
        wait_for_dag(stack, headers, dag_id)
    started = time.monotonic()
    r = httpx.post(
        f"{stack.url}/api/v2/dags/ingest_gov_penalties/dagRuns",
        json={"logical_date": None},  # Airflow 3: a run without a logical date loads the last full day
        headers=headers,
        timeout=30,
    )
    assert r.status_code == 200, r.text
    run = wait_for_run(stack, headers, "ingest_gov_penalties", r.json()["dag_run_id"])
    assert run["state"] == "success", run
    # the first build queued after the gate updated the asset (the run's end is later still)
    build = wait_for_run(stack, headers, "build_warehouse", None, queued_after=run["start_date"])
    assert build["state"] == "success", build
    return run, build, time.monotonic() - started


def goto_app(page: Page, url: str, attempts: int = 3) -> None:
    """page.goto, retried when the app's own navigation aborted it (net::ERR_ABORTED)."""
    from playwright.sync_api import Error as PlaywrightError

    for attempt in range(1, attempts + 1):
        try:
            page.goto(url)
            return
        except PlaywrightError as exc:
            if "ERR_ABORTED" not in str(exc) or attempt == attempts:
                raise
            page.wait_for_load_state()
