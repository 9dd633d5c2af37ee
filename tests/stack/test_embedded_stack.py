"""`make up`'s embedded stack (SQLite + LocalExecutor: API server, scheduler, DAG processor,
triggerer) driven as its users do: over REST, and in the UI through Debian's chromium (Playwright,
headless, never a downloaded browser). Each triggers `ingest_gov_penalties` and sees it succeed;
the REST test also waits for the asset-triggered `build_warehouse` and reports trigger->published."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

from ops.celery_stack import free_port
from ops.processes import stop_groups
from tests.conftest import ROOT, under_ci

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.e2e

PROC = Path("/proc")


@dataclass
class Stack:
    url: str
    password: str
    data_dir: Path
    log: Path
    proc: subprocess.Popen | None = None  # make up's process, when this test started it


def processes_of(data_dir: Path) -> dict[int, str]:
    """pid -> command line of every live process started for this data dir (by its environment;
    empty where there is no /proc)."""
    if not PROC.is_dir():
        return {}
    marker = f"CREDIT_DATA_DIR={data_dir}".encode()
    found: dict[int, str] = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if marker in (entry / "environ").read_bytes().split(b"\0"):
                found[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
        except OSError:  # gone meanwhile, or not ours
            continue
    return found


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    data_dir = tmp_path_factory.mktemp("up") / "data"
    port = free_port()
    env = dict(os.environ)
    env.update(
        CREDIT_DATA_DIR=str(data_dir),
        CREDIT_PII_KEY="embedded-test-key",
        AIRFLOW__API__PORT=str(port),
        AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT=str(free_port()),
        AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT=str(free_port()),
    )
    env.pop("AIRFLOW_HOME", None)  # ops.up roots Airflow in the data dir
    log = data_dir.parent / "up.log"
    with log.open("w") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-m", "ops.up"],
            cwd=ROOT,
            env=env,
            stdout=fh,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"make up exited ({proc.returncode}): {log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{url}/api/v2/monitor/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(2)
        else:
            pytest.fail(f"the API server did not come up in 240 s: {log.read_text()[-2000:]}")
        password = json.loads((data_dir / "airflow" / "passwords.json").read_text())["admin"]
        yield Stack(url, password, data_dir, log, proc)
    finally:
        stop_groups([proc], grace=20)
        for pid in processes_of(data_dir):  # never leave a stack behind for the tests after
            os.kill(pid, signal.SIGKILL)


def token(stack: Stack) -> dict[str, str]:
    r = httpx.post(f"{stack.url}/auth/token", json={"username": "admin", "password": stack.password}, timeout=30)
    r.raise_for_status()
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def wait_for_dag(stack: Stack, headers: dict[str, str], dag_id: str, timeout: float = 120) -> None:
    """New DAGs appear once the DAG processor has parsed them."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if httpx.get(f"{stack.url}/api/v2/dags/{dag_id}", headers=headers, timeout=30).status_code == 200:
            return
        time.sleep(2)
    pytest.fail(f"{dag_id} never showed up in the API")


def wait_for_run(stack: Stack, headers: dict[str, str], dag_id: str, run_id: str | None, timeout: float = 420) -> dict:
    """The run's final state (the newest run of `dag_id` when `run_id` is None)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if run_id is None:
            runs = httpx.get(
                f"{stack.url}/api/v2/dags/{dag_id}/dagRuns",
                params={"order_by": "-run_after", "limit": 1},
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
    from datetime import datetime

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


def trigger_ingest_until_published(stack: Stack, headers: dict[str, str]) -> tuple[dict, dict, float]:
    """Unpause (new DAGs start paused), trigger ingest_gov_penalties over REST, wait for it and for the
    build_warehouse run its asset triggers; both must succeed. Returns both runs and the seconds."""
    for dag_id in ("ingest_gov_penalties", "build_warehouse"):
        wait_for_dag(stack, headers, dag_id)
        r = httpx.patch(f"{stack.url}/api/v2/dags/{dag_id}", json={"is_paused": False}, headers=headers, timeout=30)
        r.raise_for_status()
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
    build = wait_for_run(stack, headers, "build_warehouse", None)
    assert build["state"] == "success", build
    return run, build, time.monotonic() - started


def test_rest_trigger_runs_ingest_and_the_asset_triggered_build(stack: Stack) -> None:
    headers = token(stack)
    run, build, elapsed = trigger_ingest_until_published(stack, headers)
    assert (stack.data_dir / "warehouse" / "credit.duckdb").exists()
    record_timing("embedded (SQLite, LocalExecutor)", elapsed, describe(run, build))


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


def test_browser_logs_in_triggers_ingest_and_sees_it_succeed(stack: Stack, tmp_path: Path) -> None:
    chromium = shutil.which("chromium")
    if chromium is None:
        if under_ci():
            pytest.fail("CI=true but Debian's chromium is missing (make browser installs it)")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        try:
            page.goto(f"{stack.url}/")
            page.get_by_label("Username").fill("admin")
            page.get_by_label("Password").fill(stack.password)
            page.get_by_role("button", name="Sign in").click()
            # The app navigates by itself after signing in (the login page's XHR, then
            # location = /, then the router's own replace). A goto issued while one of those
            # is pending is aborted (net::ERR_ABORTED, seen once in CI under load), and
            # networkidle can fire between them. Wait for the app to render its navigation,
            # and let goto_app retry an aborted navigation.
            page.wait_for_url(re.compile(r"^(?!.*/auth/login)"), timeout=30_000)
            expect(page.get_by_role("link", name="Dags", exact=True)).to_be_visible(timeout=30_000)
            goto_app(page, f"{stack.url}/dags")
            expect(page.get_by_text("ingest_gov_penalties").first).to_be_visible(timeout=60_000)
            expect(page.get_by_text("build_warehouse").first).to_be_visible()
            goto_app(page, f"{stack.url}/dags/ingest_gov_penalties")
            page.get_by_test_id("trigger-dag-button").click()
            dialog = page.get_by_role("dialog")
            expect(dialog.get_by_role("button", name="Trigger")).to_be_visible(timeout=30_000)
            unpause = dialog.get_by_text("Unpause ingest_gov_penalties on trigger")
            if unpause.count():  # shown while the DAG is paused; checked by default
                expect(dialog.get_by_role("checkbox")).to_be_checked()
            dialog.get_by_role("button", name="Trigger").click()
            page.wait_for_url("**/dags/ingest_gov_penalties/runs/**", timeout=30_000)
            # the run page shows the run's state; it refreshes itself while the run is going
            expect(page.get_by_text("Success").first).to_be_visible(timeout=420_000)
            page.screenshot(path=str(tmp_path / "run.png"))
        except Exception:
            page.screenshot(path=str(stack.log.with_name("failure.png")))
            raise
        finally:
            browser.close()


def test_sigterm_to_make_up_stops_every_component(stack: Stack) -> None:
    """Last in the module: it stops the stack. `airflow standalone` alone leaves a scheduler and a
    LocalExecutor worker running after SIGTERM; ops.up must stop its whole process group."""
    if not PROC.is_dir():
        pytest.skip("finds the stack's processes through /proc (Linux)")
    assert stack.proc is not None
    running = processes_of(stack.data_dir)
    assert len(running) >= 4, f"expected the stack's components, found {running}"
    stack.proc.send_signal(signal.SIGTERM)
    assert stack.proc.wait(timeout=60) == 0
    deadline = time.monotonic() + 10
    while (left := processes_of(stack.data_dir)) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not left, f"still running after make up stopped: {left}"
