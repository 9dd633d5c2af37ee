"""The production stack of docker-compose.yml, run natively (no Docker engine needed): metadata on a
PostgreSQL server, Celery broker on Redis, and the same components as separate processes — API
server, scheduler, DAG processor, triggerer and a Celery worker. It is how CI proves the compose
stack here, and how an engineer tries it on a laptop with local PostgreSQL and Redis:

    .venv/bin/python -m ops.celery_stack --pg postgresql://postgres@127.0.0.1:5432 --redis redis://127.0.0.1:6379/0

It creates its own database (`--db`, default a fresh `credit_airflow_<random>`), and stops every
process it started on Ctrl-C (and drops the database it created unless `--keep-db`).
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from ops.airflow_env import ADMIN_USER, ROOT, admin_password, airflow_env
from ops.processes import stop_groups

COMPONENTS = ("api-server", "scheduler", "dag-processor", "triggerer", "celery worker")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _psql(pg_url: str, sql: str) -> None:
    import psycopg2

    con = psycopg2.connect(pg_url.replace("postgresql+psycopg2://", "postgresql://") + "/postgres")
    con.autocommit = True
    try:
        with con.cursor() as cur:
            cur.execute(sql)
    finally:
        con.close()


@dataclass
class CeleryStack:
    """A running native production stack; `stop()` ends every process and drops its database."""

    data_dir: Path
    pg_url: str  # postgresql://user@host:port (no database)
    redis_url: str
    db: str = field(default_factory=lambda: f"credit_airflow_{secrets.token_hex(4)}")
    queue: str = field(default_factory=lambda: f"credit_{secrets.token_hex(3)}")
    port: int = field(default_factory=free_port)
    procs: dict[str, subprocess.Popen] = field(default_factory=dict)
    drop_db: bool = True

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        base = dict(os.environ, AIRFLOW__API__PORT=str(self.port))
        base.pop("AIRFLOW_HOME", None)
        env = airflow_env(self.data_dir, base)
        pg = self.pg_url.rstrip("/")
        env.update(
            AIRFLOW__CORE__EXECUTOR="CeleryExecutor",
            # the worker preloads the task libraries before it forks (credit/orchestration/celery_config.py)
            AIRFLOW__CELERY__CELERY_CONFIG_OPTIONS="credit.orchestration.celery_config.CELERY_CONFIG",
            AIRFLOW__LOGGING__NAMESPACE_LEVELS="great_expectations=WARNING httpx=WARNING",
            AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=f"postgresql+psycopg2://{pg.split('://', 1)[1]}/{self.db}",
            AIRFLOW__CELERY__RESULT_BACKEND=f"db+postgresql://{pg.split('://', 1)[1]}/{self.db}",
            AIRFLOW__CELERY__BROKER_URL=self.redis_url,
            # a queue of our own on the shared Redis: no other stack's worker takes our tasks
            AIRFLOW__OPERATORS__DEFAULT_QUEUE=self.queue,
            AIRFLOW__CELERY__WORKER_CONCURRENCY="2",
            # every component signs and checks the same task tokens (compose: from .env)
            AIRFLOW__API_AUTH__JWT_SECRET=os.environ.get("AIRFLOW__API_AUTH__JWT_SECRET", secrets.token_urlsafe(32)),
            AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT=str(free_port()),
            AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT=str(free_port()),
        )
        return env

    def start(self, extra_env: dict[str, str] | None = None, timeout: float = 240) -> CeleryStack:
        _psql(self.pg_url, f'create database "{self.db}"')
        env = self.env() | (extra_env or {})
        self._env = env
        airflow = str(Path(sys.executable).with_name("airflow"))
        admin_password(self.data_dir)
        subprocess.run([airflow, "db", "migrate"], env=env, check=True, capture_output=True)
        logs = self.data_dir / "stack-logs"
        logs.mkdir(parents=True, exist_ok=True)
        commands = {
            "api-server": [airflow, "api-server", "--port", str(self.port)],
            "scheduler": [airflow, "scheduler"],
            "dag-processor": [airflow, "dag-processor"],
            "triggerer": [airflow, "triggerer"],
            "celery worker": [airflow, "celery", "worker", "--queues", self.queue, "--concurrency", "2"],
        }
        for name, cmd in commands.items():
            with (logs / f"{name.replace(' ', '-')}.log").open("w") as fh:
                self.procs[name] = subprocess.Popen(
                    cmd, env=env, cwd=ROOT, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True
                )
        self._wait_healthy(timeout)
        return self

    def _wait_healthy(self, timeout: float) -> None:
        import httpx

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for name, proc in self.procs.items():
                if proc.poll() is not None:
                    raise RuntimeError(f"{name} exited with {proc.returncode}; see {self.data_dir / 'stack-logs'}")
            try:
                health = httpx.get(f"{self.url}/api/v2/monitor/health", timeout=3).json()
                if health.get("scheduler", {}).get("status") == "healthy":
                    return
            except (httpx.HTTPError, ValueError):
                pass
            time.sleep(2)
        raise RuntimeError(f"the stack was not healthy within {timeout} s; see {self.data_dir / 'stack-logs'}")

    def stop(self) -> None:
        stop_groups(self.procs.values())
        if self.drop_db:
            _psql(self.pg_url, f'drop database if exists "{self.db}" with (force)')


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--db", default=None)
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args(argv)
    from credit.core import config
    from ops import simulator_process

    data_dir = config.settings().data_dir
    sim = simulator_process.start_server()  # a trial stack: the simulator plays the API sources
    conn_env = sim.connection_env()
    stack = CeleryStack(data_dir, args.pg, args.redis, drop_db=not args.keep_db)
    if args.db:
        stack.db = args.db
    stack.start(conn_env)
    print(
        f"Airflow UI: {stack.url}  login: {ADMIN_USER} / {admin_password(data_dir)}\n"
        f"metadata: database {stack.db}; broker {args.redis}, queue {stack.queue}; Ctrl-C stops every process",
        flush=True,
    )
    try:
        signal.pause()
    except KeyboardInterrupt:
        pass
    finally:
        stack.stop()
        sim.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
