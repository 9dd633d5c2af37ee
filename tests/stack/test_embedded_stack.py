"""The embedded stack after `make demo` and `make up` (tests/stack/conftest.py), as a data engineer
meets it: the demo's runs are the schedule's runs and the scheduler goes on from them; a blocked day
is red (its gate task fails with the reason and the fix, and the source stays red until the day is
re-loaded); the Data Docs work offline; REST and the UI trigger runs that publish. The last test
stops the stack with SIGTERM and finds nothing of it left. Screenshots go to
bench/results/screenshots/ (not committed)."""

from __future__ import annotations

import datetime as dt
import re
import signal
import time
from collections.abc import Iterator

import httpx
import pendulum
import pytest

from tests.conftest import chromium
from tests.stack.airflow_api import (
    describe,
    goto_app,
    record_timing,
    token,
    trigger_ingest_until_published,
    wait_for_run,
)
from tests.stack.conftest import BEIJING, PROC, SCREENSHOTS, Stack, processes_of

pytestmark = pytest.mark.e2e


def interval_start(day: dt.date) -> pendulum.DateTime:
    return pendulum.datetime(day.year, day.month, day.day, tz=BEIJING)


def runs(stack: Stack, dag_id: str) -> list[dict]:
    return stack.get(f"/dags/{dag_id}/dagRuns", limit=100, order_by="logical_date")["dag_runs"]


def run_of(stack: Stack, dag_id: str, day: dt.date) -> dict:
    (run,) = [r for r in runs(stack, dag_id) if pendulum.parse(r["logical_date"]) == interval_start(day)]
    return run


def scheduler_log_lines(stack: Stack, text: str) -> list[str]:
    """Lines of the demo's and make up's Airflow output (the scheduler's among them) holding `text`."""
    logs = [stack.data_dir / "demo.log", stack.log]
    return [
        line for log in logs if log.exists() for line in log.read_text(errors="replace").splitlines() if text in line
    ]


def test_the_demos_runs_are_the_schedules_and_the_scheduler_goes_on_from_them(operated: Stack) -> None:
    """docs/architecture.md "Orchestration": the demo's days are a backfill with the schedule's logical
    dates; the scheduler made yesterday's run by itself and plans today's next, with no loop."""
    for dag_id in ("ingest_gov_penalties", "ingest_ecommerce"):
        for day in operated.demo_days:
            run = run_of(operated, dag_id, day)
            assert run["run_type"] == "backfill" and run["dag_run_id"].startswith("backfill__"), run
            assert pendulum.parse(run["data_interval_start"]) == interval_start(day)
            duration = pendulum.parse(run["end_date"]) - pendulum.parse(run["start_date"])
            assert duration.total_seconds() < 1800, "a real duration, not the time since the logical date"
            assert list(
                (operated.data_dir / "airflow" / "logs" / f"dag_id={dag_id}").glob(
                    f"run_id={run['dag_run_id']}/task_id=fetch/attempt=*.log"
                )
            ), "the task log is in Airflow's log folder, where the UI reads it"
        scheduled = run_of(operated, dag_id, operated.yesterday)
        assert scheduled["run_type"] == "scheduled", "the scheduler created the next day's run by itself"
        details = operated.get(f"/dags/{dag_id}/details")
        assert pendulum.parse(details["next_dagrun_logical_date"]) == interval_start(operated.yesterday) + dt.timedelta(
            days=1
        )
        assert details["timezone"] == BEIJING
    assert scheduler_log_lines(operated, "run already exists") == []


def test_the_demo_claims_no_green_channel_on_days_of_records(operated: Stack) -> None:
    """docs/domain.md §5 "Only what the records support": the demo's departments declare nothing,
    so two days of records cannot show three clean years. The green channel is empty, the clean
    entities are insufficient history, and the exports and the summary say so in Chinese."""
    import duckdb

    with duckdb.connect(str(operated.data_dir / "warehouse" / "credit.duckdb"), read_only=True) as con:
        green = con.execute("select count(*) from marts.green_channel").fetchone()[0]
        short = con.execute(
            "select count(*), min(records_begin_on) from marts.insufficient_history where rule = 'green_channel'"
        ).fetchone()
    assert green == 0
    assert short[0] > 0 and short[1] == operated.demo_days[0], short
    # the newest day's exports (the scheduler may have run the day after the demo's by now)
    folder = max(p for p in (operated.data_dir / "exports").iterdir() if re.fullmatch(r"\d{4}-\d{2}-\d{2}", p.name))
    text = (folder / "insufficient_history.csv").read_text(encoding="utf-8-sig")
    assert "绿色通道（容缺受理）" in text and "历史不足，不予认定" in text
    overview = (folder / "overview.html").read_text(encoding="utf-8")
    assert f"行政处罚：{operated.demo_days[0].isoformat()} 起" in overview
    summary = (operated.data_dir.parent / "demo-stdout.log").read_text()
    printed = re.search(r"green channel 0 \(insufficient history: green channel (\d+),", summary)
    assert printed and int(printed.group(1)) > 0, summary[-2000:]


def test_a_blocked_batch_fails_its_gate_task_with_the_reason_and_the_fix(operated: Stack) -> None:
    run = run_of(operated, "ingest_gov_licenses", operated.broken_day)
    assert run["state"] == "failed"
    base = f"/dags/ingest_gov_licenses/dagRuns/{run['dag_run_id']}/taskInstances"
    gate = operated.get(f"{base}/gate/0")
    assert gate["state"] == "failed" and gate["rendered_map_index"].startswith("licenses")
    r = httpx.get(
        f"{operated.url}/api/v2{base}/gate/logs/1",
        params={"map_index": 0},
        headers={**operated.headers(), "Accept": "application/json"},
        timeout=60,
    )
    r.raise_for_status()
    assert "BLOCKED by its quality gate: schema_no_missing_columns" in r.text
    assert (
        "Clear this run's `fetch` task" in r.text and f"docs/gx/gov_licenses/licenses/{operated.broken_day}" in r.text
    )


@pytest.fixture(scope="module")
def browser(operated: Stack) -> Iterator:
    executable = chromium()
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True, args=["--no-sandbox"])
        try:
            yield browser
        finally:
            browser.close()


def signed_in(browser, stack: Stack):
    """A page of the UI, signed in as admin, in a browser set to Beijing time as a bureau's would be."""
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1400, "height": 900}, timezone_id=BEIJING, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{stack.url}/")
    page.get_by_label(re.compile("Username|用户名")).fill("admin")
    page.get_by_label(re.compile("Password|密码")).fill(stack.password)
    page.get_by_role("button", name=re.compile("Sign in|登录")).click()
    # The app navigates by itself after signing in (the login page's XHR, then location = /, then the
    # router's own replace); a goto issued while one is pending is aborted (net::ERR_ABORTED).
    page.wait_for_url(re.compile(r"^(?!.*/auth/login)"), timeout=30_000)
    expect(page.get_by_role("link", name="Dags", exact=True)).to_be_visible(timeout=30_000)
    return page


def test_the_ui_shows_the_blocked_day_red_and_its_data_docs_offline(operated: Stack, browser) -> None:
    """After make demo and make up: the source whose day is blocked stays red (its next day's run, once
    its drop is there, fails naming the open day), the home page counts it among the failed DAGs, the
    blocked gate task's log gives the reason, and the batch's Data Docs page renders styled with no
    network, showing what was observed."""
    from playwright.sync_api import expect

    headers = token(operated)
    yesterday_run = run_of(operated, "ingest_gov_licenses", operated.yesterday)
    # the runbook's step for a day that was not there: the drop is in the folder now, clear wait_for_drop
    r = httpx.post(
        f"{operated.url}/api/v2/dags/ingest_gov_licenses/clearTaskInstances",
        json={
            "dag_run_id": yesterday_run["dag_run_id"],
            "task_ids": ["wait_for_drop"],
            "include_downstream": True,
            "only_failed": False,
            "reset_dag_runs": True,
            "dry_run": False,
        },
        headers=headers,
        timeout=60,
    )
    assert r.status_code == 200, r.text
    finished = wait_for_run(operated, headers, "ingest_gov_licenses", yesterday_run["dag_run_id"])
    assert finished["state"] == "failed", "red until the blocked day is re-loaded"
    verdict = operated.get(f"/dags/ingest_gov_licenses/dagRuns/{finished['dag_run_id']}/taskInstances/verdict")
    assert verdict["state"] == "failed"

    page = signed_in(browser, operated)
    try:
        goto_app(page, f"{operated.url}/")
        # the UI speaks Chinese to a zh-CN browser: "1 失败的 Dags" (1 failed Dags)
        failed = page.get_by_role("link", name=re.compile(r"^\d+ (失败的 Dags|Failed Dags)$"))
        expect(failed).to_be_visible(timeout=60_000)
        expect(failed).to_have_text(re.compile(r"^\s*[1-9]"))  # at least the blocked source
        page.screenshot(path=str(SCREENSHOTS / "home-failed-dags.png"), full_page=True)

        blocked = run_of(operated, "ingest_gov_licenses", operated.broken_day)
        goto_app(page, f"{operated.url}/dags/ingest_gov_licenses/runs/{blocked['dag_run_id']}/tasks/gate/mapped/0")
        expect(page.get_by_text("BLOCKED by its quality gate").first).to_be_visible(timeout=60_000)
        page.screenshot(path=str(SCREENSHOTS / "blocked-gate-log.png"), full_page=True)
    finally:
        page.context.close()

    docs = operated.data_dir / "docs" / "gx" / "gov_licenses" / "licenses" / f"{operated.broken_day}.html"
    offline = browser.new_context(offline=True, viewport={"width": 1400, "height": 900})
    try:
        page = offline.new_page()
        requested: list[str] = []
        page.on("request", lambda req: requested.append(req.url))
        page.goto(docs.as_uri())
        expect(page.get_by_text("已阻断").first).to_be_visible()
        expect(page.get_by_text("观察值 observed").first).to_be_visible()
        expect(page.get_by_text("许可种类").first).to_be_visible()  # the unexpected column, as observed
        badge = page.locator(".badge").first
        assert badge.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(198, 40, 40)", "styled"
        assert [u for u in requested if not u.startswith("file:")] == [], "nothing from the network"
        page.screenshot(path=str(SCREENSHOTS / "blocked-batch-data-docs.png"), full_page=True)
    finally:
        offline.close()


def test_rest_trigger_runs_ingest_and_the_asset_triggered_build(operated: Stack) -> None:
    headers = token(operated)
    run, build, elapsed = trigger_ingest_until_published(operated, headers)
    assert (operated.data_dir / "warehouse" / "credit.duckdb").exists()
    record_timing("embedded (SQLite, LocalExecutor)", elapsed, describe(run, build))


def test_browser_triggers_ingest_and_sees_it_succeed(operated: Stack, browser) -> None:
    from playwright.sync_api import expect

    page = signed_in(browser, operated)
    try:
        goto_app(page, f"{operated.url}/dags")
        expect(page.get_by_text("ingest_gov_penalties").first).to_be_visible(timeout=60_000)
        expect(page.get_by_text("build_warehouse").first).to_be_visible()
        goto_app(page, f"{operated.url}/dags/ingest_gov_penalties")
        page.get_by_test_id("trigger-dag-button").click()
        dialog = page.get_by_role("dialog")
        expect(dialog.get_by_role("button", name=re.compile("Trigger|触发"))).to_be_visible(timeout=30_000)
        dialog.get_by_role("button", name=re.compile("Trigger|触发")).click()
        page.wait_for_url("**/dags/ingest_gov_penalties/runs/**", timeout=30_000)
        # the run page shows the run's state; it refreshes itself while the run is going
        expect(page.get_by_text(re.compile("^(Success|成功)$")).first).to_be_visible(timeout=420_000)
        page.screenshot(path=str(SCREENSHOTS / "triggered-run.png"), full_page=True)
    except Exception:
        page.screenshot(path=str(operated.log.with_name("failure.png")))
        raise
    finally:
        page.context.close()


def test_sigterm_to_make_up_stops_every_component(operated: Stack) -> None:
    """Last of the stack's tests: it stops the stack. `airflow standalone` alone leaves a scheduler and
    a LocalExecutor worker running after SIGTERM; ops.up must stop its whole process group."""
    if not PROC.is_dir():
        pytest.skip("finds the stack's processes through /proc (Linux)")
    assert operated.proc is not None
    running = processes_of(operated.data_dir)
    assert len(running) >= 4, f"expected the stack's components, found {running}"
    operated.proc.send_signal(signal.SIGTERM)
    assert operated.proc.wait(timeout=60) == 0
    deadline = time.monotonic() + 10
    while (left := processes_of(operated.data_dir)) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not left, f"still running after make up stopped: {left}"
