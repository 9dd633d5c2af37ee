from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from ingest import config

ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config: pytest.Config) -> None:
    """Airflow imported by tests must not touch the user's ~/airflow: give it a private home."""
    import tempfile

    os.environ.setdefault("AIRFLOW_HOME", tempfile.mkdtemp(prefix="credit-airflow-"))
    os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
    os.environ.setdefault("AIRFLOW__CORE__DAGS_FOLDER", str(ROOT / "dags"))
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "False")
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("AIRFLOW__LOGGING__NAMESPACE_LEVELS", "great_expectations=WARNING httpx=WARNING")


DAY = dt.date(2026, 11, 20)
SEED = 20260401


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private CREDIT_DATA_DIR with a fixed test PII key and the default simulator seed."""
    root = tmp_path / "data"
    monkeypatch.setenv("CREDIT_DATA_DIR", str(root))
    monkeypatch.setenv("CREDIT_PII_KEY", "test-key-not-a-secret")
    monkeypatch.setenv("CREDIT_SEED", str(SEED))
    monkeypatch.setenv("CREDIT_SIMULATOR", "on")
    return root


@pytest.fixture
def cfg(data_dir: Path) -> config.Settings:
    return config.settings()


def under_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def write_penalty_csv(
    path: Path,
    records: list[dict[str, object]],
    *,
    encoding: str = "gbk",
    headers: str = "header",
    rename: dict[str, str] | None = None,
) -> Path:
    """A penalty drop file from simulator-shaped records (column -> value), as a bureau would send it."""
    import csv
    import io

    from ingest.layouts import PENALTY_FIELDS

    rename = rename or {}
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([rename.get(getattr(f, headers), getattr(f, headers)) for f in PENALTY_FIELDS])
    for rec in records:
        writer.writerow(["" if rec.get(f.column) is None else str(rec.get(f.column, "")) for f in PENALTY_FIELDS])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path
