"""The embedded Airflow environment (SQLite metadata + LocalExecutor), one definition for all callers."""

from __future__ import annotations

import json
import os
import secrets
import sys
from pathlib import Path

from credit.core.config import PROJECT_ROOT

ROOT = PROJECT_ROOT  # the repository: dags/, dbt_project/, expectations/
ADMIN_USER = "admin"


def airflow_env(data_dir: Path, base: dict[str, str] | None = None) -> dict[str, str]:
    """Environment for every `airflow` command of the embedded stack, rooted in the data dir."""
    home = data_dir / "airflow"
    home.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ if base is None else base)
    # `airflow standalone` and the executor spawn `airflow` and `dbt` by name: our venv comes first.
    bin_dir = str(Path(sys.executable).parent)
    env["PATH"] = os.pathsep.join([bin_dir, *[p for p in env.get("PATH", "").split(os.pathsep) if p != bin_dir]])
    port = env.get("AIRFLOW__API__PORT", "8080")
    env.update(
        AIRFLOW_HOME=str(home),
        AIRFLOW__CORE__DAGS_FOLDER=str(ROOT / "dags"),
        AIRFLOW__CORE__LOAD_EXAMPLES="False",
        # LocalExecutor, its workers holding the task libraries (credit/orchestration/executor.py)
        AIRFLOW__CORE__EXECUTOR="credit.orchestration.executor.PreloadedLocalExecutor",
        # Sized for 2 cores: ingest tasks in parallel, the warehouse build alone (its DAG has 1 slot).
        # A day's ingest task is a second of CPU once its libraries are preloaded, and waits on the
        # scheduler and the API as long: 8 slots keep both cores busy (make demo: 156 s with 8, 188 s
        # with 4; docs/architecture.md "Orchestration").
        AIRFLOW__CORE__PARALLELISM="8",
        AIRFLOW__CORE__MAX_ACTIVE_TASKS_PER_DAG="4",
        AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS=f"{ADMIN_USER}:admin",
        AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE=str(home / "passwords.json"),
        AIRFLOW__API__PORT=port,
        # tasks report to the API server's execution API: it must follow the port (default 8080)
        AIRFLOW__CORE__EXECUTION_API_SERVER_URL=env.get(
            "AIRFLOW__CORE__EXECUTION_API_SERVER_URL", f"http://localhost:{port}/execution/"
        ),
        AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL="30",
        # one clock: naive times and the DAGs are Beijing time (the UI shows the browser's zone)
        AIRFLOW__CORE__DEFAULT_TIMEZONE="Asia/Shanghai",
        AIRFLOW__SCHEDULER__ENABLE_HEALTH_CHECK="True",
        AIRFLOW__LOGGING__NAMESPACE_LEVELS="great_expectations=WARNING httpx=WARNING",
        CREDIT_DATA_DIR=str(data_dir),
        DBT_SEND_ANONYMOUS_USAGE_STATS="False",
        GX_ANALYTICS_ENABLED="False",
        PYTHONWARNINGS="ignore::DeprecationWarning",
    )
    return env


def admin_password(data_dir: Path) -> str:
    """The admin password for the UI, made once per data dir (never committed, never fixed in code)."""
    path = data_dir / "airflow" / "passwords.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        users = json.loads(path.read_text() or "{}")
        if ADMIN_USER in users:
            return users[ADMIN_USER]
    password = secrets.token_urlsafe(12)
    path.write_text(json.dumps({ADMIN_USER: password}))
    path.chmod(0o600)
    return password
