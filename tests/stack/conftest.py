"""The centre as an engineer meets it: `make demo`, then `make up` on the same data dir.

One stack for the whole session (it takes minutes): the demo runs two days ending the day before
yesterday (the second one with the licence bureau's broken template, and people's numbers typed
into every text the sources carry), so the scheduler makes yesterday's run by itself; then `make up`
starts on the same data dir. Tests drive it over REST and in Chromium; the last one stops it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pendulum
import pytest

from ops.celery_stack import free_port
from ops.processes import stop_groups
from ops.stack import wait_until_healthy
from tests.conftest import ROOT

PROC = Path("/proc")
BEIJING = "Asia/Shanghai"
SCREENSHOTS = ROOT / "bench" / "results" / "screenshots"  # kept for the notes, never committed


@dataclass
class Stack:
    url: str
    password: str
    data_dir: Path
    log: Path
    proc: subprocess.Popen | None = None  # make up's process
    yesterday: dt.date | None = None
    demo_days: tuple[dt.date, ...] = ()
    broken_day: dt.date | None = None

    def headers(self) -> dict[str, str]:
        r = httpx.post(f"{self.url}/auth/token", json={"username": "admin", "password": self.password}, timeout=30)
        r.raise_for_status()
        return {"Authorization": f"Bearer {r.json()['access_token']}"}

    def get(self, path: str, **params) -> dict:
        r = httpx.get(f"{self.url}/api/v2{path}", params=params, headers=self.headers(), timeout=60)
        r.raise_for_status()
        return r.json()


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


@pytest.fixture(scope="session")
def operated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """`make demo` (two days ending the day before yesterday), then `make up` on its data dir."""
    root = tmp_path_factory.mktemp("operated")
    data_dir = root / "data"
    env = dict(os.environ)
    env.pop("AIRFLOW_HOME", None)  # the demo and make up root Airflow in the data dir
    env.update(
        CREDIT_DATA_DIR=str(data_dir),
        CREDIT_PII_KEY="stack-test-key",
        AIRFLOW__API__PORT=str(free_port()),
        AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT=str(free_port()),
        AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT=str(free_port()),
    )
    yesterday = pendulum.now(BEIJING).date() - dt.timedelta(days=1)
    end = yesterday - dt.timedelta(days=1)
    demo = subprocess.run(
        [sys.executable, "-m", "ops.demo", "--days", "2", "--end", end.isoformat(), "--fault", "pii_in_text"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1500,
    )
    (root / "demo-stdout.log").write_text(demo.stdout + demo.stderr)
    assert demo.returncode == 0, demo.stdout[-3000:] + demo.stderr[-3000:]

    log = root / "up.log"
    with log.open("w") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-m", "ops.up"],
            cwd=ROOT,
            env=env,
            stdout=fh,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{env['AIRFLOW__API__PORT']}"
    try:
        try:
            wait_until_healthy(url, proc)
        except RuntimeError as exc:
            pytest.fail(f"{exc}: {log.read_text()[-2000:]}")
        password = json.loads((data_dir / "airflow" / "passwords.json").read_text())["admin"]
        days = (end - dt.timedelta(days=1), end)
        yield Stack(url, password, data_dir, log, proc, yesterday, days, end)
    finally:
        stop_groups([proc], grace=20)
        for pid in processes_of(data_dir):  # never leave a stack behind for the tests after
            os.kill(pid, signal.SIGKILL)
