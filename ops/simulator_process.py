"""Run the simulator beside the centre, as the outside system it is: its own processes, reached only
over HTTP (the API sources) and through the inbox (the file sources). Nothing here imports it.

Used by `make demo`, `make up` and the native production-stack proof; a deployment never runs it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from credit.ingest.sources.api_sources import CONNECTION_IDS

SIMULATOR = [sys.executable, "-m", "credit_simulator"]
DEFAULT_SEED = 20260401
_SERVING = re.compile(r"serving on http://([\d.]+):(\d+)")


class SimulatorMissing(RuntimeError):
    """The simulator distribution is not installed here (the demo and dev environments install it)."""


def connection_env(host: str, port: int, token: str) -> dict[str, str]:
    """The AIRFLOW_CONN_* variables that point the API sources' connections at a simulator server."""
    conn = json.dumps({"conn_type": "http", "host": host, "port": port, "schema": "http", "password": token})
    return {f"AIRFLOW_CONN_{cid.upper()}": conn for cid in CONNECTION_IDS}


@dataclass
class SimulatorServer:
    process: subprocess.Popen
    host: str
    port: int
    token: str

    def connection_env(self) -> dict[str, str]:
        return connection_env(self.host, self.port, self.token)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _check_installed() -> None:
    probe = subprocess.run([*SIMULATOR, "--help"], capture_output=True, text=True)
    if probe.returncode != 0:
        raise SimulatorMissing(
            "the simulator is not installed in this environment (`make install` installs it for the demo "
            f"and the tests; a deployment reads real uploads and APIs instead): {probe.stderr.strip()[-300:]}"
        )


def start_server(
    seed: int = DEFAULT_SEED,
    port: int = 0,
    scale: float = 1.0,
    timeout: float = 30,
    faults: dict[str, dict[str, object]] | None = None,
) -> SimulatorServer:
    """Start the API simulator as a child process and wait until it listens (`faults`: per source,
    as its `--faults` option takes them)."""
    _check_installed()
    token = secrets.token_urlsafe(16)
    # `--token=`: a token may start with "-", which argparse would read as an option
    cmd = [*SIMULATOR, "serve", "--port", str(port), "--seed", str(seed), "--scale", str(scale), f"--token={token}"]
    proc = subprocess.Popen(
        [*cmd, f"--faults={json.dumps(faults or {})}"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if m := _SERVING.search(line):
            return SimulatorServer(proc, m[1], int(m[2]), token)
        if not line and proc.poll() is not None:
            break
    proc.kill()
    raise RuntimeError(f"the simulator's server did not start within {timeout:.0f} s (exit {proc.poll()})")


def upload(
    inbox: Path,
    last_day: dt.date,
    days: int = 1,
    seed: int = DEFAULT_SEED,
    template_change_on: dt.date | None = None,
    faults: tuple[str, ...] = (),
) -> str:
    """Have the simulator's uploaders drop `days` days of files into `inbox`; returns what it printed."""
    _check_installed()
    cmd = [*SIMULATOR, "upload", "--inbox", str(inbox), "--day", last_day.isoformat(), "--days", str(days)]
    cmd += ["--seed", str(seed)]
    if template_change_on:
        cmd += ["--template-change-on", template_change_on.isoformat()]
    for fault in faults:
        cmd += ["--fault", fault]
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def follow_uploads(inbox: Path, backlog: int = 3, seed: int = DEFAULT_SEED) -> subprocess.Popen:
    """For a trial stack (`make up`): the simulator's uploaders drop the last `backlog` days at once,
    then each Beijing day's files once it has ended, as real uploaders would. Returns once the backlog
    is in the inbox (the process goes on; terminate it to stop)."""
    _check_installed()
    cmd = [*SIMULATOR, "upload", "--inbox", str(inbox), "--follow", "--days", str(backlog), "--seed", str(seed)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    for _ in range(backlog):  # one line a day uploaded
        if not proc.stdout.readline():
            raise RuntimeError(f"the simulator's uploader stopped (exit {proc.wait()})")
    return proc
