"""`make demo`: the centre's first days on the simulator's data, run by Airflow's own scheduler.

The simulator plays the bureaus, markets and platforms from outside (ops/simulator_process.py): its
uploaders drop the last few days' files into the inbox and its server answers the API sources.
Then the embedded Airflow stack starts (ops/stack.py: the same components as `make up`), and the
runs are the schedule's runs: the scheduler makes the run of the day that ended yesterday by
itself (the DAGs are active from their first parse), and the days before it are a backfill, with
the logical dates and run ids the schedule gives them. The demo's days are built in one pass, as a
backfill of several days would be: `build_warehouse` stays paused while the ingest runs load them
(a day of operation builds whenever a source's asset updates; here that would build a half-loaded
lake on the same two cores, only to build it again), then is resumed and triggered once. Once that
build has finished and no build is pending, the stack stops and a summary is printed. Task logs
are in Airflow's log folder, so `make up` afterwards shows these runs with their logs and real
durations, and schedules the next day cleanly. Airflow's own output goes to data/demo.log.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import socket
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import pendulum

from ops.airflow_env import airflow_env
from ops.stack import Embedded, migrate

BEIJING = "Asia/Shanghai"
WAIT_S = 1800  # the most the demo waits for its runs
BUILD_DAG = "build_warehouse"
BROKEN_NOTE = "              ^ deliberately broken drop (a renamed column): blocked, the rest publishes"


@contextlib.contextmanager
def output_to(out: IO[Any]) -> Iterator[None]:
    """Send what this process writes to stdout/stderr (Airflow's own output) to the demo's log."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    os.dup2(out.fileno(), 1)
    os.dup2(out.fileno(), 2)
    try:
        yield
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        os.close(saved[0])
        os.close(saved[1])


def say(text: str) -> None:
    print(text, flush=True)


# Where the demo's time goes, printed with its total: (phase, when it ended).
PHASES: list[tuple[str, float]] = []


def phase_done(name: str) -> None:
    PHASES.append((name, time.perf_counter()))


def phases_since(started: float) -> str:
    ends = [started, *(t for _, t in PHASES)]
    return ", ".join(f"{name} {t - before:.0f} s" for (name, t), before in zip(PHASES, ends, strict=False))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def interval_start(day: dt.date) -> str:
    """The logical date of the scheduled run that loads `day`: its data interval's start (Beijing)."""
    return f"{day.isoformat()}T00:00:00+08:00"


def day_of(run: dict) -> dt.date:
    return pendulum.parse(run["data_interval_start"]).in_timezone(BEIJING).date()


def ingest_runs(stack: Embedded, first: dt.date) -> list[dict]:
    """Every ingest DAG's runs from `first` on, in one request (the API server is on the same 2 cores
    as the runs it serves: a request per DAG every 2 s cost it more CPU than the tasks' own reports)."""
    runs: list[dict] = []
    while True:
        page = stack.get(
            "/dags/~/dagRuns",
            dag_id_pattern="ingest_%",
            logical_date_gte=interval_start(first),
            order_by="logical_date",
            limit=100,
            offset=len(runs),
        )
        runs += page["dag_runs"]
        if not page["dag_runs"] or len(runs) >= page["total_entries"]:
            return runs


def seconds(run: dict) -> float:
    if not run.get("start_date") or not run.get("end_date"):
        return 0.0
    return (pendulum.parse(run["end_date"]) - pendulum.parse(run["start_date"])).total_seconds()


def airflow_cli(*argv: str) -> None:
    """One `airflow ...` command, in this process (the CLI's own parser and function; Airflow starts
    once for all of them)."""
    from airflow.cli import cli_parser

    args = cli_parser.get_parser().parse_args(list(argv))
    args.func(args)


def backfill(dag_ids: Iterable[str], first: dt.date, last: dt.date) -> None:
    """A backfill of [first, last] for each DAG, created before the scheduler starts (SQLite takes
    one writer at a time). Days that already ran are run again: a run replaces its own partitions."""
    for dag_id in dag_ids:
        airflow_cli(
            "backfill",
            "create",
            "--dag-id",
            dag_id,
            "--from-date",
            interval_start(first),
            "--to-date",
            interval_start(last),
            "--max-active-runs",
            "1",
            "--reprocess-behavior",
            "completed",
        )


def wait_for_runs(stack: Embedded, dag_ids: list[str], days: list[dt.date], broken: dt.date | None) -> list[str]:
    """Until every DAG has a finished run for every day; prints each as it finishes. Returns the
    runs that did not succeed."""
    pending = {(d, day) for d in dag_ids for day in days}
    failed: list[str] = []
    deadline = time.monotonic() + WAIT_S
    while pending and time.monotonic() < deadline:
        for run in ingest_runs(stack, days[0]):
            dag_id = run["dag_id"]
            key = (dag_id, day_of(run))
            if key in pending and run["state"] in ("success", "failed"):
                pending.discard(key)
                say(f"  {key[1]}  {dag_id:<26} {run['state']:<8} {run['run_type']:<9} {seconds(run):5.1f} s")
                if run["state"] != "success":
                    failed.append(f"{dag_id} {key[1]}")
                    if dag_id == "ingest_gov_licenses" and key[1] == broken:
                        say(BROKEN_NOTE)
        time.sleep(2)
    if pending:
        raise RuntimeError(f"runs not finished within {WAIT_S} s: {sorted(pending)}")
    return failed


def build_once(stack: Embedded) -> None:
    """Resume build_warehouse (from here on it builds whenever a source's asset updates) and trigger
    its one run over every day the ingest runs loaded."""
    stack.request("PATCH", f"/dags/{BUILD_DAG}", json={"is_paused": False}).raise_for_status()
    stack.request(
        "POST",
        f"/dags/{BUILD_DAG}/dagRuns",
        json={"logical_date": None, "note": "make demo: the demo's days, loaded, built in one pass"},
    ).raise_for_status()


def wait_for_builds(stack: Embedded) -> list[dict]:
    """Until build_warehouse has no run queued or running and no asset event waiting (three times in
    a row, a second apart: an asset event becomes a run within a scheduler loop). Returns its runs."""
    quiet = 0
    deadline = time.monotonic() + WAIT_S
    while quiet < 3 and time.monotonic() < deadline:
        runs = stack.get(f"/dags/{BUILD_DAG}/dagRuns", limit=100, order_by="-run_after")["dag_runs"]
        active = [r for r in runs if r["state"] in ("queued", "running")]
        waiting = stack.get(f"/dags/{BUILD_DAG}/assets/queuedEvents")["total_entries"]
        quiet = quiet + 1 if not active and not waiting else 0
        time.sleep(1)
    return stack.get(f"/dags/{BUILD_DAG}/dagRuns", limit=100, order_by="run_after")["dag_runs"]


class SparkForDemo:
    """With CREDIT_ENGINE=spark: `make spark`'s Thrift Server for the demo's build (ops/spark.py),
    started beside the ingest runs (it takes ~20 s, which the ingest runs hide) on a free port, its
    state in <data dir>/spark. `ready()` waits for it; `stop()` ends it and all it started."""

    def __init__(self, data_dir: Path) -> None:
        from ops.spark import java_executable, spark_home

        java_executable(), spark_home()  # what is missing is said before anything runs
        self.port = free_port()
        self.state = data_dir / "spark"
        self.server: Any = None
        self.error: BaseException | None = None
        self.seconds = 0.0
        self._thread = threading.Thread(target=self._start, name="spark-thrift-server", daemon=True)
        self._thread.start()

    def _start(self) -> None:
        from ops.spark import ThriftServer

        t0 = time.perf_counter()
        try:
            self.server = ThriftServer.start(self.state, port=self.port)
        except BaseException as e:  # said by ready(), in the demo's own thread
            self.error = e
        self.seconds = time.perf_counter() - t0

    def ready(self) -> None:
        self._thread.join()
        if self.error is not None:
            raise RuntimeError(f"the Spark Thrift Server did not start: {self.error}") from self.error

    def stop(self) -> None:
        self._thread.join()
        if self.server is not None:
            self.server.stop()


def run_airflow(
    data_dir: Path,
    log: Path,
    connections: dict[str, str],
    days: list[dt.date],
    yesterday: dt.date,
    broken: dt.date | None,
    spark: SparkForDemo | None = None,
) -> list[str]:
    """Start the embedded stack, have it run the demo's days, wait for the builds, stop it; returns
    the runs that did not succeed. With `spark`, the build waits for its Thrift Server."""
    from credit.ingest.catalog import SOURCES

    env = airflow_env(data_dir)
    env.update(connections)
    # a port of its own, so the demo runs beside a `make up` on 8080
    env.update(
        AIRFLOW__API__PORT=str(free_port()),
        AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT=str(free_port()),
        AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT=str(free_port()),
    )
    env["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"] = f"http://localhost:{env['AIRFLOW__API__PORT']}/execution/"
    say(f"Airflow home {env['AIRFLOW_HOME']}; Airflow's output: {log}")
    ingest_ids = sorted(f"ingest_{s.id}" for s in SOURCES)
    end = days[-1]
    # The scheduler makes yesterday's run itself (the DAGs are active from their first parse); the
    # days before it are a backfill, created before the scheduler starts.
    last_backfilled = end - dt.timedelta(days=1) if end == yesterday else end
    os.environ.update(env)
    with log.open("a") as out, output_to(out):
        migrate(env, out)
        airflow_cli("dags", "reserialize")
        airflow_cli("dags", "pause", BUILD_DAG)  # built once the days are loaded (module docstring)
        try:
            if last_backfilled >= days[0]:
                backfill(ingest_ids, days[0], last_backfilled)
            stack = Embedded.start(env, data_dir, out)
        except BaseException:  # no stack to run the days: leave the build active for `make up`
            airflow_cli("dags", "unpause", BUILD_DAG)
            raise
    failed: list[str] = []
    try:
        stack.wait_ready()
        stack.wait_for_dags({*ingest_ids, BUILD_DAG})
        phase_done("Airflow start")
        say(f"Airflow is up at {stack.url} (scheduler, DAG processor, triggerer, LocalExecutor)")
        say(f"runs of {days[0]} .. {end}: a backfill through {last_backfilled}, the scheduler's own after it")
        failed = wait_for_runs(stack, ingest_ids, days, broken)
        phase_done("ingest runs")
        if spark is not None:
            spark.ready()
            say(f"Spark Thrift Server on 127.0.0.1:{spark.port} (started in {spark.seconds:.0f} s, beside the runs)")
        build_once(stack)
        builds = wait_for_builds(stack)
        phase_done("build")
        for run in builds:
            say(
                f"  build_warehouse  {run['state']:<8} {run['run_type']:<15} {seconds(run):5.1f} s"
                f"  (queued {pendulum.parse(run['queued_at']).in_timezone(BEIJING):%H:%M:%S})"
            )
        if not builds or builds[-1]["state"] != "success":
            failed.append(BUILD_DAG)
    finally:
        stack.stop()
        with log.open("a") as out, output_to(out):  # active for `make up`, whatever became of the demo
            airflow_cli("dags", "unpause", BUILD_DAG)
        phase_done("Airflow stop")
    return failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--days", type=int, default=3)
    parser.add_argument(
        "--end",
        type=dt.date.fromisoformat,
        default=None,
        help="last day (default: yesterday, Beijing time; an earlier day leaves yesterday to the scheduler)",
    )
    parser.add_argument(
        "--no-broken-day",
        action="store_true",
        help="skip the deliberately broken licence drop on the middle day (it shows a blocked batch)",
    )
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        help="a fault the simulator makes every day (pii_in_text: personal numbers in every text column)",
    )
    args = parser.parse_args(argv)

    from credit.core import config, lake
    from credit.ingest.catalog import SOURCES
    from credit.warehouse.summary import render, summarise
    from ops import simulator_process

    started = time.perf_counter()
    cfg = config.settings()
    data_dir = cfg.data_dir
    log = data_dir / "demo.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    yesterday = pendulum.now(BEIJING).date() - dt.timedelta(days=1)
    end = args.end or yesterday
    days = [end - dt.timedelta(days=n) for n in range(args.days - 1, -1, -1)]
    broken = None if args.no_broken_day or len(days) < 2 else days[len(days) // 2]

    # The simulator plays the bureaus, markets and platforms from outside: its uploaders drop the
    # days' files into the inbox, its server answers the API sources. The centre only reads them.
    simulator_process.upload(cfg.inbox, end, len(days), template_change_on=broken, faults=tuple(args.fault))
    api_sources = [s.id for s in SOURCES if s.kind == "api"]
    # the same fault on the API side: people type the numbers into reviews and complaint summaries
    api_faults = {sid: {"pii_in_text": True} for sid in api_sources} if "pii_in_text" in args.fault else {}
    say(f"data dir {data_dir}\nsimulator: {len(days)} days of file drops uploaded to {cfg.inbox}")
    phase_done("simulator uploads")
    spark = None
    if cfg.engine == "spark":  # the build runs on Spark; the demo serves it (docs/engines.md)
        spark = SparkForDemo(data_dir)
        os.environ["CREDIT_SPARK_PORT"] = str(spark.port)  # the build task's, and the summary's
    try:
        sim = simulator_process.start_server(faults=api_faults)
        try:
            failed = run_airflow(data_dir, log, sim.connection_env(), days, yesterday, broken, spark)
        finally:
            sim.stop()
        say(render(summarise()))
    finally:
        if spark is not None:
            spark.stop()
    raw = [p for p in lake.zone_dir(cfg.lake, "raw").glob(lake.PARTITION_GLOB) if p.is_dir()]
    missing = [str(p) for p in raw if not (p / "_manifest.json").exists()]
    sources = sorted({p.parts[-3] for p in raw})
    say(
        f"  lake            {len(raw)} raw partitions of {len(sources)} sources, "
        + ("every one with its manifest" if not missing else f"{len(missing)} WITHOUT a manifest: {missing}")
    )
    phase_done("summary")
    say(f"demo finished in {time.perf_counter() - started:.0f} s ({phases_since(started)})")
    if failed:
        say("runs that did not succeed (each blocked batch says why in its gate task's log): " + ", ".join(failed))
    if spark is not None:
        say(
            "Look at: the Spark build's schemas and public views (marts, quality, ...; the Hive metastore\n"
            "         in data/spark): serve them again with `make spark` and read them with any Thrift client\n"
            "         (.spark/pyspark/bin/beeline -u jdbc:hive2://127.0.0.1:10000); data/lake/,\n"
            "         data/docs/gx/index.html (Data Docs), and `make up` for the Airflow UI. The exports and the\n"
            "         provincial push read the DuckDB file and were skipped, with that reason in their logs\n"
            "         (docs/engines.md)."
        )
    else:
        say(
            "Look at: data/warehouse/credit.duckdb (open read-only: .venv/bin/duckdb -readonly ...),\n"
            "         quality.load_audit, quality.quarantine, quality.open_blocked_batches, data/lake/,\n"
            "         data/exports/<day>/overview.html, data/docs/dbt/index.html (dbt docs),\n"
            "         data/docs/gx/index.html (Data Docs), and `make up` for the Airflow UI: these runs, their\n"
            "         logs, and the next day's schedule."
        )
    return 1 if BUILD_DAG in failed else 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONWARNINGS", "ignore::DeprecationWarning")
    sys.exit(main())
