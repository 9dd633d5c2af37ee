"""The embedded Airflow stack (SQLite metadata + LocalExecutor: API server with the UI, scheduler,
DAG processor, triggerer), as `make up` and `make demo` run it, and a small client of its REST API.

`airflow standalone` starts the components; it does not pass SIGTERM or SIGINT on to all of them (a
scheduler and a LocalExecutor worker outlive it), so it runs in a process group of its own and
`stop()` ends that whole group (ops/processes.py).
"""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import httpx

from ops.airflow_env import ADMIN_USER, ROOT, admin_password
from ops.processes import stop_groups

STOP_GRACE_S = 15  # what the components get to stop cleanly before SIGKILL


def airflow_bin() -> str:
    return str(Path(sys.executable).with_name("airflow"))


def migrate(env: dict[str, str], stdout: IO[Any] | int | None = subprocess.DEVNULL) -> None:
    subprocess.run([airflow_bin(), "db", "migrate"], env=env, check=True, stdout=stdout, stderr=stdout)


def wait_until_healthy(url: str, proc: subprocess.Popen, timeout: float = 240) -> None:
    """Until the API server at `url` answers its health check; fails when `proc` (what started it) ends."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{' '.join(map(str, proc.args))} exited ({proc.returncode}) before it was ready")
        try:
            if httpx.get(f"{url}/api/v2/monitor/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    raise RuntimeError(f"the Airflow API server did not answer within {timeout:.0f} s at {url}")


@dataclass
class Embedded:
    """A running embedded stack: its process group, its URL and the admin's password."""

    proc: subprocess.Popen
    url: str
    password: str
    _token: str | None = field(default=None, repr=False)

    @classmethod
    def start(cls, env: dict[str, str], data_dir: Path, stdout: IO[Any] | int | None = None) -> Embedded:
        password = admin_password(data_dir)
        proc = subprocess.Popen(
            [airflow_bin(), "standalone"],
            env=env,
            cwd=ROOT,
            stdout=stdout,
            stderr=subprocess.STDOUT if stdout is not None else None,
            start_new_session=True,
        )
        return cls(proc, f"http://127.0.0.1:{env['AIRFLOW__API__PORT']}", password)

    def wait_ready(self, timeout: float = 240) -> None:
        """Until the API server answers (the scheduler and DAG processor start beside it)."""
        wait_until_healthy(self.url, self.proc, timeout)

    def token(self) -> str:
        if self._token is None:
            r = httpx.post(
                f"{self.url}/auth/token", json={"username": ADMIN_USER, "password": self.password}, timeout=30
            )
            r.raise_for_status()
            self._token = r.json()["access_token"]
        return self._token

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.token()}"}
        return httpx.request(method, f"{self.url}/api/v2{path}", headers=headers, timeout=60, **kwargs)

    def get(self, path: str, **params: Any) -> dict:
        r = self.request("GET", path, params=params)
        r.raise_for_status()
        return r.json()

    def wait_for_dags(self, dag_ids: set[str], timeout: float = 240) -> None:
        """Until the DAG processor has parsed every one of `dag_ids`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            known = {d["dag_id"] for d in self.get("/dags", limit=100)["dags"]}
            if dag_ids <= known:
                return
            time.sleep(2)
        raise RuntimeError(f"DAGs not parsed within {timeout:.0f} s: {sorted(dag_ids - known)}")

    def stop(self, grace: float = STOP_GRACE_S) -> None:
        stop_groups([self.proc], grace=grace)
