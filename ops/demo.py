"""`make demo`: the whole pipeline through Airflow for the last few days, then a summary.

For each day (oldest first) it runs `airflow dags test ingest_gov_penalties` for the run that loads
that day and then `airflow dags test build_warehouse`, as the daily schedule would, on the simulator.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pendulum

from ops.airflow_env import ROOT, airflow_env

INGEST_DAGS = ("ingest_gov_penalties",)


_FINISHED = re.compile(r"DagRun Finished: dag_id=(\S+), .*?, state=(\w+),")


def airflow(args: list[str], env: dict[str, str], log: Path) -> str:
    """Run an airflow command, appending its output to the log; returns the output."""
    cmd = [str(Path(sys.executable).with_name("airflow")), *args]
    proc = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True)
    with log.open("a") as fh:
        fh.write(f"\n$ {' '.join(cmd)}\n{proc.stdout}{proc.stderr}")
    if proc.returncode != 0:
        raise SystemExit(f"`airflow {' '.join(args)}` failed (exit {proc.returncode}); its output is in {log}")
    return proc.stdout + proc.stderr


def run_state(output: str, dag_id: str) -> str:
    """The final state `airflow dags test` reported for the run ("DagRun Finished ... state=...")."""
    states = [state for dag, state in _FINISHED.findall(output) if dag == dag_id]
    return states[-1] if states else "unknown"


def run_date(day: dt.date) -> str:
    """The logical date whose run loads `day`: daily data intervals end at the next Beijing midnight,
    and a manual run loads the last full interval before it (ingest/orchestration.py)."""
    return f"{day + dt.timedelta(days=1)}T00:00:00+08:00"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--days", type=int, default=3)
    parser.add_argument("--end", type=dt.date.fromisoformat, default=None, help="last day (default: yesterday)")
    args = parser.parse_args(argv)

    data_dir = Path(os.environ.get("CREDIT_DATA_DIR", ROOT / "data")).resolve()
    env = airflow_env(data_dir)
    log = data_dir / "demo.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text("")
    end = args.end or (pendulum.now("Asia/Shanghai").date() - dt.timedelta(days=1))
    days = [end - dt.timedelta(days=n) for n in range(args.days - 1, -1, -1)]

    started = time.perf_counter()
    print(f"data dir {data_dir}; Airflow home {env['AIRFLOW_HOME']}; log {log}")
    airflow(["db", "migrate"], env, log)
    for day in days:
        for dag_id in (*INGEST_DAGS, "build_warehouse"):
            t0 = time.perf_counter()
            state = run_state(airflow(["dags", "test", dag_id, run_date(day)], env, log), dag_id)
            print(f"  {day}  {dag_id:<24} {state:<8} {time.perf_counter() - t0:5.1f} s")
            if dag_id == "build_warehouse" and state != "success":
                raise SystemExit(f"build_warehouse did not succeed for {day}; see {log}")

    from warehouse.summary import render, summarise

    print(render(summarise()))
    print(f"demo finished in {time.perf_counter() - started:.0f} s")
    print(
        "Look at: data/warehouse/credit.duckdb (open read-only), quality.load_audit and quality.quarantine,\n"
        "         data/lake/ (raw, accepted, quarantine, audit), and `make up` for the Airflow UI."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
