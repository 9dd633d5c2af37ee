"""`make demo`: every DAG through Airflow for the last few days on the simulator's data, then a summary.

For each day (oldest first) it runs each `ingest_<source>` DAG for the run that loads that day, then
`build_warehouse`, as the daily schedule would: `DAG.test()` (what `airflow dags test` calls), all
in one process so Airflow, GX and dbt start once. The simulator runs beside it as the outside
system it is (ops/simulator_process.py): it uploads the days' files and serves the API sources.
Airflow's own output goes to data/demo.log.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pendulum

from ops.airflow_env import ROOT, airflow_env


def run_date(day: dt.date) -> str:
    """The logical date whose run loads `day`: daily data intervals end at the next Beijing midnight,
    and a manual run loads the last full interval before it (credit/orchestration/schedule.py)."""
    return f"{day + dt.timedelta(days=1)}T00:00:00+08:00"


@contextlib.contextmanager
def output_to(log: Path) -> Iterator[None]:
    """Send everything written to stdout/stderr (Airflow's task logs) to the log file."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    with log.open("a") as fh:
        os.dup2(fh.fileno(), 1)
        os.dup2(fh.fileno(), 2)
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--days", type=int, default=3)
    parser.add_argument("--end", type=dt.date.fromisoformat, default=None, help="last day (default: yesterday)")
    parser.add_argument(
        "--no-broken-day",
        action="store_true",
        help="skip the deliberately broken licence drop on the middle day (it shows a blocked batch)",
    )
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        help="a fault the simulator's uploaders make every day (pii_in_text: personal numbers in every text column)",
    )
    args = parser.parse_args(argv)

    from credit.core import config, lake
    from ops import simulator_process

    data_dir = config.settings().data_dir
    os.environ.update(airflow_env(data_dir))
    log = data_dir / "demo.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text("")
    end = args.end or (pendulum.now("Asia/Shanghai").date() - dt.timedelta(days=1))
    days = [end - dt.timedelta(days=n) for n in range(args.days - 1, -1, -1)]

    # The simulator plays the bureaus, markets and platforms from outside: its uploaders drop the
    # days' files into the inbox, its server answers the API sources. The centre only reads them.
    broken = None if args.no_broken_day or len(days) < 2 else days[len(days) // 2]
    started = time.perf_counter()
    simulator_process.upload(
        config.settings().inbox, end, len(days), template_change_on=broken, faults=tuple(args.fault)
    )
    sim = simulator_process.start_server()
    os.environ.update(sim.connection_env())
    say(f"data dir {data_dir}\nAirflow home {os.environ['AIRFLOW_HOME']}; Airflow's output: {log}")
    say(
        f"simulator: {len(days)} days of file drops uploaded to {config.settings().inbox}; API on http://{sim.host}:{sim.port}"
    )
    with output_to(log):
        subprocess.run([str(Path(sys.executable).with_name("airflow")), "db", "migrate"], check=True)
        from airflow.dag_processing.dagbag import DagBag

        dagbag = DagBag(dag_folder=str(ROOT / "dags"))
    if dagbag.import_errors:
        raise SystemExit(f"DAGs failed to import: {dagbag.import_errors}")
    ingest_ids = sorted(d for d in dagbag.dag_ids if d.startswith("ingest_"))
    failed: list[str] = []
    for day in days:
        for dag_id in [*ingest_ids, "build_warehouse"]:
            t0 = time.perf_counter()
            with output_to(log):
                run = dagbag.dags[dag_id].test(logical_date=pendulum.parse(run_date(day)))
            state = str(getattr(run, "state", "unknown")).split(".")[-1].lower()
            say(f"  {day}  {dag_id:<26} {state:<8} {time.perf_counter() - t0:5.1f} s")
            if state != "success":
                failed.append(f"{dag_id} {day}")
                if dag_id == "ingest_gov_licenses" and day == broken:
                    say("              ^ deliberately broken drop (a renamed column): blocked, the rest publishes")
    sim.stop()

    from credit.warehouse.summary import render, summarise

    say(render(summarise()))
    raw = [p for p in lake.zone_dir(config.settings().lake, "raw").glob(lake.PARTITION_GLOB) if p.is_dir()]
    missing = [str(p) for p in raw if not (p / "_manifest.json").exists()]
    sources = sorted({p.parts[-3] for p in raw})
    say(
        f"  lake            {len(raw)} raw partitions of {len(sources)} sources, "
        + ("every one with its manifest" if not missing else f"{len(missing)} WITHOUT a manifest: {missing}")
    )
    say(f"demo finished in {time.perf_counter() - started:.0f} s")
    if failed:
        say("runs that did not succeed (blocked batches say why in quality.load_audit): " + ", ".join(failed))
    say(
        "Look at: data/warehouse/credit.duckdb (open read-only: .venv/bin/duckdb -readonly ...),\n"
        "         quality.load_audit, quality.quarantine, data/lake/, data/exports/<day>/overview.html,\n"
        "         data/docs/dbt/index.html (dbt docs), data/docs/gx/ (Data Docs), and `make up` for the Airflow UI."
    )
    return 1 if any(f.startswith("build_warehouse") for f in failed) else 0


if __name__ == "__main__":
    sys.exit(main())
